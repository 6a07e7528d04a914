/* app/screens/matters.c: choosing the matters (each with its department and notes, blocked
 * ones explained) and the questions some matters raise (screen "matters"; the materials
 * they need are app/screens/materials.c). */
#include <stdio.h>
#include <string.h>

#include "app/core/rules.h"
#include "app/screens/common.h"
#include "platform/strings.h"

static int page;
static struct ui_list_state qlist;

static void matters_enter(struct kiosk_app *app)
{
    (void)app;
    page = 0;
    qlist.page = 0;
}

static void matters_frame(struct kiosk_app *app, struct ui *ui)
{
    const struct ui_theme *t = ui_theme(ui);
    char step[64];
    struct ui_rect body = ui_header(ui, tr("matters.title"), screen_step(step, sizeof step, 4));
    struct rules_result r;
    session_rules(app->session, &r);
    bool modal = screen_bar(app, ui, "form");
    /* A chosen matter waiting for an answer: ask that question first, on this screen. */
    long ask = -1;
    for (size_t i = 0; i < app->svc.n_matters && ask < 0; i++)
        if (r.matters[i].chosen && r.matters[i].status == MATTER_NEEDS_ANSWER)
            ask = r.matters[i].question;
    if (ask >= 0 && !modal) {
        const struct service_question *q = &app->svc.questions[ask];
        int y = body.y;
        y += ui_label(ui, "matters.question", (struct ui_rect){body.x, y, body.w, 0}, q->text,
                      UI_FONT_HEADING, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
        y += 2 * t->gap;
        const char *labels[16];
        int n = (int)(q->n_answers < 16 ? q->n_answers : 16);
        for (int i = 0; i < n; i++)
            labels[i] = q->answers[i].label;
        int hit = ui_choice_list(ui, "matters.answer",
                                 (struct ui_rect){body.x, y, body.w, body.y + body.h - y}, labels,
                                 n, -1, &qlist);
        if (hit >= 0)
            session_set_answer(app->session, (size_t)ask, q->answers[hit].value);
        rules_result_finish(&r);
        return;
    }
    /* As many rows as fit (a row: its choose button, or a name and a two-line note), at most
     * four: four in portrait, two in landscape. */
    int avail = body.h - 2 * t->button_h - 3 * t->gap;
    int need = t->font_px[UI_FONT_BODY] * 3 * 7 / 5;
    need = (need > t->button_h ? need : t->button_h) + t->gap;
    int per_page = avail / need < 1 ? 1 : avail / need > 4 ? 4 : avail / need;
    int n = (int)app->svc.n_matters, pages = (n + per_page - 1) / per_page;
    if (page >= pages)
        page = pages - 1;
    int row_h = avail / per_page - t->gap;
    /* Fewer a page while the tallest row as drawn is taller than its share (larger type in
     * 长辈模式, notes that wrap). */
    int tallest = 0;
    for (size_t i = 0; i < app->svc.n_matters; i++) {
        const struct service_matter *m = &app->svc.matters[i];
        const char *note = r.matters[i].status == MATTER_BLOCKED ? r.matters[i].reason : m->note;
        char nm[512];
        snprintf(nm, sizeof nm, "%s（%s）", m->name, app->svc.departments[m->department].name);
        int tw = body.w - body.w / 4 - t->gap;
        int h = ui_text_height(ui, nm, UI_FONT_BODY, tw) +
                (note && *note ? ui_text_height(ui, note, UI_FONT_BODY, tw) : 0);
        if (h > tallest)
            tallest = h;
    }
    while (per_page > 1 && tallest > row_h) {
        per_page--;
        row_h = avail / per_page - t->gap;
    }
    pages = (n + per_page - 1) / per_page;
    if (page >= pages)
        page = pages - 1;
    int y = body.y;
    char wid[64], line[512];
    for (int k = 0; k < per_page && page * per_page + k < n; k++) {
        int i = page * per_page + k;
        const struct service_matter *m = &app->svc.matters[i];
        const struct matter_verdict *v = &r.matters[i];
        int bw = body.w / 4;
        snprintf(line, sizeof line, "%s（%s）", m->name, app->svc.departments[m->department].name);
        snprintf(wid, sizeof wid, "matters.%s.name", m->id);
        int h = ui_label(ui, wid, (struct ui_rect){body.x, y, body.w - bw - t->gap, 0}, line,
                         UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
        /* A blocked matter says why (the reason says what to wait for; review and the
         * receipt add what to do) and cannot be chosen; one chosen before it became blocked
         * can still be taken off. */
        bool blocked = v->status == MATTER_BLOCKED;
        const char *note = blocked ? v->reason : m->note;
        if (note && *note) {
            snprintf(wid, sizeof wid, "matters.%s.note", m->id);
            ui_label(ui, wid, (struct ui_rect){body.x, y + h, body.w - bw - t->gap, 0}, note,
                     UI_FONT_BODY, blocked ? UI_C_DANGER : UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
        }
        snprintf(wid, sizeof wid, "matters.%s", m->id);
        const char *btn = v->chosen ? tr("matters.chosen")
                          : blocked ? tr("matters.blocked")
                                    : tr("matters.choose");
        if (!modal &&
            ui_button(ui, wid, (struct ui_rect){body.x + body.w - bw, y, bw, t->button_h}, btn,
                      v->chosen ? UI_BTN_SELECTED : UI_BTN_SECONDARY, v->chosen || !blocked))
            app->session->chosen[i] = !app->session->chosen[i];
        y += row_h + t->gap;
    }
    int ny = body.y + body.h - 2 * t->button_h - t->gap;
    if (!modal)
        ui_pager(ui, "matters.list", (struct ui_rect){body.x, ny, body.w, t->button_h}, &page,
                 pages);
    if (!modal &&
        ui_button_note(ui, "matters.next",
                       (struct ui_rect){body.x, body.y + body.h - t->button_h, body.w, t->button_h},
                       tr("common.next"), r.can_submit ? NULL : tr("matters.why_next"),
                       UI_BTN_PRIMARY, r.can_submit))
        flow_go(app->flow, "materials");
    rules_result_finish(&r);
}

const struct screen screen_matters = {
    .name = "matters",
    .idle = IDLE_READ,
    .enter = matters_enter,
    .frame = matters_frame,
};
