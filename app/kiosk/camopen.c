/* app/kiosk/camopen.c: the camera opened on a worker (see camopen.h). */
#include "app/kiosk/camopen.h"

#include <stdlib.h>

#include "app/kiosk/task.h"
#include "platform/xalloc.h"

static void *open_run(void *arg)
{
    struct camopen *j = arg;
    j->cam = camera_open(j->driver, j->device, j->clock, j->err, sizeof j->err);
    return j;
}

static void open_free(void *p)
{
    struct camopen *j = p;
    camera_close(j->cam); /* NULL unless nobody took it */
    free(j);
}

bool camopen_start(struct kiosk_app *app, unsigned gen, struct kclock *clock)
{
    struct camopen *j = xcalloc(1, sizeof *j);
    str_copy(j->driver, sizeof j->driver, app->cfg.camera_driver);
    str_copy(j->device, sizeof j->device, app->cfg.camera_device);
    j->gen = gen;
    j->clock = clock;
    if (!task_run(app->tasks, TASK_CAMERA_OPEN, open_run, j, open_free)) {
        free(j);
        return false;
    }
    return true;
}

bool camopen_take(const struct ev *e, unsigned gen, struct evq *q, bool colour, bool find_page,
                  struct capture_session **out, char *err, size_t errlen)
{
    if (e->type != EV_USER || e->code != TASK_CAMERA_OPEN || !e->payload)
        return false;
    struct camopen *j = e->payload;
    if (j->gen != gen)
        return false; /* a stale open: open_free closes it */
    *out = NULL;
    if (!j->cam) {
        str_copy(err, errlen, j->err);
        return true;
    }
    *out = capture_session_start(j->cam, q, colour, find_page);
    j->cam = NULL; /* the session owns it now (and closed it if it could not start) */
    if (!*out)
        str_copy(err, errlen, "E520: capture thread not started");
    return true;
}
