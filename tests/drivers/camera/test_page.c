/* Tests for drivers/camera/page.c on synthetic frames: skew 0, +-7, +-20 degrees (angle within
 * 0.5 degree, crop within 2% of the page), rejections (no page, cut off, blurred), and the
 * extracted page is upright (its text lines are horizontal). */
#include <math.h>
#include <stdio.h>

#include "drivers/camera/page.h"
#include "drivers/camera/synth.h"
#include "tests/support/ktest.h"

/* Mean over rows of the variance along each row: high when text lines run horizontally. */
static double row_structure(const struct image *g)
{
    double total = 0;
    for (int y = 0; y < g->h; y++) {
        double s = 0;
        for (int x = 0; x < g->w; x++)
            s += g->px[(size_t)y * g->stride + (size_t)x];
        double m = s / g->w;
        total += (m - 200) * (m - 200);
    }
    return total / g->h;
}

static void test_skews(void)
{
    static const struct {
        double angle, cx_off, cy_off;
    } rows[] = {
        /* 1 */ {0, 0, 0},     /* 2 */ {7, 0, 0},    /* 3 */ {-7, 30, -20},
        /* 4 */ {20, -20, 10}, /* 5 */ {-20, 0, 0},  /* 6 */ {3.3, 15, 5},
        /* 7 */ {-0.4, 0, 0},  /* 8 */ {12.5, 0, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct synth_scene sc = synth_default(1600, 1200);
        sc.page_h = 900;
        sc.page_w = 640;
        sc.angle_deg = rows[i].angle;
        sc.cx += rows[i].cx_off;
        sc.cy += rows[i].cy_off;
        sc.seed = (uint32_t)i + 7;
        struct image *rgba = synth_render(&sc);
        struct image *g = page_to_grey(rgba);
        struct page_result r;
        enum kerr rc = page_find(g, &r);
        CHECKF(rc == K_OK, "row %zu: %s reject %d", i + 1, kerr_name(rc), r.reject);
        CHECKF(fabs(r.quad.angle_deg - rows[i].angle) <= 0.5, "row %zu: angle %.2f want %.2f",
               i + 1, r.quad.angle_deg, rows[i].angle);
        CHECKF(fabs(r.quad.w - sc.page_w) <= 0.02 * sc.page_w, "row %zu: w %.1f want %.1f", i + 1,
               r.quad.w, sc.page_w);
        CHECKF(fabs(r.quad.h - sc.page_h) <= 0.02 * sc.page_h, "row %zu: h %.1f want %.1f", i + 1,
               r.quad.h, sc.page_h);
        CHECKF(fabs(r.quad.cx - sc.cx) <= 0.02 * sc.page_w &&
                   fabs(r.quad.cy - sc.cy) <= 0.02 * sc.page_h,
               "row %zu: centre %.1f,%.1f want %.1f,%.1f", i + 1, r.quad.cx, r.quad.cy, sc.cx,
               sc.cy);
        struct image *page = page_extract(g, &r.quad);
        CHECK(page != NULL);
        if (page) {
            /* Upright: rows through text differ strongly from the page's white; compare with
             * the same page turned by the skew left uncorrected (a 10 degree error). */
            struct page_quad wrong = r.quad;
            wrong.angle_deg += 10;
            struct image *bad = page_extract(g, &wrong);
            double good_s = row_structure(page), bad_s = row_structure(bad);
            CHECKF(good_s > 1.5 * bad_s, "row %zu: not upright (%.0f vs %.0f)", i + 1, good_s,
                   bad_s);
            image_destroy(bad);
        }
        image_destroy(page);
        image_destroy(g);
        image_destroy(rgba);
    }
}

static void test_rejections(void)
{
    struct synth_scene sc = synth_default(1280, 960);
    sc.page = false;
    struct image *rgba = synth_render(&sc), *g = page_to_grey(rgba);
    struct page_result r;
    CHECK_EQ_INT(page_find(g, &r), K_ERR_NOT_FOUND);
    CHECK_EQ_INT(r.reject, PAGE_NONE);
    image_destroy(g);
    image_destroy(rgba);

    sc = synth_default(1280, 960);
    sc.cx = 200; /* hanging off the left edge */
    rgba = synth_render(&sc);
    g = page_to_grey(rgba);
    CHECK_EQ_INT(page_find(g, &r), K_ERR_NOT_FOUND);
    CHECK_EQ_INT(r.reject, PAGE_CUT_OFF);
    image_destroy(g);
    image_destroy(rgba);

    sc = synth_default(1280, 960);
    sc.blur = 9;
    sc.noise = 2;
    rgba = synth_render(&sc);
    g = page_to_grey(rgba);
    CHECK_EQ_INT(page_find(g, &r), K_ERR_NOT_FOUND);
    CHECKF(r.reject == PAGE_BLURRED, "reject %d sharpness %.1f", r.reject, r.sharpness);
    image_destroy(g);
    image_destroy(rgba);

    sc = synth_default(1280, 960);
    rgba = synth_render(&sc);
    g = page_to_grey(rgba);
    CHECK_EQ_INT(page_find(g, &r), K_OK);
    CHECKF(r.sharpness > 2 * PAGE_MIN_SHARPNESS, "sharp page scored %.1f", r.sharpness);
    image_destroy(g);
    image_destroy(rgba);

    /* Degenerate input. */
    CHECK_EQ_INT(page_find(NULL, &r), K_ERR_INVALID);
    struct image *tiny = image_create(4, 4, IMAGE_GRAY8);
    CHECK_EQ_INT(page_find(tiny, &r), K_ERR_INVALID);
    image_destroy(tiny);
    struct image *flat = image_create(200, 200, IMAGE_GRAY8);
    CHECK_EQ_INT(page_find(flat, &r), K_ERR_NOT_FOUND);
    image_destroy(flat);
}

/* Frames of odd shapes, as a camera or a file's JPEG header may claim them (the fuzzer's
 * 15866 x 18 made page_find dereference the NULL its downscale returned): no crash, no page,
 * and never PAGE_OK beside an error. */
static void test_odd_frames(void)
{
    static const int sizes[][2] = {{15866, 18}, {18, 15866}, {4000, 16}, {10, 10}, {1, 1}};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        struct image *g = image_create(sizes[i][0], sizes[i][1], IMAGE_GRAY8);
        for (int y = 0; y < g->h; y++)
            for (int x = 0; x < g->w; x++)
                g->px[(size_t)y * g->stride + (size_t)x] = (uint8_t)((x / 7 + y / 5) % 2 * 200);
        struct image *d = page_downscale(g, 20);
        CHECKF(d && d->w >= 1 && d->h >= 1, "downscale of %dx%d", g->w, g->h);
        image_destroy(d);
        struct page_result r;
        CHECKF(page_find(g, &r) != K_OK && r.reject != PAGE_OK, "page_find %dx%d", g->w, g->h);
        image_destroy(g);
    }
}

int main(void)
{
    KTEST_RUN(test_skews);
    KTEST_RUN(test_rejections);
    KTEST_RUN(test_odd_frames);
    return ktest_done();
}
