/* app/screens/matters.c: choosing the matters (each with its department and notes, blocked
 * ones explained) and the questions some matters raise (screen "matters"; the materials
 * they need are app/screens/materials.c). */
#include <stdio.h>
#include <string.h>

#include "app/core/rules.h"
#include "app/screens/common.h"
#include "app/ui/picture.h"
#include "platform/strings.h"

#define MAX_MATTERS 32

struct matters_state {
    int page;                   /* the cards' page */
    struct ui_list_state qlist; /* the answers to a matter's question */
};
extern const struct screen screen_matters;

static struct matters_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_matters);
}

/* A matter's card: what it says and how it stands. */
struct card {
    const char *title, *dept, *note;
    const char *icon; /* picture name from the service definition, or empty */
    bool blocked, chosen;
};

/* The text's inset in a card: inside the chosen card's thick border, with a little air. */
static int card_pad(const struct ui_theme *t)
{
    return 3 * t->border + 8;
}

/* The icon's side left of a card's words (0 without one), and the words' width in a card of
 * width w. */
static int card_icon(const struct ui_theme *t, const struct card *c)
{
    return c->icon && *c->icon ? t->font_px[UI_FONT_BODY] * 3 / 2 : 0;
}

static int card_text_w(const struct ui_theme *t, const struct card *c, int w)
{
    int ic = card_icon(t, c);
    return w - 2 * card_pad(t) - (ic ? ic + t->gap / 2 : 0);
}

/* What a card shows: its name and, where a blocked one says why, the reason always; its
 * note and its department where they fit (the department is on review and the receipt). */
enum { SHOW_NOTE = 1, SHOW_DEPT = 2 };

/* The height a card's text takes in a card of width w showing what show says. */
static int card_text_h(struct ui *ui, const struct card *c, int w, int show)
{
    const struct ui_theme *t = ui_theme(ui);
    int tw = card_text_w(t, c, w);
    int h = ui_text_height(ui, c->title, UI_FONT_BODY, tw);
    if (show & SHOW_DEPT)
        h += ui_text_height(ui, c->dept, UI_FONT_BODY, tw);
    if (c->note && *c->note && (c->blocked || (show & SHOW_NOTE)))
        h += ui_text_height(ui, c->note, UI_FONT_BODY, tw);
    return h;
}

/* The most a card of w x h can show. */
static int card_show(struct ui *ui, const struct card *c, int w, int h)
{
    const struct ui_theme *t = ui_theme(ui);
    static const int tries[] = {SHOW_NOTE | SHOW_DEPT, SHOW_NOTE, SHOW_DEPT};
    for (size_t i = 0; i < sizeof tries / sizeof tries[0]; i++)
        if (card_text_h(ui, c, w, tries[i]) + 2 * t->border <= h)
            return tries[i];
    return 0;
}

struct grid {
    int cols, per_page, w, h;
};

/* The cards' grid in an area of w x h: the fewest pages, then the fewest columns (at most 4),
 * in which every card's name (and a blocked one's reason) fits, with its note if some grid
 * allows, in a card no lower than a comfortable target; a page's buttons take a row when there is
 * more than one page. */
static struct grid grid_layout(struct ui *ui, const struct card *cards, int n, int w, int h,
                               bool pager_in_row)
{
    const struct ui_theme *t = ui_theme(ui);
    for (int per = n; per >= 1; per--) {
        int area = per < n && !pager_in_row ? h - t->button_h - t->gap : h;
        /* Preferably a grid where every note fits too. */
        for (int need = SHOW_NOTE; need >= 0; need -= SHOW_NOTE)
            for (int c = 1; c <= 4 && c <= per; c++) {
                int rows = (per + c - 1) / c;
                struct grid g = {c, per, (w - (c - 1) * t->gap) / c,
                                 (area - (rows - 1) * t->gap) / rows};
                if (g.h < t->min_target + 20 || g.w < 3 * t->min_target)
                    continue;
                bool ok = true;
                for (int i = 0; i < n && ok; i++)
                    ok = card_text_h(ui, &cards[i], g.w, need) + 2 * t->border <= g.h;
                if (ok)
                    return g;
            }
    }
    return (struct grid){1, 1, w, h};
}

/* Draw a card as a button the whole of which toggles the matter; its text left-aligned in
 * it (labels <id>.title, <id>.dept, <id>.note). Returns true when it was tapped. */
static bool draw_card(struct ui *ui, const char *id, struct ui_rect r, const struct card *c,
                      bool enabled)
{
    const struct ui_theme *t = ui_theme(ui);
    bool tapped = ui_button(ui, id, r, "", c->chosen ? UI_BTN_SELECTED : UI_BTN_SECONDARY, enabled);
    enum ui_color_role bg = enabled ? UI_C_SECONDARY : UI_C_DISABLED;
    enum ui_color_role fg = enabled ? UI_C_SECONDARY_TEXT : UI_C_DISABLED_TEXT;
    int pad = card_pad(t), tw = card_text_w(t, c, r.w), ic = card_icon(t, c);
    int show = card_show(ui, c, r.w, r.h);
    int y = r.y + (r.h - card_text_h(ui, c, r.w, show)) / 2;
    /* The matter's icon (named by the service definition) left of its words. */
    if (ic)
        ui_picture(ui, (struct ui_rect){r.x + pad, y, ic, ic}, c->icon, enabled ? 255 : 128);
    int x = r.x + pad + (ic ? ic + t->gap / 2 : 0);
    char wid[96];
    snprintf(wid, sizeof wid, "%s.title", id);
    y += ui_label(ui, wid, (struct ui_rect){x, y, tw, 0}, c->title, UI_FONT_BODY, fg, bg,
                  UI_ALIGN_LEFT);
    if (show & SHOW_DEPT) {
        snprintf(wid, sizeof wid, "%s.dept", id);
        y += ui_label(ui, wid, (struct ui_rect){x, y, tw, 0}, c->dept, UI_FONT_BODY,
                      enabled ? UI_C_MUTED : UI_C_DISABLED_TEXT, bg, UI_ALIGN_LEFT);
    }
    if (c->note && *c->note && (c->blocked || (show & SHOW_NOTE))) {
        snprintf(wid, sizeof wid, "%s.note", id);
        ui_label(ui, wid, (struct ui_rect){x, y, tw, 0}, c->note, UI_FONT_BODY,
                 c->blocked ? UI_C_DANGER
                 : enabled  ? UI_C_MUTED
                            : UI_C_DISABLED_TEXT,
                 bg, UI_ALIGN_LEFT);
    }
    return tapped;
}

static void matters_enter(struct kiosk_app *app)
{
    struct matters_state *st = state(app);
    st->page = 0;
    st->qlist.page = 0;
}

/* The next applicant starts on the first page. */
static void matters_end_session(struct kiosk_app *app)
{
    explicit_bzero(state(app), sizeof(struct matters_state));
}

static void matters_frame(struct kiosk_app *app, struct ui *ui)
{
    struct matters_state *st = state(app);
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
                                 n, -1, &st->qlist);
        if (hit >= 0)
            session_set_answer(app->session, (size_t)ask, q->answers[hit].value);
        rules_result_finish(&r);
        return;
    }
    /* Every matter a card that is its own toggle: its name, its department where that fits,
     * and its note (a blocked one: why, in red). All on one page where the cards' text fits:
     * the fewest pages, then the fewest columns; taller type (the elder mode) pages. */
    int n = (int)app->svc.n_matters < MAX_MATTERS ? (int)app->svc.n_matters : MAX_MATTERS;
    struct card cards[MAX_MATTERS];
    char titles[MAX_MATTERS][256];
    for (int i = 0; i < n; i++) {
        const struct service_matter *m = &app->svc.matters[i];
        const struct matter_verdict *v = &r.matters[i];
        bool blocked = v->status == MATTER_BLOCKED;
        if (v->chosen)
            tr_fmt(titles[i], sizeof titles[i], "matters.chosen", m->name, NULL);
        else
            snprintf(titles[i], sizeof titles[i], "%s", m->name);
        cards[i] = (struct card){titles[i],
                                 app->svc.departments[m->department].name,
                                 blocked ? v->reason : m->note,
                                 m->icon,
                                 blocked,
                                 v->chosen};
    }
    /* Landscape (wide, short): the page buttons share the 下一步 row, leaving the cards the
     * height of a row more (in 长辈模式 that halves the pages). */
    bool shared_row = ui_landscape(ui);
    struct grid g = grid_layout(ui, cards, n, body.w, body.h - t->button_h - t->gap, shared_row);
    int pages = (n + g.per_page - 1) / g.per_page;
    if (st->page >= pages)
        st->page = pages - 1;
    char wid[64];
    for (int k = 0; k < g.per_page && st->page * g.per_page + k < n; k++) {
        int i = st->page * g.per_page + k;
        const struct service_matter *m = &app->svc.matters[i];
        struct ui_rect cr = {body.x + (k % g.cols) * (g.w + t->gap),
                             body.y + (k / g.cols) * (g.h + t->gap), g.w, g.h};
        snprintf(wid, sizeof wid, "matters.%s", m->id);
        /* One chosen before it became blocked can still be taken off. */
        bool enabled = cards[i].chosen || !cards[i].blocked;
        if (draw_card(ui, wid, cr, &cards[i], enabled) && !modal)
            app->session->chosen[i] = !app->session->chosen[i];
    }
    struct ui_rect next = {body.x, body.y + body.h - t->button_h, body.w, t->button_h};
    struct ui_rect pager = {body.x, next.y - t->button_h - t->gap, body.w, t->button_h};
    if (shared_row && pages > 1) {
        pager = (struct ui_rect){body.x, next.y, (body.w - t->gap) / 2, t->button_h};
        next.x = pager.x + pager.w + t->gap;
        next.w = body.x + body.w - next.x;
    }
    if (!modal)
        ui_pager(ui, "matters.list", pager, &st->page, pages);
    if (!modal &&
        ui_button_note(ui, "matters.next", next, tr("common.next"),
                       r.can_submit ? NULL : tr("matters.why_next"), UI_BTN_PRIMARY, r.can_submit))
        flow_go(app->flow, "materials"); /* the checklist follows the matters, then review */
    rules_result_finish(&r);
}

const struct screen screen_matters = {
    .name = "matters",
    .idle = IDLE_READ,
    .enter = matters_enter,
    .frame = matters_frame,
    .end_session = matters_end_session,
    .state_size = sizeof(struct matters_state),
};
