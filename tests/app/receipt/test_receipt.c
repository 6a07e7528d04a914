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
    /* Nothing captured: both materials go to the window; the plan marks no original for
     * material 1 (预备役登记证明), one for material 2. */
    CHECK_EQ_INT(d.n_materials, 0);
    CHECK_EQ_INT(d.n_to_window, 2);
    CHECK_EQ_STR(d.to_window[0], "1. 预备役登记证明");
    CHECK_EQ_STR(d.to_window[1], "2. 退伍证（原件）");
    CHECK_EQ_INT(d.n_delivery, svc.n_delivery);
    CHECK_EQ_STR(d.supervision_phone, svc.supervision_phone);
    CHECK_EQ_STR(d.title, svc.receipt_title);
    /* The office's promise, counted from the window's verification, not a date from today. */
    CHECK_EQ_STR(d.label.deadline, "承诺办结时限");
    CHECK_EQ_STR(d.deadline_line, "自窗口核验材料原件之日起27个工作日内办结");
    CHECK(d.deadline_warning == NULL);
    CHECK(d.in_person == NULL && d.window_name == NULL && d.n_not_now == 0);
    CHECK_EQ_STR(d.label.code, "受理编号");
    CHECK_EQ_STR(d.consult_phone, "0477-8575378"); /* 东胜区, no hall phone configured */

    /* all eight, some materials captured: captured ones with their pages under their own
     * numbers, the window list keeps the plan's numbers and marks originals. */
    CHECK(receipt_case_sample(1, &c));
    CHECKF(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)) == K_OK, "%s", err);
    CHECK_EQ_INT(d.n_matters, 8);
    CHECK_EQ_INT(d.n_materials, 6);
    CHECK_EQ_STR(d.materials[0], "1. 预备役登记证明（已拍1页）");
    CHECK_EQ_STR(d.materials[1], "2. 退伍证（已拍2页）");
    CHECK_EQ_STR(d.materials[5], "10. 军人退役养老保险转移凭证（已拍1页）");
    /* 1 captured and no original: not at the window; every other one is. */
    CHECK_EQ_INT(d.n_to_window, 11);
    CHECK_EQ_STR(d.to_window[0], "2. 退伍证（原件）");
    CHECK_EQ_STR(d.to_window[10], "12. 军人退役基本养老保险补助资金划转凭证（原件）");
    CHECK(d.deadline_warning == NULL);
    /* Per matter: the subsidy's payment promise; the ID card's in-person step. */
    CHECK(d.promises[0] == NULL);
    CHECKF(d.promises[1] && strstr(d.promises[1], "次年7月底前发放"), "%s",
           d.promises[1] ? d.promises[1] : "(none)");
    CHECKF(d.in_person && strstr(d.in_person, "核发居民身份证") && strstr(d.in_person, "指纹"),
           "%s", d.in_person ? d.in_person : "(none)");
    CHECK_EQ_STR(d.window_name, "康巴什区政务服务中心综合受理窗口");
    CHECK(d.window_address && d.window_hours);
    /* The delivery the applicant chose, the address masked after 12 characters. */
    CHECK_EQ_INT(d.n_delivery, 2);
    CHECK_EQ_STR(d.delivery[0], "邮寄（内蒙古自治区鄂尔多斯市康***）");
    CHECK_EQ_STR(d.delivery[1], "系统查询");

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

/* What cannot be done now is printed apart with why and what to do; the city level, for
 * which the plan gives no phone, prints the hall's configured phone and never an invented
 * one. */
static void test_not_now_and_phones(void)
{
    struct receipt_case c;
    struct receipt_data d;
    char err[256] = "";
    CHECK(receipt_case_sample(0, &c));
    static const char *const ids[] = {"pension_transfer"};
    static const char *const why[] = {"资金尚未到账"};
    static const char *const adv[] = {"到账后再来办理。"};
    c.not_now_ids = ids;
    c.not_now_reasons = why;
    c.not_now_advice = adv;
    c.n_not_now = 1;
    CHECKF(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)) == K_OK, "%s", err);
    CHECK_EQ_INT(d.n_matters, 1);
    CHECK_EQ_INT(d.n_not_now, 1);
    CHECK_EQ_STR(d.not_now[0], "军地养老保险关系转移接续申请");
    CHECK_EQ_STR(d.not_now_why[0], "资金尚未到账。到账后再来办理。");
    char *text = NULL;
    struct bitmap *bmp = NULL;
    CHECK(receipt_compose_text(&d, font, 576, &bmp, &text, err, sizeof err) == K_OK);
    CHECK(text && strstr(text, "本次不能办理的事项"));
    CHECK(text && strstr(text, "军地养老保险关系转移接续申请：资金尚未到账"));
    /* Applied for lists only the one matter. */
    CHECK(text && strstr(text, "1. 退役士兵报到接收") && !strstr(text, "2. 军地养老"));
    CHECK(text && strstr(text, "请携带到窗口的原件和材料") && !strstr(text, "已拍摄提交的材料"));
    free(text);
    bitmap_destroy(bmp);
    static const char *const bad[] = {"no_such_matter"};
    c.not_now_ids = bad;
    CHECK_EQ_INT(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)), K_ERR_NOT_FOUND);

    CHECK(receipt_case_sample(0, &c));
    c.district_id = "city";
    CHECKF(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)) == K_OK, "%s", err);
    CHECK(d.consult_phone == NULL);
    c.hall_phone = "0477-8888888";
    CHECKF(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)) == K_OK, "%s", err);
    CHECK_EQ_STR(d.consult_phone, "0477-8888888");
    c.district_id = "uxin";
    c.hall_phone = "";
    CHECKF(receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err)) == K_OK, "%s", err);
    CHECK_EQ_STR(d.consult_phone, "0477-7581914");
}

/* A mailing address on the receipt: 12 characters, then ***; shorter ones whole; a
 * truncated UTF-8 sequence at the end never reads past the string. */
static void test_mask_address(void)
{
    char out[64];
    CHECK_EQ_STR(receipt_mask_address("内蒙古自治区鄂尔多斯市东胜区天骄路1号", out, sizeof out),
                 "内蒙古自治区鄂尔多斯市东***");
    CHECK_EQ_STR(receipt_mask_address("内蒙古自治区鄂尔多斯市东", out, sizeof out),
                 "内蒙古自治区鄂尔多斯市东");
    CHECK_EQ_STR(receipt_mask_address("", out, sizeof out), "");
    CHECK_EQ_STR(receipt_mask_address("ab\xe5", out, sizeof out), "ab\xe5");
    char tiny[8];
    receipt_mask_address("内蒙古自治区", tiny, sizeof tiny);
    CHECK(strlen(tiny) < sizeof tiny);
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
    KTEST_RUN(test_not_now_and_phones);
    KTEST_RUN(test_mask_address);
    KTEST_RUN(test_goldens);
    KTEST_RUN(test_all_eight_is_taller);
    KTEST_RUN(test_missing_glyph_placeholder);
    KTEST_RUN(test_compose_errors);
    KTEST_RUN(test_receipt_print);
    service_free(&svc);
    calendar_destroy(cal);
    return ktest_done();
}
