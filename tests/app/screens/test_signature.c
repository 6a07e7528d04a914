/* tests/app/screens/test_signature.c: the signature's picture (app/screens/signature.c): strokes
 * drawn black on white at the pad's size, SIGNATURE_PEN_PX either side, a new stroke not joined
 * to the last, points outside clipped, impossible sizes refused. Table-driven: each row draws
 * some points and names pixels that must be black and pixels that must be white. */
#include <stdio.h>
#include <string.h>

#include "app/kiosk/signature.h"
#include "platform/image.h"
#include "platform/xalloc.h"
#include "tests/support/ktest.h"

#define MAXP 4

struct xy {
    int x, y;
};

static const struct row {
    const char *name;
    int w, h;
    size_t n;
    struct session_point pts[MAXP];
    enum kerr want;
    struct xy black[MAXP], white[MAXP]; /* {-1,-1} ends a list */
} rows[] = {
    {"1 one point: a square of the pen's size",
     40,
     30,
     1,
     {{10, 10, true, 0}},
     K_OK,
     {{7, 7}, {13, 13}, {10, 10}, {-1, -1}},
     {{6, 10}, {14, 10}, {10, 14}, {-1, -1}}},
    {"2 a stroke: the line between its points",
     40,
     30,
     2,
     {{5, 15, true, 0}, {30, 15, false, 15}},
     K_OK,
     {{5, 15}, {17, 15}, {30, 18}, {-1, -1}},
     {{17, 19}, {34, 15}, {1, 15}, {-1, -1}}},
    {"3 two strokes: not joined",
     40,
     30,
     2,
     {{5, 5, true, 0}, {30, 25, true, 15}},
     K_OK,
     {{5, 5}, {30, 25}, {-1, -1}},
     {{17, 15}, {-1, -1}}},
    {"4 points outside the pad: clipped",
     40,
     30,
     3,
     {{-50, -50, true, 0}, {100, 100, true, 15}, {42, 15, true, 30}},
     K_OK,
     {{39, 15}, {-1, -1}},
     {{0, 0}, {39, 29}, {35, 15}, {-1, -1}}},
    {"5 no points: white", 8, 8, 0, {{0}}, K_OK, {{-1, -1}}, {{0, 0}, {7, 7}, {-1, -1}}},
    {"6 no width", 0, 30, 1, {{1, 1, true, 0}}, K_ERR_INVALID, {{-1, -1}}, {{-1, -1}}},
    {"7 too high", 10, 40000, 1, {{1, 1, true, 0}}, K_ERR_INVALID, {{-1, -1}}, {{-1, -1}}},
};

static void run_row(const struct row *r)
{
    uint8_t *png = (uint8_t *)"";
    size_t len = 1;
    enum kerr rc = signature_png(r->pts, r->n, r->w, r->h, &png, &len);
    CHECKF(rc == r->want, "%s: %s", r->name, kerr_name(rc));
    if (rc != K_OK) {
        CHECKF(png == NULL && len == 0, "%s: output left set", r->name);
        return;
    }
    struct image *img = NULL;
    CHECKF(image_decode_png(png, len, IMAGE_GRAY8, &img) == K_OK, "%s: not a PNG", r->name);
    free_secure(png, len);
    if (!img)
        return;
    CHECKF(img->w == r->w && img->h == r->h, "%s: %dx%d", r->name, img->w, img->h);
    for (const struct xy *p = r->black; p->x >= 0; p++)
        CHECKF(img->px[(size_t)p->y * img->stride + (size_t)p->x] == 0, "%s: (%d,%d) not black",
               r->name, p->x, p->y);
    for (const struct xy *p = r->white; p->x >= 0; p++)
        CHECKF(img->px[(size_t)p->y * img->stride + (size_t)p->x] == 255, "%s: (%d,%d) not white",
               r->name, p->x, p->y);
    image_destroy(img);
}

int main(void)
{
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        run_row(&rows[i]);
    return ktest_done();
}
