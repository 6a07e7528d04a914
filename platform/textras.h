/* platform/textras.h: text rasterised with SDL_ttf into grey images (for the printed receipt).
 *
 * The only part of the receipt path that touches SDL (CONVENTIONS 1). A code point the font
 * lacks is drawn as U+25A1 (□) so that nothing silently disappears. A font is used by one
 * thread at a time; separate fonts may be used from separate threads. Layer: platform.
 */
#ifndef PLATFORM_TEXTRAS_H
#define PLATFORM_TEXTRAS_H

#include <stdbool.h>

#include "platform/err.h"
#include "platform/image.h"

struct textras_font;

/* Open the font file at pixel size px (8..200). K_ERR_NOT_FOUND / K_ERR_INVALID with a message
 * ("E030: ...") in err. *out is the caller's (textras_font_close). */
enum kerr textras_font_open(const char *path, int px, struct textras_font **out, char *err,
                            size_t errlen);
void textras_font_close(struct textras_font *f); /* NULL is a no-op */
/* Height of a line in pixels (ascent + descent). */
int textras_line_height(const struct textras_font *f);
/* Width in pixels of the UTF-8 text as it would be drawn (after □ substitution). */
int textras_width(struct textras_font *f, const char *utf8);
/* True when the font has a glyph for code point cp. */
bool textras_has_glyph(struct textras_font *f, unsigned cp);
/* Draw the UTF-8 text black on white into a new GRAY8 image of its width and the line
 * height (bold when asked). K_ERR_INVALID for empty or invalid UTF-8. Caller destroys. */
enum kerr textras_render(struct textras_font *f, const char *utf8, bool bold, struct image **out);

#endif
