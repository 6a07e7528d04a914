/* app/screens/region_pick.c: the region picker (see region_pick.h). */
#include "app/screens/region_pick.h"

#include <stdio.h>
#include <string.h>

#include "app/core/region.h"
#include "app/screens/common.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

#define ORDOS_CODE "1506"

void region_pick_reset(struct region_pick_state *st)
{
    st->cur = NULL;
    st->list.page = 0;
}

/* A level the table keeps only for its structure ("市辖区", "省直辖县级行政区划"). */
static bool placeholder(const struct region *r)
{
    return strcmp(r->name, "市辖区") == 0 || strcmp(r->name, "县") == 0 ||
           strcmp(r->name, "省直辖县级行政区划") == 0 ||
           strcmp(r->name, "自治区直辖县级行政区划") == 0;
}

/* The picker goes down to counties; Inner Mongolia's towns are for addresses, not here. */
static bool is_leaf(const struct region *r)
{
    return r->n_children == 0 || r->level >= REGION_COUNTY;
}

/* Go down into r, stepping through a lone placeholder child (北京市 -> 市辖区 -> its
 * districts). */
static void descend(struct region_pick_state *st, const struct region *r)
{
    while (r->n_children == 1 && placeholder(r->children[0]) && !is_leaf(r->children[0]))
        r = r->children[0];
    st->cur = r;
    st->list.page = 0;
}

static enum region_pick_result choose(const struct region *r, char *out, size_t n)
{
    if (!region_full_name(r, out, n))
        return REGION_PICK_NONE;
    return REGION_PICK_CHOSEN;
}

enum region_pick_result region_pick(struct kiosk_app *app, struct ui *ui,
                                    struct region_pick_state *st, struct ui_rect r,
                                    const char *id_number, char *out, size_t n)
{
    const struct ui_theme *t = ui_theme(ui);
    const struct region_table *tab = app->regions;
    if (!tab)
        return REGION_PICK_TYPE;
    int y = r.y;
    char text[400], name[256];
    /* Where we are: the path chosen so far, or the shortcuts at the top level. */
    if (st->cur) {
        region_full_name(st->cur, name, sizeof name);
        y += ui_label(ui, "field.region.path", (struct ui_rect){r.x, y, r.w, 0},
                      tr_fmt(text, sizeof text, "region.path", name, NULL), UI_FONT_BODY, UI_C_TEXT,
                      UI_C_BG, UI_ALIGN_LEFT);
        y += t->gap;
    } else {
        /* The two shortcuts: one above the other, or side by side in a wide area (landscape)
         * so that the list keeps room for more than one choice a page. */
        bool wide = r.w >= 1400;
        const struct region *mine = id_number ? region_for_id(tab, id_number) : NULL;
        const struct region *ordos = region_find(tab, ORDOS_CODE);
        bool has_mine = mine && region_full_name(mine, name, sizeof name);
        bool has_ordos = ordos && ordos->n_children;
        int sw = wide && has_mine && has_ordos ? (r.w - t->gap) / 2 : r.w;
        struct ui_rect s1 = {r.x, y, sw, t->button_h};
        if (has_mine && ui_button(ui, "field.region.id", s1,
                                  tr_fmt(text, sizeof text, "region.by_id", name, NULL),
                                  UI_BTN_SECONDARY, true))
            return choose(mine, out, n);
        struct ui_rect s2 = s1;
        if (has_mine && sw < r.w)
            s2.x += sw + t->gap;
        else if (has_mine)
            s2.y += t->button_h + t->gap;
        if (has_ordos && ui_button(ui, "field.region.ordos", s2,
                                   tr_fmt(text, sizeof text, "region.ordos", ordos->name, NULL),
                                   UI_BTN_SECONDARY, true))
            descend(st, ordos);
        if (has_mine || has_ordos)
            y = s2.y + (has_ordos ? t->button_h + t->gap : 0);
        y += ui_label(ui, "field.region.prompt", (struct ui_rect){r.x, y, r.w, 0},
                      tr("region.choose_province"), UI_FONT_BODY, UI_C_MUTED, UI_C_BG,
                      UI_ALIGN_LEFT);
        y += t->gap;
    }
    const struct region *const *kids = NULL;
    size_t nk = region_children(tab, st->cur ? st->cur->code : NULL, &kids);
    /* The list, then one row: 上一级, this level is enough, type instead. */
    int row_y = r.y + r.h - t->button_h;
    const char *labels[128];
    int shown = nk < 128 ? (int)nk : 128;
    for (int i = 0; i < shown; i++)
        labels[i] = kids[i]->name;
    int hit = ui_choice_list(ui, "field.region", (struct ui_rect){r.x, y, r.w, row_y - t->gap - y},
                             labels, shown, -1, &st->list);
    if (hit >= 0) {
        const struct region *k = kids[hit];
        if (is_leaf(k))
            return choose(k, out, n);
        descend(st, k);
    }
    int bw = (r.w - 2 * t->gap) / 3;
    if (ui_button(ui, "field.region.up", (struct ui_rect){r.x, row_y, bw, t->button_h},
                  tr("region.up"), UI_BTN_SECONDARY, st->cur != NULL)) {
        /* Up past a lone placeholder stepped through on the way down. */
        const struct region *p = st->cur->parent;
        while (p && p->n_children == 1 && placeholder(p->children[0]))
            p = p->parent;
        st->cur = p;
        st->list.page = 0;
    }
    if (ui_button(
            ui, "field.region.pick", (struct ui_rect){r.x + bw + t->gap, row_y, bw, t->button_h},
            tr("region.pick_here"), UI_BTN_SECONDARY, st->cur != NULL && !placeholder(st->cur)))
        return choose(st->cur, out, n);
    if (ui_button(ui, "field.region.type",
                  (struct ui_rect){r.x + 2 * (bw + t->gap), row_y, bw, t->button_h},
                  tr("region.type"), UI_BTN_SECONDARY, true))
        return REGION_PICK_TYPE;
    return REGION_PICK_NONE;
}
