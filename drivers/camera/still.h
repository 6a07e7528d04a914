/* drivers/camera/still.h: auto-capture when a page lies still under the camera.
 *
 * A state machine over small grey previews (research/capture-qr-calendar.md 1.5): the mean
 * absolute difference (MAD) between consecutive previews says whether something moves; after
 * a movement, a page that stays still for STILL_MS is captured, provided it differs from the
 * page captured last (so the same sheet is not taken twice). After a capture, something must
 * move again before the next one. Times come from the caller (monotonic ms). Pure.
 */
#ifndef DRIVERS_CAMERA_STILL_H
#define DRIVERS_CAMERA_STILL_H

#include <stdbool.h>
#include <stdint.h>

#include "platform/image.h"

#define STILL_PREVIEW_W 160
#define STILL_PREVIEW_H 120
#define STILL_MS        700
#define STILL_T_MOVE    6.0 /* MAD above this: moving */
#define STILL_T_STILL   2.5 /* MAD below this: still */
#define STILL_T_NEW     8.0 /* MAD to the last capture above this: a new page */

enum still_state { STILL_EMPTY, STILL_MOVING, STILL_SETTLING, STILL_CAPTURED };

struct still {
    enum still_state state;
    uint8_t prev[STILL_PREVIEW_W * STILL_PREVIEW_H];
    uint8_t last_capture[STILL_PREVIEW_W * STILL_PREVIEW_H];
    bool have_prev, have_capture;
    int64_t still_since_ms;
    double last_mad;
};

void still_init(struct still *s);
/* Feed one frame (grey, any size) taken at now_ms; page_present says whether the page finder
 * sees a usable page. Returns true when this frame should be captured. */
bool still_feed(struct still *s, const struct image *grey, bool page_present, int64_t now_ms);
/* Forget the last capture (after the applicant deletes it, the same page may be taken again). */
void still_forget_capture(struct still *s);

#endif
