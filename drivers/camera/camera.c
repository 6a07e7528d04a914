/* drivers/camera/camera.c: the source table and the wrappers (drivers layer). */
#include "drivers/camera/camera.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/log.h"
#include "platform/xalloc.h"

static const struct camera_ops *const sources[] = {
    &camera_sim_ops,
    &camera_file_ops,
    &camera_v4l2_ops,
    &camera_sane_ops,
};

const char *const *camera_driver_names(void)
{
    static const char *names[sizeof sources / sizeof sources[0] + 1];
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
        names[i] = sources[i]->name;
    return names;
}

struct camera *camera_open(const char *driver, const char *device, struct kclock *clock, char *err,
                           size_t errlen)
{
    const struct camera_ops *ops = NULL;
    for (size_t i = 0; i < sizeof sources / sizeof sources[0]; i++)
        if (strcmp(sources[i]->name, driver) == 0)
            ops = sources[i];
    if (!ops) {
        snprintf(err, errlen, "E500: no camera driver named \"%.32s\"", driver);
        return NULL;
    }
    struct camera *cam = xcalloc(1, sizeof *cam);
    cam->ops = ops;
    cam->clock = clock;
    if (ops->open(cam, device ? device : "", err, errlen) != K_OK) {
        log_warn("camera", "%s: %s", ops->name, err);
        free(cam);
        return NULL;
    }
    return cam;
}

enum kerr camera_grab(struct camera *cam, int timeout_ms, struct image **out)
{
    *out = NULL;
    enum kerr rc = cam->ops->grab(cam, timeout_ms, out);
    if (rc == K_OK)
        cam->frames++;
    else if (rc != K_ERR_TIMEOUT)
        snprintf(cam->error, sizeof cam->error, "%s: %s", cam->ops->name, kerr_text(rc));
    return rc;
}

void camera_close(struct camera *cam)
{
    if (!cam)
        return;
    cam->ops->close(cam);
    free(cam);
}
