/* app/screens/submit.c: submit (the signature drawn and encoded, the form bound to it by its
 * hash, and the store's one transaction, on a worker thread so the UI never waits), then the
 * done screen: the code in large type, the QR, the deadline, "take your ID
 * card and receipt" (screens "submit" and "done"). Nothing is lost if saving fails: the data
 * stays in memory and the applicant can try again or call staff. */
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/rules.h"
#include "app/core/trackcode.h"
#include "app/receipt/qr.h"
#include "app/screens/common.h"
#include "app/kiosk/signature.h"
#include "app/kiosk/task.h"
#include "app/store/store.h"
#include "app/sync/sync.h"
#include "app/ui/picture.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

#define EV_USER_SUBMIT TASK_SUBMIT

struct job {
    struct kconfig *cfg; /* a copy, owned by the job */
    struct kclock *clock;
    char district[64];
    int matters[STORE_MAX_MATTERS];
    size_t n_matters;
    char *form;                /* session_form_json(): what the signature confirms */
    char missing[256];         /* materials with no page captured, "1,2" */
    struct session_point *pts; /* a copy of the signature's strokes */
    size_t n_pts;
    int sig_w, sig_h;
    char *json;   /* made by the worker: form, its hash and the missing materials */
    uint8_t *sig; /* made by the worker: the signature's PNG */
    size_t sig_len;
    struct store_attachment_in att[SESSION_MAX_PAGES]; /* copies of the captured pages */
    size_t n_att;
    enum kerr rc;
    char err[256];
    struct store_submitted out;
    char token[TRACKCODE_TOKEN_MAX];
};

static void job_free(void *p)
{
    struct job *j = p;
    config_destroy(j->cfg);
    str_free_secure(j->form);
    free_secure(j->pts, j->n_pts * sizeof *j->pts);
    str_free_secure(j->json);
    free_secure(j->sig, j->sig_len);
    for (size_t i = 0; i < j->n_att; i++)
        free_secure((void *)j->att[i].data, j->att[i].len);
    free(j);
}

/* The signature's picture, and the stored form: every answer, the hash of that exact form
 * data (what the signature confirms) and the materials brought on paper. */
static enum kerr sign(struct job *j)
{
    if (j->n_pts > 0 &&
        signature_png(j->pts, j->n_pts, j->sig_w, j->sig_h, &j->sig, &j->sig_len) != K_OK) {
        str_copy(j->err, sizeof j->err, "E941: the signature could not be encoded");
        return K_ERR_INVALID;
    }
    uint8_t h[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    size_t fl = strlen(j->form);
    crypto_hash_sha256(h, (const uint8_t *)j->form, fl);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    j->json = xasprintf("%.*s%s\"signature_sha256\":\"%s\",\"materials_missing\":\"%s\"}",
                        (int)(fl - 1), j->form, fl > 2 ? "," : "", hex, j->missing);
    return K_OK;
}

static void *worker(void *arg)
{
    struct job *j = arg;
    store *st = NULL;
    j->rc = sign(j);
    if (j->rc == K_OK)
        j->rc = store_open(j->cfg, j->clock, STORE_OPEN_DEFAULT, &st, j->err, sizeof j->err);
    if (j->rc == K_OK) {
        struct store_case_in in = {.district = j->district,
                                   .matters = j->matters,
                                   .n_matters = j->n_matters,
                                   .personal_json = j->json,
                                   .signature_png = j->sig,
                                   .signature_len = j->sig_len,
                                   .attachments = j->att,
                                   .n_attachments = j->n_att,
                                   .actor = "kiosk"};
        j->rc = store_submit(st, &in, &j->out);
        if (j->rc == K_OK)
            store_case_token(st, j->out.code, j->token);
        else
            str_copy(j->err, sizeof j->err, store_errmsg(st));
    }
    store_close(st);
    return j; /* posted as EV_USER_SUBMIT by the task */
}

/* The state of both screens of this file (kept with screen_submit). */
struct submit_state {
    bool running, failed; /* submit: the worker is saving; it failed */
    char fail_text[300];
    struct image *qr;                        /* done: the case's status link */
    char deadline_line[256], warn_line[512]; /* the promise; the in-person step */
};
extern const struct screen screen_submit;

static struct submit_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_submit);
}

static void start(struct kiosk_app *app)
{
    struct submit_state *st = state(app);
    struct session *s = app->session;
    struct job *j = xcalloc(1, sizeof *j);
    j->cfg = config_dup(&app->cfg);
    j->clock = app->clock;
    str_copy(j->district, sizeof j->district, app->cfg.district);
    /* Only the matters the rules allow: one they block (funds not arrived, a required
     * matter missing) is never submitted. */
    struct rules_result rr;
    session_rules(s, &rr);
    for (size_t i = 0; i < app->svc.n_matters && j->n_matters < STORE_MAX_MATTERS; i++)
        if (rules_applied(&rr, i))
            j->matters[j->n_matters++] = (int)i + 1;
    /* The stored form (made by the worker): every answer, the hash the signature confirms,
     * and the materials with no page captured (brought to the window on paper), as "1,2":
     * casehub takes string values only. */
    j->form = session_form_json(s);
    for (size_t i = 0; i < app->svc.n_materials; i++) {
        int num = app->svc.materials[i].number;
        if (rr.material_needed[i] && !session_material_pages(s, num, NULL, 0)) {
            char n[32];
            snprintf(n, sizeof n, "%s%d", j->missing[0] ? "," : "", num);
            str_append(j->missing, sizeof j->missing, n);
        }
    }
    rules_result_finish(&rr);
    for (size_t i = 0; i < s->n_pages; i++) {
        uint8_t *copy = xcalloc(s->pages[i].len, 1);
        memcpy(copy, s->pages[i].jpeg, s->pages[i].len);
        j->att[j->n_att++] = (struct store_attachment_in){.material = s->pages[i].material,
                                                          .mime = "image/jpeg",
                                                          .data = copy,
                                                          .len = s->pages[i].len};
    }
    if (s->n_sig > 0) {
        j->pts = xcalloc(s->n_sig, sizeof *j->pts);
        memcpy(j->pts, s->sig, s->n_sig * sizeof *j->pts);
        j->n_pts = s->n_sig;
        j->sig_w = s->sig_w;
        j->sig_h = s->sig_h;
    }
    st->running = true;
    st->failed = false;
    if (!task_run(app->tasks, EV_USER_SUBMIT, worker, j, job_free)) {
        st->running = false;
        st->failed = true;
        str_copy(st->fail_text, sizeof st->fail_text, "E940: thread");
        job_free(j);
    }
}

static void submit_enter(struct kiosk_app *app)
{
    start(app);
}

static void submit_event(struct kiosk_app *app, const struct ev *e)
{
    struct submit_state *st = state(app);
    if (e->type != EV_USER || e->code != EV_USER_SUBMIT || !e->payload)
        return;
    struct job *j = e->payload;
    st->running = false;
    if (j->rc != K_OK) {
        st->failed = true;
        str_copy(st->fail_text, sizeof st->fail_text, j->err);
        log_error("kiosk", "submit failed: %s", j->err);
        return;
    }
    struct session *s = app->session;
    str_copy(s->code, sizeof s->code, j->out.code);
    s->submitted_ms = j->out.created_ms;
    if (trackcode_url(app->cfg.qr_base_url, j->out.code, j->token, s->qr_url, sizeof s->qr_url) !=
        K_OK)
        s->qr_url[0] = '\0';
    log_info("kiosk", "case submitted");
    if (app->sync)
        sync_kick(app->sync);
    flow_go(app->flow, "print");
}

static void submit_frame(struct kiosk_app *app, struct ui *ui)
{
    struct submit_state *st = state(app);
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("submit.title"), NULL);
    int y = body.y + body.h / 3;
    if (!st->failed) {
        y += ui_label(ui, "submit.saving", (struct ui_rect){body.x, y, body.w, 0},
                      tr("submit.saving"), UI_FONT_HEADING, UI_C_TEXT, UI_C_BG, UI_ALIGN_CENTER);
        ui_progress(ui, (struct ui_rect){body.x, y + t->gap, body.w, 40}, -1, app->frame_no);
        return;
    }
    y += ui_label(ui, "submit.failed", (struct ui_rect){body.x, y, body.w, 0}, tr("submit.failed"),
                  UI_FONT_HEADING, UI_C_DANGER, UI_C_BG, UI_ALIGN_CENTER);
    y += 2 * t->gap;
    bool modal = screen_bar(app, ui, "sign");
    if (!modal && !st->running &&
        ui_button(ui, "submit.retry", (struct ui_rect){body.x, y, body.w, t->button_h},
                  tr("submit.retry"), UI_BTN_PRIMARY, true))
        start(app);
}

static void submit_finish(struct kiosk_app *app)
{
    image_destroy(state(app)->qr);
}

const struct screen screen_submit = {
    .name = "submit",
    .idle = IDLE_NONE,
    .enter = submit_enter,
    .frame = submit_frame,
    .event = submit_event,
    .finish = submit_finish,
    .state_size = sizeof(struct submit_state),
};

/* ---- done ---- */

static void done_enter(struct kiosk_app *app)
{
    struct submit_state *st = state(app);
    image_destroy(st->qr);
    st->qr = NULL;
    if (app->session->qr_url[0])
        qr_render(app->session->qr_url, 8, &st->qr);
    /* The office's promise: the time limit runs from the day the window verifies the
     * originals (casehub's clock), so no date counted from today is shown. */
    st->deadline_line[0] = st->warn_line[0] = '\0';
    tr_fmt(st->deadline_line, sizeof st->deadline_line, "done.promise",
           app->svc.time_limit_text ? app->svc.time_limit_text : "", NULL);
    /* A matter applied for that needs the applicant in person (the ID card: face and
     * fingerprints at the window) is said here as on the receipt. */
    struct rules_result r;
    session_rules(app->session, &r);
    for (size_t i = 0; i < app->svc.n_matters && !st->warn_line[0]; i++)
        if (rules_applied(&r, i) && app->svc.matters[i].in_person)
            tr_fmt(st->warn_line, sizeof st->warn_line, "done.in_person", app->svc.matters[i].name,
                   app->svc.matters[i].note, NULL);
    rules_result_finish(&r);
}

static void done_leave(struct kiosk_app *app)
{
    struct submit_state *st = state(app);
    image_destroy(st->qr);
    st->qr = NULL;
}

static void done_frame(struct kiosk_app *app, struct ui *ui)
{
    struct submit_state *st = state(app);
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("done.title"), NULL);
    /* Portrait: everything in one column. Landscape: the QR on the left, the words beside it,
     * so that "take your card and receipt" is never under the button. */
    bool land = ui_landscape(ui);
    int bottom = body.y + body.h - t->button_h - t->gap;
    int qs = land ? bottom - body.y : body.w / 2;
    if (land && qs > body.w / 3)
        qs = body.w / 3;
    struct ui_rect col =
        land ? (struct ui_rect){body.x + qs + 2 * t->gap, body.y, body.w - qs - 2 * t->gap, 0}
             : (struct ui_rect){body.x, body.y, body.w, 0};
    int y = body.y;
    y += ui_label(ui, "done.code_label", (struct ui_rect){col.x, y, col.w, 0},
                  tr("done.code_label"), UI_FONT_LARGE, UI_C_TEXT, UI_C_BG, UI_ALIGN_CENTER);
    y += ui_label(ui, "done.code", (struct ui_rect){col.x, y, col.w, 0}, app->session->code,
                  UI_FONT_CODE, UI_C_TEXT, UI_C_BG, UI_ALIGN_CENTER);
    y += t->gap;
    if (st->qr) {
        if (land) {
            ui_image(ui, (struct ui_rect){body.x, body.y, qs, qs}, st->qr);
        } else {
            ui_image(ui, (struct ui_rect){body.x + (body.w - qs) / 2, y, qs, qs}, st->qr);
            y += qs + t->gap;
        }
    }
    if (st->deadline_line[0])
        y += ui_label(ui, "done.deadline", (struct ui_rect){col.x, y, col.w, 0}, st->deadline_line,
                      UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_CENTER);
    if (st->warn_line[0])
        y += ui_label(ui, "done.warning", (struct ui_rect){col.x, y, col.w, 0}, st->warn_line,
                      UI_FONT_BODY, UI_C_DANGER, UI_C_BG, UI_ALIGN_CENTER);
    y += t->gap;
    bool printed = app->receipt_state == RECEIPT_PRINTED;
    if (!printed) {
        y += ui_label(ui, "done.receipt", (struct ui_rect){col.x, y, col.w, 0},
                      tr("done.not_printed"), UI_FONT_BODY, UI_C_DANGER, UI_C_BG, UI_ALIGN_CENTER);
        y += t->gap;
    }
    y += ui_label(ui, "done.take", (struct ui_rect){col.x, y, col.w, 0},
                  tr(printed ? "done.take" : "done.take_card"), UI_FONT_HEADING, UI_C_TEXT, UI_C_BG,
                  UI_ALIGN_CENTER);
    /* Where the receipt came out, in the room left above the button. */
    int ph = bottom - t->gap - y;
    if (printed && ph >= 160)
        ui_picture(ui, (struct ui_rect){col.x, y + t->gap, col.w, ph - t->gap}, PIC_WHERE_RECEIPT,
                   255);
    if (ui_button(ui, "done.finish",
                  (struct ui_rect){body.x, body.y + body.h - t->button_h, body.w, t->button_h},
                  tr("done.finish"), UI_BTN_PRIMARY, true))
        kiosk_end_session(app);
    screen_bar(app, ui, NULL);
}

const struct screen screen_done = {
    .name = "done",
    .idle = IDLE_READ,
    .enter = done_enter,
    .leave = done_leave,
    .frame = done_frame,
};
