/* app/screens/review.c: everything the applicant entered, large, to check before signing;
 * corrections by going back. Then the commitment and the signature pad (screens "review"
 * and "sign"). The signature is stored as a PNG with the SHA-256 of the exact form data it
 * confirms (both made by the submit worker, app/screens/submit.c). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/rules.h"
#include "app/screens/common.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static int rpage;

static void review_enter(struct kiosk_app *app)
{
    (void)app;
    rpage = 0;
}

static void review_frame(struct kiosk_app *app, struct ui *ui)
{
    const struct ui_theme *t = ui_theme(ui);
    char step[64], wid[64];
    struct ui_rect body = ui_header(ui, tr("review.title"), screen_step(step, sizeof step, 6));
    int y = body.y;
    int bottom = body.y + body.h - t->button_h - t->gap;
    /* Page 0..: the fields asked, as many as fit; the last page: the matters chosen. */
    size_t per_page = ui_landscape(ui) ? 5 : 9;
    size_t shown[128], nf = 0;
    for (size_t i = 0; i < app->svc.n_fields && nf < 128; i++)
        if (service_field_asked(&app->svc, i, (const char *const *)app->session->values))
            shown[nf++] = i;
    size_t pages = (nf + per_page - 1) / per_page + 1;
    if ((size_t)rpage < pages - 1) {
        for (size_t k = (size_t)rpage * per_page; k < nf && k < (size_t)(rpage + 1) * per_page;
             k++) {
            size_t i = shown[k];
            snprintf(wid, sizeof wid, "review.%s", app->svc.fields[i].id);
            y += ui_value_row(ui, wid, (struct ui_rect){body.x, y, body.w, 0},
                              app->svc.fields[i].label, screen_value_label(app, i));
            y += t->gap;
        }
    } else {
        y += ui_label(ui, "review.matters", (struct ui_rect){body.x, y, body.w, 0},
                      tr("review.matters"), UI_FONT_LARGE, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
        y += t->gap;
        /* Applied for: chosen and allowed by the rules. A matter the rules block is never
         * shown as applied for: it is listed apart with why and what to do. */
        struct rules_result r;
        session_rules(app->session, &r);
        for (size_t i = 0; i < app->svc.n_matters; i++) {
            if (!rules_applied(&r, i))
                continue;
            snprintf(wid, sizeof wid, "review.matter.%s", app->svc.matters[i].id);
            y += ui_label(ui, wid, (struct ui_rect){body.x, y, body.w, 0}, app->svc.matters[i].name,
                          UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
            y += t->gap / 2;
        }
        bool head = false;
        for (size_t i = 0; i < app->svc.n_matters; i++) {
            if (!rules_not_now(&r, i))
                continue;
            if (!head) {
                y += t->gap;
                y += ui_label(ui, "review.not_now", (struct ui_rect){body.x, y, body.w, 0},
                              tr("review.not_now"), UI_FONT_BODY, UI_C_DANGER, UI_C_BG,
                              UI_ALIGN_LEFT);
                head = true;
            }
            const struct matter_verdict *v = &r.matters[i];
            char line[1536];
            tr_fmt(line, sizeof line,
                   v->advice && *v->advice ? "review.not_now_item_advice" : "review.not_now_item",
                   app->svc.matters[i].name, v->reason ? v->reason : "", v->advice ? v->advice : "",
                   NULL);
            snprintf(wid, sizeof wid, "review.not_now.%s", app->svc.matters[i].id);
            y += ui_label(ui, wid, (struct ui_rect){body.x, y, body.w, 0}, line, UI_FONT_BODY,
                          UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
            y += t->gap / 2;
        }
        rules_result_finish(&r);
        y += t->gap;
        ui_label(ui, "review.fix", (struct ui_rect){body.x, y, body.w, 0}, tr("review.fix"),
                 UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
    }
    (void)bottom;
    bool modal = screen_bar(app, ui, "materials");
    if (modal)
        return;
    int bw = (body.w - t->gap) / 2, by = body.y + body.h - t->button_h;
    if (rpage > 0 && ui_button(ui, "review.prev", (struct ui_rect){body.x, by, bw, t->button_h},
                               tr("list.prev"), UI_BTN_SECONDARY, true))
        rpage--;
    struct ui_rect nr = {body.x + bw + t->gap, by, bw, t->button_h};
    if ((size_t)rpage + 1 < pages) {
        if (ui_button(ui, "review.more", nr, tr("list.next"), UI_BTN_PRIMARY, true))
            rpage++;
    } else if (ui_button(ui, "review.next", nr, tr("review.confirm"), UI_BTN_PRIMARY, true)) {
        flow_go(app->flow, "sign");
    }
}

const struct screen screen_review = {
    .name = "review",
    .idle = IDLE_READ,
    .enter = review_enter,
    .frame = review_frame,
};

/* ---- commitment and signature ---- */

static struct ui_rect pad_rect;

static void sign_enter(struct kiosk_app *app)
{
    struct session *s = app->session;
    explicit_bzero(s->sig, SESSION_MAX_STROKE_POINTS * sizeof *s->sig);
    s->n_sig = 0;
}

static void sign_frame(struct kiosk_app *app, struct ui *ui)
{
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
    pad_rect = (struct ui_rect){body.x, y, body.w, pad_h};
    ui_fill(ui, pad_rect, t->color[UI_C_PANEL]);
    ui_frame_rect(ui, pad_rect, t->color[UI_C_BORDER], t->border);
    ui_record(ui, "sign.pad", UI_W_OTHER, tr("sign.pad"), pad_rect, t->font_px[UI_FONT_BODY],
              t->color[UI_C_TEXT], t->color[UI_C_PANEL], true);
    bool modal = screen_bar(app, ui, "review");
    /* New pointer samples inside the pad become stroke points. */
    size_t n;
    const struct ui_sample *smp = ui_samples(ui, &n);
    static bool in_stroke;
    for (size_t i = 0; i < n && !modal; i++) {
        bool inside = smp[i].x >= pad_rect.x && smp[i].y >= pad_rect.y &&
                      smp[i].x < pad_rect.x + pad_rect.w && smp[i].y < pad_rect.y + pad_rect.h;
        if (!smp[i].down) {
            in_stroke = false;
            continue;
        }
        if (!inside || s->n_sig >= SESSION_MAX_STROKE_POINTS)
            continue;
        s->sig[s->n_sig++] =
            (struct session_point){(int16_t)(smp[i].x - pad_rect.x),
                                   (int16_t)(smp[i].y - pad_rect.y), !in_stroke, smp[i].ms};
        in_stroke = true;
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
