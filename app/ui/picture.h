/* app/ui/picture.h: the kiosk's drawn pictures and icons (app layer, ui).
 *
 * A picture is assets/ui/pictures/NAME.png, rasterised from the hand-drawn NAME.svg beside it
 * by scripts/make-pictures.sh (docs/ui.md, "Pictures"). It is decoded (platform/image, libpng)
 * the first time it is drawn and kept as a texture until the screen showing it is left
 * (picture_cache_release_unused, which the kiosk calls after a new screen's first frame) or the
 * toolkit is destroyed: an idle kiosk keeps only the attract screen's pictures. A picture
 * that is missing or is not a readable PNG is logged once (E918, E919) and then drawn as
 * nothing: the screen around it works as before. The cache is owned by the toolkit
 * (ui_create/ui_destroy); UI thread only.
 */
#ifndef APP_UI_PICTURE_H
#define APP_UI_PICTURE_H

#include <stddef.h>
#include <stdint.h>

#include "app/ui/ui.h"
#include "platform/err.h"
#include "platform/image.h"

/* Largest picture accepted, per side (pixels), and its file (bytes). */
#define PICTURE_MAX_SIDE  2048
#define PICTURE_MAX_BYTES (4u << 20)
/* Pictures kept at once (more are logged and not drawn). */
#define PICTURE_CACHE_CAP 64

struct picture_cache;

/* An empty cache for the pictures under assets_dir (copied). Caller destroys. */
struct picture_cache *picture_cache_create(const char *assets_dir);
/* Frees every texture; NULL is a no-op. Call while the renderer still exists. */
void picture_cache_destroy(struct picture_cache *pc);

/* Free the texture of every picture not drawn since the toolkit's frame number frame
 * (ui_frame_number); it is decoded again when next drawn. NULL is a no-op. */
void picture_cache_release_unused(struct picture_cache *pc, uint64_t frame);
/* Pictures held as textures (for tests and memory diagnostics). */
size_t picture_cache_count(const struct picture_cache *pc);

/* True for a valid picture name: 1..48 characters of a-z, 0-9, '-' and '_' (no path). */
bool picture_name_ok(const char *name);

/* Read and check picture NAME from assets_dir/ui/pictures/NAME.png as RGBA: K_OK and *out
 * (caller destroys); K_ERR_NOT_FOUND ("E918: ...") when the file is missing; K_ERR_INVALID
 * ("E919: ...") for a bad name, a file over PICTURE_MAX_BYTES, a side over PICTURE_MAX_SIDE
 * or anything that is not a readable PNG. The message names the picture and the file. */
enum kerr picture_load(const char *assets_dir, const char *name, struct image **out, char *err,
                       size_t errlen);

/* Draw picture NAME scaled into r, keeping its aspect ratio, centred, at opacity alpha (255:
 * opaque). Recorded as a UI_W_PICTURE widget "pic.NAME" (text NAME; enabled when drawn).
 * Returns where it was drawn; w 0 when it could not be (logged once per name). */
struct ui_rect ui_picture(struct ui *ui, struct ui_rect r, const char *name, uint8_t alpha);
/* The same for a picture that moves within area (an animation): it is recorded with area, so
 * that its moving is no change of the frame's widgets (which would ask for the next frame at
 * once instead of at the animation's rate, see ui_animate). */
struct ui_rect ui_picture_moving(struct ui *ui, struct ui_rect r, const char *name, uint8_t alpha,
                                 struct ui_rect area);

#endif
