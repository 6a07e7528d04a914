/* app/ui/widgets.c: composite widgets (app layer, ui). */
#include "app/ui/widgets.h"

#include <stdio.h>
#include <string.h>

#include "platform/strings.h"
#include "platform/xalloc.h"

enum ui_bar_action ui_bottom_bar(struct ui *ui, bool back, bool home)
{
    const struct ui_theme *t = ui_theme(ui);
    int W = ui_width(ui), H = ui_height(ui);
    struct ui_rect bar = {0, H - t->bar_h, W, t->bar_h};
    ui_fill(ui, bar, t->color[UI_C_BAR]);
    /* Three buttons a margin apart; when a label would not fit on one line so (larger type
     * in 长辈模式, a narrow screen) only a gap apart. */
    int sp = t->margin, bw = (W - 4 * sp) / 3, bh = t->bar_h - 2 * t->gap;
    const char *labels[3] = {tr("bar.back"), tr("bar.home"), tr("bar.staff")};
    for (int i = 0; i < 3 && sp > t->gap; i++)
        if (ui_text_width(ui, labels[i], UI_FONT_BODY) > bw - 2 * t->border - 16) {
            sp = t->gap;
            bw = (W - 4 * sp) / 3;
        }
    int y = bar.y + t->gap;
    enum ui_bar_action a = UI_BAR_NONE;
    if (back &&
        ui_button(ui, "bar.back", (struct ui_rect){sp, y, bw, bh}, labels[0], UI_BTN_BAR, true))
        a = UI_BAR_BACK;
    if (home && ui_button(ui, "bar.home", (struct ui_rect){2 * sp + bw, y, bw, bh}, labels[1],
                          UI_BTN_BAR, true))
        a = UI_BAR_HOME;
    if (ui_button(ui, "bar.staff", (struct ui_rect){3 * sp + 2 * bw, y, bw, bh}, labels[2],
                  UI_BTN_BAR, true))
        a = UI_BAR_STAFF;
    return a;
}

/* The step strip under the header: every step's name, the current one marked, the ones
 * done in text colour, the ones ahead muted. Returns its height. */
static int step_strip(struct ui *ui, int y, int cur, int total)
{
    const struct ui_theme *t = ui_theme(ui);
    int W = ui_width(ui), h = t->font_px[UI_FONT_BODY] * 3 / 2;
    ui_fill(ui, (struct ui_rect){0, y, W, h}, t->color[UI_C_BAR]);
    char key[32], wid[32];
    int widths[16], sum = 0;
    for (int i = 1; i <= total; i++) {
        snprintf(key, sizeof key, "step.name.%d", i);
        widths[i] = ui_text_width(ui, tr(key), UI_FONT_BODY);
        sum += widths[i];
    }
    int avail = W - 2 * t->margin;
    int sep = total > 1 ? (avail - sum) / (total - 1) : 0;
    if (sep > 90)
        sep = 90;
    int x = t->margin + (avail - sum - sep * (total - 1)) / 2;
    int ty = y + (h - t->font_px[UI_FONT_BODY] * 4 / 3) / 2;
    bool all = sep >= 24; /* else only the current step's name fits */
    for (int i = 1; i <= total; i++) {
        snprintf(key, sizeof key, "step.name.%d", i);
        snprintf(wid, sizeof wid, "header.step.%d", i);
        if (!all && i != cur)
            continue;
        int sx = all ? x : (W - widths[i]) / 2;
        enum ui_color_role c = i == cur ? UI_C_PRIMARY : i < cur ? UI_C_TEXT : UI_C_MUTED;
        ui_label(ui, wid, (struct ui_rect){sx, ty, widths[i], 0}, tr(key), UI_FONT_BODY, c,
                 UI_C_BAR, UI_ALIGN_LEFT);
        if (i == cur)
            ui_fill(ui, (struct ui_rect){sx, y + h - 8, widths[i], 6}, t->color[UI_C_PRIMARY]);
        x += widths[i];
        if (all && i < total) {
            int sw = ui_text_width(ui, "›", UI_FONT_BODY);
            ui_text(ui, (struct ui_rect){x + (sep - sw) / 2, ty, 0, 0}, "›", UI_FONT_BODY,
                    t->color[UI_C_MUTED], UI_ALIGN_LEFT);
            x += sep;
        }
    }
    return h;
}

struct ui_rect ui_header(struct ui *ui, const char *title, const char *step)
{
    const struct ui_theme *t = ui_theme(ui);
    int W = ui_width(ui), H = ui_height(ui);
    ui_fill(ui, (struct ui_rect){0, 0, W, t->header_h}, t->color[UI_C_HEADER]);
    int th = t->font_px[UI_FONT_HEADING];
    /* A title that would wrap out of the band (larger type in 长辈模式) takes smaller type,
     * down to body text, centred in the band. */
    int tw = W - 2 * t->margin - 260;
    enum ui_font tf = UI_FONT_HEADING;
    int used = ui_text_height(ui, title, tf, tw);
    while (used > t->header_h - 2 * t->border && tf > UI_FONT_BODY)
        used = ui_text_height(ui, title, --tf, tw);
    int ty = tf == UI_FONT_HEADING ? (t->header_h - th * 3 / 2) / 2 : (t->header_h - used) / 2;
    ui_label(ui, "header.title", (struct ui_rect){t->margin, ty < 0 ? 0 : ty, tw, 0}, title, tf,
             UI_C_HEADER_TEXT, UI_C_HEADER, UI_ALIGN_LEFT);
    int cur = 0, total = 0, top = t->header_h + t->margin;
    char c1[16], c2[16], text[64];
    if (step && sscanf(step, "%d/%d", &cur, &total) == 2 && cur >= 1 && total >= cur &&
        total < 16) {
        snprintf(c1, sizeof c1, "%d", cur);
        snprintf(c2, sizeof c2, "%d", total);
        ui_label(ui, "header.step",
                 (struct ui_rect){W - t->margin - 260, (t->header_h - th) / 2, 260, 0},
                 tr_fmt(text, sizeof text, "step.of_total", c1, c2, NULL), UI_FONT_BODY,
                 UI_C_HEADER_TEXT, UI_C_HEADER, UI_ALIGN_RIGHT);
        top = t->header_h + step_strip(ui, t->header_h, cur, total) + t->gap;
    } else if (step && *step) {
        ui_label(ui, "header.step",
                 (struct ui_rect){W - t->margin - 260, (t->header_h - th) / 2, 260, 0}, step,
                 UI_FONT_BODY, UI_C_HEADER_TEXT, UI_C_HEADER, UI_ALIGN_RIGHT);
    }
    return (struct ui_rect){t->margin, top, W - 2 * t->margin, H - t->bar_h - top - t->gap};
}

void ui_pager(struct ui *ui, const char *id, struct ui_rect r, int *page, int pages)
{
    if (pages <= 1)
        return;
    const struct ui_theme *t = ui_theme(ui);
    int bw = (r.w - 2 * t->gap) / 3;
    char wid[96], pg[64], a[16], b[16];
    snprintf(wid, sizeof wid, "%s.prev", id);
    if (ui_button(ui, wid, (struct ui_rect){r.x, r.y, bw, r.h}, tr("list.prev"), UI_BTN_SECONDARY,
                  *page > 0))
        (*page)--;
    snprintf(a, sizeof a, "%d", *page + 1);
    snprintf(b, sizeof b, "%d", pages);
    snprintf(wid, sizeof wid, "%s.page", id);
    ui_label(ui, wid, (struct ui_rect){r.x + bw + t->gap, r.y + r.h / 4, bw, 0},
             tr_fmt(pg, sizeof pg, "list.page", a, b, NULL), UI_FONT_BODY, UI_C_TEXT, UI_C_BG,
             UI_ALIGN_CENTER);
    snprintf(wid, sizeof wid, "%s.next", id);
    if (ui_button(ui, wid, (struct ui_rect){r.x + 2 * (bw + t->gap), r.y, bw, r.h}, tr("list.next"),
                  UI_BTN_SECONDARY, *page + 1 < pages))
        (*page)++;
}

/* The most choices shown at once, whatever the screen's size: research (kiosk-ui.md, issue
 * 19.3) asks for up to 8-10 at a time; the number on a page is computed below from the
 * height and the theme's row height, so larger rows (the elder mode) show fewer. */
#define LIST_MAX_SHOWN 10

/* The most columns the area can take: each label on one line in its column, at most 4; a
 * wide area (landscape) takes two even so, their labels wrapping. */
static int max_cols(struct ui *ui, struct ui_rect r, const char *const *labels, int n)
{
    const struct ui_theme *t = ui_theme(ui);
    int widest = 0;
    for (int i = 0; i < n; i++) {
        int w = ui_text_width(ui, labels[i], UI_FONT_LARGE);
        widest = w > widest ? w : widest;
    }
    int cols = r.w >= 1400 ? 2 : 1;
    for (int c = 2; c <= 4; c++) {
        int inner = (r.w - (c - 1) * t->gap) / c - 2 * t->border - 16;
        if (inner >= widest && inner >= 2 * t->min_target)
            cols = c;
    }
    return cols;
}

int ui_choice_list(struct ui *ui, const char *id, struct ui_rect r, const char *const *labels,
                   int n, int selected, struct ui_list_state *st)
{
    const struct ui_theme *t = ui_theme(ui);
    /* Rows of full button height, as many as the height takes; more columns only where the
     * labels fit them and they save pages. */
    int rh = t->button_h;
    int fit = (r.h + t->gap) / (rh + t->gap); /* rows when no page buttons are needed */
    int mc = max_cols(ui, r, labels, n);
    int cols = 0, per_page = n;
    for (int c = 1; c <= mc && !cols; c++)
        if (n <= LIST_MAX_SHOWN && n <= c * fit)
            cols = c;
    if (!cols) {
        /* Paged: the page buttons take the last row. A low area takes shorter rows (still
         * well above the minimum target) rather than showing one choice a page. */
        int rows = (r.h - rh) / (rh + t->gap);
        if (rows < 2) {
            rh = (r.h - 2 * t->gap) / 3;
            if (rh > t->button_h)
                rh = t->button_h;
            if (rh < t->min_target + 20)
                rh = t->min_target + 20;
            rows = (r.h - rh) / (rh + t->gap);
        }
        if (rows < 1) { /* one row and the page buttons, each half the area: never overlapping */
            rows = 1;
            rh = (r.h - t->gap) / 2;
        }
        /* The column count that needs the fewest pages; of equals, the fewest columns. */
        int best_pages = 0;
        for (int c = 1; c <= mc; c++) {
            int per_col = rows < LIST_MAX_SHOWN / c ? rows : LIST_MAX_SHOWN / c;
            int pp = (per_col < 1 ? 1 : per_col) * c;
            int pages = (n + pp - 1) / pp;
            if (!best_pages || pages < best_pages) {
                best_pages = pages;
                cols = c;
                per_page = pp;
            }
        }
    }
    if (per_page < 1)
        per_page = 1;
    int per_col = (per_page + cols - 1) / cols;
    int cw = (r.w - (cols - 1) * t->gap) / cols;
    int pages = n > 0 ? (n + per_page - 1) / per_page : 1;
    if (st->page >= pages)
        st->page = pages - 1;
    if (st->page < 0)
        st->page = 0;
    bool paged = pages > 1;
    int nav_h = paged ? rh : 0;
    int rows = n - st->page * per_page < per_page ? n - st->page * per_page : per_page;
    int tapped = -1;
    char wid[96];
    for (int i = 0; i < rows; i++) {
        int k = st->page * per_page + i;
        struct ui_rect b = {r.x + (i / per_col) * (cw + t->gap),
                            r.y + (i % per_col) * (rh + t->gap), cw, rh};
        snprintf(wid, sizeof wid, "%s.%d", id, k);
        char label[300];
        snprintf(label, sizeof label, "%s%s", k == selected ? tr("list.selected_mark") : "",
                 labels[k]);
        if (ui_button(ui, wid, b, label, k == selected ? UI_BTN_SELECTED : UI_BTN_SECONDARY, true))
            tapped = k;
    }
    if (paged)
        ui_pager(ui, id, (struct ui_rect){r.x, r.y + r.h - nav_h, r.w, nav_h}, &st->page, pages);
    return tapped;
}

bool ui_yes_no(struct ui *ui, const char *id, struct ui_rect r, const char *yes, const char *no,
               int *value)
{
    const struct ui_theme *t = ui_theme(ui);
    int bw = (r.w - t->gap) / 2;
    char wid[96];
    bool changed = false;
    snprintf(wid, sizeof wid, "%s.yes", id);
    char label[200];
    snprintf(label, sizeof label, "%s%s", *value == 1 ? tr("list.selected_mark") : "", yes);
    if (ui_button(ui, wid, (struct ui_rect){r.x, r.y, bw, r.h}, label,
                  *value == 1 ? UI_BTN_SELECTED : UI_BTN_SECONDARY, true)) {
        changed = *value != 1;
        *value = 1;
    }
    snprintf(wid, sizeof wid, "%s.no", id);
    snprintf(label, sizeof label, "%s%s", *value == 0 ? tr("list.selected_mark") : "", no);
    if (ui_button(ui, wid, (struct ui_rect){r.x + bw + t->gap, r.y, bw, r.h}, label,
                  *value == 0 ? UI_BTN_SELECTED : UI_BTN_SECONDARY, true)) {
        changed = *value != 0;
        *value = 0;
    }
    return changed;
}

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[(m - 1) % 12];
}

/* The most columns labels (at the button's type) fit in a width w, at most max. */
static int fit_cols(struct ui *ui, int w, const char *const *labels, int n, int max)
{
    const struct ui_theme *t = ui_theme(ui);
    int widest = 0;
    for (int i = 0; i < n; i++) {
        int lw = ui_text_width(ui, labels[i], UI_FONT_LARGE);
        widest = lw > widest ? lw : widest;
    }
    int c = max < n ? max : n;
    while (c > 1 && ((w - (c - 1) * t->gap) / c - 2 * t->border - 16 < widest ||
                     (w - (c - 1) * t->gap) / c < t->min_target))
        c--;
    return c < 1 ? 1 : c;
}

/* Columns for n labels in rows as even as the width allows. */
static int even_cols(struct ui *ui, int w, const char *const *labels, int n, int max)
{
    int c = fit_cols(ui, w, labels, n, max);
    int rows = (n + c - 1) / c;
    return (n + rows - 1) / rows;
}

/* n buttons in rows of cols from (r.x, y), each rh high; ids <prefix>.<values[i]>. Returns the
 * index tapped or -1. */
static int grid(struct ui *ui, const char *prefix, struct ui_rect r, int y, int rh, int cols,
                const char *const *labels, const int *values, int n, int selected,
                const bool *enabled)
{
    const struct ui_theme *t = ui_theme(ui);
    int cw = (r.w - (cols - 1) * t->gap) / cols, hit = -1;
    char wid[96];
    for (int i = 0; i < n; i++) {
        snprintf(wid, sizeof wid, "%s.%d", prefix, values[i]);
        struct ui_rect b = {r.x + (i % cols) * (cw + t->gap), y + (i / cols) * (rh + t->gap), cw,
                            rh};
        if (ui_button(ui, wid, b, labels[i], i == selected ? UI_BTN_SELECTED : UI_BTN_SECONDARY,
                      enabled ? enabled[i] : true))
            hit = i;
    }
    return hit;
}

bool ui_date_picker(struct ui *ui, const char *id, struct ui_rect r, struct ui_date *d,
                    int min_year, int max_year)
{
    const struct ui_theme *t = ui_theme(ui);
    /* Keep the date valid: years within the range, months 1..12, days within the month. */
    if (d->year < min_year)
        d->year = min_year;
    if (d->year > max_year)
        d->year = max_year;
    if (d->month < 1 || d->month > 12)
        d->month = 1;
    if (d->day < 1)
        d->day = 1;
    if (d->day > days_in_month(d->year, d->month))
        d->day = days_in_month(d->year, d->month);
    if (d->view < UI_DATE_YEAR || d->view > UI_DATE_DAY)
        d->view = UI_DATE_YEAR;
    int lo = min_year / 10 * 10, hi = max_year / 10 * 10;
    if (d->decade < lo || d->decade > hi || d->decade % 10)
        d->decade = d->year / 10 * 10;

    /* The grids of the open view: labels, values, which is chosen, which can be. */
    static char text[64][32];
    const char *labels[64];
    int values[64], n = 0, sel = -1;
    bool can[64];
    const char *dec_labels[16];
    int dec_values[16], nd = 0, dsel = -1;
    if (d->view == UI_DATE_YEAR) {
        for (int y = lo; y <= hi && nd < 16; y += 10) {
            char num[16];
            snprintf(num, sizeof num, "%d", y);
            tr_fmt(text[32 + nd], sizeof text[0], "date.decade", num, NULL);
            dec_labels[nd] = text[32 + nd];
            if (y == d->decade)
                dsel = nd;
            dec_values[nd++] = y;
        }
        for (int y = d->decade; y < d->decade + 10; y++, n++) {
            snprintf(text[n], sizeof text[n], "%d", y);
            can[n] = y >= min_year && y <= max_year;
            sel = y == d->year ? n : sel;
            values[n] = y;
        }
    } else if (d->view == UI_DATE_MONTH) {
        for (; n < 12; n++) {
            snprintf(text[n], sizeof text[n], "%d%s", n + 1, tr("date.month"));
            can[n] = true;
            values[n] = n + 1;
        }
        sel = d->month - 1;
    } else {
        int dim = days_in_month(d->year, d->month);
        for (; n < dim; n++) {
            snprintf(text[n], sizeof text[n], "%d", n + 1);
            can[n] = true;
            values[n] = n + 1;
        }
        sel = d->day - 1;
    }
    for (int i = 0; i < n; i++)
        labels[i] = text[i];

    /* Rows: the three values (each opens its grid), then the grid(s); all of one height,
     * the button's or less to fit, never below a comfortable target. */
    int min_rh = t->min_target + 20;
    int dcols = nd ? even_cols(ui, r.w, dec_labels, nd, 8) : 1;
    int drows = nd ? (nd + dcols - 1) / dcols : 0;
    int cols = even_cols(ui, r.w, labels, n, d->view == UI_DATE_DAY ? 16 : 12);
    if (d->view == UI_DATE_DAY && fit_cols(ui, r.w, labels, n, 7) == 7)
        cols = 7; /* a week a row where that leaves rows tall enough */
    int rows = (n + cols - 1) / cols;
    int total = 1 + drows + rows;
    int rh = (r.h - (total - 1) * t->gap) / total;
    if (rh < min_rh && cols == 7) {
        cols = even_cols(ui, r.w, labels, n, 16);
        rows = (n + cols - 1) / cols;
        total = 1 + drows + rows;
        rh = (r.h - (total - 1) * t->gap) / total;
    }
    if (rh > t->button_h)
        rh = t->button_h;
    if (rh < min_rh)
        rh = min_rh;

    bool changed = false;
    char wid[96], txt[64];
    int tw = (r.w - 2 * t->gap) / 3;
    static const char *const names[3] = {"year", "month", "day"};
    int *vals[3] = {&d->year, &d->month, &d->day};
    const char *units[3] = {tr("date.year"), tr("date.month"), tr("date.day")};
    for (int c = 0; c < 3; c++) {
        snprintf(wid, sizeof wid, "%s.%s", id, names[c]);
        snprintf(txt, sizeof txt, "%d %s", *vals[c], units[c]);
        if (ui_button(ui, wid, (struct ui_rect){r.x + c * (tw + t->gap), r.y, tw, rh}, txt,
                      c == d->view ? UI_BTN_SELECTED : UI_BTN_SECONDARY, true))
            d->view = c;
    }
    int y = r.y + rh + t->gap;
    if (nd) {
        snprintf(wid, sizeof wid, "%s.decade", id);
        int hit = grid(ui, wid, r, y, rh, dcols, dec_labels, dec_values, nd, dsel, NULL);
        if (hit >= 0)
            d->decade = dec_values[hit];
        y += drows * (rh + t->gap);
    }
    snprintf(wid, sizeof wid, "%s.%s", id, names[d->view]);
    int view = d->view;
    int hit = grid(ui, wid, r, y, rh, cols, labels, values, n, sel, can);
    if (hit >= 0) {
        /* One tap a value; the next value's grid opens. */
        *vals[view] = values[hit];
        changed = true;
        if (view < UI_DATE_DAY)
            d->view = view + 1;
        if (d->day > days_in_month(d->year, d->month))
            d->day = days_in_month(d->year, d->month);
    }
    return changed;
}

bool ui_keypad(struct ui *ui, const char *id, struct ui_rect r, char *buf, size_t cap,
               const char *extra)
{
    const struct ui_theme *t = ui_theme(ui);
    static const char *keys[12] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", NULL, "0", NULL};
    int kw = (r.w - 2 * t->gap) / 3, kh = (r.h - 4 * t->gap) / 5;
    if (kh > t->button_h)
        kh = t->button_h;
    char wid[96];
    size_t len = strlen(buf);
    for (int i = 0; i < 12; i++) {
        const char *k = keys[i];
        if (i == 9)
            k = extra;
        if (i == 11)
            k = tr("keypad.delete");
        if (!k)
            continue;
        struct ui_rect b = {r.x + (i % 3) * (kw + t->gap), r.y + (i / 3) * (kh + t->gap), kw, kh};
        snprintf(wid, sizeof wid, "%s.key.%s", id, i == 11 ? "del" : k);
        if (!ui_button(ui, wid, b, k, UI_BTN_SECONDARY, true))
            continue;
        if (i == 11) {
            if (len)
                buf[--len] = '\0';
        } else if (len + 1 < cap) {
            buf[len++] = k[0];
            buf[len] = '\0';
        }
    }
    int y = r.y + 4 * (kh + t->gap);
    int bw = (r.w - t->gap) / 2;
    snprintf(wid, sizeof wid, "%s.clear", id);
    if (ui_button(ui, wid, (struct ui_rect){r.x, y, bw, kh}, tr("keypad.clear"), UI_BTN_SECONDARY,
                  len > 0))
        buf[0] = '\0';
    snprintf(wid, sizeof wid, "%s.ok", id);
    return ui_button(ui, wid, (struct ui_rect){r.x + bw + t->gap, y, bw, kh}, tr("keypad.ok"),
                     UI_BTN_PRIMARY, true);
}

/* The dialog of ui_modal, with an optional count in the largest type between the title and
 * the text. */
static int modal(struct ui *ui, const char *id, const char *title, const char *count,
                 const char *text, const char *const *buttons, int n)
{
    const struct ui_theme *t = ui_theme(ui);
    int W = ui_width(ui), H = ui_height(ui);
    ui_fill(ui, (struct ui_rect){0, 0, W, H}, (struct ui_color){0, 0, 0, 160});
    int mw = W - 4 * t->margin;
    if (mw > 1000)
        mw = 1000;
    int th = ui_text_height(ui, text, UI_FONT_LARGE, mw - 2 * t->margin);
    int ch = count ? ui_text_height(ui, count, UI_FONT_CODE, 0) : 0;
    int mh = t->margin * 3 + t->font_px[UI_FONT_HEADING] * 2 + ch + th + n * (t->button_h + t->gap);
    struct ui_rect m = {(W - mw) / 2, (H - mh) / 2, mw, mh};
    ui_fill(ui, m, t->color[UI_C_PANEL]);
    ui_frame_rect(ui, m, t->color[UI_C_BORDER], t->border);
    char wid[96];
    int y = m.y + t->margin;
    snprintf(wid, sizeof wid, "%s.title", id);
    y += ui_label(ui, wid, (struct ui_rect){m.x + t->margin, y, mw - 2 * t->margin, 0}, title,
                  UI_FONT_HEADING, UI_C_TEXT, UI_C_PANEL, UI_ALIGN_CENTER);
    y += t->gap;
    if (count) {
        snprintf(wid, sizeof wid, "%s.count", id);
        y += ui_label(ui, wid, (struct ui_rect){m.x + t->margin, y, mw - 2 * t->margin, 0}, count,
                      UI_FONT_CODE, UI_C_DANGER, UI_C_PANEL, UI_ALIGN_CENTER);
    }
    snprintf(wid, sizeof wid, "%s.text", id);
    y += ui_label(ui, wid, (struct ui_rect){m.x + t->margin, y, mw - 2 * t->margin, 0}, text,
                  UI_FONT_LARGE, UI_C_TEXT, UI_C_PANEL, UI_ALIGN_CENTER);
    y += t->margin;
    int tapped = -1;
    for (int i = 0; i < n; i++) {
        snprintf(wid, sizeof wid, "%s.button.%d", id, i);
        if (ui_button(ui, wid,
                      (struct ui_rect){m.x + t->margin, y, mw - 2 * t->margin, t->button_h},
                      buttons[i], i == 0 ? UI_BTN_PRIMARY : UI_BTN_SECONDARY, true))
            tapped = i;
        y += t->button_h + t->gap;
    }
    return tapped;
}

int ui_modal(struct ui *ui, const char *id, const char *title, const char *text,
             const char *const *buttons, int n)
{
    return modal(ui, id, title, NULL, text, buttons, n);
}

int ui_countdown_modal(struct ui *ui, const char *id, const char *title, const char *count,
                       const char *text, const char *const *buttons, int n)
{
    return modal(ui, id, title, count, text, buttons, n);
}

void ui_progress(struct ui *ui, struct ui_rect r, double fraction, long frame)
{
    const struct ui_theme *t = ui_theme(ui);
    ui_fill(ui, r, t->color[UI_C_PANEL]);
    ui_frame_rect(ui, r, t->color[UI_C_BORDER], t->border);
    struct ui_rect in = {r.x + t->border * 2, r.y + t->border * 2, r.w - t->border * 4,
                         r.h - t->border * 4};
    if (fraction >= 0) {
        if (fraction > 1)
            fraction = 1;
        ui_fill(ui, (struct ui_rect){in.x, in.y, (int)(in.w * fraction), in.h},
                t->color[UI_C_PRIMARY]);
    } else {
        ui_animate(ui); /* the bar moves while the work lasts */
        int bw = in.w / 4, x = (int)(frame * 12 % (in.w + bw)) - bw;
        int x0 = x < 0 ? 0 : x, x1 = x + bw > in.w ? in.w : x + bw;
        if (x1 > x0)
            ui_fill(ui, (struct ui_rect){in.x + x0, in.y, x1 - x0, in.h}, t->color[UI_C_PRIMARY]);
    }
}

struct ui_rect ui_image(struct ui *ui, struct ui_rect r, const struct image *img)
{
    struct ui_rect none = {r.x, r.y, 0, 0};
    if (!img || img->w <= 0 || img->h <= 0)
        return none;
    SDL_Renderer *rd = ui_renderer(ui);
    Uint32 fmt = img->format == IMAGE_GRAY8 ? SDL_PIXELFORMAT_RGB24 : SDL_PIXELFORMAT_ABGR8888;
    SDL_Texture *tex = SDL_CreateTexture(rd, fmt, SDL_TEXTUREACCESS_STATIC, img->w, img->h);
    if (!tex)
        return none;
    if (img->format == IMAGE_GRAY8) {
        uint8_t *rgb = xcalloc((size_t)img->w * (size_t)img->h * 3, 1);
        for (int y = 0; y < img->h; y++)
            for (int x = 0; x < img->w; x++)
                memset(rgb + ((size_t)y * (size_t)img->w + (size_t)x) * 3,
                       img->px[(size_t)y * img->stride + (size_t)x], 3);
        SDL_UpdateTexture(tex, NULL, rgb, img->w * 3);
        free(rgb);
    } else {
        SDL_UpdateTexture(tex, NULL, img->px, (int)img->stride);
    }
    double s =
        (double)r.w / img->w < (double)r.h / img->h ? (double)r.w / img->w : (double)r.h / img->h;
    int w = (int)(img->w * s), h = (int)(img->h * s);
    SDL_Rect dst = {r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h};
    SDL_RenderCopy(rd, tex, NULL, &dst);
    SDL_DestroyTexture(tex);
    return (struct ui_rect){dst.x, dst.y, dst.w, dst.h};
}

void ui_text_box(struct ui *ui, const char *id, struct ui_rect box, const char *text,
                 enum ui_font font)
{
    const struct ui_theme *t = ui_theme(ui);
    ui_fill(ui, box, t->color[UI_C_PANEL]);
    ui_frame_rect(ui, box, t->color[UI_C_BORDER], t->border);
    const char *s = text && text[0] ? text : " ";
    int w = box.w - 2 * t->gap, room = box.h - 2 * t->border;
    int h = ui_text_height(ui, s, font, w);
    if (h <= box.h - 2 * t->gap) {
        ui_label(ui, id, (struct ui_rect){box.x + t->gap, box.y + t->gap, w, 0}, s, font, UI_C_TEXT,
                 UI_C_PANEL, UI_ALIGN_LEFT);
        return;
    }
    /* Longer than the box (larger type in 长辈模式, a long address): smaller type down to
     * body text, and if even that does not fit, the end of the text (where it is typed),
     * cut at the box's edge rather than drawn over what is below. */
    while (h > room && font > UI_FONT_BODY)
        h = ui_text_height(ui, s, --font, w);
    struct ui_rect in = {box.x + t->border, box.y + t->border, box.w - 2 * t->border, room};
    int y = h <= room ? box.y + (box.h - h) / 2 : in.y + room - h;
    SDL_Rect clip = {in.x, in.y, in.w, in.h};
    SDL_RenderSetClipRect(ui_renderer(ui), &clip);
    ui_text(ui, (struct ui_rect){box.x + t->gap, y, w, 0}, s, font, t->color[UI_C_TEXT],
            UI_ALIGN_LEFT);
    SDL_RenderSetClipRect(ui_renderer(ui), NULL);
    ui_record(ui, id, UI_W_LABEL, s, (struct ui_rect){box.x + t->gap, in.y, w, room},
              t->font_px[font], t->color[UI_C_TEXT], t->color[UI_C_PANEL], true);
}

int ui_value_row(struct ui *ui, const char *id, struct ui_rect r, const char *label,
                 const char *value)
{
    const struct ui_theme *t = ui_theme(ui);
    int lw = r.w * 2 / 5;
    char wid[96];
    snprintf(wid, sizeof wid, "%s.label", id);
    int h1 = ui_label(ui, wid, (struct ui_rect){r.x, r.y, lw - t->gap, 0}, label, UI_FONT_BODY,
                      UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
    snprintf(wid, sizeof wid, "%s.value", id);
    int h2 = ui_label(ui, wid, (struct ui_rect){r.x + lw, r.y, r.w - lw, 0},
                      value && *value ? value : tr("value.empty"), UI_FONT_LARGE, UI_C_TEXT,
                      UI_C_BG, UI_ALIGN_LEFT);
    return h1 > h2 ? h1 : h2;
}
