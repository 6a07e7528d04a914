/* app/kiosk/signature.h: the applicant's signature strokes as the picture stored with the
 * case (app layer, screens). No UI and no state: the submit worker draws and encodes it off
 * the UI thread, from its own copy of the strokes.
 */
#ifndef APP_KIOSK_SIGNATURE_H
#define APP_KIOSK_SIGNATURE_H

#include <stddef.h>
#include <stdint.h>

#include "app/kiosk/session.h"
#include "platform/err.h"

/* Draw the n points (pad pixels; a point with start set, and the first, begins a stroke)
 * black on white into a w×h grey picture, strokes SIGNATURE_PEN_PX pixels either side of
 * their line, and encode it as PNG into *png (caller frees with free_secure(*png, *len)).
 * Points outside the picture are clipped. K_ERR_INVALID (and *png NULL) when w or h is not
 * 1..32768 or the encoding fails. The picture is zeroed before it is freed. */
#define SIGNATURE_PEN_PX 3
enum kerr signature_png(const struct session_point *pts, size_t n, int w, int h, uint8_t **png,
                        size_t *len);

#endif
