/* app/kiosk/kiosk.c: start-up, the main loop and shutdown of the kiosk program (app layer).
 * Owns everything in struct kiosk_app; see app/kiosk/app.h. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/core/calendar.h"
#include "app/core/region.h"
#include "app/sync/sync.h"
#include "app/kiosk/app.h"
#include "app/screens/flow.h"
#include "app/kiosk/script.h"
#include "app/kiosk/session.h"
#include "app/kiosk/task.h"
#include "app/kiosk/print.h"
#include "app/kiosk/reader.h"
#include "drivers/scanner/scanner.h"
#include "app/ui/picture.h"
#include "app/ui/widgets.h"
#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/memstat.h"
#include "platform/paths.h"
#include "platform/signals.h"
#include "platform/strings.h"
#include "platform/watchdog.h"
#include "platform/xalloc.h"
#include "version.h"

static bool parse_size(const char *s, int *w, int *h)
{
    char buf[32];
    if (!str_copy(buf, sizeof buf, s))
        return false;
    char *x = strchr(buf, 'x');
    if (!x)
        return false;
    *x = '\0';
    long lw, lh;
    if (!str_to_long(buf, 200, 8192, &lw) || !str_to_long(x + 1, 200, 8192, &lh))
        return false;
    *w = (int)lw;
    *h = (int)lh;
    return true;
}

int kiosk_parse_args(int argc, char **argv, struct kiosk_opts *o)
{
    memset(o, 0, sizeof *o);
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        bool has_val = i + 1 < argc;
        if (strcmp(a, "--version") == 0) {
            printf("kiosk %s (%s)\n", KIOSK_VERSION, KIOSK_GIT_REV);
            return -1;
        } else if (strcmp(a, "--help") == 0) {
            printf("%s\n", tr("kiosk.usage"));
            return -1;
        } else if (strcmp(a, "--config") == 0 && has_val) {
            o->config_path = argv[++i];
        } else if (strcmp(a, "--windowed") == 0 && has_val) {
            o->windowed = true;
            if (!parse_size(argv[++i], &o->win_w, &o->win_h))
                goto bad;
        } else if (strcmp(a, "--orientation") == 0 && has_val) {
            o->orientation = argv[++i];
            if (strcmp(o->orientation, "portrait") != 0 && strcmp(o->orientation, "landscape") != 0)
                goto bad;
        } else if (strcmp(a, "--headless") == 0) {
            o->headless = true;
        } else if (strcmp(a, "--out") == 0 && has_val) {
            o->out_dir = argv[++i];
        } else if (strcmp(a, "--frames") == 0 && has_val) {
            if (!str_to_long(argv[++i], 1, 100000000, &o->frames))
                goto bad;
        } else if (strcmp(a, "--sim") == 0) {
            o->sim = true;
        } else if (strcmp(a, "--report-first-frame") == 0) {
            o->report_first_frame = true;
        } else if (strcmp(a, "--script") == 0 && has_val) {
            o->script = argv[++i];
        } else {
            tr_fail(stderr, "E936", NULL, "kiosk.bad_option", a, NULL);
            fprintf(stderr, "%s\n", tr("kiosk.usage"));
            return 1;
        }
        continue;
    bad:
        tr_fail(stderr, "E936", NULL, "kiosk.bad_option", a, NULL);
        fprintf(stderr, "%s\n", tr("kiosk.usage"));
        return 1;
    }
    return 0;
}

/* The region table for the pickers. Without it (missing or bad file) region fields are typed
 * on the keyboard: logged, never fatal. */
static void load_regions(struct kiosk_app *app)
{
    char path[4096], err[256];
    config_path(&app->cfg, "regions", path, sizeof path);
    char *text = NULL;
    size_t len = 0;
    enum kerr e = fs_read_file(path, 16u << 20, &text, &len);
    if (e != K_OK) {
        log_warn("kiosk", "E871: region table %s unreadable (%s): region fields are typed", path,
                 kerr_name(e));
        return;
    }
    if (region_table_parse(text, len, &app->regions, err, sizeof err) != K_OK) {
        log_warn("kiosk", "region table %s: %s: region fields are typed", path, err);
        app->regions = NULL;
    }
    free(text);
}

int kiosk_app_init(struct kiosk_app *app, const struct kiosk_opts *opts)
{
    memset(app, 0, sizeof *app);
    app->opts = *opts;
    app->clock = kclock_system();
    char err[1024], msg[1400];
    bool optional = opts->config_path == NULL;
    const char *cpath = opts->config_path ? opts->config_path : paths_default_config();
    if (config_load(&app->cfg, cpath, optional, err, sizeof err) != K_OK) {
        tr_fail(stderr, "E100", err, "kiosk.config_error", NULL);
        return 1;
    }
    int lvl = log_level_parse(app->cfg.log_level);
    log_setup(lvl < 0 ? LOG_INFO : (enum log_level)lvl, app->cfg.log_file,
              (size_t)app->cfg.log_max_kb * 1024, 3);
    config_path(&app->cfg, "assets", app->assets, sizeof app->assets);
    char sdir[4200];
    snprintf(sdir, sizeof sdir, "%s/ui/strings", app->assets);
    if (strings_load_dir(sdir, err, sizeof err) != K_OK) {
        tr_fail(stderr, "E013", err, "kiosk.strings_error", NULL);
        return 1;
    }
    if (opts->sim) {
        const char *keys[] = {"idcard.driver", "printer.driver", "scanner.driver", "camera.driver"};
        for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++)
            config_set(&app->cfg, keys[i], "sim", err, sizeof err);
    }
    if (opts->script) {
        /* Scripts run on a fake clock so that time moves only when they say. */
        app->clock = kclock_fake_create(1790000000000LL);
        app->script = script_load(opts->script, err, sizeof err);
        if (!app->script) {
            tr_fail(stderr, "E930", err, "kiosk.script_error", NULL);
            return 1;
        }
    }
    const char *orient = opts->orientation ? opts->orientation : app->cfg.orientation;
    bool land = strcmp(orient, "landscape") == 0;
    struct display_opts dopts = {
        .canvas_w = land ? 1920 : 1080,
        .canvas_h = land ? 1080 : 1920,
        .windowed = opts->windowed,
        .win_w = opts->win_w,
        .win_h = opts->win_h,
        .headless = opts->headless || !display_has_video(),
    };
    if (dopts.headless && !opts->headless)
        fprintf(
            stderr, "%s\n",
            tr_fmt(msg, sizeof msg, "kiosk.no_display", opts->out_dir ? opts->out_dir : "-", NULL));
    app->opts.headless = dopts.headless;
    if (display_open(&app->disp, &dopts, err, sizeof err) != K_OK) {
        tr_fail(stderr, "E001", err, "kiosk.display_error", NULL);
        return 1;
    }
    app->ui = ui_create(&app->disp, app->assets, app->clock, err, sizeof err);
    if (!app->ui) {
        tr_fail(stderr, "E013", err, "kiosk.ui_error", NULL);
        return 1;
    }
    if (opts->out_dir)
        fs_mkdir_p(opts->out_dir, 0755);
    char path[4096];
    config_path(&app->cfg, "service", path, sizeof path);
    if (service_load(path, &app->svc, err, sizeof err) != K_OK) {
        tr_fail(stderr, "E801", err, "kiosk.service_error", NULL);
        return 1;
    }
    config_path(&app->cfg, "calendar", path, sizeof path);
    if (calendar_load_dir(path, &app->cal, err, sizeof err) != K_OK) {
        tr_fail(stderr, "E820", err, "kiosk.calendar_error", NULL);
        return 1;
    }
    load_regions(app);
    app->session = session_create(&app->svc);
    /* No reader until the reading loop says otherwise. */
    app->reader_state = READER_NONE;
    app->evq = evq_create(256);
    app->tasks = tasks_create(app->evq);
    /* Delivery and status lookups run on their own threads with their own connections. */
    if (sync_create(&app->cfg, app->clock, app->evq, NULL, &app->sync, err, sizeof err) != K_OK ||
        sync_start(app->sync) != K_OK) {
        tr_fail(stderr, "E601", err, "kiosk.store_error", NULL);
        return 1;
    }
    app->print = print_create(app);
    reader_start(app);
    /* The QR scanner's thread posts EV_SCAN (status lookup). The simulated one is per
     * process: start each kiosk with it empty. */
    if (strcmp(app->cfg.scanner_driver, "sim") == 0)
        scanner_sim_reset();
    app->scanner = scanner_thread_start(app->cfg.scanner_driver, app->cfg.scanner_device, app->evq,
                                        NULL, err, sizeof err);
    if (!app->scanner)
        log_warn("kiosk", "scanner thread not started: %s", err);
    app->flow = flow_create(app);
    return 0;
}

void kiosk_end_session(struct kiosk_app *app)
{
    /* The screens first: no captured page may arrive after the wipe. */
    flow_end_session(app->flow);
    session_wipe(app->session);
    ui_clear_text_cache(app->ui);
    app->trim_pending = true; /* once the next screen has replaced the session's pictures */
    app->idle_warning = false;
    app->receipt_state = RECEIPT_NONE;
    log_info("kiosk", "session ended and wiped");
}

void kiosk_call_staff(struct kiosk_app *app, const char *where)
{
    app->staff_called = true;
    log_warn("kiosk", "staff call from screen %s", where);
    if (app->sync) /* casehub's window console shows it (server/alerts.h); never blocks */
        sync_alert_request(app->sync, where);
}

/* Milliseconds until a countdown of left_ms, shown in whole seconds rounded up, shows the
 * next number (or reaches zero). */
static int64_t countdown_step(int64_t left_ms)
{
    return left_ms <= 0 ? 0 : (left_ms - 1) % 1000 + 1;
}

/* Idle rules: 90 s on reading screens, 180 s on typing screens; a warning with a countdown
 * 20 s before; any touch extends, without limit. In 长辈模式 the ui.elder_idle_* times
 * (twice as long by default). */
static void idle_frame(struct kiosk_app *app)
{
    const struct screen *sc = flow_screen(app->flow);
    if (!sc || sc->idle == IDLE_NONE)
        return;
    bool elder = ui_elder(app->ui);
    long read_s = elder ? app->cfg.elder_idle_read_s : app->cfg.idle_read_s;
    long type_s = elder ? app->cfg.elder_idle_type_s : app->cfg.idle_type_s;
    long warn_s = elder ? app->cfg.elder_idle_warn_s : app->cfg.idle_warn_s;
    long limit_s = sc->idle == IDLE_TYPE ? type_s : read_s;
    int64_t now = kclock_mono_ms(app->clock);
    int64_t last = ui_last_input_ms(app->ui) > app->screen_since_ms ? ui_last_input_ms(app->ui)
                                                                    : app->screen_since_ms;
    int64_t left_ms = limit_s * 1000 - (now - last);
    if (left_ms <= 0) {
        log_info("kiosk", "idle timeout on %s", sc->name);
        kiosk_end_session(app);
        return;
    }
    app->idle_warning = left_ms <= warn_s * 1000;
    /* Draw again when the warning is due, and then at each change of its seconds count. */
    if (!app->idle_warning) {
        ui_wake_at(app->ui, now + left_ms - warn_s * 1000);
        return;
    }
    ui_wake_at(app->ui, now + countdown_step(left_ms));
    char secs[24];
    snprintf(secs, sizeof secs, "%lld", (long long)((left_ms + 999) / 1000));
    const char *buttons[] = {tr("idle.continue")};
    if (ui_countdown_modal(app->ui, "idle", tr("idle.title"), secs, tr("idle.after"), buttons, 1) ==
        0) {
        ui_touch_activity(app->ui);
        app->idle_warning = false;
    }
}

/* Reader events every screen shares: the reader's state and the counters. The card may be
 * taken back once it has been read (the screens say so): leaving the reader starts no
 * countdown; an abandoned session ends by the idle timeout. Returns true when the event was
 * used up here. */
static bool device_event(struct kiosk_app *app, const struct ev *e)
{
    if (e->type == EV_IDCARD_STATE) {
        app->reader_state = e->code;
        return false;
    }
    if (e->type == EV_IDCARD_READ)
        app->card_reads++;
    if (e->type == EV_SCAN)
        app->scans++;
    if (e->type == EV_SCANNER_STATE && e->payload)
        str_copy(app->scanner_error, sizeof app->scanner_error, e->payload);
    return false;
}

static void screenshot_if_new(struct kiosk_app *app)
{
    const char *name = flow_screen_name(app->flow);
    if (!app->opts.out_dir || app->opts.named_shots_only ||
        strcmp(name, app->last_shot_screen) == 0)
        return;
    str_copy(app->last_shot_screen, sizeof app->last_shot_screen, name);
    struct image *img = display_read_canvas(&app->disp);
    if (!img)
        return;
    char path[4200];
    snprintf(path, sizeof path, "%s/%03d_%s.png", app->opts.out_dir, ++app->shot_no, name);
    if (image_write_png(img, path) != K_OK)
        log_warn("kiosk", "cannot write screenshot %s", path);
    image_destroy(img);
}

/* Take what came: SDL's input into the toolkit and every device and sync event to the
 * screen. Each device event may change what is shown, so the next frame is drawn. */
static void take_events(struct kiosk_app *app)
{
    if (!ui_pump(app->ui))
        signals_request_quit();
    struct ev e;
    while (evq_poll(app->evq, &e)) {
        const struct screen *sc = flow_screen(app->flow);
        reader_translate(&e);
        if (e.type == EV_IDCARD_READ || e.type == EV_SCAN)
            ui_touch_activity(app->ui);
        if (!device_event(app, &e) && sc && sc->event)
            sc->event(app, &e);
        evq_event_free(&e);
        ui_invalidate(app->ui);
    }
}

/* After a new screen's first frame: the pictures it did not draw go (the last screen's
 * illustrations), and after a session's end the heap's free pages go back to the system, so
 * that an idle kiosk does not keep the memory of the session before (docs/ui.md, "Memory"). */
static void release_left_behind(struct kiosk_app *app)
{
    const struct screen *sc = flow_screen(app->flow);
    if (sc == app->drawn_screen)
        return;
    bool first = app->drawn_screen == NULL;
    app->drawn_screen = sc;
    if (first)
        return;
    picture_cache_release_unused(ui_picture_cache(app->ui), ui_frame_number(app->ui));
    if (app->trim_pending) {
        app->trim_pending = false;
        memstat_release_free();
    }
}

static void draw(struct kiosk_app *app)
{
    ui_begin(app->ui);
    /* Under an overlay (the idle warning) the screen takes no input. */
    ui_block_input(app->ui, app->idle_warning);
    flow_frame(app->flow);
    ui_block_input(app->ui, false);
    idle_frame(app);
    /* A switch asked for in this frame is made at the start of the next one: draw it. */
    if (flow_switch_pending(app->flow))
        ui_invalidate(app->ui);
    ui_end(app->ui);
    release_left_behind(app);
    screenshot_if_new(app);
    if (app->after_frame)
        app->after_frame(app, app->after_frame_ud);
    display_present(&app->disp);
    app->frame_no++;
}

void kiosk_app_frame(struct kiosk_app *app)
{
    take_events(app);
    draw(app);
}

static void after_frame(struct kiosk_app *app, const struct timespec *t0)
{
    if (app->frame_no == 1)
        watchdog_ready();
    if (app->frame_no == 1 && app->opts.report_first_frame) {
        struct timespec t1;
        clock_gettime(CLOCK_MONOTONIC, &t1);
        struct memstat m;
        memstat_read(0, &m);
        printf("first-frame %.3f pss-kib %ld rss-kib %ld anon-kib %ld\n",
               (double)(t1.tv_sec - t0->tv_sec) * 1e3 + (double)(t1.tv_nsec - t0->tv_nsec) / 1e6,
               m.pss_kib, m.rss_kib, m.anon_kib);
        fflush(stdout);
    }
}

/* The longest sleep: signals that the window system's wait does not see, the watchdog. */
#define MAX_WAIT_MS 1000

int kiosk_app_run(struct kiosk_app *app)
{
    struct timespec t0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    watchdog_init();
    /* Scripted and frame-bounded runs (tests, benchmarks) draw every step, as fast as they go. */
    if (app->script || app->opts.frames) {
        while (!signals_quit_requested()) {
            if (app->script && !script_step(app->script, app))
                break;
            kiosk_app_frame(app);
            after_frame(app, &t0);
            watchdog_kick(kclock_mono_ms(kclock_system()));
            if (app->opts.frames && app->frame_no >= app->opts.frames)
                break;
        }
        return app->exit_code;
    }
    /* Otherwise draw only when something changed, and sleep until input, a device event or
     * the next deadline (an animation frame, a countdown's next second). */
    evq_set_notify(app->evq, display_wake, &app->disp);
    int64_t last_frame_ms = INT64_MIN / 2;
    while (!signals_quit_requested()) {
        take_events(app);
        int64_t now = kclock_mono_ms(app->clock);
        int64_t due = ui_next_frame_ms(app->ui, last_frame_ms);
        if (due <= now) {
            last_frame_ms = now;
            draw(app);
            after_frame(app, &t0);
            watchdog_kick(kclock_mono_ms(kclock_system()));
            continue;
        }
        watchdog_kick(kclock_mono_ms(kclock_system()));
        int64_t wait = due - now;
        int64_t wd = watchdog_interval_ms();
        if (wait > MAX_WAIT_MS)
            wait = MAX_WAIT_MS;
        if (wd > 0 && wait > wd / 2)
            wait = wd / 2;
        display_wait(&app->disp, (int)wait, evq_fd(app->evq));
    }
    evq_set_notify(app->evq, NULL, NULL);
    return app->exit_code;
}

void kiosk_app_finish(struct kiosk_app *app)
{
    watchdog_stopping();
    flow_destroy(app->flow);
    /* Every job started by a screen ends before anything it borrows (the clock) goes. */
    tasks_destroy(app->tasks);
    reader_stop(app);
    scanner_thread_stop(app->scanner);
    print_destroy(app->print);
    sync_destroy(app->sync);
    session_destroy(app->session);
    script_destroy(app->script);
    calendar_destroy(app->cal);
    region_table_destroy(app->regions);
    service_free(&app->svc);
    if (app->clock && kclock_is_fake(app->clock))
        kclock_destroy(app->clock);
    evq_destroy(app->evq);
    ui_destroy(app->ui);
    display_close(&app->disp);
    config_finish(&app->cfg);
    strings_unload();
    log_close();
    memset(app, 0, sizeof *app);
}
