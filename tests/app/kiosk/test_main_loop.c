/* The kiosk's main loop draws only when something may have changed (app/kiosk/kiosk.c,
 * app/ui/ui.h ui_next_frame_ms): idle at the attract screen it draws no frames, a device
 * event posted from another thread wakes it and is drawn, and a screen's deadlines (the idle
 * warning, its countdown, an animation) ask for frames at the right times. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "app/kiosk/app.h"
#include "app/screens/flow.h"
#include "platform/log.h"
#include "platform/signals.h"
#include "tests/support/ktest.h"

#define MAX_SEEN 4096

struct seen {
    int64_t at_ms[MAX_SEEN]; /* system monotonic time of each frame drawn */
    int n;
};

static void count_frame(struct kiosk_app *app, void *ud)
{
    (void)app;
    struct seen *s = ud;
    if (s->n < MAX_SEEN)
        s->at_ms[s->n++] = kclock_mono_ms(kclock_system());
}

struct poster {
    struct evq *q;
    int64_t posted_ms;
};

static void *post_later(void *p)
{
    struct poster *po = p;
    kclock_sleep_ms(kclock_system(), 1500);
    po->posted_ms = kclock_mono_ms(kclock_system());
    struct ev e = {.type = EV_USER, .code = 9999};
    evq_post(po->q, &e);
    kclock_sleep_ms(kclock_system(), 500);
    signals_request_quit();
    evq_post(po->q, &e); /* wakes the loop to see the quit */
    return NULL;
}

/* 1: the real loop on the system clock: idle frames, and a wake-up from another thread. */
static void idle_and_wake(void)
{
    struct kiosk_opts opts = {.config_path = ktest_kiosk_conf("idle", ""),
                              .orientation = "portrait",
                              .headless = true,
                              .sim = true};
    static struct kiosk_app app;
    CHECK_EQ_INT(kiosk_app_init(&app, &opts), 0);
    static struct seen seen;
    app.after_frame = count_frame;
    app.after_frame_ud = &seen;
    struct poster po = {.q = app.evq};
    pthread_t th;
    CHECK_EQ_INT(pthread_create(&th, NULL, post_later, &po), 0);
    int64_t t0 = kclock_mono_ms(kclock_system());
    CHECK_EQ_INT(kiosk_app_run(&app), 0);
    pthread_join(th, NULL);
    int before = 0, after = 0;
    for (int i = 0; i < seen.n; i++) {
        if (seen.at_ms[i] < po.posted_ms)
            before++;
        else
            after++;
    }
    /* 1.5 s at the attract screen: the first frame and the frame that sees it settled, not
     * a frame every 16 ms. */
    CHECKF(before >= 1 && before <= 3, "%d frames drawn idle in %lld ms", before,
           (long long)(po.posted_ms - t0));
    /* The device event from the other thread was drawn. */
    CHECKF(after >= 1, "%d frames after the event", after);
    CHECK_EQ_STR(flow_screen_name(app.flow), "attract");
    kiosk_app_finish(&app);
}

/* 2: a screen's deadlines on a fake clock (a script that does nothing gives one). */
static void deadlines(void)
{
    char script[512];
    snprintf(script, sizeof script, "%s/none.script", ktest_tmpdir());
    FILE *f = fopen(script, "w");
    fprintf(f, "# nothing\n");
    fclose(f);
    struct kiosk_opts opts = {.config_path = ktest_kiosk_conf("deadlines", ""),
                              .orientation = "portrait",
                              .headless = true,
                              .sim = true,
                              .script = script};
    static struct kiosk_app app;
    CHECK_EQ_INT(kiosk_app_init(&app, &opts), 0);
    kiosk_app_frame(&app);
    kiosk_app_frame(&app);
    int64_t last = kclock_mono_ms(app.clock);
    /* 2.1 attract, settled: nothing due until an event comes. */
    CHECK(ui_next_frame_ms(app.ui, last) == INT64_MAX);
    /* 2.2 a touch is drawn at once. */
    ui_pointer(app.ui, 5, 5, true);
    CHECK(ui_next_frame_ms(app.ui, last) == INT64_MIN);
    ui_pointer(app.ui, 5, 5, false);
    kiosk_app_frame(&app);
    kiosk_app_frame(&app);
    CHECK(ui_next_frame_ms(app.ui, last) == INT64_MAX);
    /* 2.3 a switch asked for outside a frame is drawn at once; a settled reading screen
     * wakes when its idle warning is due (90 s - 20 s after it was entered). */
    flow_go(app.flow, "notice");
    kiosk_app_frame(&app);
    CHECK_EQ_STR(flow_screen_name(app.flow), "notice");
    CHECK(ui_next_frame_ms(app.ui, last) == INT64_MIN);
    kiosk_app_frame(&app);
    int64_t since = app.screen_since_ms;
    CHECKF(ui_next_frame_ms(app.ui, last) == since + 70000, "due %lld, entered %lld",
           (long long)ui_next_frame_ms(app.ui, last), (long long)since);
    /* 2.4 in the warning: at each change of the seconds shown (15.3 s left: in 300 ms). */
    kclock_advance(app.clock, 74700);
    kiosk_app_frame(&app);
    CHECK(app.idle_warning);
    kiosk_app_frame(&app);
    int64_t now = kclock_mono_ms(app.clock);
    CHECKF(ui_next_frame_ms(app.ui, now) == now + 300, "due in %lld ms",
           (long long)(ui_next_frame_ms(app.ui, now) - now));
    /* 2.5 an animation (the card sliding onto the reader and back): while the card moves,
     * the next frame at the frame rate (never at once: its motion is no change of the
     * widgets); while it rests on the reader or waits above it, one frame at its next move,
     * not sixty a second. Over five seconds (more than a loop), both. */
    ui_touch_activity(app.ui);
    flow_go(app.flow, "idcard");
    kiosk_app_frame(&app);
    kiosk_app_frame(&app);
    CHECK_EQ_STR(flow_screen_name(app.flow), "idcard");
    int moving = 0, resting = 0;
    for (int i = 0; i < 100; i++) {
        kclock_advance(app.clock, 50);
        kiosk_app_frame(&app);
        now = kclock_mono_ms(app.clock);
        int64_t due = ui_next_frame_ms(app.ui, now);
        if (due == now + UI_FRAME_MS) {
            moving++;
            continue;
        }
        CHECKF(due > now + UI_FRAME_MS && due <= now + 1500, "step %d: next frame in %lld ms", i,
               due == INT64_MIN ? -1LL : (long long)(due - now));
        resting++;
    }
    CHECKF(moving >= 20 && resting >= 20, "%d frames moving, %d resting", moving, resting);
    kiosk_app_finish(&app);
}

int main(void)
{
    log_setup(LOG_ERROR, NULL, 0, 0);
    KTEST_RUN(deadlines);
    KTEST_RUN(idle_and_wake);
    return ktest_done();
}
