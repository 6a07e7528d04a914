/* platform/bitmap.c: 1-bit bitmaps (see bitmap.h). Layer: platform. */
#include "platform/bitmap.h"

#include <stdlib.h>

#include "platform/xalloc.h"

struct bitmap *bitmap_create(int w, int h)
{
    if (w < 1 || h < 1 || w > 32768 || h > 32768)
        return NULL;
    struct bitmap *b = xcalloc(1, sizeof(*b));
    b->w = w;
    b->h = h;
    b->stride = ((size_t)w + 7) / 8;
    b->bits = xcalloc((size_t)h, b->stride);
    return b;
}

void bitmap_destroy(struct bitmap *bmp)
{
    if (!bmp)
        return;
    free(bmp->bits);
    free(bmp);
}

void bitmap_set(struct bitmap *b, int x, int y, bool on)
{
    if (x < 0 || y < 0 || x >= b->w || y >= b->h)
        return;
    uint8_t *p = &b->bits[(size_t)y * b->stride + (size_t)(x >> 3)];
    uint8_t m = (uint8_t)(0x80u >> (x & 7));
    if (on)
        *p |= m;
    else
        *p &= (uint8_t)~m;
}

void bitmap_blit(struct bitmap *dst, const struct bitmap *src, int x, int y)
{
    for (int sy = 0; sy < src->h; sy++) {
        int dy = y + sy;
        if (dy < 0 || dy >= dst->h)
            continue;
        for (int sx = 0; sx < src->w; sx++)
            if (bitmap_get(src, sx, sy))
                bitmap_set(dst, x + sx, dy, true);
    }
}

enum kerr bitmap_from_image(const struct image *img, int threshold, struct bitmap **out)
{
    *out = NULL;
    if (!img || img->format != IMAGE_GRAY8)
        return K_ERR_INVALID;
    struct bitmap *b = bitmap_create(img->w, img->h);
    if (!b)
        return K_ERR_INVALID;
    for (int y = 0; y < img->h; y++) {
        const uint8_t *row = img->px + (size_t)y * img->stride;
        uint8_t *dst = b->bits + (size_t)y * b->stride;
        for (int x = 0; x < img->w; x++)
            if (row[x] < threshold)
                dst[x >> 3] |= (uint8_t)(0x80u >> (x & 7));
    }
    *out = b;
    return K_OK;
}

struct image *bitmap_to_image(const struct bitmap *bmp)
{
    struct image *img = image_create(bmp->w, bmp->h, IMAGE_GRAY8);
    if (!img)
        return NULL;
    for (int y = 0; y < bmp->h; y++) {
        uint8_t *row = img->px + (size_t)y * img->stride;
        for (int x = 0; x < bmp->w; x++)
            row[x] = bitmap_get(bmp, x, y) ? 0 : 255;
    }
    return img;
}
