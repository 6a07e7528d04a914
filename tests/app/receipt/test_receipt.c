/* tests/app/receipt/test_receipt.c: the receipt composer and builder: golden bitmaps for the
 * sample cases at both widths, the placeholder for a missing glyph, the deadline warning,
 * errors, and the round trip (ESC/POS job decoded back to the same bitmap, its QR read by
 * zbar equal to the payload). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/calendar.h"
#include "app/core/service.h"
#include "app/receipt/receipt.h"
#include "app/receipt/sample.h"
#include "drivers/printer/escpos.h"
#include "drivers/printer/printer.h"
#include "tests/support/golden.h"
#include "tests/support/ktest.h"

#ifdef KTEST_HAVE_ZBAR
#include <zbar.h>
#endif

static struct service svc;
static struct calendar *cal;
static char font[1024];

static bool same_bitmap(const struct bitmap *a, const struct bitmap *b)
{
    return a && b && a->w == b->w && a->h == b->h &&
           memcmp(a->bits, b->bits, a->stride * (size_t)a->h) == 0;
}

/* Read the QR codes in bmp with zbar; the first one's text into out. */
static bool zbar_read(const struct bitmap *bmp, char *out, size_t n)
{
    out[0] = 0;
#ifdef KTEST_HAVE_ZBAR
    size_t sz = (size_t)bmp->w * (size_t)bmp->h;
    unsigned char *y800 = malloc(sz);
    for (int y = 0; y < bmp->h; y++)
        for (int x = 0; x < bmp->w; x++)
            y800[(size_t)y * (size_t)bmp->w + (size_t)x] = bitmap_get(bmp, x, y) ? 0 : 255;
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *img = zbar_image_create();
    zbar_image_set_format(img, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(img, (unsigned)bmp->w, (unsigned)bmp->h);
    zbar_image_set_data(img, y800, sz, zbar_image_free_data);
    int found = zbar_scan_image(sc, img);
    const zbar_symbol_t *sym = zbar_image_first_symbol(img);
    if (found > 0 && sym)
        snprintf(out, n, "%s", zbar_symbol_get_data(sym));
    zbar_image_destroy(img);
    zbar_image_scanner_destroy(sc);
    return found > 0;
#else
    (void)bmp;
    (void)n;
    return false;
#endif
}

static const struct {
    enum receipt_sample_kind kind;
    int width;
    const char *golden;
} rows[] = {
    /* 1 */ {RECEIPT_SAMPLE_ONE, 384, "receipt_384_one"},
    /* 2 */ {RECEIPT_SAMPLE_ALL, 384, "receipt_384_all"},
    /* 3 */ {RECEIPT_SAMPLE_LONG, 384, "receipt_384_long"},
    /* 4 */ {RECEIPT_SAMPLE_RARE, 384, "receipt_384_rare"},
    /* 5 */ {RECEIPT_SAMPLE_BEYOND, 384, "receipt_384_beyond"},
    /* 6 */ {RECEIPT_SAMPLE_ONE, 576, "receipt_576_one"},
    /* 7 */ {RECEIPT_SAMPLE_ALL, 576, "receipt_576_all"},
};

static void test_goldens_and_round_trip(void)
{
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char err[256] = "";
        struct receipt *r = receipt_create(font, rows[i].width, err, sizeof(err));
        CHECKF(r != NULL, "row %zu: %s", i + 1, err);
        if (!r)
            continue;
        struct receipt_sample s;
        receipt_sample_init(&s, rows[i].kind, &svc, NULL);
        struct receipt_built b;
        CHECK_EQ_INT(receipt_build(&svc, cal, &s.c, &b, err, sizeof(err)), K_OK);
        struct bitmap *bmp = NULL;
        CHECKF(receipt_compose(r, &b.data, &bmp, err, sizeof(err)) == K_OK, "row %zu: %s", i + 1,
               err);
        if (bmp) {
            CHECK_EQ_INT(bmp->w, rows[i].width);
            CHECKF(bmp->h > 400, "row %zu: only %d rows", i + 1, bmp->h);
            struct image *img = bitmap_to_image(bmp);
            CHECKF(golden_check(img, rows[i].golden), "row %zu", i + 1);
            image_destroy(img);

            /* Round trip: the exact printer job, decoded by the independent parser. */
            struct escbuf job = {0};
            CHECK_EQ_INT(printer_encode(rows[i].width, bmp, &job), K_OK);
            struct bitmap *back = NULL;
            CHECK_EQ_INT(escpos_decode(job.data, job.len, rows[i].width, &back), K_OK);
            CHECKF(back && back->w == bmp->w && back->h >= bmp->h, "row %zu: decoded size", i + 1);
            if (back && back->h >= bmp->h) {
                /* Equal but for the single dots the encoder drops so that image data never
                 * reads as a real-time command (a 0x10 byte before 04, 05 or 14). */
                size_t bad = 0, dropped = 0, nb = bmp->stride * (size_t)bmp->h;
                for (size_t k = 0; k < nb; k++)
                    if (back->bits[k] != bmp->bits[k]) {
                        if (bmp->bits[k] == 0x10 && back->bits[k] == 0 && k + 1 < nb &&
                            (bmp->bits[k + 1] == 4 || bmp->bits[k + 1] == 5 ||
                             bmp->bits[k + 1] == 0x14))
                            dropped++;
                        else
                            bad++;
                    }
                CHECKF(bad == 0, "row %zu: decoded raster differs in %zu bytes", i + 1, bad);
                CHECKF(dropped * 1000 <= nb, "row %zu: %zu dots dropped", i + 1, dropped);
            }
            char text[512];
#ifndef KTEST_HAVE_ZBAR
            CHECKF(false, "zbar (libzbar-dev) is needed for the QR round trip");
#endif
            CHECKF(back && zbar_read(back, text, sizeof(text)), "row %zu: no QR found", i + 1);
            CHECK_EQ_STR(text, s.url);
            bitmap_destroy(back);
            escbuf_free(&job);
        }
        if (rows[i].kind == RECEIPT_SAMPLE_BEYOND) {
            CHECK(b.data.deadline_warning != NULL);
            CHECK(b.data.deadline_warning && strstr(b.data.deadline_warning, "2026") != NULL);
        } else {
            CHECK(b.data.deadline_warning == NULL);
        }
        bitmap_destroy(bmp);
        receipt_built_finish(&b);
        receipt_destroy(r);
    }
}

static void test_builder(void)
{
    struct receipt_sample s;
    receipt_sample_init(&s, RECEIPT_SAMPLE_ONE, &svc, NULL);
    struct receipt_built b;
    char err[256] = "";
    CHECK_EQ_INT(receipt_build(&svc, cal, &s.c, &b, err, sizeof(err)), K_OK);
    CHECK_EQ_STR(b.data.name, "张*明");
    CHECK_EQ_STR(b.data.title, svc.receipt_title);
    CHECK_EQ_STR(b.data.submitted, "2026年11月12日 10:05");
    CHECK(strncmp(b.data.deadline, "须于2026年", strlen("须于2026年")) == 0);
    CHECK(strstr(b.data.deadline, "前办结") != NULL);
    CHECK_EQ_STR(b.data.consult_phone, svc.districts[0].phone);
    CHECK_EQ_STR(b.data.supervise_phone, svc.supervision_phone);
    CHECK_EQ_INT(b.data.n_matters, 1);
    CHECK_EQ_STR(b.data.matters[0].department, svc.departments[svc.matters[0].department].name);
    receipt_built_finish(&b);

    s.c.district = "atlantis";
    CHECK_EQ_INT(receipt_build(&svc, cal, &s.c, &b, err, sizeof(err)), K_ERR_INVALID);
    CHECK(strncmp(err, "E218", 4) == 0);
    s.c.district = svc.districts[0].id;
    s.matters[0] = 999;
    CHECK_EQ_INT(receipt_build(&svc, cal, &s.c, &b, err, sizeof(err)), K_ERR_INVALID);
    CHECK(strncmp(err, "E218", 4) == 0);
    s.matters[0] = 0;
    s.materials[0] = 999;
    CHECK_EQ_INT(receipt_build(&svc, cal, &s.c, &b, err, sizeof(err)), K_ERR_INVALID);
    s.materials[0] = svc.materials[0].number;
    s.c.delivery = "pigeon";
    CHECK_EQ_INT(receipt_build(&svc, cal, &s.c, &b, err, sizeof(err)), K_ERR_INVALID);
}

static void test_placeholder_and_errors(void)
{
    char err[256] = "";
    CHECK(receipt_create(font, 400, err, sizeof(err)) == NULL);
    CHECK(strncmp(err, "E215", 4) == 0);
    CHECK(receipt_create("/nonexistent/font.otf", 384, err, sizeof(err)) == NULL);
    CHECK(strncmp(err, "E215", 4) == 0);

    struct receipt *r = receipt_create(font, 384, err, sizeof(err));
    CHECK(r != NULL);
    if (!r)
        return;
    /* A code point the font lacks prints exactly like the placeholder itself. */
    struct receipt_data a = {.title = "回执\xF0\xA0\xAE\xB7", .qr_payload = "HTTPS://X/1"};
    struct receipt_data b = {.title = "回执□", .qr_payload = "HTTPS://X/1"};
    struct receipt_data c = {.title = "回执", .qr_payload = "HTTPS://X/1"};
    struct bitmap *ba = NULL, *bb = NULL, *bc = NULL;
    CHECK_EQ_INT(receipt_compose(r, &a, &ba, err, sizeof(err)), K_OK);
    CHECK_EQ_INT(receipt_compose(r, &b, &bb, err, sizeof(err)), K_OK);
    CHECK_EQ_INT(receipt_compose(r, &c, &bc, err, sizeof(err)), K_OK);
    CHECK(same_bitmap(ba, bb));
    CHECK(!same_bitmap(ba, bc));
    /* Invalid UTF-8 does not crash and prints placeholders too. */
    struct receipt_data d = {.title = "\xFF\xC3(", .name = "\xE4\xB8", .qr_payload = "A"};
    struct bitmap *bd = NULL;
    CHECK_EQ_INT(receipt_compose(r, &d, &bd, err, sizeof(err)), K_OK);
    bitmap_destroy(ba);
    bitmap_destroy(bb);
    bitmap_destroy(bc);
    bitmap_destroy(bd);

    struct bitmap *bx = NULL;
    struct receipt_data e = {.title = "x", .qr_payload = "https://例子/"};
    CHECK_EQ_INT(receipt_compose(r, &e, &bx, err, sizeof(err)), K_ERR_INVALID);
    CHECK(strncmp(err, "E216", 4) == 0);
    e.qr_payload = NULL;
    CHECK_EQ_INT(receipt_compose(r, &e, &bx, err, sizeof(err)), K_ERR_INVALID);
    CHECK(bx == NULL);
    /* A payload too long for modules of 4 dots on 384 dots is refused, not shrunk. */
    char longp[700];
    memset(longp, 'A', sizeof(longp) - 1);
    longp[sizeof(longp) - 1] = 0;
    e.qr_payload = longp;
    CHECK_EQ_INT(receipt_compose(r, &e, &bx, err, sizeof(err)), K_ERR_INVALID);
    CHECK(strncmp(err, "E216", 4) == 0);
    receipt_destroy(r);
}

int main(void)
{
    char err[512];
    char path[1024];
    snprintf(path, sizeof(path), "%s/assets/services/veteran-discharge.json", ktest_src());
    if (service_load(path, &svc, err, sizeof(err)) != K_OK) {
        fprintf(stderr, "%s\n", err);
        CHECK(false);
        return ktest_done();
    }
    snprintf(path, sizeof(path), "%s/assets/calendar", ktest_src());
    if (calendar_load_dir(path, &cal, err, sizeof(err)) != K_OK) {
        fprintf(stderr, "%s\n", err);
        CHECK(false);
        return ktest_done();
    }
    snprintf(font, sizeof(font), "%s/assets/fonts/NotoSansSC-GBK.otf", ktest_src());
    KTEST_RUN(test_builder);
    KTEST_RUN(test_placeholder_and_errors);
    KTEST_RUN(test_goldens_and_round_trip);
    calendar_destroy(cal);
    service_free(&svc);
    return ktest_done();
}
