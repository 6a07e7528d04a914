/* tests/app/ui/test_handwriting.c: the handwriting recognizer (app/ui/handwriting.c) against
 * real zinnia and Debian's tegaki simplified-Chinese model: characters written as strokes
 * (drawn here by hand on a 300 x 300 pad, in stroke order, filled in between the
 * vertices as a finger would), bounds on the ink, odd and hostile
 * input, the worker thread, and the time one recognition takes. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/ui/handwriting.h"
#include "tests/support/ktest.h"

/* A character as strokes: points "x,y x,y;x,y x,y" (';' ends a stroke) on a 300 x 300 pad. */
static const struct {
    const char *want;
    const char *strokes;
} chars[] = {
    {"十", "40,150 150,148 260,146;150,30 151,150 152,270"},
    {"口", "95,95 96,150 97,205;95,95 150,94 205,93 204,150 203,205;97,203 150,203 203,203"},
    {"中", "70,90 72,160 74,200;70,90 160,88 230,86 228,150 226,200;74,196 150,195 226,194;"
           "150,20 150,140 150,280"},
    {"人", "150,30 140,120 110,200 50,270;150,130 190,200 260,270"},
    {"大", "60,125 150,115 240,110;125,25 140,45 136,115 125,170 100,210 45,250;"
           "142,135 170,180 210,230 275,250"},
    {"王", "60,60 150,59 240,58;80,150 150,150 220,150;150,60 150,150 150,250;"
           "40,250 150,249 260,248"},
};

/* Parse a stroke string into ink; returns false on a malformed fixture. */
static bool ink_from(struct hw_ink *ink, const char *s)
{
    hw_ink_init(ink, 300, 300);
    bool start = true;
    while (*s) {
        char *end;
        long x = strtol(s, &end, 10);
        if (end == s || *end != ',')
            return false;
        s = end + 1;
        long y = strtol(s, &end, 10);
        if (end == s)
            return false;
        s = end;
        if (start) {
            hw_ink_begin(ink, (int)x, (int)y);
        } else {
            /* A finger gives a point every few pixels: fill in between the vertices. */
            struct hw_point last = ink->pts[ink->n_points - 1];
            for (int k = 1; k <= 8; k++)
                hw_ink_add(ink, last.x + (int)((x - last.x) * k / 8),
                           last.y + (int)((y - last.y) * k / 8));
        }
        start = *s == ';';
        if (*s == ' ' || *s == ';')
            s++;
    }
    return true;
}

static struct handwriting *open_hw(void)
{
    struct handwriting *hw = NULL;
    char err[256] = "";
    enum kerr rc = handwriting_create(NULL, &hw, err, sizeof err);
    CHECKF(rc == K_OK, "handwriting_create: %s", err);
    return hw;
}

static int rank_of(const struct hw_result *r, const char *want)
{
    for (int i = 0; i < r->count; i++)
        if (strcmp(r->cand[i], want) == 0)
            return i;
    return -1;
}

static void test_recognises_written_characters(struct handwriting *hw)
{
    for (size_t i = 0; i < sizeof chars / sizeof chars[0]; i++) {
        struct hw_ink ink;
        CHECKF(ink_from(&ink, chars[i].strokes), "row %zu: fixture", i);
        struct hw_result r;
        handwriting_recognize(hw, &ink, &r);
        int rank = rank_of(&r, chars[i].want);
        CHECKF(r.count > 0 && rank >= 0 && rank < 3, "row %zu: %s at rank %d of %d (top: %s)", i,
               chars[i].want, rank, r.count, r.count ? r.cand[0] : "-");
    }
}

static void test_bounds_and_odd_input(struct handwriting *hw)
{
    struct hw_ink *ink = calloc(1, sizeof *ink);
    struct hw_result r;
    /* 1: no strokes at all. */
    hw_ink_init(ink, 300, 300);
    handwriting_recognize(hw, ink, &r);
    CHECK_EQ_INT(r.count, 0);
    /* 2: a point added before any stroke is refused. */
    CHECK(!hw_ink_add(ink, 10, 10));
    CHECK_EQ_INT(ink->n_points, 0);
    /* 3: 10,000 points in one stroke: the ink refuses the excess and the result is empty. */
    hw_ink_init(ink, 300, 300);
    hw_ink_begin(ink, 0, 0);
    int refused = 0;
    for (int i = 0; i < 10000; i++)
        refused += !hw_ink_add(ink, i % 300, (i / 300) % 300);
    CHECK(ink->overflow);
    CHECK(ink->n_points <= HW_MAX_POINTS);
    CHECK(refused > 0);
    handwriting_recognize(hw, ink, &r);
    CHECK_EQ_INT(r.count, 0);
    /* 4: too many strokes are refused. */
    hw_ink_init(ink, 300, 300);
    for (int i = 0; i < HW_MAX_STROKES + 10; i++)
        hw_ink_begin(ink, i, i);
    CHECK_EQ_INT(ink->n_strokes, HW_MAX_STROKES);
    CHECK(ink->overflow);
    /* 5: huge coordinates are clamped into the pad; the result is whatever the shape is, and
     * nothing breaks. */
    hw_ink_init(ink, 300, 300);
    hw_ink_begin(ink, INT_MIN, INT_MAX);
    hw_ink_add(ink, INT_MAX, INT_MIN);
    CHECK_EQ_INT(ink->pts[0].x, 0);
    CHECK_EQ_INT(ink->pts[0].y, 299);
    CHECK_EQ_INT(ink->pts[1].x, 299);
    CHECK_EQ_INT(ink->pts[1].y, 0);
    CHECK(hw_ink_valid(ink));
    handwriting_recognize(hw, ink, &r);
    CHECK(r.count >= 0 && r.count <= HW_MAX_CANDS);
    /* 6: a pad of absurd size is clamped. */
    hw_ink_init(ink, INT_MAX, -5);
    CHECK_EQ_INT(ink->w, 65535);
    CHECK_EQ_INT(ink->h, 1);
    /* 7-10: ink with inconsistent counts (as if it came from elsewhere) gives nothing. */
    struct {
        int n_strokes, n_points, end0;
    } bad[] = {{-5, 0, 0}, {1, HW_MAX_POINTS + 1, 1}, {2, 3, 7}, {HW_MAX_STROKES + 1, 1, 1}};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        hw_ink_init(ink, 300, 300);
        ink->n_strokes = bad[i].n_strokes;
        ink->n_points = bad[i].n_points;
        ink->stroke_end[0] = bad[i].end0;
        CHECKF(!hw_ink_valid(ink), "row %zu", i + 7);
        handwriting_recognize(hw, ink, &r);
        CHECKF(r.count == 0, "row %zu: %d candidates", i + 7, r.count);
    }
    /* 11: a point outside the pad written directly into the ink. */
    hw_ink_init(ink, 300, 300);
    hw_ink_begin(ink, 10, 10);
    ink->pts[0].x = 100000;
    CHECK(!hw_ink_valid(ink));
    handwriting_recognize(hw, ink, &r);
    CHECK_EQ_INT(r.count, 0);
    free(ink);
}

static void test_undo(struct handwriting *hw)
{
    struct hw_ink ink;
    CHECK(ink_from(&ink, chars[4].strokes)); /* 大 */
    CHECK_EQ_INT(ink.n_strokes, 3);
    CHECK(hw_ink_undo(&ink)); /* 大 without its last stroke */
    CHECK_EQ_INT(ink.n_strokes, 2);
    CHECK(hw_ink_valid(&ink));
    CHECK(hw_ink_undo(&ink));
    CHECK(hw_ink_undo(&ink));
    CHECK(!hw_ink_undo(&ink));
    CHECK_EQ_INT(ink.n_points, 0);
    struct hw_result r;
    handwriting_recognize(hw, &ink, &r);
    CHECK_EQ_INT(r.count, 0);
}

static double now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* The worker gives the same candidates as the synchronous call; a newer submission replaces
 * an older one, and only the newest result is delivered. */
static void test_worker(struct handwriting *hw)
{
    struct hw_ink a, b;
    CHECK(ink_from(&a, chars[0].strokes));
    CHECK(ink_from(&b, chars[1].strokes));
    struct hw_result sync_b, got;
    handwriting_recognize(hw, &b, &sync_b);
    handwriting_submit(hw, &a);
    handwriting_submit(hw, &b);
    double t0 = now_ms();
    bool arrived = false;
    while (!(arrived = handwriting_poll(hw, &got)) && now_ms() - t0 < 5000) {
        struct timespec ts = {0, 1000000};
        nanosleep(&ts, NULL);
    }
    CHECK(arrived);
    CHECK_EQ_INT(got.count, sync_b.count);
    CHECK(got.count > 0 && strcmp(got.cand[0], sync_b.cand[0]) == 0);
    CHECK(!handwriting_poll(hw, &got)); /* delivered once */
}

/* Figures: one recognition's time (the keyboard runs it on the worker). */
static void test_timing(struct handwriting *hw)
{
    struct hw_ink ink;
    CHECK(ink_from(&ink, chars[2].strokes));
    struct hw_result r;
    handwriting_recognize(hw, &ink, &r); /* warm */
    int n = 50;
    double t0 = now_ms();
    for (int i = 0; i < n; i++)
        handwriting_recognize(hw, &ink, &r);
    double ms = (now_ms() - t0) / n;
    fprintf(stderr, "handwriting: %.2f ms per recognition (中, 4 strokes)\n", ms);
    CHECK(ms < 500);
}

static void test_missing_model(void)
{
    struct handwriting *hw = (struct handwriting *)1;
    char err[256] = "";
    CHECK_EQ_INT(handwriting_create("/nonexistent/model", &hw, err, sizeof err), K_ERR_NOT_FOUND);
    CHECK(hw == NULL);
    CHECK(strncmp(err, "E960:", 5) == 0);
    handwriting_destroy(NULL);
    /* A file that is not a model: created, the load fails on the worker, results are empty. */
    char path[4200];
    snprintf(path, sizeof path, "%s/bad.model", ktest_tmpdir());
    FILE *f = fopen(path, "w");
    if (f) {
        fputs("not a zinnia model\n", f);
        fclose(f);
    }
    CHECK_EQ_INT(handwriting_create(path, &hw, err, sizeof err), K_OK);
    if (hw) {
        struct hw_ink ink;
        CHECK(ink_from(&ink, chars[0].strokes));
        struct hw_result r;
        handwriting_recognize(hw, &ink, &r);
        CHECK_EQ_INT(r.count, 0);
        CHECK(strncmp(handwriting_error(hw), "E962:", 5) == 0);
        handwriting_destroy(hw);
    }
}

int main(void)
{
    struct handwriting *hw = open_hw();
    if (hw) {
        fprintf(stderr, "-- %s\n", "test_recognises_written_characters");
        test_recognises_written_characters(hw);
        fprintf(stderr, "-- %s\n", "test_bounds_and_odd_input");
        test_bounds_and_odd_input(hw);
        fprintf(stderr, "-- %s\n", "test_undo");
        test_undo(hw);
        fprintf(stderr, "-- %s\n", "test_worker");
        test_worker(hw);
        fprintf(stderr, "-- %s\n", "test_timing");
        test_timing(hw);
        handwriting_destroy(hw);
    }
    KTEST_RUN(test_missing_model);
    return ktest_done();
}
