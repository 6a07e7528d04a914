/* app/screens/idcard.c: "put your ID card on the reader", with an animation showing where;
 * manual entry of the ID number when there is no card or no reader; the card's fields shown
 * read-only once read (screens idcard, idnum and card). */
#include <stdio.h>
#include <string.h>

#include "app/core/validate.h"
#include "app/screens/reader.h"
#include "app/screens/common.h"
#include "platform/log.h"
#include "platform/xalloc.h"
#include "platform/strings.h"

static void idcard_event(struct kiosk_app *app, const struct ev *e)
{
    if (e->type != EV_IDCARD_READ || !e->payload)
        return;
    /* The reader's twin and driver deliver a struct session_card (see drivers/idcard). */
    session_apply_card(app->session, e->payload);
    flow_go(app->flow, "card");
}

static void idcard_frame(struct kiosk_app *app, struct ui *ui)
{
    const struct ui_theme *t = ui_theme(ui);
    char step[64];
    struct ui_rect body = ui_header(ui, tr("idcard.title"), screen_step(step, sizeof step, 2));
    int y = body.y;
    /* No reader: say so first, in words (not by colour alone), do not ask for the card, and
     * make manual entry the first choice. */
    bool no_reader = app->reader_state == READER_NONE;
    y += ui_label(ui, no_reader ? "idcard.no_reader" : "idcard.prompt",
                  (struct ui_rect){body.x, y, body.w, 0},
                  tr(no_reader ? "idcard.no_reader_title" : "idcard.prompt"), UI_FONT_HEADING,
                  no_reader ? UI_C_DANGER : UI_C_TEXT, UI_C_BG, UI_ALIGN_CENTER);
    y += 2 * t->gap;
    /* The reader drawn as a pad, the card sliding down onto it (about 1.5 s a cycle); without
     * a reader, the pad alone, greyed. */
    int pad_h = body.w / 3 < body.h / 4 ? body.w / 3 : body.h / 4;
    /* Smaller when the texts and the button below need the room (长辈模式, landscape). */
    int below = ui_text_height(ui, tr(no_reader ? "idcard.no_reader_hint" : "idcard.hint"),
                               no_reader ? UI_FONT_LARGE : UI_FONT_BODY, body.w) +
                4 * t->gap + t->button_h;
    if ((body.y + body.h - y - below) * 2 / 3 < pad_h)
        pad_h = (body.y + body.h - y - below) * 2 / 3;
    if (pad_h < 0)
        pad_h = 0;
    int pad_w = pad_h * 3 / 2;
    struct ui_rect pad = {body.x + (body.w - pad_w) / 2, y + pad_h / 2, pad_w, pad_h};
    ui_fill(ui, pad, t->color[no_reader ? UI_C_DISABLED : UI_C_BAR]);
    ui_frame_rect(ui, pad, t->color[no_reader ? UI_C_DISABLED_TEXT : UI_C_BORDER], t->border);
    if (!no_reader) {
        /* From the app clock, not the frame count: scripts (fake clock) get the same picture. */
        long phase = (long)((kclock_mono_ms(app->clock) / 16) % 90);
        ui_animate(ui);
        int card_w = pad_w * 3 / 4, card_h = card_w * 54 / 86;
        int cy = pad.y - pad_h / 2 +
                 (int)(phase < 60 ? phase : 60) * (pad_h / 2 + (pad_h - card_h) / 2) / 60;
        ui_fill(ui, (struct ui_rect){pad.x + (pad_w - card_w) / 2, cy, card_w, card_h},
                t->color[UI_C_PRIMARY]);
    }
    y = pad.y + pad_h + 2 * t->gap;
    y += ui_label(ui, "idcard.hint", (struct ui_rect){body.x, y, body.w, 0},
                  tr(no_reader ? "idcard.no_reader_hint" : "idcard.hint"),
                  no_reader ? UI_FONT_LARGE : UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_CENTER);
    y += 2 * t->gap;
    bool modal = screen_bar(app, ui, "notice");
    if (!modal &&
        ui_button(ui, "idcard.manual", (struct ui_rect){body.x, y, body.w, t->button_h},
                  tr("idcard.manual"), no_reader ? UI_BTN_PRIMARY : UI_BTN_SECONDARY, true))
        flow_go(app->flow, "idnum");
}

const struct screen screen_idcard = {
    .name = "idcard",
    .idle = IDLE_READ,
    .frame = idcard_frame,
    .event = idcard_event,
};

/* ---- manual ID number ---- */

static char idbuf[24];
static char iderr[256];

static void idnum_enter(struct kiosk_app *app)
{
    (void)app;
    explicit_bzero(idbuf, sizeof idbuf);
    iderr[0] = '\0';
}

static void idnum_leave(struct kiosk_app *app)
{
    (void)app;
    explicit_bzero(idbuf, sizeof idbuf);
}

static void idnum_frame(struct kiosk_app *app, struct ui *ui)
{
    const struct ui_theme *t = ui_theme(ui);
    char step[64];
    struct ui_rect body = ui_header(ui, tr("idnum.title"), screen_step(step, sizeof step, 2));
    int y = body.y;
    y += ui_label(ui, "idnum.prompt", (struct ui_rect){body.x, y, body.w, 0}, tr("idnum.prompt"),
                  UI_FONT_LARGE, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    y += t->gap;
    /* The keypad never moves under the finger: the error has its own place, kept free when
     * there is none (beside the keypad in landscape, above it in portrait). */
    bool wide = ui_landscape(ui);
    int lw = wide ? body.w * 2 / 5 : body.w;
    struct ui_rect box = {body.x, y, lw, t->button_h};
    ui_text_box(ui, "idnum.value", box, idbuf, UI_FONT_HEADING);
    int ey = y + box.h + t->gap;
    if (iderr[0])
        ui_label(ui, "idnum.error", (struct ui_rect){body.x, ey, lw, 0}, iderr, UI_FONT_BODY,
                 UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
    struct ui_rect pad = {body.x, ey + 2 * t->font_px[UI_FONT_BODY] * 3 / 2 + t->gap, body.w, 0};
    if (wide)
        pad = (struct ui_rect){body.x + lw + t->gap, y, body.w - lw - t->gap, 0};
    pad.h = body.y + body.h - pad.y;
    bool modal = screen_bar(app, ui, "idcard");
    if (modal)
        return;
    if (ui_keypad(ui, "idnum.pad", pad, idbuf, 19, "X")) {
        char norm[24];
        struct cdate today = screen_today(app);
        enum idnum_problem p = idnum_check(idbuf, &today, norm);
        if (p != 0) {
            str_copy(iderr, sizeof iderr, tr(idnum_problem_key(p)));
            return;
        }
        for (size_t i = 0; i < app->svc.n_fields; i++)
            if (app->svc.fields[i].type == FIELD_ID_NUMBER)
                session_set_value(app->session, i, norm);
        app->session->manual_id = true;
        flow_go(app->flow, "form");
    }
}

const struct screen screen_idnum = {
    .name = "idnum",
    .idle = IDLE_TYPE,
    .enter = idnum_enter,
    .leave = idnum_leave,
    .frame = idnum_frame,
};

/* ---- the card's fields, read-only ---- */

static void card_frame(struct kiosk_app *app, struct ui *ui)
{
    const struct ui_theme *t = ui_theme(ui);
    char step[64];
    struct ui_rect body = ui_header(ui, tr("card.title"), screen_step(step, sizeof step, 2));
    int y = body.y;
    /* Whether the card must stay: it need not, once read (and nothing counts down). */
    y += ui_label(ui, "card.take_back", (struct ui_rect){body.x, y, body.w, 0},
                  tr("card.take_back"), UI_FONT_LARGE, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    y += t->gap;
    char wid[64];
    /* The fields in one column; in two side by side when one would run into the notes and
     * the button below and the screen is wide (长辈模式 in landscape): then closer together,
     * the notes under the left column and the button under the right one. */
    int rows = 0, top = y, col = 0, cw = body.w, row_gap = t->gap;
    for (size_t i = 0; i < app->svc.n_fields; i++)
        rows += app->session->from_card[i];
    int row_h = t->font_px[UI_FONT_LARGE] * 3 / 2 + t->gap;
    if (body.w >= 1400 && rows > 1 &&
        y + rows * row_h + 3 * t->font_px[UI_FONT_BODY] * 3 / 2 >
            body.y + body.h - t->button_h - t->gap) {
        cw = (body.w - 2 * t->gap) / 2;
        row_gap = t->gap / 2;
    }
    int bottom = y, k = 0;
    for (size_t i = 0; i < app->svc.n_fields; i++) {
        if (!app->session->from_card[i])
            continue;
        if (cw < body.w && k++ == (rows + 1) / 2) {
            col = 1;
            bottom = y;
            y = top;
        }
        snprintf(wid, sizeof wid, "card.%s", app->svc.fields[i].id);
        /* The ID number is masked here (people stand behind the applicant); it is shown in
         * full only on the review page, where the applicant confirms it. */
        char masked[64];
        const char *v = screen_value_label(app, i);
        if (app->svc.fields[i].type == FIELD_ID_NUMBER)
            v = log_mask_id(v, masked, sizeof masked);
        y += ui_value_row(ui, wid, (struct ui_rect){body.x + col * (cw + 2 * t->gap), y, cw, 0},
                          app->svc.fields[i].label, v);
        y += row_gap;
    }
    if (cw == body.w)
        bottom = y;
    y = bottom;
    y += ui_label(ui, "card.note", (struct ui_rect){body.x, y, cw, 0}, tr("card.note"),
                  UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
    /* Fields the definition lets the applicant change (the address) are named: they can be
     * corrected on the form. */
    for (size_t i = 0; i < app->svc.n_fields; i++)
        if (app->session->from_card[i] && app->svc.fields[i].card_editable) {
            char line[256];
            snprintf(wid, sizeof wid, "card.editable.%s", app->svc.fields[i].id);
            y +=
                ui_label(ui, wid, (struct ui_rect){body.x, y, cw, 0},
                         tr_fmt(line, sizeof line, "card.editable", app->svc.fields[i].label, NULL),
                         UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
        }
    bool modal = screen_bar(app, ui, "idcard");
    int bx = cw == body.w ? body.x : body.x + cw + 2 * t->gap;
    if (!modal && ui_button(ui, "card.next",
                            (struct ui_rect){bx, body.y + body.h - t->button_h, cw, t->button_h},
                            tr("common.next"), UI_BTN_PRIMARY, true))
        flow_go(app->flow, "form");
}

const struct screen screen_card = {
    .name = "card",
    .idle = IDLE_READ,
    .frame = card_frame,
};
