/* drivers/camera/camera_sim.c: the simulated document camera: a synthetic desk on which a page
 * slides in under a hand, then lies still, then is taken away and the next page comes
 * (a 60-frame cycle at 10 frames a second of the camera's clock). device: "WxH" (default
 * 1280x960). Deterministic, so tests and the demo see the same frames every run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/camera/camera.h"
#include "drivers/camera/synth.h"
#include "platform/xalloc.h"

struct sim {
    int w, h;
    long n;
};

static enum kerr sim_open(struct camera *cam, const char *device, char *err, size_t errlen)
{
    struct sim *s = xcalloc(1, sizeof *s);
    s->w = 1280;
    s->h = 960;
    if (device && *device) {
        int w = 0, h = 0;
        char extra;
        if (sscanf(device, "%dx%d%c", &w, &h, &extra) != 2 || w < 160 || h < 120 || w > 8192 ||
            h > 8192) {
            snprintf(err, errlen, "E501: sim camera: bad size \"%.32s\"", device);
            free(s);
            return K_ERR_INVALID;
        }
        s->w = w;
        s->h = h;
    }
    cam->priv = s;
    return K_OK;
}

static enum kerr sim_grab(struct camera *cam, int timeout_ms, struct image **out)
{
    struct sim *s = cam->priv;
    (void)timeout_ms;
    kclock_sleep_ms(cam->clock, 100);
    long t = s->n++ % 60;
    struct synth_scene sc = synth_default(s->w, s->h);
    sc.seed = (uint32_t)(s->n * 2654435761u);
    sc.angle_deg = 6.0;
    sc.seal = (s->n / 60) % 2 == 1;
    if (t < 8) {
        sc.page = false; /* empty desk */
    } else if (t < 20) {
        double k = (double)(t - 8) / 12.0; /* sliding in from the right, held by a hand */
        sc.cx = s->w * (0.95 - 0.45 * k);
        sc.hand = true;
        sc.hand_x = sc.cx / s->w + 0.1;
    } else if (t < 50) {
        /* still */
    } else {
        sc.cx = s->w * (0.5 - 0.05 * (double)(t - 49)); /* taken away */
        sc.hand = true;
        sc.hand_x = sc.cx / s->w;
    }
    *out = synth_render(&sc);
    return *out ? K_OK : K_ERR_INVALID;
}

static void sim_close(struct camera *cam)
{
    free(cam->priv);
}

const struct camera_ops camera_sim_ops = {
    .name = "sim",
    .open = sim_open,
    .grab = sim_grab,
    .close = sim_close,
};
