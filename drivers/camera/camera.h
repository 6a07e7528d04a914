/* drivers/camera/camera.h: the frame-source ops table for document cameras and scanners.
 *
 * One table per source kind (CONVENTIONS 2): "v4l2" (a UVC document camera, MJPEG at its
 * largest size), "sane" (flatbed and sheet-fed scanners), "file" (replays a folder of frames,
 * for tests and field diagnosis), "sim" (a synthetic page on a desk: empty, moving in, then
 * still). Callers use the wrappers below, never the table. A camera is used by one thread at
 * a time (the capture thread); it owns its frames until it hands one out.
 */
#ifndef DRIVERS_CAMERA_CAMERA_H
#define DRIVERS_CAMERA_CAMERA_H

#include <stdbool.h>
#include <stddef.h>

#include "platform/clock.h"
#include "platform/err.h"
#include "platform/image.h"

struct camera;

struct camera_ops {
    const char *name;
    /* Open the source named by device ("" = the source's default). On failure write a
     * technician's message (English, with an E5xx number) into err and return the error. */
    enum kerr (*open)(struct camera *cam, const char *device, char *err, size_t errlen);
    /* Deliver the next frame as a new RGBA image in *out, waiting at most timeout_ms.
     * K_ERR_TIMEOUT when none came; K_ERR_NO_DEVICE when the device went away;
     * K_ERR_NOT_FOUND when a finite source (file, sheet feeder) has no more frames. */
    enum kerr (*grab)(struct camera *cam, int timeout_ms, struct image **out);
    /* Release everything open() took. Called once, also after a failed grab. */
    void (*close)(struct camera *cam);
};

struct camera {
    const struct camera_ops *ops;
    void *priv;           /* the source's state */
    struct kclock *clock; /* borrowed */
    long frames;          /* frames delivered */
    char error[256];      /* last error, for the device overview */
};

/* Open the source called driver ("sim", "file", "v4l2", "sane") on device. NULL and err set
 * on failure (including an unknown driver name). */
struct camera *camera_open(const char *driver, const char *device, struct kclock *clock, char *err,
                           size_t errlen);
enum kerr camera_grab(struct camera *cam, int timeout_ms, struct image **out);
void camera_close(struct camera *cam); /* NULL is a no-op */
/* The names of the built-in sources, NULL-terminated. */
const char *const *camera_driver_names(void);

extern const struct camera_ops camera_sim_ops, camera_file_ops, camera_v4l2_ops, camera_sane_ops;

#endif
