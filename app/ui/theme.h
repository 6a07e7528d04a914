/* app/ui/theme.h: the look of the kiosk, read from assets/ui/theme.json (app layer, ui).
 *
 * Sizes are canvas pixels at the logical size (1080 wide portrait, 1920 wide landscape); the
 * minimums of research/kiosk-ui.md 1.4 are enforced when the theme loads: body text >= 32,
 * headings >= 48, touch targets >= 60, gaps >= 20, and every text/background pair the theme
 * names at a contrast of at least 4.5:1. A second variant of the same file, "elder"
 * (长辈模式), scales the sizes up: no text below 48 px, larger buttons and rows.
 */
#ifndef APP_UI_THEME_H
#define APP_UI_THEME_H

#include <stddef.h>
#include <stdint.h>

#include "platform/err.h"

struct ui_color {
    uint8_t r, g, b, a;
};

enum ui_font {
    UI_FONT_SMALL,
    UI_FONT_BODY,
    UI_FONT_LARGE,
    UI_FONT_HEADING,
    UI_FONT_TITLE,
    UI_FONT_CODE,
    UI_FONT__COUNT
};

enum ui_color_role {
    UI_C_BG,
    UI_C_TEXT,
    UI_C_MUTED,
    UI_C_PRIMARY,
    UI_C_PRIMARY_TEXT,
    UI_C_SECONDARY,
    UI_C_SECONDARY_TEXT,
    UI_C_BORDER,
    UI_C_DANGER,
    UI_C_DANGER_TEXT,
    UI_C_BAR,
    UI_C_BAR_TEXT,
    UI_C_HEADER,
    UI_C_HEADER_TEXT,
    UI_C_PANEL,
    UI_C_DISABLED,
    UI_C_DISABLED_TEXT,
    UI_C__COUNT
};

struct ui_theme {
    struct ui_color color[UI_C__COUNT];
    int font_px[UI_FONT__COUNT];
    int margin, gap, min_target, button_h, bar_h, header_h, radius, border;
    double line_spacing;
    char font_file[256]; /* relative to assets/fonts */
};

/* Load and validate path; on failure err names the file and the problem. */
enum kerr theme_load(struct ui_theme *t, const char *path, char *err, size_t errlen);
/* The same for a variant of the theme: the section named variant ("elder") of the same file,
 * whose objects font_px and sizes replace the base values they name. The "elder" variant
 * (长辈模式) must have every font at least THEME_ELDER_MIN_BODY_PX, headings larger. NULL is
 * theme_load. */
enum kerr theme_load_variant(struct ui_theme *t, const char *path, const char *variant, char *err,
                             size_t errlen);
/* WCAG 2 contrast ratio of two opaque colours (1.0 .. 21.0). */
double theme_contrast(struct ui_color a, struct ui_color b);
/* The minimums a theme must meet (and that the accessibility test checks on screens). */
enum {
    THEME_MIN_BODY_PX = 32,
    THEME_MIN_HEADING_PX = 48,
    THEME_MIN_TARGET_PX = 60,
    THEME_MIN_GAP_PX = 20,
    THEME_ELDER_MIN_BODY_PX = 48, /* 长辈模式: no text smaller */
};
#define THEME_MIN_CONTRAST 4.5

#endif
