/* app/ui/theme.c: theme loader and contrast arithmetic (app layer, ui). */
#include "app/ui/theme.h"

#include <cjson/cJSON.h>
#include <math.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fsutil.h"
#include "platform/xalloc.h"

static const char *const color_names[UI_C__COUNT] = {
    "bg",     "text",     "muted",         "primary", "primary_text", "secondary", "secondary_text",
    "border", "danger",   "danger_text",   "bar",     "bar_text",     "header",    "header_text",
    "panel",  "disabled", "disabled_text",
};
static const char *const font_names[UI_FONT__COUNT] = {"small",   "body",  "large",
                                                       "heading", "title", "code"};

/* Text colour / background pairs that must reach THEME_MIN_CONTRAST. */
static const int pairs[][2] = {
    {UI_C_TEXT, UI_C_BG},
    {UI_C_MUTED, UI_C_BG},
    {UI_C_PRIMARY_TEXT, UI_C_PRIMARY},
    {UI_C_SECONDARY_TEXT, UI_C_SECONDARY},
    {UI_C_DANGER_TEXT, UI_C_DANGER},
    {UI_C_BAR_TEXT, UI_C_BAR},
    {UI_C_HEADER_TEXT, UI_C_HEADER},
    {UI_C_TEXT, UI_C_PANEL},
    {UI_C_DANGER, UI_C_BG},
    {UI_C_DISABLED_TEXT, UI_C_DISABLED},
};

static double channel(uint8_t c)
{
    double s = c / 255.0;
    return s <= 0.03928 ? s / 12.92 : pow((s + 0.055) / 1.055, 2.4);
}

static double luminance(struct ui_color c)
{
    return 0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b);
}

double theme_contrast(struct ui_color a, struct ui_color b)
{
    double la = luminance(a), lb = luminance(b);
    if (la < lb) {
        double t = la;
        la = lb;
        lb = t;
    }
    return (la + 0.05) / (lb + 0.05);
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool parse_color(const char *s, struct ui_color *out)
{
    if (!s || s[0] != '#' || strlen(s) != 7)
        return false;
    int v[6];
    for (int i = 0; i < 6; i++)
        if ((v[i] = hexval(s[i + 1])) < 0)
            return false;
    *out = (struct ui_color){(uint8_t)(v[0] * 16 + v[1]), (uint8_t)(v[2] * 16 + v[3]),
                             (uint8_t)(v[4] * 16 + v[5]), 255};
    return true;
}

static bool get_int(const cJSON *obj, const char *key, int lo, int hi, int *out)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi ||
        v->valuedouble != (int)v->valuedouble)
        return false;
    *out = (int)v->valuedouble;
    return true;
}

/* key from over (the variant's section) when it names it, else from base; *from_over says
 * which, for the error message. */
static bool get_int_over(const cJSON *base, const cJSON *over, const char *key, int lo, int hi,
                         int *out, bool *from_over)
{
    *from_over = over && cJSON_GetObjectItemCaseSensitive(over, key) != NULL;
    return get_int(*from_over ? over : base, key, lo, hi, out);
}

enum kerr theme_load(struct ui_theme *t, const char *path, char *err, size_t errlen)
{
    return theme_load_variant(t, path, NULL, err, errlen);
}

enum kerr theme_load_variant(struct ui_theme *t, const char *path, const char *variant, char *err,
                             size_t errlen)
{
    memset(t, 0, sizeof *t);
    char *buf;
    size_t len;
    if (fs_read_file(path, 1 << 20, &buf, &len) != K_OK) {
        snprintf(err, errlen, "E901: cannot read theme %s", path);
        return K_ERR_IO;
    }
    cJSON *root = cJSON_ParseWithLength(buf, len);
    free(buf);
    enum kerr rc = K_ERR_INVALID;
    const cJSON *colors = cJSON_GetObjectItemCaseSensitive(root, "colors");
    const cJSON *fonts = cJSON_GetObjectItemCaseSensitive(root, "font_px");
    const cJSON *sizes = cJSON_GetObjectItemCaseSensitive(root, "sizes");
    const cJSON *file = cJSON_GetObjectItemCaseSensitive(root, "font_file");
    if (!cJSON_IsObject(colors) || !cJSON_IsObject(fonts) || !cJSON_IsObject(sizes) ||
        !cJSON_IsString(file)) {
        snprintf(err, errlen, "E902: %s: needs objects colors, font_px, sizes and font_file", path);
        goto out;
    }
    /* A variant ("elder") is a section of the same file whose font_px and sizes objects
     * replace the base values they name; everything else is the base theme's. */
    const cJSON *vfonts = NULL, *vsizes = NULL;
    char vdot[64] = "";
    if (variant) {
        const cJSON *sec = cJSON_GetObjectItemCaseSensitive(root, variant);
        vfonts = cJSON_GetObjectItemCaseSensitive(sec, "font_px");
        vsizes = cJSON_GetObjectItemCaseSensitive(sec, "sizes");
        if (!cJSON_IsObject(sec) || (vfonts && !cJSON_IsObject(vfonts)) ||
            (vsizes && !cJSON_IsObject(vsizes))) {
            snprintf(err, errlen, "E910: %s: needs an object %s with objects font_px and sizes",
                     path, variant);
            goto out;
        }
        snprintf(vdot, sizeof vdot, "%s.", variant);
    }
    for (int i = 0; i < UI_C__COUNT; i++) {
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(colors, color_names[i]);
        if (!cJSON_IsString(c) || !parse_color(c->valuestring, &t->color[i])) {
            snprintf(err, errlen, "E903: %s: colors.%s must be \"#RRGGBB\"", path, color_names[i]);
            goto out;
        }
    }
    for (int i = 0; i < UI_FONT__COUNT; i++) {
        int lo = i == UI_FONT_SMALL ? 24 : THEME_MIN_BODY_PX;
        if (i >= UI_FONT_HEADING)
            lo = THEME_MIN_HEADING_PX;
        /* Elder mode: no text below the elder minimum, headings above it. */
        if (variant && strcmp(variant, "elder") == 0)
            lo = i >= UI_FONT_HEADING ? THEME_ELDER_MIN_BODY_PX + 8 : THEME_ELDER_MIN_BODY_PX;
        bool ov;
        if (!get_int_over(fonts, vfonts, font_names[i], lo, 400, &t->font_px[i], &ov)) {
            snprintf(err, errlen, "E904: %s: %sfont_px.%s must be a whole number from %d to 400",
                     path, variant ? vdot : "", font_names[i], lo);
            goto out;
        }
    }
    struct {
        const char *name;
        int *field, lo, hi;
    } sz[] = {
        {"margin", &t->margin, 16, 400},
        {"gap", &t->gap, THEME_MIN_GAP_PX, 400},
        {"min_target", &t->min_target, THEME_MIN_TARGET_PX, 400},
        {"button_h", &t->button_h, 80, 400},
        {"bar_h", &t->bar_h, THEME_MIN_TARGET_PX + 20, 400},
        {"header_h", &t->header_h, 80, 600},
        {"radius", &t->radius, 0, 60},
        {"border", &t->border, 1, 20},
    };
    for (size_t i = 0; i < sizeof sz / sizeof sz[0]; i++) {
        bool ov;
        if (!get_int_over(sizes, vsizes, sz[i].name, sz[i].lo, sz[i].hi, sz[i].field, &ov)) {
            snprintf(err, errlen, "E905: %s: %ssizes.%s must be a whole number from %d to %d", path,
                     ov ? vdot : "", sz[i].name, sz[i].lo, sz[i].hi);
            goto out;
        }
    }
    t->line_spacing = 1.3;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        double c = theme_contrast(t->color[pairs[i][0]], t->color[pairs[i][1]]);
        if (c < THEME_MIN_CONTRAST) {
            snprintf(err, errlen, "E906: %s: %s on %s has contrast %.2f, below %.1f", path,
                     color_names[pairs[i][0]], color_names[pairs[i][1]], c, THEME_MIN_CONTRAST);
            goto out;
        }
    }
    if (!str_copy(t->font_file, sizeof t->font_file, file->valuestring) ||
        strchr(t->font_file, '/')) {
        snprintf(err, errlen, "E907: %s: font_file must be a plain file name", path);
        goto out;
    }
    rc = K_OK;
out:
    cJSON_Delete(root);
    return rc;
}
