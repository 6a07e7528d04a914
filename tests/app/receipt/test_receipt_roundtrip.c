/* tests/app/receipt/test_receipt_roundtrip.c: receipt -> ESC/POS bytes -> decoded image -> QR
 * read back by zbar (an independent decoder) must equal the payload; also through the
 * simulated printer (what it printed) and for both paper widths. */
#include <stdio.h>
#include <string.h>
#include <zbar.h>

#include "app/receipt/receipt.h"
#include "drivers/printer/escpos.h"
#include "drivers/printer/printer.h"
#include "tests/support/ktest.h"

/* The first QR zbar finds in the bitmap, into out (empty when none). */
static void zbar_read(const struct bitmap *bmp, char *out, size_t n)
{
    out[0] = '\0';
    struct image *img = bitmap_to_image(bmp);
    zbar_image_scanner_t *sc = zbar_image_scanner_create();
    zbar_image_scanner_set_config(sc, ZBAR_NONE, ZBAR_CFG_ENABLE, 0);
    zbar_image_scanner_set_config(sc, ZBAR_QRCODE, ZBAR_CFG_ENABLE, 1);
    zbar_image_t *zi = zbar_image_create();
    zbar_image_set_format(zi, zbar_fourcc('Y', '8', '0', '0'));
    zbar_image_set_size(zi, (unsigned)img->w, (unsigned)img->h);
    zbar_image_set_data(zi, img->px, img->stride * (size_t)img->h, NULL);
    if (zbar_scan_image(sc, zi) > 0) {
        const zbar_symbol_t *sym = zbar_image_first_symbol(zi);
        if (sym)
            snprintf(out, n, "%s", zbar_symbol_get_data(sym));
    }
    zbar_image_destroy(zi);
    zbar_image_scanner_destroy(sc);
    image_destroy(img);
}

static void test_round_trip(void)
{
    char path[1024], font[1024], err[256];
    struct service svc;
    struct calendar *cal = NULL;
    snprintf(path, sizeof(path), "%s/assets/services/veteran-discharge.json", ktest_src());
    CHECKF(service_load(path, &svc, err, sizeof(err)) == K_OK, "%s", err);
    snprintf(path, sizeof(path), "%s/assets/calendar", ktest_src());
    CHECKF(calendar_load_dir(path, &cal, err, sizeof(err)) == K_OK, "%s", err);
    snprintf(font, sizeof(font), "%s/assets/fonts/NotoSansSC-GBK.otf", ktest_src());
    for (int row = 0; row < 8; row++) {
        int width = row < 4 ? 384 : 576;
        struct receipt_case c;
        struct receipt_data d;
        receipt_case_sample(row % 4, &c);
        CHECK(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)) == K_OK);
        struct bitmap *bmp = NULL;
        CHECKF(receipt_compose(&d, font, width, &bmp, err, sizeof(err)) == K_OK, "%s", err);
        if (!bmp)
            continue;
        struct escbuf b = {0};
        CHECK_EQ_INT(printer_encode(width, bmp, &b), K_OK);
        struct bitmap *back = NULL;
        CHECK_EQ_INT(escpos_decode(b.data, b.len, width, &back), K_OK);
        char got[512];
        if (back)
            zbar_read(back, got, sizeof(got));
        CHECKF(back && strcmp(got, c.qr_payload) == 0, "row %d: zbar read \"%s\"", row + 1,
               back ? got : "");
        /* Control: the decoder is not fooled by an empty page. */
        struct bitmap *blank = bitmap_create(width, 200);
        zbar_read(blank, got, sizeof(got));
        CHECK_EQ_STR(got, "");
        bitmap_destroy(blank);
        bitmap_destroy(back);
        escbuf_free(&b);

        /* Through the simulated printer: what it printed holds the same QR. */
        struct printer *p = printer_open("sim", "", width, err, sizeof(err));
        CHECK(p != NULL);
        if (p) {
            CHECKF(printer_print(p, bmp) == K_OK, "%s", p->error);
            const struct bitmap *paper = printer_sim_last(p);
            got[0] = '\0';
            if (paper)
                zbar_read(paper, got, sizeof(got));
            CHECKF(strcmp(got, c.qr_payload) == 0, "row %d sim: \"%s\"", row + 1, got);
            printer_close(p);
        }
        bitmap_destroy(bmp);
    }
    service_free(&svc);
    calendar_destroy(cal);
}

int main(void)
{
    KTEST_RUN(test_round_trip);
    return ktest_done();
}
