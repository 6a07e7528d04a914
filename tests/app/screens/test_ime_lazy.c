/* The input method is loaded only for an applicant: a kiosk at its attract screen has not
 * loaded librime (app/ui/ime.c opens it with dlopen); the notice screen starts it, so that the
 * form types pinyin (the full-application script writes Chinese through the keyboard), and it
 * is loaded once the script is through. One process, one run: librime, once loaded, stays. */
#include <stdio.h>
#include <string.h>

#include "app/kiosk/app.h"
#include "app/screens/flow.h"
#include "app/ui/ime.h"
#include "tests/support/kiosk_run.h"
#include "tests/support/ktest.h"

struct watch {
    int attract_frames; /* frames drawn at the attract screen before the first notice */
    bool left_attract;
    bool loaded_at_attract;
    bool saw_field;
};

static void after_frame(struct kiosk_app *app, void *ud)
{
    struct watch *w = ud;
    const char *name = flow_screen_name(app->flow);
    if (strcmp(name, "attract") != 0)
        w->left_attract = true;
    if (!w->left_attract) {
        w->attract_frames++;
        w->loaded_at_attract = w->loaded_at_attract || ime_library_loaded();
    }
    if (strcmp(name, "field") == 0)
        w->saw_field = true;
}

int main(void)
{
    const char *conf = ktest_kiosk_conf("ime_lazy", "");
    if (!conf)
        return ktest_done();
    struct kiosk_opts opts = ktest_script_opts(conf, "full_application");
    static struct kiosk_app app;
    struct watch w = {0};
    /* 1. Nothing has loaded it before the kiosk starts. */
    CHECK(!ime_library_loaded());
    CHECK(kiosk_app_init(&app, &opts) == 0);
    app.after_frame = after_frame;
    app.after_frame_ud = &w;
    int rc = kiosk_app_run(&app);
    CHECKF(rc == 0, "full_application failed with %d", rc);
    /* 2. The attract screen was drawn without it. */
    CHECK(w.attract_frames > 0);
    CHECKF(!w.loaded_at_attract, "librime was loaded at the attract screen");
    /* 3. The form typed pinyin through it. */
    CHECK(w.saw_field);
    CHECKF(ime_library_loaded(), "librime was not loaded by the form");
    kiosk_app_finish(&app);
    return ktest_done();
}
