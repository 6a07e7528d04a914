/* tests/platform/test_bitmap.c: 1-bit bitmaps: layout, conversions both ways, bounds. */
#include "platform/bitmap.h"

#include <stdlib.h>

#include "tests/support/ktest.h"

static void test_create_bounds(void)
{
    struct bitmap *b = bitmap_create(13, 2);
    CHECK(b != NULL);
    CHECK_EQ_INT(b->stride, 2);
    CHECK_EQ_INT(b->bits[0] | b->bits[1] | b->bits[2] | b->bits[3], 0);
    bitmap_destroy(b);
    CHECK(bitmap_create(0, 1) == NULL);
    CHECK(bitmap_create(1, 0) == NULL);
    CHECK(bitmap_create(32769, 1) == NULL);
    bitmap_destroy(NULL);
}

static void test_msb_first(void)
{
    struct bitmap *b = bitmap_create(16, 1);
    bitmap_set(b, 0, 0, true);
    bitmap_set(b, 9, 0, true);
    bitmap_set(b, 16, 0, true); /* outside: ignored */
    bitmap_set(b, -1, 0, true);
    CHECK_EQ_INT(b->bits[0], 0x80);
    CHECK_EQ_INT(b->bits[1], 0x40);
    CHECK(bitmap_get(b, 9, 0));
    bitmap_set(b, 9, 0, false);
    CHECK_EQ_INT(b->bits[1], 0x00);
    bitmap_destroy(b);
}

static void test_image_round_trip(void)
{
    struct image *img = image_create(10, 3, IMAGE_GRAY8);
    /* row 0: gradient, row 1: all black, row 2: all white */
    for (int x = 0; x < 10; x++) {
        img->px[x] = (uint8_t)(x * 28);
        img->px[img->stride + (size_t)x] = 0;
        img->px[2 * img->stride + (size_t)x] = 255;
    }
    struct bitmap *b = NULL;
    CHECK_EQ_INT(bitmap_from_image(img, 128, &b), K_OK);
    /* 0,28,56,84,112 < 128 -> black; 140.. -> white */
    CHECK_EQ_INT(b->bits[0], 0xF8);
    CHECK_EQ_INT(b->bits[1], 0x00);
    CHECK_EQ_INT(b->bits[2], 0xFF);
    CHECK_EQ_INT(b->bits[3], 0xC0); /* padding bits stay 0 */
    CHECK_EQ_INT(b->bits[4] | b->bits[5], 0);
    struct image *back = bitmap_to_image(b);
    CHECK(back && back->w == 10 && back->h == 3 && back->format == IMAGE_GRAY8);
    CHECK_EQ_INT(back->px[4], 0);
    CHECK_EQ_INT(back->px[5], 255);
    CHECK_EQ_INT(back->px[back->stride + 9], 0);
    CHECK_EQ_INT(back->px[2 * back->stride], 255);
    image_destroy(back);
    image_destroy(img);
    bitmap_destroy(b);

    struct image *rgba = image_create(2, 2, IMAGE_RGBA32);
    CHECK_EQ_INT(bitmap_from_image(rgba, 128, &b), K_ERR_INVALID);
    CHECK(b == NULL);
    image_destroy(rgba);
}

static void test_blit_clips(void)
{
    struct bitmap *dst = bitmap_create(8, 8), *src = bitmap_create(4, 4);
    for (int i = 0; i < 4; i++)
        bitmap_set(src, i, i, true);
    bitmap_blit(dst, src, 6, 6); /* only (6,6) and (7,7) land */
    CHECK(bitmap_get(dst, 6, 6));
    CHECK(bitmap_get(dst, 7, 7));
    CHECK(!bitmap_get(dst, 5, 5));
    bitmap_blit(dst, src, -2, -2); /* (0,0) and (1,1) land */
    CHECK(bitmap_get(dst, 0, 0) && bitmap_get(dst, 1, 1));
    bitmap_destroy(dst);
    bitmap_destroy(src);
}

int main(void)
{
    KTEST_RUN(test_create_bounds);
    KTEST_RUN(test_msb_first);
    KTEST_RUN(test_image_round_trip);
    KTEST_RUN(test_blit_clips);
    return ktest_done();
}
