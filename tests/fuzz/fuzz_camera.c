/* Fuzz target: bytes from a camera or a file, decoded as JPEG and run through the page finder
 * and the still detector (drivers/camera). Must never crash, hang or leak. */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

#include "drivers/camera/jpeg.h"
#include "drivers/camera/page.h"
#include "drivers/camera/still.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Frames the size of the preview (640 x 480) at most: a mutated header that claims, say, 60
 * megapixels costs the decoder a whole second of filling in, which held this target to about
 * 10 inputs a second; the decoder's own refusal of more than 64 megapixels is a plain size
 * check. The frame's size comes from its first SOFn segment (FF C0..CF but C4, C8, CC). */
static bool small_frame(const uint8_t *d, size_t n)
{
    size_t i = 2;
    while (i + 4 <= n && d[i] == 0xFF) {
        uint8_t m = d[i + 1];
        size_t len = (size_t)d[i + 2] << 8 | d[i + 3];
        if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
            if (i + 9 > n)
                return true;
            long h = d[i + 5] << 8 | d[i + 6], w = d[i + 7] << 8 | d[i + 8];
            return w * h <= 640L * 480;
        }
        if (m == 0xDA || len < 2)
            return true;
        i += 2 + len;
    }
    return true; /* no frame header found before the data: the decoder refuses it */
}

/* The frame reduced (by whole factors, averaging) to at most 80 x 60 pixels before the page
 * finder and the still detector: their cost per pixel (every comparison traced for the fuzzer)
 * held this target to about 70 frames a CPU second at 320 x 240. The decoder still reads the
 * frame whole. */
static struct image *reduce(struct image *img)
{
    int f = 1;
    while (img->w / f > 80 || img->h / f > 60)
        f++;
    if (f == 1 || img->w / f < 1 || img->h / f < 1)
        return img;
    struct image *r = image_create(img->w / f, img->h / f, IMAGE_GRAY8);
    if (!r)
        return img;
    for (int y = 0; y < r->h; y++)
        for (int x = 0; x < r->w; x++) {
            unsigned sum = 0;
            for (int dy = 0; dy < f; dy++)
                for (int dx = 0; dx < f; dx++)
                    sum += img->px[(size_t)(y * f + dy) * img->stride + (size_t)(x * f + dx)];
            r->px[(size_t)y * r->stride + (size_t)x] = (uint8_t)(sum / (unsigned)(f * f));
        }
    image_destroy(img);
    return r;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct image *img = NULL;
    if (!small_frame(data, size))
        return 0;
    if (jpeg_decode(data, size, IMAGE_GRAY8, &img) != K_OK)
        return 0;
    img = reduce(img);
    if ((long)img->w * img->h <= 4L * 1024 * 1024) {
        struct page_result r;
        page_find(img, &r);
        if (r.reject == PAGE_OK) {
            struct image *p = page_extract(img, &r.quad);
            image_destroy(p);
        }
        struct still s;
        still_init(&s);
        still_feed(&s, img, r.reject == PAGE_OK, 0);
        still_feed(&s, img, r.reject == PAGE_OK, 1000);
    }
    image_destroy(img);
    return 0;
}
