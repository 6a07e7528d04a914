/* app/kiosk/camopen.h: open the configured document camera off the UI thread (opening a
 * real one can take seconds) and start a capture session on it (app layer, kiosk lifecycle).
 *
 * camopen_start() returns at once; the outcome arrives as an EV_USER event with code
 * TASK_CAMERA_OPEN whose payload is a struct camopen. camopen_take() turns that event into a
 * running capture session, or reports why there is none. A generation number lets a screen
 * ignore an open that finishes after it was left (the event's free function closes it).
 */
#ifndef APP_KIOSK_CAMOPEN_H
#define APP_KIOSK_CAMOPEN_H

#include <stdbool.h>
#include <stddef.h>

#include "app/kiosk/app.h"
#include "drivers/camera/capture.h"

struct camopen {
    unsigned gen;
    char driver[64], device[512];
    struct kclock *clock; /* borrowed: the camera's clock */
    struct camera *cam;   /* NULL when the open failed */
    char err[256];
};

/* Start opening app's configured camera with clock (borrowed until the camera is closed).
 * False when no worker could be started. */
bool camopen_start(struct kiosk_app *app, unsigned gen, struct kclock *clock);
/* For an EV_USER TASK_CAMERA_OPEN event of generation gen: start a capture session (colour,
 * find_page as capture_session_start) into *out. Returns false when e is not that event.
 * On failure *out is NULL and err holds the reason (English, with its code). */
bool camopen_take(const struct ev *e, unsigned gen, struct evq *q, bool colour, bool find_page,
                  struct capture_session **out, char *err, size_t errlen);

#endif
