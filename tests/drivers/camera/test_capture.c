/* Tests for drivers/camera/jpeg.c and capture.c: JPEG round trips, frames without Huffman
 * tables, garbage and truncated input, the page pipeline to JPEG, and the PDF bundle that
 * embeds the JPEGs unchanged. */
#include <stdlib.h>
#include <string.h>

#include "drivers/camera/capture.h"
#include "drivers/camera/jpeg.h"
#include "drivers/camera/synth.h"
#include "tests/support/ktest.h"

/* Copy of a JPEG with every DHT (FFC4) segment removed, as some UVC cameras send. */
static uint8_t *strip_dht(const uint8_t *in, size_t len, size_t *out_len)
{
    uint8_t *out = malloc(len);
    size_t i = 2, o = 2;
    memcpy(out, in, 2);
    while (i + 4 <= len && in[i] == 0xFF) {
        uint8_t m = in[i + 1];
        size_t seg = 2 + ((size_t)in[i + 2] << 8 | in[i + 3]);
        if (m == 0xDA) { /* start of scan: copy the rest */
            memcpy(out + o, in + i, len - i);
            o += len - i;
            break;
        }
        if (m != 0xC4) {
            memcpy(out + o, in + i, seg);
            o += seg;
        }
        i += seg;
    }
    *out_len = o;
    return out;
}

static void test_jpeg(void)
{
    struct synth_scene sc = synth_default(640, 480);
    struct image *img = synth_render(&sc);
    uint8_t *j;
    size_t jl;
    CHECK_EQ_INT(jpeg_encode(img, 85, &j, &jl), K_OK);
    CHECK(jl > 1000 && j[0] == 0xFF && j[1] == 0xD8);
    struct image *back = NULL;
    CHECK_EQ_INT(jpeg_decode(j, jl, IMAGE_RGBA32, &back), K_OK);
    CHECK(back && back->w == 640 && back->h == 480);
    /* Lossy, but close: the mean error is small. */
    double err = 0;
    for (size_t i = 0; back && i < (size_t)640 * 480 * 4; i += 4)
        err += abs((int)back->px[i] - (int)img->px[i]);
    CHECKF(err / (640 * 480) < 6, "mean error %.2f", err / (640 * 480));
    image_destroy(back);

    size_t nl;
    uint8_t *nodht = strip_dht(j, jl, &nl);
    CHECK(nl < jl);
    CHECK_EQ_INT(jpeg_decode(nodht, nl, IMAGE_GRAY8, &back), K_OK);
    CHECK(back && back->format == IMAGE_GRAY8 && back->w == 640);
    image_destroy(back);
    free(nodht);

    /* Truncated: either a usable image (a warning) or a clean error, never a crash. */
    enum kerr rc = jpeg_decode(j, jl / 2, IMAGE_RGBA32, &back);
    CHECK(rc == K_OK || rc == K_ERR_INVALID);
    image_destroy(back);
    uint8_t junk[300];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (uint8_t)(i * 37);
    CHECK_EQ_INT(jpeg_decode(junk, sizeof junk, IMAGE_RGBA32, &back), K_ERR_INVALID);
    CHECK_EQ_INT(jpeg_decode(NULL, 0, IMAGE_RGBA32, &back), K_ERR_INVALID);
    /* A header that claims an enormous image is refused before decoding. */
    uint8_t *big = malloc(jl);
    memcpy(big, j, jl);
    for (size_t i = 2; i + 9 < jl; i++)
        if (big[i] == 0xFF && big[i + 1] == 0xC0) {
            big[i + 5] = 0xFF, big[i + 6] = 0xF0; /* height 65520 */
            big[i + 7] = 0xFF, big[i + 8] = 0xF0; /* width 65520 */
            break;
        }
    CHECK_EQ_INT(jpeg_decode(big, jl, IMAGE_RGBA32, &back), K_ERR_INVALID);
    free(big);
    free(j);
    image_destroy(img);
}

static void test_frame_and_pdf(void)
{
    struct synth_scene sc = synth_default(1280, 960);
    sc.angle_deg = -7;
    sc.seal = true;
    struct image *img = synth_render(&sc);
    struct capture_page pages[2];
    enum page_reject why;
    CHECK_EQ_INT(capture_frame(img, false, true, &pages[0], &why), K_OK);
    CHECK_EQ_INT(capture_frame(img, true, true, &pages[1], &why), K_OK);
    CHECK(pages[0].angle_deg > -7.5 && pages[0].angle_deg < -6.5);
    struct image *g = NULL, *c = NULL;
    CHECK_EQ_INT(jpeg_decode(pages[0].jpeg, pages[0].jpeg_len, IMAGE_RGBA32, &g), K_OK);
    CHECK_EQ_INT(jpeg_decode(pages[1].jpeg, pages[1].jpeg_len, IMAGE_RGBA32, &c), K_OK);
    /* The colour page keeps the red seal; the grey one has no colour at all. */
    int red = 0, grey_colour = 0;
    for (int y = 0; c && g && y < c->h && y < g->h; y++)
        for (int x = 0; x < c->w && x < g->w; x++) {
            const uint8_t *p = c->px + (size_t)y * c->stride + (size_t)x * 4;
            const uint8_t *q = g->px + (size_t)y * g->stride + (size_t)x * 4;
            red += p[0] > 150 && p[1] < 90 && p[2] < 90;
            grey_colour += abs(q[0] - q[1]) > 12;
        }
    CHECKF(red > 200, "red seal pixels %d", red);
    CHECK_EQ_INT(grey_colour, 0);
    image_destroy(g);
    image_destroy(c);

    uint8_t *pdf;
    size_t pl;
    CHECK_EQ_INT(capture_pdf(pages, 2, &pdf, &pl), K_OK);
    CHECK(pl > 8 && memcmp(pdf, "%PDF-", 5) == 0);
    /* Each JPEG is embedded byte for byte (DCTDecode), not re-encoded. */
    for (int i = 0; i < 2; i++) {
        bool found = false;
        for (size_t k = 0; k + pages[i].jpeg_len <= pl && !found; k++)
            found = memcmp(pdf + k, pages[i].jpeg, pages[i].jpeg_len) == 0;
        CHECKF(found, "page %d JPEG not embedded verbatim", i);
    }
    free(pdf);
    CHECK_EQ_INT(capture_pdf(pages, 0, &pdf, &pl), K_ERR_INVALID);
    capture_page_finish(&pages[0]);
    capture_page_finish(&pages[1]);

    /* A flatbed scan is the page: no page finding. */
    struct capture_page whole;
    CHECK_EQ_INT(capture_frame(img, false, false, &whole, &why), K_OK);
    CHECK(whole.w == 1280 && whole.h == 960);
    capture_page_finish(&whole);
    /* An empty desk is refused, with the reason. */
    sc.page = false;
    struct image *empty = synth_render(&sc);
    CHECK_EQ_INT(capture_frame(empty, false, true, &whole, &why), K_ERR_NOT_FOUND);
    CHECK_EQ_INT(why, PAGE_NONE);
    CHECK(strcmp(capture_reject_key(why), "capture.reject.none") == 0);
    image_destroy(empty);
    image_destroy(img);
}

int main(void)
{
    KTEST_RUN(test_jpeg);
    KTEST_RUN(test_frame_and_pdf);
    return ktest_done();
}
