/* app/service/service_mode.c: the technician's service mode (app layer, service).
 *
 * Entry: five taps in the attract screen's top-left corner within three seconds open a PIN
 * pad (screens "svc_pin"); the PIN is checked against the argon2id hash in the configuration
 * with the persistent five-strikes lockout of app/service/pin.h. Inside: the queue and
 * delivery (counts, oldest, last error, deliver now, retry all), the network check (backend
 * reachable, TLS, clock skew), staff calls, the devices as configured, and exit. Everything
 * done in service mode goes into the audit log (on a worker thread). No personal data is
 * shown anywhere here.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/screens/common.h"
#include "app/service/service_mode.h"
#include "app/kiosk/print.h"
#include "app/kiosk/reader.h"
#include "app/kiosk/task.h"
#include "app/receipt/testpage.h"
#include "app/service/pin.h"
#include "app/store/store.h"
#include "app/sync/probe.h"
#include "app/sync/sync.h"
#include "drivers/idcard/idcard.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

/* ---- state ---- */

struct queue_job {
    struct kconfig *cfg; /* a copy, owned by the job until it has run */
    struct kclock *clock;
    bool retry;
    enum kerr rc;
    int retried;
    struct store_queue_stats st;
};

struct net_job {
    struct kconfig *cfg; /* a copy, owned by the job until it has run */
    enum kerr rc;
    struct probe_result r;
};

/* The state of this file's screens (kept with screen_svc_pin). The PIN being typed is wiped
 * after each try, when the PIN screen is left, at the end of each session and at exit. */
struct service_state {
    struct {
        struct pin_guard *guard; /* created at the first entry, destroyed at exit */
        char buf[16], msg[256];
    } pin;
    struct {
        struct queue_job last; /* its cfg is always NULL: the job dropped it */
        bool have, busy;
    } queue;
    struct {
        struct net_job last; /* its cfg is always NULL: the job dropped it */
        bool have;
    } net;
    /* The printer's status is asked of its worker on entry (it owns the printer); the
     * reader's and the scanner's state and counters are what their threads have reported so
     * far. */
    struct {
        struct print_done printer;
        enum kerr printer_rc;
        bool printer_have;
    } dev;
};
extern const struct screen screen_svc_pin;

static struct service_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_svc_pin);
}

/* ---- audit, off the UI thread ---- */

struct audit_job {
    struct kconfig *cfg; /* a copy, owned by the job until it has run */
    struct kclock *clock;
    char action[64], detail[128];
};

static void *audit_run(void *arg)
{
    struct audit_job *j = arg;
    store *st = NULL;
    char err[256];
    if (store_open(j->cfg, j->clock, STORE_OPEN_DEFAULT, &st, err, sizeof err) == K_OK)
        store_audit(st, "technician", j->action, NULL, j->detail);
    else
        log_warn("service", "audit not written: %s", err);
    store_close(st);
    config_destroy(j->cfg);
    free(j);
    return NULL;
}

void service_audit(struct kiosk_app *app, const char *action, const char *detail)
{
    struct audit_job *j = xcalloc(1, sizeof *j);
    j->cfg = config_dup(&app->cfg);
    j->clock = app->clock;
    str_copy(j->action, sizeof j->action, action);
    str_copy(j->detail, sizeof j->detail, detail ? detail : "");
    log_info("service", "audit: %s %s", action, j->detail);
    if (!task_run(app->tasks, TASK_AUDIT, audit_run, j, NULL)) {
        config_destroy(j->cfg);
        free(j);
    }
}

/* ---- PIN ---- */

static void pin_enter(struct kiosk_app *app)
{
    struct service_state *ss = state(app);
    svc_config_finish(app);
    explicit_bzero(ss->pin.buf, sizeof ss->pin.buf);
    ss->pin.msg[0] = '\0';
    if (!ss->pin.guard) {
        char path[4096];
        config_path(&app->cfg, "service-pin.state", path, sizeof path);
        ss->pin.guard = pin_guard_create(app->cfg.service_pin_hash, path, app->clock);
    }
}

static void pin_leave(struct kiosk_app *app)
{
    struct service_state *ss = state(app);
    explicit_bzero(ss->pin.buf, sizeof ss->pin.buf);
}

static void pin_frame(struct kiosk_app *app, struct ui *ui)
{
    struct service_state *ss = state(app);
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.pin.title"), NULL);
    int y = body.y;
    char stars[32] = "";
    for (size_t i = 0; i < strlen(ss->pin.buf) && i < 20; i++)
        str_append(stars, sizeof stars, "*");
    y += ui_label(ui, "svc.pin.prompt", (struct ui_rect){body.x, y, body.w, 0},
                  tr("svc.pin.prompt"), UI_FONT_LARGE, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    y += ui_label(ui, "svc.pin.value", (struct ui_rect){body.x, y, body.w, 0},
                  stars[0] ? stars : " ", UI_FONT_HEADING, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    if (ss->pin.msg[0])
        y += ui_label(ui, "svc.pin.message", (struct ui_rect){body.x, y, body.w, 0}, ss->pin.msg,
                      UI_FONT_BODY, UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
    y += t->gap;
    bool modal = screen_bar(app, ui, "attract");
    if (modal)
        return;
    if (!ui_keypad(ui, "svc.pin.pad", (struct ui_rect){body.x, y, body.w, body.y + body.h - y},
                   ss->pin.buf, sizeof ss->pin.buf, NULL))
        return;
    int left = 0;
    int64_t wait_s = 0;
    char n[32];
    enum pin_result r = pin_guard_try(ss->pin.guard, ss->pin.buf, &left, &wait_s);
    explicit_bzero(ss->pin.buf, sizeof ss->pin.buf);
    switch (r) {
    case PIN_OK:
        service_audit(app, "service_enter", "");
        flow_go(app->flow, "svc_menu");
        break;
    case PIN_WRONG:
        snprintf(n, sizeof n, "%d", left);
        tr_fmt(ss->pin.msg, sizeof ss->pin.msg, "ctl.pin.wrong", n, NULL);
        service_audit(app, "service_pin_wrong", "");
        break;
    case PIN_LOCKED:
        snprintf(n, sizeof n, "%lld", (long long)((wait_s + 59) / 60));
        tr_fmt(ss->pin.msg, sizeof ss->pin.msg, "ctl.pin.locked", n, NULL);
        service_audit(app, "service_locked", "");
        break;
    default:
        str_copy(ss->pin.msg, sizeof ss->pin.msg, tr("ctl.pin.disabled"));
        break;
    }
}

/* The technician's session ends (the idle timeout, 首页): nothing typed survives it. The
 * guard stays: it holds only the hash and the lockout, kept on disk anyway. */
static void service_end_session(struct kiosk_app *app)
{
    struct service_state *ss = state(app);
    explicit_bzero(ss->pin.buf, sizeof ss->pin.buf);
    explicit_bzero(ss->pin.msg, sizeof ss->pin.msg);
}

/* The app stops: the guard is destroyed and the whole state wiped before the flow frees it. */
static void service_finish(struct kiosk_app *app)
{
    struct service_state *ss = state(app);
    pin_guard_destroy(ss->pin.guard);
    explicit_bzero(ss, sizeof *ss);
}

const struct screen screen_svc_pin = {
    .name = "svc_pin",
    .idle = IDLE_TYPE,
    .enter = pin_enter,
    .leave = pin_leave,
    .frame = pin_frame,
    .end_session = service_end_session,
    .finish = service_finish,
    .state_size = sizeof(struct service_state),
};

/* ---- menu ---- */

/* The menu: one large button per screen, two columns (three in landscape). */
static const struct {
    const char *label, *target;
} menu_items[] = {
    {"svc.menu.devices", "svc_devices"}, {"svc.menu.config", "svc_config"},
    {"svc.menu.printer", "svc_printer"}, {"svc.menu.reader", "svc_reader"},
    {"svc.menu.scanner", "svc_scanner"}, {"svc.menu.camera", "svc_camera"},
    {"svc.menu.queue", "svc_queue"},     {"svc.menu.network", "svc_network"},
    {"svc.menu.calls", "svc_calls"},     {"svc.menu.logs", "svc_logs"},
    {"svc.menu.usb", "svc_usb"},         {"svc.menu.exit", NULL},
};

static void menu_frame(struct kiosk_app *app, struct ui *ui)
{
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.title"), NULL);
    int cols = ui_landscape(ui) ? 3 : 2;
    int bw = (body.w - (cols - 1) * t->gap) / cols;
    int n = 0;
    for (size_t i = 0; i < sizeof menu_items / sizeof menu_items[0]; i++) {
        /* Screens not built into this kiosk are left out of the menu. */
        if (menu_items[i].target && !flow_has_screen(menu_items[i].target))
            continue;
        char wid[32];
        snprintf(wid, sizeof wid, "svc.menu.%zu", i);
        struct ui_rect r = {body.x + (n % cols) * (bw + t->gap),
                            body.y + (n / cols) * (t->button_h + t->gap), bw, t->button_h};
        n++;
        if (!ui_button(ui, wid, r, tr(menu_items[i].label),
                       menu_items[i].target ? UI_BTN_SECONDARY : UI_BTN_DANGER, true))
            continue;
        if (menu_items[i].target) {
            flow_go(app->flow, menu_items[i].target);
        } else {
            /* leaving service mode ends the technician's session: what the screens copied
             * (the configuration with the backend's token, texts) is wiped now, not when
             * the next applicant's session ends */
            service_audit(app, "service_exit", "");
            kiosk_end_session(app);
        }
    }
}

const struct screen screen_svc_menu = {
    .name = "svc_menu",
    .idle = IDLE_TYPE,
    .frame = menu_frame,
};

/* ---- queue and delivery ---- */

static void *queue_run(void *arg)
{
    struct queue_job *j = arg;
    store *s = NULL;
    char err[256];
    j->rc = store_open(j->cfg, j->clock, STORE_OPEN_DEFAULT, &s, err, sizeof err);
    if (j->rc == K_OK && j->retry)
        store_outbox_retry_all(s, &j->retried);
    if (j->rc == K_OK)
        j->rc = store_queue_stats(s, &j->st);
    store_close(s);
    config_destroy(j->cfg);
    j->cfg = NULL;
    return j;
}

static void queue_ask(struct kiosk_app *app, bool retry)
{
    struct service_state *ss = state(app);
    struct queue_job *j = xcalloc(1, sizeof *j);
    j->cfg = config_dup(&app->cfg);
    j->clock = app->clock;
    j->retry = retry;
    ss->queue.busy = task_run(app->tasks, TASK_QUEUE, queue_run, j, free);
    if (!ss->queue.busy) {
        config_destroy(j->cfg);
        free(j);
    }
}

static void queue_enter(struct kiosk_app *app)
{
    state(app)->queue.have = false;
    queue_ask(app, false);
}

static void queue_event(struct kiosk_app *app, const struct ev *e)
{
    struct service_state *ss = state(app);
    if (e->type == EV_USER && e->code == TASK_QUEUE && e->payload) {
        ss->queue.last = *(struct queue_job *)e->payload;
        ss->queue.have = true;
        ss->queue.busy = false;
    } else if (e->type == EV_SYNC_PROGRESS || e->type == EV_SYNC_DELIVERED) {
        if (!ss->queue.busy)
            queue_ask(app, false);
    }
}

static void queue_frame(struct kiosk_app *app, struct ui *ui)
{
    struct service_state *ss = state(app);
    const struct queue_job *last = &ss->queue.last;
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.queue"), NULL);
    int y = body.y;
    char a[32], b[32], line[512];
    if (!ss->queue.have) {
        ui_label(ui, "svc.queue.wait", (struct ui_rect){body.x, y, body.w, 0}, tr("svc.wait"),
                 UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    } else if (last->rc != K_OK) {
        ui_label(ui, "svc.queue.error", (struct ui_rect){body.x, y, body.w, 0},
                 tr("svc.queue.store_error"), UI_FONT_BODY, UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
    } else {
        snprintf(a, sizeof a, "%d", last->st.queued);
        snprintf(b, sizeof b, "%d", last->st.delivered);
        y += ui_label(ui, "svc.queue.counts", (struct ui_rect){body.x, y, body.w, 0},
                      tr_fmt(line, sizeof line, "svc.queue.counts", a, b, NULL), UI_FONT_LARGE,
                      UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
        y += t->gap;
        if (last->st.oldest_queued_ms) {
            int64_t age = (kclock_unix_ms(app->clock) - last->st.oldest_queued_ms) / 60000;
            snprintf(a, sizeof a, "%lld", (long long)(age < 0 ? 0 : age));
            y += ui_label(ui, "svc.queue.oldest", (struct ui_rect){body.x, y, body.w, 0},
                          tr_fmt(line, sizeof line, "svc.queue.oldest", a, NULL), UI_FONT_BODY,
                          UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
            y += t->gap;
        }
        if (last->st.conflicts) { /* set aside after a 409: a technician must look */
            snprintf(a, sizeof a, "%d", last->st.conflicts);
            y += ui_label(
                ui, "svc.queue.conflicts", (struct ui_rect){body.x, y, body.w, 0},
                tr_fmt(line, sizeof line, "svc.queue.conflicts", a, last->st.conflict_code, NULL),
                UI_FONT_BODY, UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
            y += t->gap;
        }
        y += ui_label(ui, "svc.queue.last_error", (struct ui_rect){body.x, y, body.w, 0},
                      last->st.last_error[0] ? tr_fmt(line, sizeof line, "svc.queue.last_error",
                                                      last->st.last_error, NULL)
                                             : tr("svc.queue.no_error"),
                      UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
        y += 2 * t->gap;
    }
    bool modal = screen_bar(app, ui, "svc_menu");
    if (modal)
        return;
    int bw = (body.w - t->gap) / 2, by = body.y + body.h - t->button_h;
    if (ui_button(ui, "svc.queue.deliver", (struct ui_rect){body.x, by, bw, t->button_h},
                  tr("svc.queue.deliver"), UI_BTN_PRIMARY, true)) {
        if (app->sync)
            sync_kick(app->sync);
        service_audit(app, "service_deliver_now", "");
    }
    if (ui_button(ui, "svc.queue.retry",
                  (struct ui_rect){body.x + bw + t->gap, by, bw, t->button_h},
                  tr("svc.queue.retry"), UI_BTN_SECONDARY, !ss->queue.busy)) {
        queue_ask(app, true);
        if (app->sync)
            sync_kick(app->sync);
        service_audit(app, "service_retry_all", "");
    }
}

const struct screen screen_svc_queue = {
    .name = "svc_queue",
    .idle = IDLE_TYPE,
    .enter = queue_enter,
    .frame = queue_frame,
    .event = queue_event,
};

/* ---- network ---- */

static void *net_run(void *arg)
{
    struct net_job *j = arg;
    j->rc = probe_backend(j->cfg, (int64_t)time(NULL), &j->r);
    config_destroy(j->cfg);
    j->cfg = NULL;
    return j;
}

static void net_enter(struct kiosk_app *app)
{
    state(app)->net.have = false;
    struct net_job *j = xcalloc(1, sizeof *j);
    j->cfg = config_dup(&app->cfg);
    if (!task_run(app->tasks, TASK_NETWORK, net_run, j, free)) {
        config_destroy(j->cfg);
        free(j);
    }
    service_audit(app, "service_network_check", "");
}

static void net_event(struct kiosk_app *app, const struct ev *e)
{
    struct service_state *ss = state(app);
    if (e->type == EV_USER && e->code == TASK_NETWORK && e->payload) {
        ss->net.last = *(struct net_job *)e->payload;
        ss->net.have = true;
    }
}

static void net_frame(struct kiosk_app *app, struct ui *ui)
{
    struct service_state *ss = state(app);
    const struct net_job *last = &ss->net.last;
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.network"), NULL);
    int y = body.y;
    char line[700], st[16], skew[32];
    y += ui_label(ui, "svc.net.url", (struct ui_rect){body.x, y, body.w, 0}, app->cfg.backend_url,
                  UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    y += t->gap;
    if (!ss->net.have) {
        ui_label(ui, "svc.net.wait", (struct ui_rect){body.x, y, body.w, 0}, tr("svc.wait"),
                 UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
        ui_progress(ui, (struct ui_rect){body.x, y + 60, body.w, 40}, -1, app->frame_no);
    } else if (last->rc != K_OK) {
        ui_label(ui, "svc.net.result", (struct ui_rect){body.x, y, body.w, 0},
                 tr_fmt(line, sizeof line, "svc.net.unreachable", app->cfg.backend_url,
                        last->r.error, NULL),
                 UI_FONT_BODY, UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
    } else {
        snprintf(st, sizeof st, "%ld", last->r.http_status);
        snprintf(skew, sizeof skew, "%lld", (long long)last->r.skew_s);
        ui_label(
            ui, "svc.net.result", (struct ui_rect){body.x, y, body.w, 0},
            tr_fmt(line, sizeof line, "doctor.backend.ok", app->cfg.backend_url, st, skew, NULL),
            UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    }
    if (!screen_bar(app, ui, "svc_menu") &&
        ui_button(ui, "svc.net.again",
                  (struct ui_rect){body.x, body.y + body.h - t->button_h, body.w, t->button_h},
                  tr("svc.net.again"), UI_BTN_PRIMARY, ss->net.have))
        net_enter(app);
}

const struct screen screen_svc_network = {
    .name = "svc_network",
    .idle = IDLE_TYPE,
    .enter = net_enter,
    .frame = net_frame,
    .event = net_event,
};

/* ---- staff calls ---- */

static void calls_frame(struct kiosk_app *app, struct ui *ui)
{
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.calls"), NULL);
    ui_label(ui, "svc.calls.state", (struct ui_rect){body.x, body.y, body.w, 0},
             tr(app->staff_called ? "svc.calls.pending" : "svc.calls.none"), UI_FONT_LARGE,
             app->staff_called ? UI_C_DANGER : UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    if (!screen_bar(app, ui, "svc_menu") &&
        ui_button(ui, "svc.calls.clear",
                  (struct ui_rect){body.x, body.y + body.h - t->button_h, body.w, t->button_h},
                  tr("svc.calls.clear"), UI_BTN_PRIMARY, app->staff_called)) {
        app->staff_called = false;
        service_audit(app, "service_staff_call_answered", "");
    }
}

const struct screen screen_svc_calls = {
    .name = "svc_calls",
    .idle = IDLE_TYPE,
    .frame = calls_frame,
};

/* ---- devices: configuration, connection, last error, counters ---- */

static void devices_enter(struct kiosk_app *app)
{
    struct service_state *ss = state(app);
    ss->dev.printer_have = false;
    if (!print_service(app->print, PRINT_STATUS)) {
        memset(&ss->dev.printer, 0, sizeof ss->dev.printer);
        ss->dev.printer_rc = app->print ? K_ERR_BUSY : K_ERR_NO_DEVICE;
        ss->dev.printer_have = true;
    }
}

static void devices_event(struct kiosk_app *app, const struct ev *e)
{
    struct service_state *ss = state(app);
    if (e->type != EV_PRINTER_STATE || !e->payload)
        return;
    const struct print_done *d = e->payload;
    if (d->kind != PRINT_STATUS)
        return;
    ss->dev.printer = *d;
    ss->dev.printer_rc = (enum kerr)e->code;
    ss->dev.printer_have = true;
}

static void devices_frame(struct kiosk_app *app, struct ui *ui)
{
    struct service_state *ss = state(app);
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.devices"), NULL);
    char conn[4][320], line[1024], wid[32], a[24], b[24];
    /* Reader. */
    snprintf(a, sizeof a, "%ld", app->card_reads);
    tr_fmt(conn[0], sizeof conn[0], "svc.dev.reader_state",
           tr(app->reader_state == READER_NONE    ? "svc.rd.none"
              : app->reader_state == READER_EMPTY ? "svc.dev.connected"
                                                  : "svc.rd.card"),
           a, NULL);
    /* Printer. */
    struct print_stats ps;
    print_get_stats(app->print, &ps);
    snprintf(a, sizeof a, "%ld", ps.printed);
    snprintf(b, sizeof b, "%ld", ps.failed);
    char state[256];
    if (!ss->dev.printer_have)
        str_copy(state, sizeof state, tr("svc.wait"));
    else if (ss->dev.printer_rc == K_OK && ss->dev.printer.have_status)
        receipt_printer_state(&ss->dev.printer.status, state, sizeof state);
    else
        str_copy(state, sizeof state, tr("ctl.devices.missing"));
    tr_fmt(conn[1], sizeof conn[1], "svc.dev.printer_state", state, a, b, NULL);
    /* Scanner. */
    snprintf(a, sizeof a, "%ld", app->scans);
    tr_fmt(conn[2], sizeof conn[2], "svc.dev.scanner_state",
           tr(app->scanner ? "svc.dev.running" : "ctl.devices.missing"), a, NULL);
    /* Camera: opened only while it is used. */
    str_copy(conn[3], sizeof conn[3], tr("svc.dev.camera_state"));
    const char *last_error[4] = {"", "", "", ""};
    char printer_err[300];
    if (ss->dev.printer_have && ss->dev.printer_rc != K_OK)
        snprintf(printer_err, sizeof printer_err, "%s",
                 ss->dev.printer.err[0] ? ss->dev.printer.err : kerr_name(ss->dev.printer_rc));
    else
        snprintf(printer_err, sizeof printer_err, "%s", ps.last_error);
    last_error[1] = printer_err;
    char reader_err[160];
    idcard_loop_last_error(app->idcard, reader_err, sizeof reader_err);
    last_error[0] = reader_err;
    last_error[2] = app->scanner_error;
    const struct {
        const char *label, *driver, *device;
    } rows[] = {
        {"svc.dev.idcard", app->cfg.idcard_driver, app->cfg.idcard_device},
        {"svc.dev.printer", app->cfg.printer_driver, app->cfg.printer_device},
        {"svc.dev.scanner", app->cfg.scanner_driver, app->cfg.scanner_device},
        {"svc.dev.camera", app->cfg.camera_driver, app->cfg.camera_device},
    };
    int y = body.y;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        snprintf(line, sizeof line, "%s  %s", rows[i].driver,
                 rows[i].device[0] ? rows[i].device : tr("svc.dev.auto"));
        snprintf(wid, sizeof wid, "svc.dev.%zu", i);
        y += ui_value_row(ui, wid, (struct ui_rect){body.x, y, body.w, 0}, tr(rows[i].label), line);
        snprintf(wid, sizeof wid, "svc.dev.%zu.state", i);
        y += ui_label(ui, wid, (struct ui_rect){body.x, y, body.w, 0}, conn[i], UI_FONT_BODY,
                      UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
        if (last_error[i][0]) {
            snprintf(wid, sizeof wid, "svc.dev.%zu.error", i);
            y += ui_label(ui, wid, (struct ui_rect){body.x, y, body.w, 0},
                          tr_fmt(line, sizeof line, "svc.dev.last_error", last_error[i], NULL),
                          UI_FONT_BODY, UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
        }
        y += 2 * t->gap;
    }
    ui_label(ui, "svc.dev.note", (struct ui_rect){body.x, y, body.w, 0}, tr("svc.dev.note"),
             UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
    screen_bar(app, ui, "svc_menu");
}

const struct screen screen_svc_devices = {
    .name = "svc_devices",
    .idle = IDLE_TYPE,
    .enter = devices_enter,
    .frame = devices_frame,
    .event = devices_event,
};
