/* tests/drivers/printer/test_escpos.c: ESC/POS encoder (byte-exact), status decoding,
 * parser (round trip, incremental, bad input). */
#include "drivers/printer/escpos.h"

#include <stdlib.h>
#include <string.h>

#include "tests/support/golden.h"
#include "tests/support/ktest.h"

static void test_simple_commands(void)
{
    struct escbuf b = {0};
    escpos_init(&b);
    escpos_feed(&b, 4);
    escpos_feed(&b, 999);
    escpos_cut(&b);
    escpos_status_request(&b, 2);
    static const uint8_t want[] = {0x1B, 0x40, 0x1B, 0x64, 4,    0x1B, 0x64, 255,
                                   0x1D, 0x56, 0x42, 0x00, 0x10, 0x04, 0x02};
    CHECK_EQ_INT(b.len, sizeof(want));
    CHECK(memcmp(b.data, want, sizeof(want)) == 0);
    escbuf_free(&b);
}

static void test_small_raster_exact(void)
{
    struct bitmap *bmp = bitmap_create(12, 2);
    bitmap_set(bmp, 0, 0, true);
    bitmap_set(bmp, 11, 1, true);
    struct escbuf b = {0};
    CHECK_EQ_INT(escpos_raster(&b, bmp), K_OK);
    static const uint8_t want[] = {0x1D, 0x76, 0x30, 0x00, 2, 0, 2, 0, 0x80, 0x00, 0x00, 0x10};
    CHECK_EQ_INT(b.len, sizeof(want));
    CHECK(memcmp(b.data, want, sizeof(want)) == 0);
    escbuf_free(&b);
    bitmap_destroy(bmp);
}

/* A deterministic pattern: diagonal stripes and a frame. */
static struct bitmap *pattern(int w, int h)
{
    struct bitmap *bmp = bitmap_create(w, h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (((x + y) / 9) % 3 == 0 || x == 0 || y == 0 || x == w - 1 || y == h - 1)
                bitmap_set(bmp, x, y, true);
    return bmp;
}

static void test_job_golden_and_bands(void)
{
    struct bitmap *bmp = pattern(384, 600);
    struct escbuf b = {0};
    CHECK_EQ_INT(escpos_job(&b, bmp, 3), K_OK);
    CHECK(golden_check_bytes(b.data, b.len, "escpos_job_384x600.bin"));
    /* 3 bands: 256, 256, 88 rows of 48 bytes; plus ESC @, ESC d, GS V */
    CHECK_EQ_INT(b.len, 2 + 3 * 8 + 600 * 48 + 3 + 4);
    size_t band2 = 2 + 8 + 256 * 48 + 8 + 256 * 48;
    CHECK_EQ_INT(b.data[2 + 6], 0); /* yL of band 1: 256 = 00 01 */
    CHECK_EQ_INT(b.data[2 + 7], 1);
    CHECK_EQ_INT(b.data[band2 + 6], 88);
    CHECK_EQ_INT(b.data[band2 + 7], 0);
    CHECK_EQ_INT(b.data[band2 + 4], 48);
    escbuf_free(&b);
    bitmap_destroy(bmp);
}

static void test_realtime_sequences_defused(void)
{
    /* Row bytes 10 04 | 10 14 | 10 05 | 10 20 */
    struct bitmap *bmp = bitmap_create(64, 1);
    static const uint8_t row[8] = {0x10, 0x04, 0x10, 0x14, 0x10, 0x05, 0x10, 0x20};
    memcpy(bmp->bits, row, 8);
    struct escbuf b = {0};
    CHECK_EQ_INT(escpos_raster(&b, bmp), K_OK);
    static const uint8_t want[8] = {0x00, 0x04, 0x00, 0x14, 0x00, 0x05, 0x10, 0x20};
    CHECK(memcmp(b.data + 8, want, 8) == 0);
    escbuf_free(&b);
    bitmap_destroy(bmp);
}

static void test_status_table(void)
{
    static const struct {
        int n;
        uint8_t byte;
        enum kerr rc;
        int offline, cover, paper_end, near_end, cutter, unrec;
    } rows[] = {
        /* 1 */ {1, 0x12, K_OK, 0, 0, 0, 0, 0, 0},
        /* 2 */ {1, 0x1A, K_OK, 1, 0, 0, 0, 0, 0},
        /* 3 */ {2, 0x16, K_OK, 0, 1, 0, 0, 0, 0},
        /* 4 */ {2, 0x32, K_OK, 0, 0, 1, 0, 0, 0},
        /* 5 */ {4, 0x7E, K_OK, 0, 0, 1, 1, 0, 0},
        /* 6 */ {4, 0x1E, K_OK, 0, 0, 0, 1, 0, 0},
        /* 7 */ {4, 0x72, K_OK, 0, 0, 1, 0, 0, 0},
        /* 8 */ {3, 0x1A, K_OK, 0, 0, 0, 0, 1, 0},
        /* 9 */ {3, 0x32, K_OK, 0, 0, 0, 0, 0, 1},
        /* 10 */ {1, 0x00, K_ERR_PROTOCOL, 0, 0, 0, 0, 0, 0},
        /* 11 */ {2, 0xFF, K_ERR_PROTOCOL, 0, 0, 0, 0, 0, 0},
        /* 12 */ {5, 0x12, K_ERR_INVALID, 0, 0, 0, 0, 0, 0},
        /* 13 */ {0, 0x12, K_ERR_INVALID, 0, 0, 0, 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct escpos_status st = {0};
        enum kerr rc = escpos_status_apply(&st, rows[i].n, rows[i].byte);
        CHECKF(rc == rows[i].rc, "row %zu rc %s", i + 1, kerr_name(rc));
        CHECKF(st.offline == rows[i].offline && st.cover_open == rows[i].cover &&
                   st.paper_end == rows[i].paper_end && st.paper_near_end == rows[i].near_end &&
                   st.cutter_error == rows[i].cutter && st.unrecoverable == rows[i].unrec,
               "row %zu fields", i + 1);
    }
    /* The model's reply bytes decode to the state they came from. */
    struct escpos_status src = {.cover_open = true, .paper_near_end = true, .cutter_error = true};
    struct escpos_status got = {0};
    for (int n = 1; n <= 4; n++)
        CHECK_EQ_INT(escpos_status_apply(&got, n, escpos_status_byte(&src, n)), K_OK);
    CHECK(got.cover_open && got.paper_near_end && got.cutter_error && got.offline);
    CHECK(!got.paper_end && !got.unrecoverable);
    struct escpos_status ok = {0};
    CHECK_EQ_INT(escpos_status_byte(&ok, 1), 0x12);
}

static int status_seen[8], n_status_seen;
static void on_status(void *ctx, int n)
{
    (void)ctx;
    if (n_status_seen < 8)
        status_seen[n_status_seen++] = n;
}

static void test_parse_round_trip(void)
{
    struct bitmap *bmp = pattern(576, 700);
    struct escbuf b = {0};
    CHECK_EQ_INT(escpos_job(&b, bmp, 0), K_OK);
    struct bitmap *back = NULL;
    CHECK_EQ_INT(escpos_decode(b.data, b.len, 576, &back), K_OK);
    CHECK(back && back->w == 576 && back->h == 700);
    CHECK(back && memcmp(back->bits, bmp->bits, 700 * 72) == 0);
    bitmap_destroy(back);

    /* Byte by byte through the incremental parser: same paper, statuses answered in order. */
    escpos_status_request(&b, 1);
    escpos_status_request(&b, 4);
    struct escpos_parser p;
    escpos_parser_init(&p, 576);
    p.on_status = on_status;
    size_t pending = 0, fed = 0;
    uint8_t *win = malloc(b.len);
    enum kerr rc = K_OK;
    while (fed < b.len && rc == K_OK) {
        win[pending++] = b.data[fed++];
        size_t used = 0;
        rc = escpos_parse(&p, win, pending, &used);
        memmove(win, win + used, pending - used);
        pending -= used;
    }
    CHECK_EQ_INT(rc, K_OK);
    CHECK_EQ_INT(pending, 0);
    CHECK_EQ_INT(p.cuts, 1);
    CHECK_EQ_INT(p.bands, 3);
    CHECK_EQ_INT(n_status_seen, 2);
    CHECK(status_seen[0] == 1 && status_seen[1] == 4);
    free(win);
    escpos_parser_finish(&p);

    /* Truncated: protocol error */
    CHECK_EQ_INT(escpos_decode(b.data, b.len / 2, 576, &back), K_ERR_PROTOCOL);
    CHECK(back == NULL);
    escbuf_free(&b);
    bitmap_destroy(bmp);
}

static void test_parse_bad_input(void)
{
    static const struct {
        const char *what;
        uint8_t bytes[12];
        size_t len;
        enum kerr rc;
    } rows[] = {
        /* 1 */ {"unknown byte", {0x41}, 1, K_ERR_PROTOCOL},
        /* 2 */ {"unknown ESC", {0x1B, 0x99}, 2, K_ERR_PROTOCOL},
        /* 3 */ {"DLE EOT 9", {0x10, 0x04, 9}, 3, K_ERR_PROTOCOL},
        /* 4 */ {"raster 0 rows", {0x1D, 0x76, 0x30, 0, 1, 0, 0, 0}, 8, K_ERR_PROTOCOL},
        /* 5 */ {"raster mode 7", {0x1D, 0x76, 0x30, 7, 1, 0, 1, 0, 0xFF}, 9, K_ERR_PROTOCOL},
        /* 6 */ {"raster 3000 rows", {0x1D, 0x76, 0x30, 0, 1, 0, 0xB8, 0x0B}, 8, K_ERR_PROTOCOL},
        /* 7 */ {"cut mode 9", {0x1D, 0x56, 9}, 3, K_ERR_PROTOCOL},
        /* 8 */ {"only init", {0x1B, 0x40}, 2, K_ERR_INVALID},
        /* 9 */
        {"raster too wide, clipped", {0x1D, 0x76, 0x30, 0, 3, 0, 1, 0, 0xFF, 0xFF, 0xFF}, 11, K_OK},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct bitmap *out = NULL;
        enum kerr rc = escpos_decode(rows[i].bytes, rows[i].len, 12, &out);
        CHECKF(rc == rows[i].rc, "row %zu (%s): %s", i + 1, rows[i].what, kerr_name(rc));
        if (rc == K_OK) {
            CHECK(out->w == 12 && out->h == 1 && out->bits[0] == 0xFF && out->bits[1] == 0xF0);
        }
        bitmap_destroy(out);
    }
}

/* A job's paper stops at ESCPOS_MAX_PAPER_ROWS: rasters beyond it are refused, feeds beyond
 * it dropped (a runaway stream costs at most that much memory). */
static void test_paper_cap(void)
{
    /* bands of 2048 one-byte rows: four fill the paper exactly, a fifth is refused */
    size_t band = 8 + 2048, n = 0;
    uint8_t *job = calloc(5, band);
    for (int b = 0; b < 5; b++, n += band) {
        uint8_t head[8] = {0x1D, 0x76, 0x30, 0, 1, 0, 0x00, 0x08};
        memcpy(job + n, head, 8);
        memset(job + n + 8, 0x80, 2048);
    }
    struct bitmap *out = NULL;
    CHECK_EQ_INT(escpos_decode(job, 4 * band, 8, &out), K_OK);
    CHECK(out && out->h == ESCPOS_MAX_PAPER_ROWS);
    bitmap_destroy(out);
    out = NULL;
    CHECK_EQ_INT(escpos_decode(job, 5 * band, 8, &out), K_ERR_TOO_LARGE);
    CHECK(!out);
    free(job);
    /* ESC d 255 feeds 7650 rows: the second is dropped whole, the paper stays within */
    uint8_t feeds[] = {0x1B, 0x64, 255, 0x1B, 0x64, 255, 0x1B, 0x64, 10};
    CHECK_EQ_INT(escpos_decode(feeds, sizeof feeds, 8, &out), K_OK);
    CHECK(out && out->h == 255 * ESCPOS_LINE_DOTS + 10 * ESCPOS_LINE_DOTS);
    bitmap_destroy(out);
}

int main(void)
{
    KTEST_RUN(test_simple_commands);
    KTEST_RUN(test_small_raster_exact);
    KTEST_RUN(test_job_golden_and_bands);
    KTEST_RUN(test_realtime_sequences_defused);
    KTEST_RUN(test_status_table);
    KTEST_RUN(test_parse_round_trip);
    KTEST_RUN(test_parse_bad_input);
    KTEST_RUN(test_paper_cap);
    return ktest_done();
}
