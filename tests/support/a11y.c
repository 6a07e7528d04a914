/* tests/support/a11y.c: accessibility checks over the toolkit's widget records. */
#include "tests/support/a11y.h"

#include "tests/support/ktest.h"

static int gap(struct ui_rect a, struct ui_rect b)
{
    int dx = b.x >= a.x + a.w ? b.x - (a.x + a.w) : a.x >= b.x + b.w ? a.x - (b.x + b.w) : -1;
    int dy = b.y >= a.y + a.h ? b.y - (a.y + a.h) : a.y >= b.y + b.h ? a.y - (b.y + b.h) : -1;
    return dx > dy ? dx : dy; /* negative: they overlap */
}

int a11y_check(const struct ui *ui, const char *screen)
{
    int problems = 0;
    size_t n = ui_widget_count(ui);
    CHECKF(n > 0, "%s: no widgets recorded", screen);
    for (size_t i = 0; i < n; i++) {
        const struct ui_widget *w = ui_widget_at(ui, i);
        bool ok = w->font_px >= THEME_MIN_BODY_PX;
        CHECKF(ok, "%s: %s text %dpx < %d", screen, w->id, w->font_px, THEME_MIN_BODY_PX);
        problems += !ok;
        double c = theme_contrast(w->fg, w->bg);
        ok = c >= THEME_MIN_CONTRAST;
        CHECKF(ok, "%s: %s contrast %.2f < %.1f", screen, w->id, c, THEME_MIN_CONTRAST);
        problems += !ok;
        ok = w->rect.x >= 0 && w->rect.y >= 0 && w->rect.x + w->rect.w <= ui_width(ui) &&
             w->rect.y + w->rect.h <= ui_height(ui);
        CHECKF(ok, "%s: %s outside the screen", screen, w->id);
        problems += !ok;
        if (w->kind != UI_W_BUTTON)
            continue;
        ok = w->rect.w >= THEME_MIN_TARGET_PX && w->rect.h >= THEME_MIN_TARGET_PX;
        CHECKF(ok, "%s: %s target %dx%d < %d", screen, w->id, w->rect.w, w->rect.h,
               THEME_MIN_TARGET_PX);
        problems += !ok;
        for (size_t j = i + 1; j < n; j++) {
            const struct ui_widget *o = ui_widget_at(ui, j);
            if (o->kind != UI_W_BUTTON)
                continue;
            int g = gap(w->rect, o->rect);
            ok = g >= THEME_MIN_GAP_PX;
            CHECKF(ok, "%s: %s and %s only %dpx apart", screen, w->id, o->id, g);
            problems += !ok;
        }
    }
    return problems;
}
