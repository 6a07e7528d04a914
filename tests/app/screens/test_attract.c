/* The attract screen through the real code path (kiosk_app_init, flow, toolkit, display),
 * headless, in both orientations: golden screenshots, accessibility, and the two buttons. */
#include <stdio.h>
#include <string.h>

#include "app/screens/app.h"
#include "app/screens/flow.h"
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
    /* Its own data folder: not the machine's /var/lib/kiosk (another build's store there may
     * be of a newer schema, which this one rightly refuses to open). */
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
    return ktest_done();
}
