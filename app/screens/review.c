/* app/screens/review.c: everything the applicant entered, large, on one scrolling page to
 * check before signing; a 修改 beside each section opens that step, whose 下一步 returns here. Then
 * the commitment and the signature pad (screens "review" and "sign"). The signature is stored as a
 * PNG with the SHA-256 of the exact form data it confirms (both made by the submit worker of
 * app/screens/submit.c, the PNG by app/kiosk/signature.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/rules.h"
#include "app/screens/common.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

/* The state of both screens, kept with screen "review". */
struct review_state {
    /* The scrolling page: how far it is scrolled up, how tall its content was last frame, and
     * a drag in progress (the finger's last y). */
    int scroll, content_h, drag_y;
    bool dragging;
    /* The signature pad: the finger is down drawing a stroke. */
    bool in_stroke;
};
extern const struct screen screen_review;

static struct review_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_review);
}

static void review_enter(struct kiosk_app *app)
{
    struct review_state *st = state(app);
    app->session->back_to_review = false;
    st->scroll = st->content_h = 0;
    st->dragging = false;
}

/* The next applicant starts at the top of the page, with no stroke or drag in progress (where
 * a finger was is the applicant's). */
static void review_end_session(struct kiosk_app *app)
{
    explicit_bzero(state(app), sizeof(struct review_state));
}

/* The content is drawn at its place less the scroll, clipped to the viewport vp; what lies
 * wholly outside is measured, not drawn (nor recorded). */
struct page {
    struct ui *ui;
    struct ui_rect vp;
    int y; /* the next item's top on screen */
};

static bool visible(const struct page *p, int h)
{
    return p->y + h > p->vp.y && p->y < p->vp.y + p->vp.h;
}

static void text_item(struct page *p, const char *id, const char *text, enum ui_font font,
                      enum ui_color_role fg, int after)
{
    int h = ui_text_height(p->ui, text, font, p->vp.w);
    if (visible(p, h))
        ui_label(p->ui, id, (struct ui_rect){p->vp.x, p->y, p->vp.w, 0}, text, font, fg, UI_C_BG,
                 UI_ALIGN_LEFT);
    p->y += h + after;
}

static void value_item(struct page *p, const char *id, const char *label, const char *value)
{
    const struct ui_theme *t = ui_theme(p->ui);
    int lw = p->vp.w * 2 / 5;
    const char *v = value && *value ? value : tr("value.empty");
    int h1 = ui_text_height(p->ui, label, UI_FONT_BODY, lw - t->gap);
    int h2 = ui_text_height(p->ui, v, UI_FONT_LARGE, p->vp.w - lw);
    int h = h1 > h2 ? h1 : h2;
    if (visible(p, h))
        ui_value_row(p->ui, id, (struct ui_rect){p->vp.x, p->y, p->vp.w, 0}, label, value);
    p->y += h + t->gap;
}

/* A section's heading with its 修改 button (shown only when wholly in view, so that it is
 * never half a target); true when it was tapped. */
static bool section(struct page *p, const char *id, const char *title)
{
    const struct ui_theme *t = ui_theme(p->ui);
    int bw = ui_text_width(p->ui, tr("review.edit"), UI_FONT_LARGE) + 2 * t->border + 48;
    int h = t->button_h;
    bool tapped = false;
    char wid[64];
    if (p->y >= p->vp.y && p->y + h <= p->vp.y + p->vp.h) {
        snprintf(wid, sizeof wid, "review.edit.%s", id);
        tapped = ui_button(p->ui, wid, (struct ui_rect){p->vp.x + p->vp.w - bw, p->y, bw, h},
                           tr("review.edit"), UI_BTN_SECONDARY, true);
    }
    int th = ui_text_height(p->ui, title, UI_FONT_HEADING, p->vp.w - bw - t->gap);
    snprintf(wid, sizeof wid, "review.section.%s", id);
    if (visible(p, h))
        ui_label(p->ui, wid,
                 (struct ui_rect){p->vp.x, p->y + (h - th) / 2, p->vp.w - bw - t->gap, 0}, title,
                 UI_FONT_HEADING, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    p->y += h + t->gap;
    return tapped;
}

/* Follow the finger: a drag inside the viewport moves the page with it. */
static void drag(struct review_state *st, struct ui *ui, struct ui_rect vp)
{
    size_t n;
    const struct ui_sample *smp = ui_samples(ui, &n);
    for (size_t i = 0; i < n; i++) {
        bool inside = smp[i].x >= vp.x && smp[i].x < vp.x + vp.w && smp[i].y >= vp.y &&
                      smp[i].y < vp.y + vp.h;
        if (!smp[i].down) {
            st->dragging = false;
            continue;
        }
        if (st->dragging)
            st->scroll -= smp[i].y - st->drag_y;
        else if (!inside)
            continue;
        st->dragging = true;
        st->drag_y = smp[i].y;
    }
}

static void review_frame(struct kiosk_app *app, struct ui *ui)
{
    struct review_state *st = state(app);
    const struct ui_theme *t = ui_theme(ui);
    char step[64], wid[64];
    struct ui_rect body = ui_header(ui, tr("review.title"), screen_step(step, sizeof step, 6));
    /* One page: the content scrolls in a viewport; beside it two large buttons move it a
     * screenful up or down for those who cannot drag; under it the confirmation. */
    int by = body.y + body.h - t->button_h;
    int sw = ui_text_width(ui, tr("list.prev"), UI_FONT_LARGE) + 2 * t->border + 48;
    struct ui_rect vp = {body.x, body.y, body.w - sw - t->gap, by - t->gap - body.y};
    bool modal = screen_bar(app, ui, "materials");
    if (!modal)
        drag(st, ui, vp);
    int max = st->content_h > vp.h ? st->content_h - vp.h : 0;
    st->scroll = st->scroll < 0 ? 0 : st->scroll > max ? max : st->scroll;
    SDL_Rect clip = {vp.x, vp.y, vp.w, vp.h};
    SDL_RenderSetClipRect(ui_renderer(ui), &clip);
    struct page p = {ui, vp, vp.y - st->scroll};
    const char *edit = NULL;
    /* The form: every field asked. */
    if (section(&p, "form", tr("review.section.form")))
        edit = "form";
    for (size_t i = 0; i < app->svc.n_fields; i++) {
        if (!service_field_asked(&app->svc, i, (const char *const *)app->session->values))
            continue;
        snprintf(wid, sizeof wid, "review.%s", app->svc.fields[i].id);
        value_item(&p, wid, app->svc.fields[i].label, screen_value_label(app, i));
    }
    p.y += t->gap;
    /* The matters: applied for (chosen and allowed by the rules); one the rules block is
     * never shown as applied for: it is listed apart with why and what to do. */
    if (section(&p, "matters", tr("review.matters")))
        edit = "matters";
    struct rules_result r;
    session_rules(app->session, &r);
    for (size_t i = 0; i < app->svc.n_matters; i++) {
        if (!rules_applied(&r, i))
            continue;
        snprintf(wid, sizeof wid, "review.matter.%s", app->svc.matters[i].id);
        text_item(&p, wid, app->svc.matters[i].name, UI_FONT_LARGE, UI_C_TEXT, t->gap / 2);
    }
    bool head = false;
    for (size_t i = 0; i < app->svc.n_matters; i++) {
        if (!rules_not_now(&r, i))
            continue;
        if (!head) {
            p.y += t->gap;
            text_item(&p, "review.not_now", tr("review.not_now"), UI_FONT_BODY, UI_C_DANGER,
                      t->gap / 2);
            head = true;
        }
        const struct matter_verdict *v = &r.matters[i];
        char line[1536];
        tr_fmt(line, sizeof line,
               v->advice && *v->advice ? "review.not_now_item_advice" : "review.not_now_item",
               app->svc.matters[i].name, v->reason ? v->reason : "", v->advice ? v->advice : "",
               NULL);
        snprintf(wid, sizeof wid, "review.not_now.%s", app->svc.matters[i].id);
        text_item(&p, wid, line, UI_FONT_BODY, UI_C_TEXT, t->gap / 2);
    }
    rules_result_finish(&r);
    p.y += t->gap;
    /* The materials: what was captured or is to be brought is on the checklist. */
    if (section(&p, "materials", tr("review.section.materials")))
        edit = "materials";
    text_item(&p, "review.fix", tr("review.fix"), UI_FONT_BODY, UI_C_MUTED, 0);
    SDL_RenderSetClipRect(ui_renderer(ui), NULL);
    st->content_h = p.y + st->scroll - vp.y;
    max = st->content_h > vp.h ? st->content_h - vp.h : 0;
    if (modal)
        return;
    if (edit) {
        /* The step's 下一步 comes back here. */
        app->session->back_to_review = true;
        flow_go(app->flow, edit);
        return;
    }
    int step_px = vp.h - 2 * t->button_h; /* a screenful, less a little to keep the place */
    /* Each half the column, short of the height at which a button takes the largest type. */
    int bh = (vp.h - t->gap) / 2;
    if (bh >= 3 * t->button_h / 2)
        bh = 3 * t->button_h / 2 - 1;
    struct ui_rect up = {vp.x + vp.w + t->gap, vp.y, sw, bh};
    struct ui_rect down = {up.x, vp.y + vp.h - bh, sw, bh};
    if (ui_button(ui, "review.up", up, tr("review.up"), UI_BTN_SECONDARY, st->scroll > 0))
        st->scroll -= step_px;
    if (ui_button(ui, "review.down", down, tr("review.down"), UI_BTN_SECONDARY, st->scroll < max))
        st->scroll += step_px;
    if (ui_button(ui, "review.next", (struct ui_rect){body.x, by, body.w, t->button_h},
                  tr("review.confirm"), UI_BTN_PRIMARY, true))
        flow_go(app->flow, "sign");
}

const struct screen screen_review = {
    .name = "review",
    .idle = IDLE_READ,
    .enter = review_enter,
    .frame = review_frame,
    .end_session = review_end_session,
    .state_size = sizeof(struct review_state),
};

/* ---- commitment and signature ---- */

static void sign_enter(struct kiosk_app *app)
{
    struct session *s = app->session;
    explicit_bzero(s->sig, SESSION_MAX_STROKE_POINTS * sizeof *s->sig);
    s->n_sig = 0;
}

static void sign_frame(struct kiosk_app *app, struct ui *ui)
{
    struct review_state *st = state(app);
    const struct ui_theme *t = ui_theme(ui);
    struct session *s = app->session;
    char step[64];
    struct ui_rect body =
        ui_header(ui, app->svc.commitment_title, screen_step(step, sizeof step, 7));
    int y = body.y;
    y += ui_label(ui, "sign.text", (struct ui_rect){body.x, y, body.w, 0}, app->svc.commitment_text,
                  UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    y += t->gap;
    y += ui_label(ui, "sign.prompt", (struct ui_rect){body.x, y, body.w, 0}, tr("sign.prompt"),
                  UI_FONT_LARGE, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    y += t->gap;
    int pad_h = body.y + body.h - y - t->button_h - t->gap;
    struct ui_rect pad_rect = {body.x, y, body.w, pad_h};
    ui_fill(ui, pad_rect, t->color[UI_C_PANEL]);
    ui_frame_rect(ui, pad_rect, t->color[UI_C_BORDER], t->border);
    ui_record(ui, "sign.pad", UI_W_OTHER, tr("sign.pad"), pad_rect, t->font_px[UI_FONT_BODY],
              t->color[UI_C_TEXT], t->color[UI_C_PANEL], true);
    bool modal = screen_bar(app, ui, "review");
    /* New pointer samples inside the pad become stroke points. */
    size_t n;
    const struct ui_sample *smp = ui_samples(ui, &n);
    for (size_t i = 0; i < n && !modal; i++) {
        bool inside = smp[i].x >= pad_rect.x && smp[i].y >= pad_rect.y &&
                      smp[i].x < pad_rect.x + pad_rect.w && smp[i].y < pad_rect.y + pad_rect.h;
        if (!smp[i].down) {
            st->in_stroke = false;
            continue;
        }
        if (!inside || s->n_sig >= SESSION_MAX_STROKE_POINTS)
            continue;
        s->sig[s->n_sig++] =
            (struct session_point){(int16_t)(smp[i].x - pad_rect.x),
                                   (int16_t)(smp[i].y - pad_rect.y), !st->in_stroke, smp[i].ms};
        st->in_stroke = true;
        ui_touch_activity(ui); /* no timeout while drawing */
    }
    /* Draw the strokes so far. */
    for (size_t i = 1; i < s->n_sig; i++) {
        if (s->sig[i].start)
            continue;
        int x0 = pad_rect.x + s->sig[i - 1].x, y0 = pad_rect.y + s->sig[i - 1].y;
        int x1 = pad_rect.x + s->sig[i].x, y1 = pad_rect.y + s->sig[i].y;
        SDL_SetRenderDrawColor(ui_renderer(ui), 0, 0, 0, 255);
        for (int d = -2; d <= 2; d++) {
            SDL_RenderDrawLine(ui_renderer(ui), x0 + d, y0, x1 + d, y1);
            SDL_RenderDrawLine(ui_renderer(ui), x0, y0 + d, x1, y1 + d);
        }
    }
    if (modal)
        return;
    int bw = (body.w - t->gap) / 2, by = body.y + body.h - t->button_h;
    if (ui_button(ui, "sign.clear", (struct ui_rect){body.x, by, bw, t->button_h}, tr("sign.clear"),
                  UI_BTN_SECONDARY, s->n_sig > 0))
        sign_enter(app);
    if (ui_button(ui, "sign.submit", (struct ui_rect){body.x + bw + t->gap, by, bw, t->button_h},
                  tr("sign.submit"), UI_BTN_PRIMARY, s->n_sig >= 6)) {
        /* The picture (the pad's size) is drawn and encoded, and bound to the form data it
         * confirms, by the submit worker: milliseconds of work that no frame waits for. */
        s->sig_w = pad_rect.w;
        s->sig_h = pad_rect.h;
        flow_go(app->flow, "submit");
    }
}

const struct screen screen_sign = {
    .name = "sign",
    .idle = IDLE_TYPE,
    .enter = sign_enter,
    .frame = sign_frame,
};
