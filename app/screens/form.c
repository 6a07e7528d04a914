/* app/screens/form.c: the form: only the fields the card did not give, each opening its
 * editor (a picker wherever a list exists, a date picker, a keypad, or the pinyin keyboard);
 * errors are shown at their field. Screens "form" and "field". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/rules.h"
#include "app/core/validate.h"
#include "app/screens/common.h"
#include "app/screens/form.h"
#include "app/screens/region_pick.h"
#include "app/ui/keyboard.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

#define MAX_FIELDS 64

/* The state of both screens, kept with screen "form". Everything but the keyboard's input
 * method is the applicant's and is wiped with the session. */
struct form_state {
    /* The form. */
    struct ui_list_state form_list;
    struct field_error errors[MAX_FIELDS];
    size_t n_errors;
    bool show_errors;
    char rows[MAX_FIELDS][320]; /* the rows' text (labels and values): too large for the stack */

    /* One field's editor. */
    struct ui_list_state opt_list;
    struct ui_date date;
    char buf[512];
    char err[VALIDATE_MSG];
    /* Region fields: typing instead of the picker; the address: its picker is open. */
    bool typing, picking;
    struct region_pick_state rpick;

    /* The pinyin keyboard and its input method (started with the app, stopped at exit). */
    struct ui_keyboard kbd;
};
extern const struct screen screen_form;

static struct form_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_form);
}

static const char *field_error_msg(const struct form_state *st, size_t field)
{
    for (size_t i = 0; i < st->n_errors && i < MAX_FIELDS; i++)
        if (st->errors[i].field == field)
            return st->errors[i].msg;
    return NULL;
}

static void revalidate(struct kiosk_app *app)
{
    struct form_state *st = state(app);
    struct validate_card card = {app->session->card.birth, app->session->card.sex};
    st->n_errors = validate_form(&app->svc, (const char *const *)app->session->values,
                                 app->session->card.present ? &card : NULL, screen_today(app),
                                 st->errors, MAX_FIELDS);
}

static void form_enter(struct kiosk_app *app)
{
    /* A fresh form starts with the definition's defaults (the delivery way), shown and
     * changeable like any other value. */
    for (size_t i = 0; i < app->svc.n_fields; i++)
        if (app->svc.fields[i].default_value && !app->session->values[i])
            session_set_value(app->session, i, app->svc.fields[i].default_value);
    revalidate(app);
}

static void form_frame(struct kiosk_app *app, struct ui *ui)
{
    struct form_state *st = state(app);
    const struct ui_theme *t = ui_theme(ui);
    char step[64];
    struct ui_rect body = ui_header(ui, tr("form.title"), screen_step(step, sizeof step, 3));
    /* Rows: every field the card did not fill, and those it filled that the definition lets
     * the applicant change (the card's address is the household's, not always the home). */
    const char *labels[MAX_FIELDS];
    size_t index[MAX_FIELDS];
    int n = 0;
    for (size_t i = 0; i < app->svc.n_fields && n < MAX_FIELDS; i++) {
        if (app->session->from_card[i] && !app->svc.fields[i].card_editable)
            continue;
        if (!service_field_asked(&app->svc, i, (const char *const *)app->session->values))
            continue;
        const char *v = screen_value_label(app, i);
        const char *err = st->show_errors ? field_error_msg(st, i) : NULL;
        snprintf(st->rows[n], sizeof st->rows[n], "%s：%s%s%s", app->svc.fields[i].label,
                 *v ? v : tr("form.empty"), err ? tr("form.error_mark") : "", err ? err : "");
        labels[n] = st->rows[n];
        index[n++] = i;
    }
    int y = body.y;
    y += ui_label(ui, "form.prompt", (struct ui_rect){body.x, y, body.w, 0}, tr("form.prompt"),
                  UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
    y += t->gap;
    if (st->show_errors && st->n_errors) {
        char msg[128], cnt[24];
        snprintf(cnt, sizeof cnt, "%zu", st->n_errors);
        y += ui_label(ui, "form.errors", (struct ui_rect){body.x, y, body.w, 0},
                      tr_fmt(msg, sizeof msg, "form.errors", cnt, NULL), UI_FONT_BODY, UI_C_DANGER,
                      UI_C_BG, UI_ALIGN_LEFT);
        y += t->gap;
    }
    bool modal = screen_bar(app, ui, app->session->manual_id ? "idnum" : "card");
    int list_h = body.y + body.h - y - t->button_h - t->gap;
    if (modal)
        return;
    int hit = ui_choice_list(ui, "form.field", (struct ui_rect){body.x, y, body.w, list_h}, labels,
                             n, -1, &st->form_list);
    if (hit >= 0) {
        app->session->edit_field = (int)index[hit];
        flow_go(app->flow, "field");
    }
    if (ui_button(ui, "form.next",
                  (struct ui_rect){body.x, body.y + body.h - t->button_h, body.w, t->button_h},
                  tr("common.next"), UI_BTN_PRIMARY, true)) {
        revalidate(app);
        st->show_errors = st->n_errors > 0;
        if (!st->n_errors)
            flow_go(app->flow, app->session->back_to_review ? "review" : "matters");
    }
}

/* ---- one field's editor ---- */

static void field_enter(struct kiosk_app *app)
{
    struct form_state *st = state(app);
    int f = app->session->edit_field;
    explicit_bzero(st->buf, sizeof st->buf);
    st->err[0] = '\0';
    st->opt_list.page = 0;
    st->typing = st->picking = false;
    region_pick_reset(&st->rpick);
    if (f < 0)
        return;
    const char *v = app->session->values[f];
    if (v)
        str_copy(st->buf, sizeof st->buf, v);
    struct cdate d = screen_today(app);
    st->date = (struct ui_date){d.year - 3, d.month, d.day, UI_DATE_YEAR, 0};
    struct cdate parsed;
    if (v && cdate_parse(v, &parsed))
        st->date = (struct ui_date){parsed.year, parsed.month, parsed.day, UI_DATE_YEAR, 0};
}

static void field_leave(struct kiosk_app *app)
{
    struct form_state *st = state(app);
    explicit_bzero(st->buf, sizeof st->buf);
    ui_keyboard_clear(&st->kbd);
}

static void commit_value(struct kiosk_app *app, int f, const char *value)
{
    struct form_state *st = state(app);
    char msg[VALIDATE_MSG];
    if (!validate_field(&app->svc, (size_t)f, value, screen_today(app), msg, sizeof msg)) {
        str_copy(st->err, sizeof st->err, msg);
        return;
    }
    session_set_value(app->session, (size_t)f, value);
    /* A relation settles the way of restoring the household: that question is answered here,
     * not asked again (and cannot contradict the form). */
    const char *answer = NULL;
    long q = rules_implied_answer(&app->svc, (size_t)f, value, &answer);
    if (q >= 0)
        session_set_answer(app->session, (size_t)q, answer);
    /* A field no longer asked (the address once the post is not chosen) keeps no value. */
    for (size_t i = 0; i < app->svc.n_fields; i++)
        if (app->session->values[i] &&
            !service_field_asked(&app->svc, i, (const char *const *)app->session->values))
            session_set_value(app->session, i, NULL);
    app->session->edit_field = -1;
    flow_go(app->flow, "form");
}

/* The applicant's ID number (from the card or typed), or NULL: its region is offered first. */
static const char *applicant_id(const struct kiosk_app *app)
{
    for (size_t i = 0; i < app->svc.n_fields; i++)
        if (app->svc.fields[i].type == FIELD_ID_NUMBER && app->session->values[i])
            return app->session->values[i];
    return app->session->card.present ? app->session->card.id_number : NULL;
}

/* Region fields and the start of an address: the picker. Returns true when it drew. */
static bool region_editor(struct kiosk_app *app, struct ui *ui, struct ui_rect r, int f)
{
    struct form_state *st = state(app);
    const struct service_field *fd = &app->svc.fields[f];
    bool region = fd->type == FIELD_REGION;
    if (!app->regions || !(region ? !st->typing : st->picking))
        return false;
    char chosen[256];
    enum region_pick_result pr =
        region_pick(app, ui, &st->rpick, r, applicant_id(app), chosen, sizeof chosen);
    if (pr == REGION_PICK_CHOSEN) {
        if (region) {
            commit_value(app, f, chosen);
        } else {
            /* The address goes on from the chosen region on the keyboard. */
            str_copy(st->buf, sizeof st->buf, chosen);
            st->picking = false;
        }
    } else if (pr == REGION_PICK_TYPE) {
        st->typing = true;
        st->picking = false;
    }
    explicit_bzero(chosen, sizeof chosen);
    return true;
}

static void field_frame(struct kiosk_app *app, struct ui *ui)
{
    struct form_state *st = state(app);
    const struct ui_theme *t = ui_theme(ui);
    int f = app->session->edit_field;
    if (f < 0 || (size_t)f >= app->svc.n_fields) {
        flow_go(app->flow, "form");
        return;
    }
    const struct service_field *fd = &app->svc.fields[f];
    char step[64];
    struct ui_rect body = ui_header(ui, fd->label, screen_step(step, sizeof step, 3));
    int y = body.y;
    if (st->err[0]) {
        y += ui_label(ui, "field.error", (struct ui_rect){body.x, y, body.w, 0}, st->err,
                      UI_FONT_BODY, UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
        y += t->gap;
    }
    bool modal = screen_bar(app, ui, "form");
    if (modal)
        return;
    struct ui_rect rest = {body.x, y, body.w, body.y + body.h - y};
    if (fd->options) {
        const char *labels[128];
        int n = (int)(fd->options->n_options < 128 ? fd->options->n_options : 128), sel = -1;
        for (int i = 0; i < n; i++) {
            labels[i] = fd->options->options[i].label;
            if (app->session->values[f] &&
                strcmp(app->session->values[f], fd->options->options[i].code) == 0)
                sel = i;
        }
        int hit = ui_choice_list(ui, "field.option", rest, labels, n, sel, &st->opt_list);
        if (hit >= 0)
            commit_value(app, f, fd->options->options[hit].code);
        return;
    }
    if (fd->type == FIELD_DATE) {
        struct cdate today = screen_today(app);
        ui_date_picker(ui, "field.date",
                       (struct ui_rect){rest.x, rest.y, rest.w, rest.h - t->button_h - t->gap},
                       &st->date, 1940, today.year);
        if (ui_button(ui, "field.ok",
                      (struct ui_rect){rest.x, rest.y + rest.h - t->button_h, rest.w, t->button_h},
                      tr("keypad.ok"), UI_BTN_PRIMARY, true)) {
            char v[16];
            snprintf(v, sizeof v, "%04d-%02d-%02d", st->date.year, st->date.month, st->date.day);
            commit_value(app, f, v);
        }
        return;
    }
    if (region_editor(app, ui, rest, f))
        return;
    /* Typed values: the current text, then a keypad or the keyboard. Region fields and
     * addresses have a button beside the text that opens the region picker. */
    bool can_pick = app->regions && (fd->type == FIELD_REGION || fd->input == INPUT_ADDRESS);
    int bw = can_pick ? (rest.w - t->gap) / 3 : 0;
    struct ui_rect box = {rest.x, rest.y, can_pick ? rest.w - bw - t->gap : rest.w, t->button_h};
    if (can_pick && ui_button(ui, "field.region.open",
                              (struct ui_rect){box.x + box.w + t->gap, box.y, bw, box.h},
                              tr(fd->type == FIELD_REGION ? "region.open_list" : "region.open"),
                              UI_BTN_SECONDARY, true)) {
        st->typing = false;
        st->picking = true;
        region_pick_reset(&st->rpick);
    }
    ui_text_box(ui, "field.value", box, st->buf, UI_FONT_LARGE);
    struct ui_rect kb = {rest.x, rest.y + box.h + t->gap, rest.w, rest.h - box.h - t->gap};
    bool done;
    if (fd->input == INPUT_PHONE || fd->input == INPUT_DIGITS || fd->type == FIELD_ID_NUMBER ||
        fd->type == FIELD_PHONE)
        done = ui_keypad(ui, "field.pad", kb, st->buf, sizeof st->buf,
                         fd->type == FIELD_ID_NUMBER ? "X"
                         : fd->type == FIELD_PHONE   ? "-"
                                                     : NULL);
    else
        done = ui_keyboard(ui, &st->kbd, kb, st->buf, sizeof st->buf, UI_KBD_PINYIN);
    if (done)
        commit_value(app, f, st->buf);
}

const struct screen screen_field = {
    .name = "field",
    .idle = IDLE_TYPE,
    .enter = field_enter,
    .leave = field_leave,
    .frame = field_frame,
};

/* ---- the state's life ---- */

/* The app has started: the keyboard is set up; the input method starts later, when the notice
 * screen calls form_ime_prepare. The rest of the state starts zeroed. */
static void form_start(struct kiosk_app *app)
{
    struct form_state *st = state(app);
    char fpath[4200];
    snprintf(fpath, sizeof fpath, "%s/fonts/NotoSansSC-GBK.otf", app->assets);
    ui_keyboard_init(&st->kbd, fpath, app->cfg.ime_data_dir, app->cfg.hw_model);
}

/* The notice screen calls this so that the input method is up when the form is; an idle
 * kiosk does not load librime (docs/ime.md, "Memory"). Returns at once. */
void form_ime_prepare(struct kiosk_app *app)
{
    ui_keyboard_start(&state(app)->kbd);
}

/* Nothing the applicant typed, chose or was told survives the session, whichever screen it
 * ended on; the input method's session is reset (its ink, candidates and scratch files). */
static void form_end_session(struct kiosk_app *app)
{
    struct form_state *st = state(app);
    explicit_bzero(&st->form_list, sizeof st->form_list);
    explicit_bzero(st->errors, sizeof st->errors);
    st->n_errors = 0;
    st->show_errors = false;
    explicit_bzero(st->rows, sizeof st->rows);
    explicit_bzero(&st->opt_list, sizeof st->opt_list);
    explicit_bzero(&st->date, sizeof st->date);
    explicit_bzero(st->buf, sizeof st->buf);
    explicit_bzero(st->err, sizeof st->err);
    st->typing = st->picking = false;
    explicit_bzero(&st->rpick, sizeof st->rpick);
    ui_keyboard_wipe(&st->kbd);
}

/* The app is stopping: the input method is stopped and the font closed. */
static void form_finish(struct kiosk_app *app)
{
    ui_keyboard_finish(&state(app)->kbd);
}

const struct screen screen_form = {
    .name = "form",
    .idle = IDLE_TYPE,
    .enter = form_enter,
    .frame = form_frame,
    .start = form_start,
    .end_session = form_end_session,
    .finish = form_finish,
    .state_size = sizeof(struct form_state),
};

const char *form_ime_scratch_dir(struct kiosk_app *app)
{
    return ui_keyboard_scratch_dir(&state(app)->kbd);
}

bool form_ime_is_clean(struct kiosk_app *app)
{
    return ui_keyboard_is_clean(&state(app)->kbd);
}
