/* app/screens/lookup.c: status lookup. Hold the receipt's QR to the scanner, or type the code
 * and the last four digits of the phone number given in the application; then each matter's
 * status, department and date, the staff's note (what a supplement needs, the result, the
 * reason; framed by status.note.STATUS of assets/ui/strings/status.json, the status words
 * casehub uses too), and "as of" when the answer came from the kiosk's cache (screens
 * "lookup" and "result"). A scan is untrusted: only this system's receipt QR (or a
 * bare code with a valid check character) is looked up, nothing else is opened or logged. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/trackcode.h"
#include "app/screens/common.h"
#include "app/store/lookups.h"
#include "app/store/store.h"
#include "app/sync/sync.h"
#include "app/ui/picture.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

/* The state of the lookup and result screens (kept with screen_lookup): the applicant's, wiped
 * at the end of each session. */
struct lookup_state {
    char code_buf[TRACKCODE_MAX], phone4[8], message[256];
    bool asking_phone, waiting;
    struct sync_status_result result;
    char name_masked[96]; /* the applicant's name, masked, when the case is this kiosk's */
    int rpage;            /* the result's page of matters */
};
extern const struct screen screen_lookup;

static struct lookup_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_lookup);
}

/* The masked name of a case this kiosk took (from the encrypted store); "" otherwise. */
static void load_masked_name(struct kiosk_app *app, const char *code)
{
    struct lookup_state *ls = state(app);
    ls->name_masked[0] = '\0';
    store *st = NULL;
    char err[256];
    if (store_open(&app->cfg, app->clock, STORE_OPEN_DEFAULT, &st, err, sizeof err) != K_OK)
        return;
    struct store_case c;
    struct store_personal p = {0};
    if (store_case_by_code(st, code, &c) == K_OK && store_personal_load(st, c.id, &p) == K_OK &&
        p.form_json) {
        cJSON *o = cJSON_Parse(p.form_json);
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(o, "name");
        if (cJSON_IsString(nm))
            log_mask_name(nm->valuestring, ls->name_masked, sizeof ls->name_masked);
        cJSON_Delete(o);
    }
    store_personal_free(&p);
    store_close(st);
}

static void reset(struct kiosk_app *app)
{
    struct lookup_state *ls = state(app);
    explicit_bzero(ls->code_buf, sizeof ls->code_buf);
    explicit_bzero(ls->phone4, sizeof ls->phone4);
    ls->message[0] = '\0';
    ls->asking_phone = ls->waiting = false;
}

static void lookup_enter(struct kiosk_app *app)
{
    reset(app);
}

static void lookup_leave(struct kiosk_app *app)
{
    struct lookup_state *ls = state(app);
    explicit_bzero(ls->code_buf, sizeof ls->code_buf);
    explicit_bzero(ls->phone4, sizeof ls->phone4);
}

static void ask(struct kiosk_app *app, const char *what)
{
    struct lookup_state *ls = state(app);
    ls->waiting = true;
    ls->message[0] = '\0';
    sync_status_request(app->sync, what);
}

static void lookup_event(struct kiosk_app *app, const struct ev *e)
{
    struct lookup_state *ls = state(app);
    if (e->type == EV_SCAN && e->payload) {
        char code[TRACKCODE_MAX], token[TRACKCODE_TOKEN_MAX];
        bool has_token = false;
        const char *text = e->payload;
        if (trackcode_parse_url(app->cfg.qr_base_url, text, code, token, &has_token) != K_OK ||
            !has_token) {
            str_copy(ls->message, sizeof ls->message, tr("lookup.not_ours"));
            return;
        }
        ask(app, text);
    } else if (e->type == EV_STATUS_RESULT && e->payload && ls->waiting) {
        ls->waiting = false;
        ls->result = *(const struct sync_status_result *)e->payload;
        if (!ls->result.found) {
            str_copy(ls->message, sizeof ls->message,
                     tr(ls->result.locked   ? "lookup.locked"
                        : ls->result.manual ? "lookup.phone_mismatch"
                                            : "lookup.unknown"));
            return;
        }
        load_masked_name(app, ls->result.code);
        flow_go(app->flow, "result");
    }
}

/* Manual lookups (issue #17): after LOOKUP_MAX_MISSES wrong phone endings a code is locked
 * for manual lookups for LOOKUP_LOCK_MS, whoever types next; the receipt's QR (which carries
 * the case's token) still works. casehub keeps the count for every kiosk and the kiosk's store
 * mirrors it (app/store/lookups.h, surviving a restart), which decides when casehub cannot be
 * reached; the lookup thread asks (sync_manual_request). The code a lock is known for here is
 * refused at once, without asking. */
static bool code_locked(struct kiosk_app *app)
{
    struct lookup_state *ls = state(app);
    store *st = NULL;
    char err[256];
    int64_t until = 0;
    if (store_open(&app->cfg, app->clock, STORE_OPEN_DEFAULT, &st, err, sizeof err) != K_OK)
        return false;
    if (store_lookup_locked(st, ls->code_buf, &until) != K_OK)
        until = 0;
    store_close(st);
    return until != 0;
}

/* Keys of the code alphabet: digits, then the letters a code can hold. */
static bool code_keys(struct kiosk_app *app, struct ui *ui, struct ui_rect r)
{
    struct lookup_state *ls = state(app);
    const struct ui_theme *t = ui_theme(ui);
    static const char *const rows[4] = {"1234567890", "ABCDEFGHJK", "MNPQRSTVWX", "YZ"};
    int kw = (r.w - 9 * t->gap) / 10, kh = (r.h - 4 * t->gap) / 5;
    if (kh > t->button_h)
        kh = t->button_h;
    for (int row = 0; row < 4; row++)
        for (int i = 0; rows[row][i]; i++) {
            char k[2] = {rows[row][i], 0}, wid[16];
            snprintf(wid, sizeof wid, "code.%c", k[0]);
            if (ui_button(
                    ui, wid,
                    (struct ui_rect){r.x + i * (kw + t->gap), r.y + row * (kh + t->gap), kw, kh}, k,
                    UI_BTN_SECONDARY, true))
                str_append(ls->code_buf, sizeof ls->code_buf, k);
        }
    int y = r.y + 4 * (kh + t->gap), bw = (r.w - 2 * t->gap) / 3;
    if (ui_button(ui, "code.delete", (struct ui_rect){r.x, y, bw, kh}, tr("keypad.delete"),
                  UI_BTN_SECONDARY, ls->code_buf[0] != '\0'))
        ls->code_buf[strlen(ls->code_buf) - 1] = '\0';
    if (ui_button(ui, "code.clear", (struct ui_rect){r.x + bw + t->gap, y, bw, kh},
                  tr("keypad.clear"), UI_BTN_SECONDARY, ls->code_buf[0] != '\0'))
        ls->code_buf[0] = '\0';
    return ui_button(ui, "code.ok", (struct ui_rect){r.x + 2 * (bw + t->gap), y, bw, kh},
                     tr("keypad.ok"), UI_BTN_PRIMARY, ls->code_buf[0] != '\0');
}

static void lookup_frame(struct kiosk_app *app, struct ui *ui)
{
    struct lookup_state *ls = state(app);
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("lookup.title"), NULL);
    /* Landscape: the keys get the right half so that they keep their full height. */
    bool side = body.w > body.h;
    struct ui_rect text = body;
    if (side)
        text.w = (body.w - t->gap) / 2;
    int y = body.y;
    y += ui_label(ui, "lookup.scan", (struct ui_rect){text.x, y, text.w, 0}, tr("lookup.scan"),
                  UI_FONT_HEADING, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    y += t->gap;
    y += ui_label(ui, "lookup.manual", (struct ui_rect){text.x, y, text.w, 0},
                  tr(ls->asking_phone ? "lookup.phone_prompt" : "lookup.code_prompt"), UI_FONT_BODY,
                  UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
    y += t->gap;
    char shown[64];
    snprintf(shown, sizeof shown, "%s", ls->asking_phone ? ls->phone4 : ls->code_buf);
    struct ui_rect box = {text.x, y, text.w, t->button_h};
    ui_text_box(ui, "lookup.value", box, shown, UI_FONT_HEADING);
    y += box.h + t->gap;
    /* The wait and the message have a place of their own under the box, kept free when there
     * is none, so that the keys never move under the finger. */
    int status_y = y;
    if (ls->waiting) {
        status_y += ui_label(ui, "lookup.waiting", (struct ui_rect){text.x, status_y, text.w, 0},
                             tr("lookup.waiting"), UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
        ui_progress(ui, (struct ui_rect){text.x, status_y + t->gap, text.w, 40}, -1, app->frame_no);
    } else if (ls->message[0]) {
        ui_label(ui, "lookup.message", (struct ui_rect){text.x, status_y, text.w, 0}, ls->message,
                 UI_FONT_LARGE, UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
    }
    y += 2 * t->font_px[UI_FONT_LARGE] * 3 / 2 + t->gap;
    /* Where the scanner is: in portrait in the room the keys leave (their five rows at full
     * height), in landscape under the words. Its height never changes on this screen, so the
     * keys below it stay where they are. */
    int keys_h = side ? 0 : 5 * t->button_h + 4 * t->gap + t->gap;
    int ph = body.y + body.h - y - keys_h;
    if (ph > 560)
        ph = 560;
    if (ph >= 160) {
        ui_picture(ui, (struct ui_rect){text.x, y, text.w, ph - t->gap}, PIC_WHERE_SCANNER, 255);
        if (!side)
            y += ph;
    }
    bool modal = screen_bar(app, ui, "attract");
    if (modal || ls->waiting)
        return;
    struct ui_rect keys =
        side ? (struct ui_rect){body.x + text.w + t->gap, body.y, body.w - text.w - t->gap, body.h}
             : (struct ui_rect){body.x, y, body.w, body.y + body.h - y};
    if (!ls->asking_phone) {
        if (code_keys(app, ui, keys)) {
            char norm[TRACKCODE_MAX];
            if (!trackcode_normalize(ls->code_buf, norm) || !trackcode_check(norm)) {
                str_copy(ls->message, sizeof ls->message, tr("lookup.bad_code"));
            } else {
                trackcode_group(norm, ls->code_buf);
                ls->asking_phone = true;
                ls->message[0] = '\0';
                if (code_locked(app))
                    str_copy(ls->message, sizeof ls->message, tr("lookup.locked"));
            }
        }
    } else if (ui_keypad(ui, "lookup.pad", keys, ls->phone4, 5, NULL) && strlen(ls->phone4) == 4) {
        if (code_locked(app)) {
            str_copy(ls->message, sizeof ls->message, tr("lookup.locked"));
            explicit_bzero(ls->phone4, sizeof ls->phone4);
        } else {
            ls->waiting = true;
            ls->message[0] = '\0';
            sync_manual_request(app->sync, ls->code_buf, ls->phone4);
            explicit_bzero(ls->phone4, sizeof ls->phone4);
        }
    }
}

/* Nothing of the applicant's lookup survives the session (the miss counts are in the store
 * and casehub). */
static void lookup_wipe(struct kiosk_app *app)
{
    struct lookup_state *ls = state(app);
    explicit_bzero(ls, sizeof *ls);
}

const struct screen screen_lookup = {
    .name = "lookup",
    .idle = IDLE_TYPE,
    .enter = lookup_enter,
    .leave = lookup_leave,
    .frame = lookup_frame,
    .event = lookup_event,
    .end_session = lookup_wipe,
    .state_size = sizeof(struct lookup_state),
};

/* ---- result ---- */

static void result_frame(struct kiosk_app *app, struct ui *ui)
{
    struct lookup_state *ls = state(app);
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("result.title"), NULL);
    int y = body.y;
    y += ui_label(ui, "result.code", (struct ui_rect){body.x, y, body.w, 0}, ls->result.code,
                  UI_FONT_HEADING, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    if (ls->name_masked[0]) {
        char line[200];
        y += ui_label(ui, "result.name", (struct ui_rect){body.x, y, body.w, 0},
                      tr_fmt(line, sizeof line, "result.name", ls->name_masked, NULL), UI_FONT_BODY,
                      UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    }
    y += t->gap;
    if (!ls->result.fresh) {
        char when[64], line[160];
        struct kdate d = kclock_beijing(ls->result.as_of_ms);
        snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d", d.year, d.month, d.day, d.hour,
                 d.minute);
        y += ui_label(ui, "result.as_of", (struct ui_rect){body.x, y, body.w, 0},
                      ls->result.as_of_ms ? tr_fmt(line, sizeof line, "result.as_of", when, NULL)
                                          : tr("result.offline"),
                      UI_FONT_BODY, UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
        y += t->gap;
    }
    /* The matters, paged so that none hides under the buttons: as many as fit (two columns
     * on a wide screen), with 上一页/下一页 when they do not all fit. */
    int bottom = body.y + body.h - t->button_h - t->gap;
    int need = t->font_px[UI_FONT_BODY] * 7 / 5 + t->font_px[UI_FONT_LARGE] * 7 / 5 + t->gap;
    bool any_note = false;
    for (size_t i = 0; i < ls->result.n_matters; i++)
        any_note |= ls->result.notes[i][0] != '\0';
    if (any_note) /* room for a note line under each matter */
        need += t->font_px[UI_FONT_BODY] * 7 / 5;
    int cols = body.w >= 1400 ? 2 : 1, cw = (body.w - (cols - 1) * t->gap) / cols;
    int rows = (bottom - y) / need;
    int total = (int)ls->result.n_matters;
    if (rows * cols < total) /* paging: one row goes to the page buttons */
        rows = (bottom - y - t->button_h - t->gap) / need;
    if (rows < 1)
        rows = 1;
    int per_page = rows * cols, pages = (total + per_page - 1) / per_page;
    if (ls->rpage >= pages)
        ls->rpage = pages > 0 ? pages - 1 : 0;
    int y0 = y;
    char wid[64], key[64], line[512], date[32];
    for (int i = ls->rpage * per_page; i < total && i < (ls->rpage + 1) * per_page; i++) {
        int m = ls->result.matters[i].matter;
        if (m < 1 || (size_t)m > app->svc.n_matters)
            continue;
        int slot = i - ls->rpage * per_page, x = body.x + (slot / rows) * (cw + t->gap);
        if (slot % rows == 0)
            y = y0;
        const struct service_matter *sm = &app->svc.matters[m - 1];
        snprintf(key, sizeof key, "status.%s", ls->result.matters[i].status);
        struct kdate d = kclock_beijing(ls->result.matters[i].status_ms);
        snprintf(date, sizeof date, "%d-%02d-%02d", d.year, d.month, d.day);
        snprintf(line, sizeof line, "%s（%s）", sm->name,
                 app->svc.departments[sm->department].name);
        snprintf(wid, sizeof wid, "result.%d", m);
        y += ui_label(ui, wid, (struct ui_rect){x, y, cw, 0}, line, UI_FONT_BODY, UI_C_TEXT,
                      UI_C_BG, UI_ALIGN_LEFT);
        snprintf(line, sizeof line, "%s  %s", tr_has(key) ? tr(key) : ls->result.matters[i].status,
                 date);
        snprintf(wid, sizeof wid, "result.%d.status", m);
        y += ui_label(ui, wid, (struct ui_rect){x + t->margin, y, cw - t->margin, 0}, line,
                      UI_FONT_LARGE, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
        if (ls->result.notes[i][0]) {
            char nkey[64], note[700];
            snprintf(nkey, sizeof nkey, "status.note.%s", ls->result.matters[i].status);
            if (tr_has(nkey))
                tr_fmt(note, sizeof note, nkey, ls->result.notes[i], NULL);
            else
                str_copy(note, sizeof note, ls->result.notes[i]);
            snprintf(wid, sizeof wid, "result.%d.note", m);
            y += ui_label(ui, wid, (struct ui_rect){x + t->margin, y, cw - t->margin, 0}, note,
                          UI_FONT_BODY, UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
        }
        y += t->gap;
    }
    bool modal = screen_bar(app, ui, "lookup");
    if (!modal)
        ui_pager(ui, "result", (struct ui_rect){body.x, bottom - t->button_h, body.w, t->button_h},
                 &ls->rpage, pages);
    if (!modal &&
        ui_button(ui, "result.done",
                  (struct ui_rect){body.x, body.y + body.h - t->button_h, body.w, t->button_h},
                  tr("done.finish"), UI_BTN_PRIMARY, true))
        kiosk_end_session(app);
}

static void result_enter(struct kiosk_app *app)
{
    struct lookup_state *ls = state(app);
    ls->rpage = 0;
}

const struct screen screen_result = {
    .name = "result",
    .idle = IDLE_READ,
    .enter = result_enter,
    .frame = result_frame,
};
