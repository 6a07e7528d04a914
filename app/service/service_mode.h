/* app/service/service_mode.h: the technician's service mode screens (see service_mode.c). */
#ifndef APP_SERVICE_SERVICE_MODE_H
#define APP_SERVICE_SERVICE_MODE_H

struct kiosk_app;
struct ui;

/* Write an audit row (actor "technician") on a worker thread, and log it. detail must never
 * hold personal data, a token or a PIN. */
void service_audit(struct kiosk_app *app, const char *action, const char *detail);
/* Drop the configuration screen's edited copy (at each entry to service mode and at exit). */
void svc_config_finish(void);
/* Free service mode's state (the PIN screen's finish hook, at exit). */
void service_mode_finish(struct kiosk_app *app);

#endif
