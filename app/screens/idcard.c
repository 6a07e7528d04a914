/* app/screens/idcard.c: "put your ID card on the reader", with an animation showing where;
 * manual entry of the ID number when there is no card or no reader; the card's fields shown
 * read-only once read (screens idcard, idnum and card). */
#include <stdio.h>
#include <string.h>

#include "app/core/validate.h"
#include "app/kiosk/reader.h"
#include "app/screens/common.h"
#include "app/ui/picture.h"
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

/* The card's loop (ms): it slides down onto the reader, rests there, slides back, and waits
 * above it before the next turn. */
#define CARD_DOWN_MS 900
#define CARD_REST_MS 1300
#define CARD_UP_MS   700
#define CARD_WAIT_MS 600
#define CARD_LOOP_MS (CARD_DOWN_MS + CARD_REST_MS + CARD_UP_MS + CARD_WAIT_MS)

/* The reader seen from above and the card sliding onto its mark, in r. The mark and the card's
 * start are in the reader picture's own coordinates (assets/ui/pictures/reader.svg, 600 x
 * 560: the mark at 150,310 300 x 189; the card's picture is 432 x 272 with its face 418 wide
 * at 3,3). Frames are asked for only while the card moves (ui_animate); while it rests, one
 * frame at the next move (ui_wake_at). The phase comes from the app clock, so scripted runs
 * (a fake clock) always draw the same picture. */
static void card_animation(struct kiosk_app *app, struct ui *ui, struct ui_rect r)
{
    struct ui_rect d = ui_picture(ui, r, PIC_READER, 255);
    if (!d.w)
        return;
    int64_t now = kclock_mono_ms(app->clock), t = now % CARD_LOOP_MS, next;
    double f; /* 0: above the reader, 1: on its mark */
    if (t < CARD_DOWN_MS) {
        double u = (double)t / CARD_DOWN_MS;
        f = 1 - (1 - u) * (1 - u) * (1 - u); /* eases in to rest */
        next = -1;
    } else if (t < CARD_DOWN_MS + CARD_REST_MS) {
        f = 1;
        next = CARD_DOWN_MS + CARD_REST_MS;
    } else if (t < CARD_DOWN_MS + CARD_REST_MS + CARD_UP_MS) {
        double u = (double)(t - CARD_DOWN_MS - CARD_REST_MS) / CARD_UP_MS;
        f = 1 - u * u * (3 - 2 * u);
        next = -1;
    } else {
        f = 0;
        next = CARD_LOOP_MS;
    }
    if (next < 0)
        ui_animate(ui);
    else
        ui_wake_at(ui, now - t + next);
    double s = d.w / 600.0, face = 300.0 / 418.0;
    double top = 20 + f * (310 - 20);
    struct ui_rect card = {d.x + (int)((150 - 3 * face) * s), d.y + (int)((top - 3 * face) * s),
                           (int)(432 * face * s), (int)(272 * face * s)};
    ui_picture_moving(ui, card, PIC_CARD, 255, d);
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
    /* Where the reader is on the kiosk, and the card sliding onto it (app/ui/picture.h).
     * Portrait: the two pictures side by side, the hint under them; landscape: the hint beside
     * them, so that the manual-entry button keeps its place at the bottom. Without a reader
     * the kiosk picture is faded and nothing moves. */
    bool land = ui_landscape(ui);
    int btn_y, pic_h;
    if (land) {
        btn_y = body.y + body.h - t->button_h;
        pic_h = btn_y - 2 * t->gap - y;
    } else {
        pic_h = (body.w - 2 * t->gap) * 14 / 25; /* 3/4 + 15/14 of the height, and the gap */
        if (pic_h > body.h * 2 / 5)
            pic_h = body.h * 2 / 5;
        /* Smaller when the hint and the button below need the room (长辈模式). */
        int below = ui_text_height(ui, tr(no_reader ? "idcard.no_reader_hint" : "idcard.hint"),
                                   no_reader ? UI_FONT_LARGE : UI_FONT_BODY, body.w) +
                    4 * t->gap + t->button_h;
        if (pic_h > body.y + body.h - y - below)
            pic_h = body.y + body.h - y - below;
        if (pic_h < 0)
            pic_h = 0;
        btn_y = 0;
    }
    struct ui_rect where = {body.x, y, pic_h * 3 / 4, pic_h};
    struct ui_rect anim = {where.x + where.w + 2 * t->gap, y, pic_h * 15 / 14, pic_h};
    if (!land) { /* centre the pair, or the kiosk alone */
        int shift = (body.w - (anim.x + anim.w - body.x)) / 2;
        where.x += no_reader ? (body.w - where.w) / 2 : shift;
        anim.x += shift;
    }
    ui_picture(ui, where, PIC_WHERE_READER, no_reader ? 96 : 255);
    if (!no_reader)
        card_animation(app, ui, anim);
    struct ui_rect hint = {body.x, y + pic_h + 2 * t->gap, body.w, 0};
    if (land) {
        hint.x = (no_reader ? where.x + where.w : anim.x + anim.w) + 2 * t->gap;
        hint.w = body.x + body.w - hint.x;
        hint.y = y + pic_h / 2 - t->font_px[UI_FONT_LARGE];
    }
    int hint_h =
        ui_label(ui, "idcard.hint", hint, tr(no_reader ? "idcard.no_reader_hint" : "idcard.hint"),
                 no_reader ? UI_FONT_LARGE : UI_FONT_BODY, UI_C_TEXT, UI_C_BG,
                 land ? UI_ALIGN_LEFT : UI_ALIGN_CENTER);
    if (!land)
        btn_y = hint.y + hint_h + 2 * t->gap;
    bool modal = screen_bar(app, ui, "notice");
    if (!modal &&
        ui_button(ui, "idcard.manual", (struct ui_rect){body.x, btn_y, body.w, t->button_h},
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

struct idnum_state {
    char idbuf[24]; /* the number typed so far */
    char iderr[256];
};
extern const struct screen screen_idnum;

static struct idnum_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_idnum);
}

static void idnum_enter(struct kiosk_app *app)
{
    struct idnum_state *st = state(app);
    explicit_bzero(st->idbuf, sizeof st->idbuf);
    st->iderr[0] = '\0';
}

static void idnum_leave(struct kiosk_app *app)
{
    struct idnum_state *st = state(app);
    explicit_bzero(st->idbuf, sizeof st->idbuf);
}

/* Nothing typed survives the session, whichever screen it ended on. */
static void idnum_wipe(struct kiosk_app *app)
{
    explicit_bzero(state(app), sizeof(struct idnum_state));
}

static void idnum_frame(struct kiosk_app *app, struct ui *ui)
{
    struct idnum_state *st = state(app);
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
    ui_text_box(ui, "idnum.value", box, st->idbuf, UI_FONT_HEADING);
    int ey = y + box.h + t->gap;
    if (st->iderr[0])
        ui_label(ui, "idnum.error", (struct ui_rect){body.x, ey, lw, 0}, st->iderr, UI_FONT_BODY,
                 UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
    struct ui_rect pad = {body.x, ey + 2 * t->font_px[UI_FONT_BODY] * 3 / 2 + t->gap, body.w, 0};
    if (wide)
        pad = (struct ui_rect){body.x + lw + t->gap, y, body.w - lw - t->gap, 0};
    pad.h = body.y + body.h - pad.y;
    bool modal = screen_bar(app, ui, "idcard");
    if (modal)
        return;
    if (ui_keypad(ui, "idnum.pad", pad, st->idbuf, 19, "X")) {
        char norm[24];
        struct cdate today = screen_today(app);
        enum idnum_problem p = idnum_check(st->idbuf, &today, norm);
        if (p != 0) {
            str_copy(st->iderr, sizeof st->iderr, tr(idnum_problem_key(p)));
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
    .end_session = idnum_wipe,
    .state_size = sizeof(struct idnum_state),
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
