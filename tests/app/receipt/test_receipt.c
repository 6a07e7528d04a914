/* tests/app/receipt/test_receipt.c: receipt content from a case (service definition +
 * calendar), composition goldens at 384 and 576 dots (one matter, all eight, a long name, a
 * rare character), the □ placeholder, and errors. */
#include "app/receipt/receipt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/textras.h"
#include "tests/support/golden.h"
#include "tests/support/ktest.h"

static struct service svc;
static struct calendar *cal;
static char font[1024];

static void setup(void)
{
    char path[1024], err[256];
    snprintf(path, sizeof(path), "%s/assets/services/veteran-discharge.json", ktest_src());
    CHECKF(service_load(path, &svc, err, sizeof(err)) == K_OK, "%s", err);
    snprintf(path, sizeof(path), "%s/assets/calendar", ktest_src());
    CHECKF(calendar_load_dir(path, &cal, err, sizeof(err)) == K_OK, "%s", err);
    snprintf(font, sizeof(font), "%s/assets/fonts/NotoSansSC-GBK.otf", ktest_src());
}

static void test_data_from_case(void)
{
    struct receipt_case c;
    struct receipt_data d;
    char err[256] = "";
    CHECK(receipt_case_sample(0, &c));
    CHECKF(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)) == K_OK, "%s", err);
    CHECK_EQ_STR(d.name_masked, "张*明");
    CHECK_EQ_STR(d.district, "东胜区");
    CHECK_EQ_STR(d.submitted, "2026年3月16日 10:05");
    CHECK_EQ_INT(d.n_matters, 1);
    CHECK(d.departments[0] != NULL);
    CHECK_EQ_INT(d.n_materials, 2);
    CHECK_EQ_INT(d.n_delivery, svc.n_delivery);
    CHECK_EQ_STR(d.supervision_phone, svc.supervision_phone);
    CHECK_EQ_STR(d.title, svc.receipt_title);
    CHECK(strncmp(d.deadline_line, "须于2026年", strlen("须于2026年")) == 0);
    CHECK(strstr(d.deadline_line, "日前办结") != NULL);
    CHECK(d.deadline_warning == NULL);
    CHECK_EQ_STR(d.label.code, "受理编号");

    /* all eight, submitted in December 2026: the deadline is in 2027, beyond the tables */
    CHECK(receipt_case_sample(1, &c));
    CHECKF(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)) == K_OK, "%s", err);
    CHECK_EQ_INT(d.n_matters, 8);
    CHECK_EQ_INT(d.n_materials, 12);
    CHECK(strncmp(d.deadline_line, "须于2027年", strlen("须于2027年")) == 0);
    CHECKF(d.deadline_warning && strstr(d.deadline_warning, "2026年以后"), "%s",
           d.deadline_warning ? d.deadline_warning : "(none)");

    CHECK(receipt_case_sample(3, &c));
    CHECKF(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)) == K_OK, "%s", err);
    CHECK_EQ_STR(d.name_masked, "李*堃");
    CHECK(!receipt_case_sample(4, &c));

    /* unknown ids */
    CHECK(receipt_case_sample(0, &c));
    c.district_id = "atlantis";
    CHECK_EQ_INT(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)), K_ERR_NOT_FOUND);
    CHECKF(strncmp(err, "E223", 4) == 0, "%s", err);
    CHECK(receipt_case_sample(0, &c));
    static const char *const bad[] = {"time_travel"};
    c.matter_ids = bad;
    CHECK_EQ_INT(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)), K_ERR_NOT_FOUND);
    CHECK(receipt_case_sample(0, &c));
    static const int badnum[] = {99};
    c.material_numbers = badnum;
    c.n_materials = 1;
    CHECK_EQ_INT(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)), K_ERR_NOT_FOUND);
}

static void test_goldens(void)
{
    static const char *const names[] = {"one_matter", "all_eight", "long_name", "rare_char"};
    for (int w = 0; w < 2; w++) {
        int width = w ? 576 : 384;
        for (int i = 0; i < 4; i++) {
            struct receipt_case c;
            struct receipt_data d;
            char err[256] = "", golden[64];
            receipt_case_sample(i, &c);
            CHECK(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)) == K_OK);
            struct bitmap *bmp = NULL;
            enum kerr rc = receipt_compose(&d, font, width, &bmp, err, sizeof(err));
            CHECKF(rc == K_OK, "%s %d: %s", names[i], width, err);
            if (!bmp)
                continue;
            CHECK_EQ_INT(bmp->w, width);
            struct image *img = bitmap_to_image(bmp);
            snprintf(golden, sizeof(golden), "receipt_%s_%d", names[i], width);
            CHECKF(golden_check(img, golden), "%s", golden);
            image_destroy(img);
            bitmap_destroy(bmp);
        }
    }
}

static void test_all_eight_is_taller(void)
{
    struct receipt_case c;
    struct receipt_data d;
    char err[256];
    int h[2];
    for (int i = 0; i < 2; i++) {
        receipt_case_sample(i, &c);
        receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err));
        struct bitmap *bmp = NULL;
        receipt_compose(&d, font, 384, &bmp, err, sizeof(err));
        h[i] = bmp ? bmp->h : 0;
        bitmap_destroy(bmp);
    }
    CHECKF(h[1] > h[0] + 7 * 20, "%d vs %d", h[1], h[0]);
}

static void test_missing_glyph_placeholder(void)
{
    struct textras_font *f = NULL;
    char err[256];
    CHECK_EQ_INT(textras_font_open(font, 24, &f, err, sizeof(err)), K_OK);
    if (!f)
        return;
    CHECK(textras_has_glyph(f, 0x5803));   /* 堃 is in GBK */
    CHECK(textras_has_glyph(f, 0x25A1));   /* □ */
    CHECK(!textras_has_glyph(f, 0x20000)); /* 𠀀 (CJK Ext. B) is not */
    int w_missing = textras_width(f, "李\xF0\xA0\x80\x80");
    int w_box = textras_width(f, "李□");
    CHECK(w_missing > 0);
    CHECK_EQ_INT(w_missing, w_box);
    struct image *a = NULL, *b = NULL;
    CHECK_EQ_INT(textras_render(f, "李\xF0\xA0\x80\x80", false, &a), K_OK);
    CHECK_EQ_INT(textras_render(f, "李□", false, &b), K_OK);
    CHECK(a && b && a->w == b->w && a->h == b->h &&
          memcmp(a->px, b->px, a->stride * (size_t)a->h) == 0);
    image_destroy(a);
    image_destroy(b);
    struct image *bad = NULL;
    CHECK_EQ_INT(textras_render(f, "\xC3\x28", false, &bad), K_ERR_INVALID); /* bad UTF-8 */
    CHECK_EQ_INT(textras_render(f, "", false, &bad), K_ERR_INVALID);
    textras_font_close(f);
    CHECK_EQ_INT(textras_font_open("/nonexistent.otf", 24, &f, err, sizeof(err)), K_ERR_NOT_FOUND);
    CHECKF(strncmp(err, "E041", 4) == 0, "%s", err);
}

static void test_compose_errors(void)
{
    struct receipt_case c;
    struct receipt_data d;
    char err[256];
    struct bitmap *bmp = NULL;
    receipt_case_sample(0, &c);
    receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err));
    CHECK_EQ_INT(receipt_compose(&d, font, 500, &bmp, err, sizeof(err)), K_ERR_INVALID);
    CHECKF(strncmp(err, "E220", 4) == 0, "%s", err);
    d.qr_payload = "https://example/二维码"; /* not ASCII */
    CHECK_EQ_INT(receipt_compose(&d, font, 384, &bmp, err, sizeof(err)), K_ERR_INVALID);
    CHECKF(strncmp(err, "E222", 4) == 0, "%s", err);
    d.qr_payload = NULL;
    CHECK_EQ_INT(receipt_compose(&d, font, 384, &bmp, err, sizeof(err)), K_ERR_INVALID);
    CHECK(bmp == NULL);
    receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err));
    d.matters[0] = "\xFF\xFE"; /* invalid UTF-8 from a corrupt definition */
    CHECK_EQ_INT(receipt_compose(&d, font, 384, &bmp, err, sizeof(err)), K_ERR_INVALID);
    CHECKF(strncmp(err, "E221", 4) == 0, "%s", err);
    CHECK(bmp == NULL);
}

static void test_receipt_print(void)
{
    struct kconfig cfg;
    char err[256] = "", path[1100];
    config_defaults(&cfg);
    struct receipt_case c;
    struct receipt_data d;
    receipt_case_sample(0, &c);
    receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err));
    /* 1: the sim printer prints it and writes it where KIOSK_PRINTER_SIM_DIR says */
    setenv("KIOSK_PRINTER_SIM_DIR", ktest_tmpdir(), 1);
    CHECKF(receipt_print(&cfg, &d, err, sizeof(err)) == K_OK, "%s", err);
    unsetenv("KIOSK_PRINTER_SIM_DIR");
    snprintf(path, sizeof(path), "%s/latest.png", ktest_tmpdir());
    struct image *img = NULL;
    CHECK_EQ_INT(image_read_png(path, IMAGE_GRAY8, &img), K_OK);
    CHECK(img && img->w == cfg.printer_width);
    image_destroy(img);
    /* 2..4: faults come back with their numbers */
    static const struct {
        const char *device;
        enum kerr rc;
        const char *code;
    } rows[] = {
        {"paper_out", K_ERR_PAPER_OUT, "E203"},
        {"cover_open", K_ERR_COVER_OPEN, "E204"},
        {"unplugged", K_ERR_NO_DEVICE, "E202"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char msg[256];
        CHECK(config_set(&cfg, "printer.device", rows[i].device, msg, sizeof(msg)) == K_OK);
        enum kerr rc = receipt_print(&cfg, &d, err, sizeof(err));
        CHECKF(rc == rows[i].rc && strncmp(err, rows[i].code, 4) == 0, "row %zu: %s %s", i + 2,
               kerr_name(rc), err);
    }
    config_finish(&cfg);
}

int main(void)
{
    setup();
    KTEST_RUN(test_data_from_case);
    KTEST_RUN(test_goldens);
    KTEST_RUN(test_all_eight_is_taller);
    KTEST_RUN(test_missing_glyph_placeholder);
    KTEST_RUN(test_compose_errors);
    KTEST_RUN(test_receipt_print);
    service_free(&svc);
    calendar_destroy(cal);
    return ktest_done();
}
