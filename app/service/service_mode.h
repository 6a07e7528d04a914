/* app/service/service_mode.h: the technician's service mode screens (see service_mode.c). */
#ifndef APP_SERVICE_SERVICE_MODE_H
#define APP_SERVICE_SERVICE_MODE_H

#include <stdbool.h>

struct kiosk_app;
struct ui;

/* Write an audit row (actor "technician") on a worker thread, and log it. detail must never
 * hold personal data, a token or a PIN. */
void service_audit(struct kiosk_app *app, const char *action, const char *detail);
/* Drop the configuration screen's edited copy, wiped (at each entry to service mode, at the
 * end of each session and at exit: also the svc_config screen's end_session and finish hooks). */
void svc_config_finish(struct kiosk_app *app);
/* True while the configuration screen holds a copy of the configuration (for tests: none
 * may be left once the technician has left service mode). */
bool svc_config_holds_copy(const struct kiosk_app *app);

#endif
