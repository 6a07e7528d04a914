/* The attract screen through the real code path (kiosk_app_init, flow, toolkit, display),
 * headless, in both orientations: golden screenshots, accessibility, and the two buttons. */
#include <stdio.h>
#include <string.h>

#include "app/kiosk/app.h"
#include "app/screens/flow.h"
#include "app/ui/widgets.h"
#include "platform/log.h"
#include "tests/support/a11y.h"
#include "tests/support/golden.h"
#include "tests/support/ktest.h"

static void run_in(const char *orientation, const char *golden, int win_w, int win_h)
{
    char conf[512];
    snprintf(conf, sizeof conf, "%s/%s.conf", ktest_tmpdir(), orientation);
    FILE *f = fopen(conf, "w");
    /* Its own data folder: /var/lib/kiosk may hold another build's database. */
    fprintf(f,
            "hall.name = 鄂尔多斯市康巴什区政务服务中心\nhall.phone = 0477-8575003\n"
            "paths.data_dir = %s/data-%s\n",
            ktest_tmpdir(), orientation);
    fclose(f);
    struct kiosk_opts opts = {.config_path = conf,
                              .orientation = orientation,
                              .headless = true,
                              .windowed = win_w > 0,
                              .win_w = win_w,
                              .win_h = win_h};
    static struct kiosk_app app;
    CHECK_EQ_INT(kiosk_app_init(&app, &opts), 0);
    kiosk_app_frame(&app);
    CHECK_EQ_STR(flow_screen_name(app.flow), "attract");
    /* Only a window of another size than the canvas needs the canvas texture. */
    CHECK((win_w > 0) == (app.disp.canvas != NULL));
    struct image *img = display_read_canvas(&app.disp);
    CHECK(img != NULL);
    if (img) {
        CHECK_EQ_INT(img->w, strcmp(orientation, "portrait") == 0 ? 1080 : 1920);
        golden_check(img, golden);
    }
    image_destroy(img);
    CHECK_EQ_INT(a11y_check(app.ui, golden), 0);
    /* The configured hall name and phone are on screen. */
    const struct ui_widget *hall = ui_find(app.ui, "attract.hall");
    CHECK(hall && strcmp(hall->text, "鄂尔多斯市康巴什区政务服务中心") == 0);
    const struct ui_widget *phone = ui_find(app.ui, "attract.phone");
    CHECK(phone && strstr(phone->text, "0477-8575003") != NULL);
    /* Both buttons exist, found by id and by their visible text. */
    const struct ui_widget *apply = ui_find(app.ui, "办理业务");
    const struct ui_widget *lookup = ui_find(app.ui, "扫码查询进度");
    CHECK(apply && strcmp(apply->id, "attract.apply") == 0);
    CHECK(lookup && strcmp(lookup->id, "attract.lookup") == 0);
    /* A press that slides more than a finger's slop is not a tap. */
    if (apply) {
        int x = apply->rect.x + apply->rect.w / 2, y = apply->rect.y + apply->rect.h / 2;
        ui_pointer(app.ui, x, y, true);
        ui_pointer(app.ui, x + 200, y, false);
        kiosk_app_frame(&app);
        CHECK_EQ_STR(flow_screen_name(app.flow), "attract");
    }
    /* A tap outside every button does nothing. */
    ui_pointer(app.ui, 2, 2, true);
    ui_pointer(app.ui, 2, 2, false);
    kiosk_app_frame(&app);
    CHECK_EQ_STR(flow_screen_name(app.flow), "attract");
    kiosk_app_finish(&app);
}

/* Without hall.phone the phone follows kiosk.district (the service file's district phones);
 * the city level, for which the plan gives no number, shows none rather than an invented one. */
static void district_phone(const char *district, const char *want)
{
    char conf[512];
    snprintf(conf, sizeof conf, "%s/district-%s.conf", ktest_tmpdir(), district);
    FILE *f = fopen(conf, "w");
    /* Its own data folder: /var/lib/kiosk may hold another build's database. */
    fprintf(f, "kiosk.district = %s\npaths.data_dir = %s/data-%s\n", district, ktest_tmpdir(),
            district);
    fclose(f);
    struct kiosk_opts opts = {.config_path = conf, .orientation = "portrait", .headless = true};
    static struct kiosk_app app;
    int failed = ktest_failed;
    CHECK_EQ_INT(kiosk_app_init(&app, &opts), 0);
    if (ktest_failed != failed)
        return;
    kiosk_app_frame(&app);
    const struct ui_widget *phone = ui_find(app.ui, "attract.phone");
    if (want)
        CHECKF(phone && strstr(phone->text, want), "%s: phone %s", district,
               phone ? phone->text : "(none)");
    else
        CHECKF(!phone, "%s: a phone is shown: %s", district, phone ? phone->text : "");
    kiosk_app_finish(&app);
}

/* Choices a list of twelve shows on its first page in r (the list's page size comes from the
 * theme's row height). */
static int list_page(struct ui *ui, struct ui_rect r)
{
    /* Labels too wide for two columns: the rows a page are what the row height allows. */
    static const char *const labels[12] = {
        "第一项：一个足够长的选项文字", "第二项：一个足够长的选项文字",
        "第三项：一个足够长的选项文字", "第四项：一个足够长的选项文字",
        "第五项：一个足够长的选项文字", "第六项：一个足够长的选项文字",
        "第七项：一个足够长的选项文字", "第八项：一个足够长的选项文字",
        "第九项：一个足够长的选项文字", "第十项：一个足够长的选项文字",
        "十一项：一个足够长的选项文字", "十二项：一个足够长的选项文字"};
    struct ui_list_state st = {0};
    ui_begin(ui);
    ui_choice_list(ui, "t.list", r, labels, 12, -1, &st);
    ui_end(ui);
    int n = 0;
    for (size_t i = 0; i < ui_widget_count(ui); i++) {
        const struct ui_widget *w = ui_widget_at(ui, i);
        n += w->kind == UI_W_BUTTON && strncmp(w->id, "t.list.", 7) == 0 && w->id[7] >= '0' &&
             w->id[7] <= '9';
    }
    return n;
}

static void tap(struct kiosk_app *app, const struct ui_widget *w)
{
    if (!w)
        return;
    int x = w->rect.x + w->rect.w / 2, y = w->rect.y + w->rect.h / 2;
    ui_pointer(app->ui, x, y, true);
    ui_pointer(app->ui, x, y, false);
    kiosk_app_frame(app);
    kiosk_app_frame(app);
}

/* 长辈模式 (issue 19.8): one tap on the attract screen; then no text below 48 px (as
 * recorded and as drawn); it lasts while the session goes on and is off again
 * once the session ends. */
static void elder_mode(const char *orientation)
{
    char conf[512], golden[64];
    snprintf(conf, sizeof conf, "%s/elder-%s.conf", ktest_tmpdir(), orientation);
    snprintf(golden, sizeof golden, "attract_elder_%s", orientation);
    FILE *f = fopen(conf, "w");
    fprintf(f, "hall.phone = 0477-8575003\npaths.data_dir = %s/data-elder-%s\n", ktest_tmpdir(),
            orientation);
    fclose(f);
    struct kiosk_opts opts = {.config_path = conf, .orientation = orientation, .headless = true};
    static struct kiosk_app app;
    CHECK_EQ_INT(kiosk_app_init(&app, &opts), 0);
    kiosk_app_frame(&app);
    int normal_body = 0;
    const struct ui_widget *w = ui_find(app.ui, "attract.prompt");
    normal_body = w ? w->font_px : 0;
    CHECK(normal_body > 0 && normal_body < 48);
    /* The switch is there, labelled from the strings, and not the screen's main action. */
    struct ui_rect lr = {40, 200, ui_width(app.ui) - 80, 700};
    int normal_page = list_page(app.ui, lr);
    kiosk_app_frame(&app);
    const struct ui_widget *sw = ui_find(app.ui, "attract.elder");
    CHECKF(sw && sw->kind == UI_W_BUTTON && strstr(sw->text, "长辈模式"), "no elder switch (%s)",
           orientation);
    tap(&app, sw);
    CHECK_EQ_STR(flow_screen_name(app.flow), "attract");
    sw = ui_find(app.ui, "attract.elder");
    CHECKF(sw && strstr(sw->text, "已开启"), "the switch does not say it is on (%s)", orientation);
    for (size_t i = 0; i < ui_widget_count(app.ui); i++) {
        const struct ui_widget *x = ui_widget_at(app.ui, i);
        CHECKF(x->font_px >= 48, "%s: %s text %d px in elder mode", orientation, x->id, x->font_px);
        /* Drawn, not only recorded: a label's lines are at least 48 px high. */
        CHECKF(x->kind != UI_W_LABEL || x->rect.h >= 48, "%s: %s drawn %d px high", orientation,
               x->id, x->rect.h);
    }
    CHECK(ui_text_height(app.ui, "长辈", UI_FONT_BODY, 0) >= 48);
    /* Larger rows, fewer choices a page (the same list in the same place). */
    int elder_page = list_page(app.ui, lr);
    CHECKF(elder_page >= 1 && elder_page < normal_page, "%s: %d choices a page, %d usually",
           orientation, elder_page, normal_page);
    kiosk_app_frame(&app);
    CHECK_EQ_INT(a11y_check(app.ui, golden), 0);
    struct image *img = display_read_canvas(&app.disp);
    if (img)
        golden_check(img, golden);
    image_destroy(img);
    /* It lasts into the application. */
    tap(&app, ui_find(app.ui, "attract.apply"));
    CHECK_EQ_STR(flow_screen_name(app.flow), "notice");
    w = ui_find(app.ui, "header.title");
    CHECKF(w && w->font_px >= 48, "%s: notice not in elder mode", orientation);
    /* The session ends: back at the attract screen in the usual sizes. */
    kiosk_end_session(&app);
    kiosk_app_frame(&app);
    kiosk_app_frame(&app);
    CHECK_EQ_STR(flow_screen_name(app.flow), "attract");
    w = ui_find(app.ui, "attract.prompt");
    CHECKF(w && w->font_px == normal_body, "%s: elder mode outlived the session", orientation);
    sw = ui_find(app.ui, "attract.elder");
    CHECK(sw && !strstr(sw->text, "已开启"));
    kiosk_app_finish(&app);
}

static void run(const char *orientation, const char *golden)
{
    run_in(orientation, golden, 0, 0);
}

int main(void)
{
    log_setup(LOG_WARN, NULL, 0, 0);
    run("portrait", "attract_portrait");
    run("landscape", "attract_landscape");
    district_phone("uxin", "0477-7581914");
    district_phone("jungar", "0477-4898116");
    district_phone("city", NULL);
    /* A window of another size than the canvas: drawn on the canvas texture and scaled into
     * the window; the canvas holds the same picture as when it is drawn directly. */
    run_in("portrait", "attract_portrait", 540, 960);
    elder_mode("portrait");
    elder_mode("landscape");
    return ktest_done();
}
