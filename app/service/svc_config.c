/* app/service/svc_config.c: service mode's configuration screens (app layer, service).
 *
 * "svc_config" lists the settings a technician may change at the kiosk: the kiosk number, the
 * district (from the service definition), the backend URL and the timeouts (with - / +).
 * "svc_config_edit" edits one of the first three (keypad, list, ASCII keyboard). Every edit
 * goes to a copy of the configuration through config_set (the validation `kioskctl config
 * set` uses); a rejected value shows its reason in Chinese and changes nothing. 保存 asks for a
 * confirmation listing old → new, then reads the configuration file afresh, sets the changed
 * keys in it, writes it durably (config_save) and applies the timeouts at once (the others
 * take effect at the next start, which the result says). The audit row names the keys
 * changed, never a value.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screens/common.h"
#include "app/service/service_mode.h"
#include "app/ui/keyboard.h"
#include "platform/log.h"
#include "platform/paths.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

/* The keys this screen edits; the first ones open the editor, the rest have - / +. */
static const struct {
    const char *key, *label;
    long step; /* 0: opens the editor */
    bool live; /* applied to the running kiosk at once */
} keys[] = {
    {"kiosk.id", "svc.cfg.kiosk_id", 0, false},
    {"kiosk.district", "svc.cfg.district", 0, false},
    {"backend.url", "svc.cfg.backend_url", 0, false},
    {"ui.idle_read_s", "svc.cfg.idle_read", 10, true},
    {"ui.idle_type_s", "svc.cfg.idle_type", 10, true},
    {"ui.idle_warn_s", "svc.cfg.idle_warn", 5, true},
    {"backend.timeout_s", "svc.cfg.timeout", 5, false},
};
#define N_KEYS (sizeof keys / sizeof keys[0])

/* The state of both screens (kept with screen_svc_config). The copies hold the whole
 * configuration, the backend's token among it: they are dropped, wiped, at each entry to
 * service mode, at the end of each session and at exit (svc_config_finish). */
struct svc_config_state {
    struct kconfig base; /* the values in force (or saved) when editing began */
    struct kconfig edit; /* the copy being edited */
    bool have_edit, confirming, from_edit;
    char message[1024];
    bool message_ok;
    int edit_key;        /* the key svc_config_edit edits, -1 none */
    char edit_buf[1100]; /* its text */
    char edit_err[1024]; /* its rejection */
    struct ui_list_state district_list;
    struct ui_keyboard edit_kbd; /* ASCII only: never starts the input method */
};
extern const struct screen screen_svc_config;

static struct svc_config_state *state(const struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_svc_config);
}

static void cfg_start(struct kiosk_app *app)
{
    state(app)->edit_key = -1;
}

/* A copy freed, the backend's token and the PIN's hash wiped first. */
static void drop_config(struct kconfig *c)
{
    if (c->backend_token)
        explicit_bzero(c->backend_token, strlen(c->backend_token));
    if (c->service_pin_hash)
        explicit_bzero(c->service_pin_hash, strlen(c->service_pin_hash));
    config_finish(c);
}

static void copy_config(struct kconfig *dst, const struct kconfig *src)
{
    char v[1100], err[256];
    config_defaults(dst);
    for (const struct config_key *k = config_keys; k->key; k++) {
        config_get(src, k->key, v, sizeof v);
        config_set(dst, k->key, v, err, sizeof err);
    }
}

static bool changed(const struct kiosk_app *app, size_t i)
{
    struct svc_config_state *cs = state(app);
    char a[1100], b[1100];
    config_get(&cs->base, keys[i].key, a, sizeof a);
    config_get(&cs->edit, keys[i].key, b, sizeof b);
    return strcmp(a, b) != 0;
}

/* A value as a technician reads it: the district by its name. */
static const char *shown(const struct kiosk_app *app, const struct kconfig *c, size_t i, char *out,
                         size_t n)
{
    config_get(c, keys[i].key, out, n);
    if (strcmp(keys[i].key, "kiosk.district") == 0) {
        const struct service_district *d = service_district(&app->svc, out);
        if (d)
            str_copy(out, n, d->name);
    } else if (keys[i].step) {
        char num[32];
        str_copy(num, sizeof num, out);
        tr_fmt(out, n, "svc.cfg.seconds", num, NULL);
    }
    return out;
}

/* config_set's reason (English, "E1nn: key: ...") in Chinese. */
static const char *reason(const char *key, const char *err, char *out, size_t n)
{
    char lo[24] = "", hi[24] = "";
    for (const struct config_key *k = config_keys; k->key; k++) {
        if (strcmp(k->key, key) != 0)
            continue;
        snprintf(lo, sizeof lo, "%ld", k->min);
        snprintf(hi, sizeof hi, "%ld", k->max);
    }
    if (kerr_detail_is(err, CONFIG_E_RANGE))
        return tr_fmt(out, n, "svc.cfg.err.range", lo, hi, NULL);
    if (kerr_detail_is(err, CONFIG_E_URL))
        return tr_fmt(out, n, "svc.cfg.err.url", NULL);
    if (kerr_detail_is(err, CONFIG_E_LONG))
        return tr_fmt(out, n, "svc.cfg.err.long", NULL);
    if (kerr_detail_is(err, CONFIG_E_CONTROL))
        return tr_fmt(out, n, "svc.cfg.err.control", NULL);
    char code[8];
    snprintf(code, sizeof code, "%.4s", err);
    return tr_fmt(out, n, "svc.cfg.err.other", code, NULL);
}

/* Set key i on the copy; on a rejection the Chinese reason goes into why. */
static bool try_set(struct kiosk_app *app, size_t i, const char *value, char *why, size_t n)
{
    char err[1024], r[512], lab[128];
    if (config_set(&state(app)->edit, keys[i].key, value, err, sizeof err) == K_OK)
        return true;
    str_copy(lab, sizeof lab, tr(keys[i].label));
    tr_fmt(why, n, "svc.cfg.rejected", lab, reason(keys[i].key, err, r, sizeof r), NULL);
    log_info("service", "configuration value rejected: %.200s", err);
    return false;
}

static const char *file_path(const struct kiosk_app *app)
{
    return app->opts.config_path ? app->opts.config_path : paths_default_config();
}

/* The file's values of the keys here over the running ones: what a saved change that waits
 * for a restart is shows as the value. */
static void overlay_file(const struct kiosk_app *app)
{
    struct svc_config_state *cs = state(app);
    struct kconfig file;
    char err[1024], v[1100];
    if (config_load(&file, file_path(app), app->opts.config_path == NULL, err, sizeof err) ==
        K_OK) {
        for (size_t i = 0; i < N_KEYS; i++) {
            config_get(&file, keys[i].key, v, sizeof v);
            config_set(&cs->base, keys[i].key, v, err, sizeof err);
            config_set(&cs->edit, keys[i].key, v, err, sizeof err);
        }
    }
    config_finish(&file);
}

static void cfg_enter(struct kiosk_app *app)
{
    struct svc_config_state *cs = state(app);
    /* From the menu: start afresh from the running configuration; back from the editor: go
     * on with the copy. */
    if (!cs->from_edit || !cs->have_edit) {
        if (cs->have_edit) {
            drop_config(&cs->base);
            drop_config(&cs->edit);
        }
        copy_config(&cs->base, &app->cfg);
        copy_config(&cs->edit, &app->cfg);
        overlay_file(app);
        cs->have_edit = true;
        cs->message[0] = '\0';
    }
    cs->from_edit = false;
    cs->confirming = false;
}

/* The confirmation's text: one line "label: old → new" per changed key. */
static int change_list(const struct kiosk_app *app, char *out, size_t n)
{
    struct svc_config_state *cs = state(app);
    int count = 0;
    char a[1100], b[1100], line[2400];
    out[0] = '\0';
    for (size_t i = 0; i < N_KEYS; i++) {
        if (!changed(app, i))
            continue;
        shown(app, &cs->base, i, a, sizeof a);
        shown(app, &cs->edit, i, b, sizeof b);
        tr_fmt(line, sizeof line, "svc.cfg.change", tr(keys[i].label), a, b, NULL);
        if (count++)
            str_append(out, n, "\n");
        str_append(out, n, line);
    }
    return count;
}

/* Write the changed keys into the configuration file (read afresh, so that anything the
 * command line overrode for this run is not written) and apply the live ones. */
static void save(struct kiosk_app *app)
{
    struct svc_config_state *cs = state(app);
    const char *path = file_path(app);
    struct kconfig file;
    char err[1024], v[1100], keylist[128] = "";
    bool restart = false;
    if (config_load(&file, path, app->opts.config_path == NULL, err, sizeof err) != K_OK) {
        config_finish(&file);
        tr_fmt(cs->message, sizeof cs->message, "svc.cfg.file_bad", path, NULL);
        cs->message_ok = false;
        log_warn("service", "configuration not saved: %s", err);
        return;
    }
    for (size_t i = 0; i < N_KEYS; i++) {
        if (!changed(app, i))
            continue;
        config_get(&cs->edit, keys[i].key, v, sizeof v);
        config_set(&file, keys[i].key, v, err, sizeof err);
        if (keylist[0])
            str_append(keylist, sizeof keylist, ",");
        str_append(keylist, sizeof keylist, keys[i].key);
    }
    enum kerr rc = config_save(&file, path);
    config_finish(&file);
    if (rc != K_OK) {
        tr_fmt(cs->message, sizeof cs->message, "svc.cfg.save_failed", path, NULL);
        cs->message_ok = false;
        return;
    }
    /* Only what the UI thread alone reads is applied now; device and delivery threads keep
     * pointers into app->cfg, so the rest waits for the next start. */
    for (size_t i = 0; i < N_KEYS; i++) {
        if (!changed(app, i))
            continue;
        if (keys[i].live) {
            config_get(&cs->edit, keys[i].key, v, sizeof v);
            config_set(&app->cfg, keys[i].key, v, err, sizeof err);
        } else {
            restart = true;
        }
    }
    service_audit(app, "service_config_saved", keylist);
    drop_config(&cs->base);
    copy_config(&cs->base, &cs->edit);
    str_copy(cs->message, sizeof cs->message,
             tr(restart ? "svc.cfg.saved_restart" : "svc.cfg.saved"));
    cs->message_ok = true;
}

static void cfg_frame(struct kiosk_app *app, struct ui *ui)
{
    struct svc_config_state *cs = state(app);
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.config"), NULL);
    if (cs->confirming)
        ui_block_input(ui, true);
    /* One column of rows (portrait), two side by side (landscape). */
    int cols = ui_landscape(ui) ? 2 : 1, per_col = (int)(N_KEYS + (size_t)cols - 1) / cols;
    int cw = (body.w - (cols - 1) * t->gap) / cols;
    int y = body.y, y_end = body.y, lw = cw * 3 / 10, bw = (cw * 3 / 10 - t->gap) / 2;
    int vw = cw - lw - 2 * bw - 2 * t->gap;
    char v[1100], wid[64];
    for (size_t i = 0; i < N_KEYS; i++) {
        int x0 = body.x + ((int)i / per_col) * (cw + t->gap);
        if (i && (int)i % per_col == 0)
            y = body.y;
        snprintf(wid, sizeof wid, "svc.cfg.%s.label", keys[i].key);
        ui_label(ui, wid, (struct ui_rect){x0, y, lw - t->gap, 0}, tr(keys[i].label), UI_FONT_BODY,
                 UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
        snprintf(wid, sizeof wid, "svc.cfg.%s.value", keys[i].key);
        shown(app, &cs->edit, i, v, sizeof v);
        char run[1100], saved[1100];
        config_get(&app->cfg, keys[i].key, run, sizeof run);
        config_get(&cs->base, keys[i].key, saved, sizeof saved);
        if (strcmp(run, saved) != 0 && !changed(app, i))
            str_append(v, sizeof v, tr("svc.cfg.pending"));
        snprintf(wid, sizeof wid, "svc.cfg.%s.value", keys[i].key);
        int h = ui_label(ui, wid, (struct ui_rect){x0 + lw, y, vw, 0}, v, UI_FONT_LARGE,
                         changed(app, i) ? UI_C_PRIMARY : UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
        int bx = x0 + lw + vw + t->gap;
        if (keys[i].step == 0) {
            snprintf(wid, sizeof wid, "svc.cfg.%s.edit", keys[i].key);
            if (ui_button(ui, wid, (struct ui_rect){bx, y, 2 * bw + t->gap, t->button_h},
                          tr("svc.cfg.edit"), UI_BTN_SECONDARY, true)) {
                cs->edit_key = (int)i;
                flow_go(app->flow, "svc_config_edit");
            }
        } else {
            long cur = strtol(v, NULL, 10);
            for (int d = 0; d < 2; d++) {
                snprintf(wid, sizeof wid, "svc.cfg.%s.%s", keys[i].key, d ? "plus" : "minus");
                if (!ui_button(ui, wid,
                               (struct ui_rect){bx + d * (bw + t->gap), y, bw, t->button_h},
                               d ? "＋" : "－", UI_BTN_SECONDARY, true))
                    continue;
                char nv[32];
                snprintf(nv, sizeof nv, "%ld", cur + (d ? keys[i].step : -keys[i].step));
                cs->message_ok = false;
                if (try_set(app, i, nv, cs->message, sizeof cs->message))
                    cs->message[0] = '\0';
            }
        }
        y += (h > t->button_h ? h : t->button_h) + t->gap;
        y_end = y > y_end ? y : y_end;
    }
    /* The message below the rows; in landscape under the shorter right-hand column. */
    int mx = cols == 2 ? body.x + cw + t->gap : body.x, mw = cols == 2 ? cw : body.w;
    y = cols == 2 ? y : y_end;
    if (cs->message[0])
        y += ui_label(ui, "svc.cfg.message", (struct ui_rect){mx, y, mw, 0}, cs->message,
                      UI_FONT_BODY, cs->message_ok ? UI_C_TEXT : UI_C_DANGER, UI_C_BG,
                      UI_ALIGN_LEFT);
    bool any = false;
    for (size_t i = 0; i < N_KEYS; i++)
        any = any || changed(app, i);
    /* 撤销 / 保存 at the bottom: across the screen in portrait, under the right-hand column in
     * landscape (the left column may run down to the bottom). */
    int sw = (mw - t->gap) / 2, sy = body.y + body.h - t->button_h;
    if (ui_button(ui, "svc.cfg.undo", (struct ui_rect){mx, sy, sw, t->button_h}, tr("svc.cfg.undo"),
                  UI_BTN_SECONDARY, any)) {
        drop_config(&cs->edit);
        copy_config(&cs->edit, &cs->base);
        cs->message[0] = '\0';
    }
    if (ui_button(ui, "svc.cfg.save", (struct ui_rect){mx + sw + t->gap, sy, sw, t->button_h},
                  tr("svc.cfg.save"), UI_BTN_PRIMARY, true)) {
        if (any) {
            cs->confirming = true;
        } else {
            str_copy(cs->message, sizeof cs->message, tr("svc.cfg.nothing"));
            cs->message_ok = true;
        }
    }
    if (cs->confirming) {
        ui_block_input(ui, false);
        char text[4096];
        change_list(app, text, sizeof text);
        const char *b[] = {tr("svc.cfg.confirm_yes"), tr("svc.cfg.confirm_no")};
        int r = ui_modal(ui, "svc.cfg.confirm", tr("svc.cfg.confirm_title"), text, b, 2);
        if (r == 0) {
            cs->confirming = false;
            save(app);
        } else if (r == 1) {
            cs->confirming = false;
        }
        return;
    }
    screen_bar(app, ui, "svc_menu");
}

static void cfg_leave(struct kiosk_app *app)
{
    state(app)->confirming = false;
}

/* The app stops: the copies are dropped and the state wiped before the flow frees it. */
static void cfg_finish(struct kiosk_app *app)
{
    struct svc_config_state *cs = state(app);
    svc_config_finish(app);
    ui_keyboard_finish(&cs->edit_kbd);
    explicit_bzero(cs, sizeof *cs);
}

const struct screen screen_svc_config = {
    .name = "svc_config",
    .idle = IDLE_TYPE,
    .enter = cfg_enter,
    .leave = cfg_leave,
    .frame = cfg_frame,
    .start = cfg_start,
    .end_session = svc_config_finish,
    .finish = cfg_finish,
    .state_size = sizeof(struct svc_config_state),
};

/* ---- one value's editor ---- */

static void edit_enter(struct kiosk_app *app)
{
    struct svc_config_state *cs = state(app);
    cs->edit_err[0] = '\0';
    cs->district_list.page = 0;
    if (cs->edit_key >= 0 && cs->have_edit)
        config_get(&cs->edit, keys[cs->edit_key].key, cs->edit_buf, sizeof cs->edit_buf);
}

static void commit(struct kiosk_app *app, const char *value)
{
    struct svc_config_state *cs = state(app);
    if (try_set(app, (size_t)cs->edit_key, value, cs->edit_err, sizeof cs->edit_err)) {
        cs->message[0] = '\0';
        flow_go(app->flow, "svc_config");
    }
}

static void edit_frame(struct kiosk_app *app, struct ui *ui)
{
    struct svc_config_state *cs = state(app);
    const struct ui_theme *t = ui_theme(ui);
    if (cs->edit_key < 0 || !cs->have_edit) {
        flow_go(app->flow, "svc_config");
        return;
    }
    const char *key = keys[cs->edit_key].key;
    struct ui_rect body = ui_header(ui, tr(keys[cs->edit_key].label), NULL);
    int y = body.y;
    if (cs->edit_err[0]) {
        y += ui_label(ui, "svc.cfg.error", (struct ui_rect){body.x, y, body.w, 0}, cs->edit_err,
                      UI_FONT_BODY, UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
        y += t->gap;
    }
    if (screen_bar(app, ui, "svc_config"))
        return;
    struct ui_rect rest = {body.x, y, body.w, body.y + body.h - y};
    if (strcmp(key, "kiosk.district") == 0) {
        size_t n = app->svc.n_districts < 64 ? app->svc.n_districts : 64;
        const char *labels[64];
        int sel = -1;
        for (size_t i = 0; i < n; i++) {
            labels[i] = app->svc.districts[i].name;
            if (strcmp(app->svc.districts[i].id, cs->edit.district) == 0)
                sel = (int)i;
        }
        int hit =
            ui_choice_list(ui, "svc.cfg.district", rest, labels, (int)n, sel, &cs->district_list);
        if (hit >= 0)
            commit(app, app->svc.districts[hit].id);
        return;
    }
    struct ui_rect box = {rest.x, rest.y, rest.w, t->button_h};
    ui_text_box(ui, "svc.cfg.text", box, cs->edit_buf, UI_FONT_LARGE);
    struct ui_rect kb = {rest.x, rest.y + box.h + t->gap, rest.w, rest.h - box.h - t->gap};
    bool done;
    if (strcmp(key, "kiosk.id") == 0)
        done = ui_keypad(ui, "svc.cfg.pad", kb, cs->edit_buf, 8, NULL);
    else
        done = ui_keyboard(ui, &cs->edit_kbd, kb, cs->edit_buf, sizeof cs->edit_buf, UI_KBD_ASCII);
    if (done)
        commit(app, cs->edit_buf);
}

/* Back on svc_config (committed or 返回) the copy goes on; service mode's next entry drops it
 * (svc_config_finish from the PIN screen). */
static void edit_leave(struct kiosk_app *app)
{
    state(app)->from_edit = true;
}

const struct screen screen_svc_config_edit = {
    .name = "svc_config_edit",
    .idle = IDLE_TYPE,
    .enter = edit_enter,
    .leave = edit_leave,
    .frame = edit_frame,
};

void svc_config_finish(struct kiosk_app *app)
{
    struct svc_config_state *cs = state(app);
    if (cs->have_edit) {
        drop_config(&cs->base);
        drop_config(&cs->edit);
    }
    cs->have_edit = false;
    cs->from_edit = false;
    cs->edit_key = -1;
    explicit_bzero(cs->edit_buf, sizeof cs->edit_buf);
    explicit_bzero(cs->edit_err, sizeof cs->edit_err);
}

bool svc_config_holds_copy(const struct kiosk_app *app)
{
    return state(app)->have_edit;
}
