/* Tests for drivers/camera/still.c: auto-capture fires once per page placed and left still,
 * never while moving, and not again for the same page after a hand passes over it; plus the
 * capture session thread end to end on the simulated camera with a fake clock. */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "drivers/camera/capture.h"
#include "drivers/camera/still.h"
#include "drivers/camera/synth.h"
#include "tests/support/ktest.h"

static bool feed(struct still *s, struct synth_scene *sc, int64_t t)
{
    struct image *rgba = synth_render(sc);
    struct image *g = page_to_grey(rgba);
    struct image *small = page_downscale(g, 4);
    struct page_result r;
    bool found = page_find(small, &r) == K_OK;
    bool shot = still_feed(s, small, found, t);
    image_destroy(small);
    image_destroy(g);
    image_destroy(rgba);
    return shot;
}

static void test_detector(void)
{
    struct still s;
    still_init(&s);
    struct synth_scene sc = synth_default(640, 480);
    int shots = 0;
    int64_t t = 0;
    /* Empty desk: nothing. */
    sc.page = false;
    for (int i = 0; i < 5; i++, t += 100)
        shots += feed(&s, &sc, t);
    CHECK_EQ_INT(shots, 0);
    /* A page slides in: moving, nothing. */
    sc.page = true;
    for (int i = 0; i < 6; i++, t += 100) {
        sc.cx = 600 - i * 50;
        sc.seed = (uint32_t)i + 3;
        shots += feed(&s, &sc, t);
    }
    CHECK_EQ_INT(shots, 0);
    /* Still for 1.5 s: exactly one capture, after about STILL_MS. */
    int64_t first = -1;
    for (int i = 0; i < 15; i++, t += 100) {
        sc.seed = 100;
        if (feed(&s, &sc, t) && first < 0)
            first = t;
        shots += first == t;
    }
    CHECK_EQ_INT(shots, 1);
    /* A hand passes over and leaves: the same page is not taken again. */
    for (int i = 0; i < 4; i++, t += 100) {
        sc.hand = i < 2;
        sc.hand_x = 0.3 + 0.1 * i;
        shots += feed(&s, &sc, t);
    }
    sc.hand = false;
    for (int i = 0; i < 12; i++, t += 100)
        shots += feed(&s, &sc, t);
    CHECK_EQ_INT(shots, 1);
    /* A different page (moved and turned) is new: captured. */
    sc.cx += 60;
    sc.angle_deg = 10;
    for (int i = 0; i < 12; i++, t += 100)
        shots += feed(&s, &sc, t);
    CHECK_EQ_INT(shots, 2);
    /* After the applicant deletes a capture, the same page may be taken again. */
    still_forget_capture(&s);
    sc.page = false; /* lifted for a moment and put back */
    shots += feed(&s, &sc, t);
    t += 100;
    sc.page = true;
    for (int i = 0; i < 12; i++, t += 100)
        shots += feed(&s, &sc, t);
    CHECK_EQ_INT(shots, 3);
}

static void test_session(void)
{
    struct kclock *clk = kclock_fake_create(0);
    char err[256];
    struct camera *cam = camera_open("sim", "640x480", clk, err, sizeof err);
    CHECK(cam != NULL);
    struct evq *q = evq_create(64);
    struct capture_session *s = capture_session_start(cam, q, false, true);
    int frames = 0, pages = 0, states = 0;
    /* One sim cycle is 60 frames with one still page: expect exactly one page in 60. */
    while (frames < 60) {
        struct ev e;
        if (!evq_wait(q, &e, 5000))
            break;
        if (e.type == EV_CAMERA_FRAME) {
            struct capture_preview *pv = e.payload;
            CHECK(pv->img && pv->img->w > 0);
            frames++;
        } else if (e.type == EV_CAMERA_PAGE && e.payload) {
            struct capture_page *pg = e.payload;
            CHECK(pg->jpeg_len > 1000);
            CHECK(pg->angle_deg > 5.4 && pg->angle_deg < 6.6);
            pages++;
        } else if (e.type == EV_CAMERA_STATE) {
            states++;
        }
        evq_event_free(&e);
    }
    capture_session_stop(s);
    evq_destroy(q);
    kclock_destroy(clk);
    CHECK_EQ_INT(frames, 60);
    CHECK_EQ_INT(pages, 1);
    CHECK(states >= 1);
}

static struct image *uniform(int w, int h, uint8_t v)
{
    struct image *g = image_create(w, h, IMAGE_GRAY8);
    for (int y = 0; y < h; y++)
        memset(g->px + (size_t)y * g->stride, v, (size_t)w);
    return g;
}

/* Frames of any size, smaller than the preview (enlarged), not a multiple of it, or larger:
 * the preview is the mean of each block, so two uniform frames differ by exactly their grey
 * levels' difference everywhere (under ASan this also reads no pixel outside the frame). */
static void test_preview_sizes(void)
{
    static const int sizes[][2] = {{1, 1},     {7, 3},     {80, 60},   {159, 119},  {160, 120},
                                   {161, 121}, {320, 240}, {641, 479}, {2592, 1944}};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        struct still s;
        still_init(&s);
        struct image *a = uniform(sizes[i][0], sizes[i][1], 10);
        struct image *b = uniform(sizes[i][0], sizes[i][1], 40);
        still_feed(&s, a, true, 0);
        still_feed(&s, b, true, 100);
        CHECK(s.last_mad > 29.999 && s.last_mad < 30.001);
        still_feed(&s, b, true, 200);
        CHECK(s.last_mad < 0.001);
        image_destroy(a);
        image_destroy(b);
    }
}

/* A frame far wider than tall (15866 x 18, as a camera's or a file's JPEG header may claim):
 * the preview thread made its small copy with a factor (33) beyond the frame's height, got
 * no image back and dereferenced it. Now a one-row preview, no page outline, no crash. */
static void test_session_thin_frame(void)
{
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/thin-frames", ktest_tmpdir());
    mkdir(dir, 0700);
    snprintf(path, sizeof path, "%s/0001.png", dir);
    struct image *thin = uniform(15866, 18, 200);
    CHECK_EQ_INT(image_write_png(thin, path), K_OK);
    image_destroy(thin);
    struct kclock *clk = kclock_fake_create(0);
    char err[256];
    struct camera *cam = camera_open("file", dir, clk, err, sizeof err);
    CHECKF(cam != NULL, "%s", err);
    if (!cam)
        return;
    struct evq *q = evq_create(64);
    struct capture_session *s = capture_session_start(cam, q, false, true);
    int frames = 0;
    for (int i = 0; i < 20 && frames == 0; i++) {
        struct ev e;
        if (!evq_wait(q, &e, 5000))
            break;
        if (e.type == EV_CAMERA_FRAME) {
            struct capture_preview *pv = e.payload;
            CHECK(pv->img && pv->img->w >= 1 && pv->img->h >= 1);
            CHECK(!pv->has_quad);
            frames++;
        }
        evq_event_free(&e);
    }
    CHECK_EQ_INT(frames, 1);
    capture_session_stop(s);
    evq_destroy(q);
    kclock_destroy(clk);
}

int main(void)
{
    KTEST_RUN(test_detector);
    KTEST_RUN(test_preview_sizes);
    KTEST_RUN(test_session);
    KTEST_RUN(test_session_thin_frame);
    return ktest_done();
}
