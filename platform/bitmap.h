/* platform/bitmap.h: 1-bit bitmaps, the form a receipt takes on its way to the printer.
 *
 * Rows are `stride` bytes, most significant bit = leftmost dot, 1 = black (printed), which is
 * exactly the ESC/POS GS v 0 raster layout. Padding bits at the end of a row are always 0.
 * A bitmap owns its bits. Layer: platform (no I/O).
 */
#ifndef PLATFORM_BITMAP_H
#define PLATFORM_BITMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/image.h"

struct bitmap {
    int w, h;      /* dots */
    size_t stride; /* bytes per row, (w + 7) / 8 */
    uint8_t *bits; /* h * stride bytes */
};

/* A white (all 0) bitmap; w and h are 1..32768, else NULL. Caller destroys. */
struct bitmap *bitmap_create(int w, int h);
void bitmap_destroy(struct bitmap *bmp); /* NULL is a no-op */

static inline bool bitmap_get(const struct bitmap *b, int x, int y)
{
    return (b->bits[(size_t)y * b->stride + (size_t)(x >> 3)] >> (7 - (x & 7))) & 1;
}
/* Set dot (x, y) black (on) or white; coordinates outside the bitmap are ignored. */
void bitmap_set(struct bitmap *b, int x, int y, bool on);
/* Copy src into dst with its top-left at (x, y), OR-ing black dots; clipped. */
void bitmap_blit(struct bitmap *dst, const struct bitmap *src, int x, int y);

/* From a GRAY8 image: a pixel darker than `threshold` (value < threshold) becomes black.
 * K_ERR_INVALID for another format. *out is the caller's. */
enum kerr bitmap_from_image(const struct image *img, int threshold, struct bitmap **out);
/* To a GRAY8 image: black dots 0, white 255. Caller destroys the image. */
struct image *bitmap_to_image(const struct bitmap *bmp);

#endif
