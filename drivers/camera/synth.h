/* drivers/camera/synth.h: synthetic document-camera frames: a white page with text lines
 * (and optionally a red seal) lying on a dark desk, at any size, position and angle, with
 * noise, blur and a hand. The simulated camera and the tests use it. Deterministic for a
 * given seed; pure. */
#ifndef DRIVERS_CAMERA_SYNTH_H
#define DRIVERS_CAMERA_SYNTH_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/image.h"

struct synth_scene {
    int frame_w, frame_h;
    bool page;             /* is there a page at all */
    double page_w, page_h; /* in frame pixels */
    double cx, cy;         /* page centre */
    double angle_deg;      /* page rotation */
    int blur;              /* box-blur radius in pixels (0 = sharp) */
    int noise;             /* +/- noise amplitude */
    bool seal;             /* a red seal in the lower right of the page */
    bool hand;             /* a dark hand-shaped blob over the lower edge */
    double hand_x;         /* its horizontal position, 0..1 of the frame */
    uint32_t seed;
};

/* A scene with sensible defaults for a w x h frame: an A4-proportioned page filling about half
 * the frame, centred, straight, noise 12. */
struct synth_scene synth_default(int w, int h);
/* Render the scene as RGBA. Caller destroys. */
struct image *synth_render(const struct synth_scene *s);

#endif
