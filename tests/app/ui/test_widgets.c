/* Tests for app/ui/widgets.c through the real toolkit on a headless display: the choice list
 * uses the height it is given (page size from the theme's row height, never a constant) and
 * shows the definition's order; the date picker enters a date in a few taps (issue 19.3). Every
 * drawn frame is checked: targets inside the area, at least the theme's minimum size, none
 * overlapping. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <unistd.h>

#include "app/core/service.h"
#include "app/ui/ui.h"
#include "app/ui/widgets.h"
#include "platform/display.h"
#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"
#include "tests/support/ktest.h"

static struct display disp;
static bool disp_open;
static struct kclock *clk;

/* A toolkit on a display of w x h, with the theme of assets (NULL: the shipped assets). */
static struct ui *rig(const char *assets, int w, int h)
{
    char err[512] = "";
    if (disp_open && (disp.canvas_w != w || disp.canvas_h != h)) {
        display_close(&disp);
        disp_open = false;
    }
    if (!disp_open) {
        struct display_opts o = {.canvas_w = w, .canvas_h = h, .headless = true};
        CHECKF(display_open(&disp, &o, err, sizeof err) == K_OK, "%s", err);
        disp_open = true;
    }
    char def[512];
    snprintf(def, sizeof def, "%s/assets", ktest_src());
    struct ui *ui = ui_create(&disp, assets ? assets : def, clk, err, sizeof err);
    CHECKF(ui != NULL, "%s", err);
    if (!ui)
        exit(ktest_done());
    return ui;
}

/* An assets folder whose theme has rows (button_h) of the given height: what the elder mode
 * does; the fonts are the shipped ones. */
static const char *taller_assets(int button_h)
{
    static char dir[512];
    char path[700], fonts[PATH_MAX], *text = NULL;
    size_t len = 0;
    snprintf(dir, sizeof dir, "%s/tall%d", ktest_tmpdir(), button_h);
    snprintf(path, sizeof path, "%s/ui", dir);
    fs_mkdir_p(path, 0755);
    snprintf(path, sizeof path, "%s/assets/fonts", ktest_src());
    CHECK(realpath(path, fonts) != NULL); /* the link is read from its own folder */
    snprintf(path, sizeof path, "%s/fonts", dir);
    CHECK(symlink(fonts, path) == 0);
    snprintf(path, sizeof path, "%s/assets/ui/theme.json", ktest_src());
    CHECK(fs_read_file(path, 1 << 20, &text, &len) == K_OK);
    char *at = text ? strstr(text, "\"button_h\": 128") : NULL;
    CHECK(at != NULL);
    if (at) {
        char num[8];
        snprintf(num, sizeof num, "%d", button_h);
        memcpy(at + strlen("\"button_h\": "), num, 3);
    }
    snprintf(path, sizeof path, "%s/ui/theme.json", dir);
    FILE *f = fopen(path, "w");
    if (f && text)
        fwrite(text, 1, len, f);
    if (f)
        fclose(f);
    free(text);
    return dir;
}

typedef void (*draw_fn)(struct ui *ui, void *ud);

static void frame(struct ui *ui, draw_fn draw, void *ud)
{
    display_begin(&disp);
    ui_begin(ui);
    draw(ui, ud);
    ui_end(ui);
}

/* Tap the widget with this id (as drawn in the last frame) and draw a frame; false when it
 * was not there or not enabled. */
static bool tap(struct ui *ui, const char *id, draw_fn draw, void *ud)
{
    const struct ui_widget *w = ui_find(ui, id);
    if (!w || w->kind != UI_W_BUTTON || !w->enabled)
        return false;
    int x = w->rect.x + w->rect.w / 2, y = w->rect.y + w->rect.h / 2;
    ui_pointer(ui, x, y, true);
    ui_pointer(ui, x, y, false);
    frame(ui, draw, ud);
    frame(ui, draw, ud); /* what the tap changed shows one frame later */
    return true;
}

/* Every button of the last frame lies in area, is at least the minimum target, and overlaps
 * no other. */
static void check_layout(struct ui *ui, struct ui_rect area, const char *what)
{
    const struct ui_theme *t = ui_theme(ui);
    size_t n = ui_widget_count(ui);
    for (size_t i = 0; i < n; i++) {
        const struct ui_widget *a = ui_widget_at(ui, i);
        if (a->kind != UI_W_BUTTON)
            continue;
        struct ui_rect r = a->rect;
        CHECKF(r.x >= area.x && r.y >= area.y && r.x + r.w <= area.x + area.w &&
                   r.y + r.h <= area.y + area.h,
               "%s: %s (%d,%d %dx%d) outside the area", what, a->id, r.x, r.y, r.w, r.h);
        CHECKF(r.w >= t->min_target && r.h >= t->min_target, "%s: %s is %dx%d", what, a->id, r.w,
               r.h);
        for (size_t j = i + 1; j < n; j++) {
            const struct ui_widget *b = ui_widget_at(ui, j);
            if (b->kind != UI_W_BUTTON)
                continue;
            bool overlap = r.x < b->rect.x + b->rect.w && b->rect.x < r.x + r.w &&
                           r.y < b->rect.y + b->rect.h && b->rect.y < r.y + r.h;
            CHECKF(!overlap, "%s: %s and %s overlap", what, a->id, b->id);
        }
    }
}

/* ---- the choice list ---- */

struct list_case {
    struct ui_rect r;
    const char *const *labels;
    int n;
    struct ui_list_state st;
    int tapped;
};

static void draw_list(struct ui *ui, void *ud)
{
    struct list_case *c = ud;
    int hit = ui_choice_list(ui, "t.list", c->r, c->labels, c->n, -1, &c->st);
    if (hit >= 0)
        c->tapped = hit;
}

/* How many choices the last frame showed (ids t.list.<number>). */
static int shown(struct ui *ui)
{
    int k = 0;
    for (size_t i = 0; i < ui_widget_count(ui); i++) {
        const char *id = ui_widget_at(ui, i)->id;
        if (strncmp(id, "t.list.", 7) == 0 && id[7] >= '0' && id[7] <= '9')
            k++;
    }
    return k;
}

/* How many rows of choices the last frame showed (distinct tops). */
static int rows_shown(struct ui *ui)
{
    int tops[64], k = 0;
    for (size_t i = 0; i < ui_widget_count(ui); i++) {
        const struct ui_widget *w = ui_widget_at(ui, i);
        if (strncmp(w->id, "t.list.", 7) != 0 || w->id[7] < '0' || w->id[7] > '9')
            continue;
        int j = 0;
        while (j < k && tops[j] != w->rect.y)
            j++;
        if (j == k && k < 64)
            tops[k++] = w->rect.y;
    }
    return k;
}

static const char *const *option_labels(const struct service *s, const char *list, int *n)
{
    const struct service_option_list *l = service_list(s, list);
    static const char *labels[128];
    *n = 0;
    for (size_t i = 0; l && i < l->n_options && i < 128; i++)
        labels[(*n)++] = l->options[i].label;
    return labels;
}

/* The areas the form's picker gets below the header and above the bar (app/ui ui_header). */
static const struct ui_rect portrait_body = {56, 202, 968, 1540};
static const struct ui_rect landscape_body = {56, 202, 1808, 700};

static int first_rows; /* rows of the first page per_page() drew */

/* The choices on the first page of a list drawn in r (first_rows: in how many rows), after
 * checking that paging reaches them all. */
static int per_page(struct ui *ui, struct ui_rect r, const char *const *labels, int n,
                    const char *what)
{
    struct list_case c = {.r = r, .labels = labels, .n = n, .tapped = -1};
    frame(ui, draw_list, &c);
    frame(ui, draw_list, &c);
    check_layout(ui, r, what);
    int first = shown(ui);
    first_rows = rows_shown(ui);
    /* Every choice is reachable, page by page, each tap giving its own index. */
    int seen = 0, pages = 0;
    for (; pages < 64; pages++) {
        int k = shown(ui);
        seen += k;
        if (!tap(ui, "t.list.next", draw_list, &c))
            break;
    }
    CHECKF(seen == n, "%s: %d of %d choices on the pages", what, seen, n);
    char id[32];
    snprintf(id, sizeof id, "t.list.%d", n - 1);
    CHECKF(tap(ui, id, draw_list, &c) && c.tapped == n - 1, "%s: the last choice", what);
    return first;
}

static void test_choice_list(void)
{
    struct service s;
    char err[512], path[512];
    snprintf(path, sizeof path, "%s/assets/services/veteran-discharge.json", ktest_src());
    CHECKF(service_load(path, &s, err, sizeof err) == K_OK, "%s", err);
    int np, ne;
    const char *const *pol = option_labels(&s, "political_status", &np);
    const char *pol_v[128], *eth_v[128];
    memcpy(pol_v, pol, (size_t)np * sizeof *pol);
    const char *const *eth = option_labels(&s, "ethnicity", &ne);
    memcpy(eth_v, eth, (size_t)ne * sizeof *eth);
    /* The common answers first: the order is the definition's (data, not code). */
    CHECK(np == 13 && strcmp(pol_v[0], "群众") == 0);
    CHECK(ne > 50 && strcmp(eth_v[0], "汉族") == 0 && strcmp(eth_v[1], "蒙古族") == 0);

    struct ui *ui = rig(NULL, 1080, 1920);
    int p1 = per_page(ui, portrait_body, pol_v, np, "portrait 政治面貌");
    int p2 = per_page(ui, portrait_body, eth_v, ne, "portrait 民族");
    CHECKF(p1 >= 8 && p1 <= 10, "portrait: %d a page", p1);
    CHECKF(p2 >= 8 && p2 <= 10, "portrait: %d a page", p2);
    /* A list that fits is one page without page buttons. */
    const char *few[] = {"男", "女"};
    CHECK_EQ_INT(per_page(ui, portrait_body, few, 2, "two"), 2);
    CHECK(ui_find(ui, "t.list.next") == NULL);
    per_page(ui, portrait_body, pol_v, np, "portrait 政治面貌");
    int rows_full = first_rows;
    /* A lower area (an error above the list) takes fewer rows, never smaller than the target. */
    struct ui_rect low = {56, 400, 968, 700};
    int p3 = per_page(ui, low, pol_v, np, "low");
    int rows_low = first_rows;
    CHECKF(p3 >= 2 && rows_low >= 2 && rows_low < rows_full, "low area: %d a page in %d rows", p3,
           rows_low);
    ui_destroy(ui);

    /* Taller rows (the elder mode's theme): fewer rows a page, computed, not fixed. */
    ui = rig(taller_assets(176), 1080, 1920);
    int p4 = per_page(ui, portrait_body, pol_v, np, "tall rows");
    int rows_tall = first_rows;
    CHECKF(p4 >= 4 && rows_tall < rows_full, "tall rows: %d a page in %d rows (normal %d in %d)",
           p4, rows_tall, p1, rows_full);
    ui_destroy(ui);

    ui = rig(NULL, 1920, 1080);
    int p5 = per_page(ui, landscape_body, pol_v, np, "landscape 政治面貌");
    int p6 = per_page(ui, landscape_body, eth_v, ne, "landscape 民族");
    CHECKF(p5 >= 8 && p5 <= 10, "landscape: %d a page", p5);
    CHECKF(p6 >= 8 && p6 <= 10, "landscape: %d a page", p6);
    ui_destroy(ui);
    service_free(&s);
}

/* ---- the date picker ---- */

struct date_case {
    struct ui_rect r;
    struct ui_date d;
    int min_year, max_year;
};

static void draw_date(struct ui *ui, void *ud)
{
    struct date_case *c = ud;
    ui_date_picker(ui, "t.date", c->r, &c->d, c->min_year, c->max_year);
}

/* Rows: a start date, the ids tapped in order, the date they give. */
static const struct {
    int y, m, d;
    const char *taps[8];
    int want_y, want_m, want_d;
} date_rows[] = {
    /* 1: a birth-year-like date far from the start: decade, year, month, day */
    {2023,
     9,
     21,
     {"t.date.decade.1960", "t.date.year.1968", "t.date.month.3", "t.date.day.15"},
     1968,
     3,
     15},
    /* 2: the same decade: year, month, day */
    {2023, 9, 21, {"t.date.year.2021", "t.date.month.6", "t.date.day.30"}, 2021, 6, 30},
    /* 3: 29 February of a leap year */
    {2023, 9, 21, {"t.date.year.2024", "t.date.month.2", "t.date.day.29"}, 2024, 2, 29},
    /* 4: a day that the new month lacks is moved to its last day */
    {2023, 1, 31, {"t.date.month", "t.date.month.4"}, 2023, 4, 30},
    /* 5: back to the year from the day grid */
    {2023, 1, 31, {"t.date.year", "t.date.decade.1940", "t.date.year.1940"}, 1940, 1, 31},
};

static void run_dates(struct ui_rect r, const char *what)
{
    for (size_t i = 0; i < sizeof date_rows / sizeof date_rows[0]; i++) {
        struct ui *ui = rig(NULL, r.w > r.h ? 1920 : 1080, r.w > r.h ? 1080 : 1920);
        struct date_case c = {
            r, {date_rows[i].y, date_rows[i].m, date_rows[i].d, UI_DATE_YEAR, 0}, 1940, 2026};
        frame(ui, draw_date, &c);
        frame(ui, draw_date, &c);
        check_layout(ui, r, what);
        int taps = 0;
        for (int k = 0; k < 8 && date_rows[i].taps[k]; k++, taps++) {
            bool ok = tap(ui, date_rows[i].taps[k], draw_date, &c);
            CHECKF(ok, "%s row %zu: nothing to tap called %s", what, i + 1, date_rows[i].taps[k]);
            check_layout(ui, r, what);
            if (!ok)
                break;
        }
        CHECKF(taps <= 4, "%s row %zu: %d taps", what, i + 1, taps);
        CHECKF(c.d.year == date_rows[i].want_y && c.d.month == date_rows[i].want_m &&
                   c.d.day == date_rows[i].want_d,
               "%s row %zu: %04d-%02d-%02d", what, i + 1, c.d.year, c.d.month, c.d.day);
        ui_destroy(ui);
    }
    /* Years outside the range cannot be chosen. */
    struct ui *ui = rig(NULL, r.w > r.h ? 1920 : 1080, r.w > r.h ? 1080 : 1920);
    struct date_case c = {r, {2023, 9, 21, UI_DATE_YEAR, 0}, 1940, 2026};
    frame(ui, draw_date, &c);
    frame(ui, draw_date, &c);
    const struct ui_widget *y2027 = ui_find(ui, "t.date.year.2027");
    CHECKF(!y2027 || !y2027->enabled, "%s: 2027 can be chosen", what);
    CHECK(!tap(ui, "t.date.year.2027", draw_date, &c) && c.d.year == 2023);
    ui_destroy(ui);
}

static void test_date_picker(void)
{
    /* The field screen gives the picker the area above its 确定 button. */
    run_dates((struct ui_rect){56, 202, 968, 1540 - 128 - 28}, "portrait");
    run_dates((struct ui_rect){56, 202, 1808, 700 - 128 - 28}, "landscape");
}

int main(void)
{
    log_setup(LOG_ERROR, NULL, 0, 0);
    char dir[512], err[512];
    snprintf(dir, sizeof dir, "%s/assets/ui/strings", ktest_src());
    CHECKF(strings_load_dir(dir, err, sizeof err) == K_OK, "%s", err);
    clk = kclock_fake_create(1790000000000LL);
    KTEST_RUN(test_choice_list);
    KTEST_RUN(test_date_picker);
    if (disp_open)
        display_close(&disp);
    kclock_destroy(clk);
    strings_unload();
    return ktest_done();
}
