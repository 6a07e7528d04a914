/* Tests for app/ui/theme.c: contrast arithmetic and the minimums enforced at load. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ui/theme.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"
#include "tests/support/ktest.h"

static void test_contrast(void)
{
    struct ui_color black = {0, 0, 0, 255}, white = {255, 255, 255, 255};
    struct ui_color grey = {118, 118, 118, 255};
    CHECK(theme_contrast(black, white) > 20.99 && theme_contrast(black, white) < 21.01);
    CHECK(theme_contrast(white, white) < 1.001);
    /* #767676 on white is the classic 4.54:1 */
    double c = theme_contrast(grey, white);
    CHECKF(c > 4.5 && c < 4.6, "%f", c);
}

static void test_shipped_theme(void)
{
    struct ui_theme t;
    char path[512], err[256] = "";
    snprintf(path, sizeof path, "%s/assets/ui/theme.json", ktest_src());
    CHECKF(theme_load(&t, path, err, sizeof err) == K_OK, "%s", err);
    CHECK(t.font_px[UI_FONT_BODY] >= 32);
    CHECK(t.font_px[UI_FONT_HEADING] >= 48);
    CHECK(t.min_target >= 60);
    CHECK(t.gap >= 20);
}

/* A disabled button looks lighter than an enabled one, never darker (issue 19.4): its face is
 * at least as light as the page, its text lighter than body text (yet still readable), and
 * it is lighter than the secondary button's text it replaces. */
static void test_disabled_lighter(void)
{
    struct ui_theme t;
    char path[512], err[256] = "";
    snprintf(path, sizeof path, "%s/assets/ui/theme.json", ktest_src());
    CHECKF(theme_load(&t, path, err, sizeof err) == K_OK, "%s", err);
    struct ui_color black = {0, 0, 0, 255};
    /* contrast against black orders colours by lightness */
    double face = theme_contrast(t.color[UI_C_DISABLED], black);
    double page = theme_contrast(t.color[UI_C_BG], black);
    CHECKF(face >= page, "disabled face %.2f darker than the page %.2f", face, page);
    double dtext = theme_contrast(t.color[UI_C_DISABLED_TEXT], black);
    CHECKF(dtext > theme_contrast(t.color[UI_C_TEXT], black), "disabled text not lighter");
    CHECKF(dtext > theme_contrast(t.color[UI_C_SECONDARY_TEXT], black),
           "disabled text not lighter than an enabled button's");
    CHECK(theme_contrast(t.color[UI_C_DISABLED_TEXT], t.color[UI_C_DISABLED]) >=
          THEME_MIN_CONTRAST);
}

/* 长辈模式 (issue 19.8): the elder variant of the shipped theme has no text below 48 px,
 * headings larger than body text, and larger buttons and rows than the base theme; what it
 * does not name (colours, gap, the font) is the base theme's. */
static void test_elder_variant(void)
{
    struct ui_theme base, elder;
    char path[512], err[256] = "";
    snprintf(path, sizeof path, "%s/assets/ui/theme.json", ktest_src());
    CHECKF(theme_load(&base, path, err, sizeof err) == K_OK, "%s", err);
    CHECKF(theme_load_variant(&elder, path, "elder", err, sizeof err) == K_OK, "%s", err);
    for (int i = 0; i < UI_FONT__COUNT; i++) {
        CHECKF(elder.font_px[i] >= 48, "elder font %d is %d px", i, elder.font_px[i]);
        CHECKF(elder.font_px[i] > base.font_px[i], "elder font %d not larger", i);
    }
    CHECK(elder.font_px[UI_FONT_HEADING] > elder.font_px[UI_FONT_BODY]);
    CHECK(elder.font_px[UI_FONT_TITLE] > elder.font_px[UI_FONT_HEADING]);
    CHECK(elder.button_h > base.button_h);
    CHECK(elder.gap == base.gap);
    CHECK(memcmp(elder.color, base.color, sizeof base.color) == 0);
    CHECK_EQ_STR(elder.font_file, base.font_file);
    CHECK(theme_load_variant(&elder, path, "nosuch", err, sizeof err) == K_ERR_INVALID);
    CHECKF(strstr(err, "E910") != NULL, "%s", err);
}

static void test_rejects(void)
{
    char path[512];
    snprintf(path, sizeof path, "%s/assets/ui/theme.json", ktest_src());
    char *good;
    size_t len;
    CHECK_EQ_INT(fs_read_file(path, 1 << 20, &good, &len), K_OK);
    static const struct {
        const char *from, *to, *err;
    } rows[] = {
        /* 1 */ {"\"body\": 36", "\"body\": 30", "font_px.body"},
        /* 2 */ {"\"gap\": 28", "\"gap\": 10", "sizes.gap"},
        /* 3 */ {"\"min_target\": 60", "\"min_target\": 40", "sizes.min_target"},
        /* 4 */ {"\"text\": \"#1B1F24\"", "\"text\": \"#C0C0C0\"", "contrast"},
        /* 5 */ {"\"primary\": \"#0A4F96\"", "\"primary\": \"blue\"", "colors.primary"},
        /* 6 */
        {"\"font_file\": \"NotoSansSC-GBK.otf\"", "\"font_file\": \"../x.otf\"", "font_file"},
        /* 7 */ {"{", "[", "needs objects"},
        /* 8: the elder variant may not go below 48 px, and its sections must be objects */
        {"\"large\": 56", "\"large\": 40", "elder.font_px.large"},
        {"\"button_h\": 156", "\"button_h\": 20", "elder.sizes.button_h"},
        {"\"elder\": {", "\"elder\": 7, \"x\": {", "E910"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char *p = strstr(good, rows[i].from);
        CHECKF(p != NULL, "row %zu: pattern missing from theme", i + 1);
        if (!p)
            continue;
        char *bad =
            xasprintf("%.*s%s%s", (int)(p - good), good, rows[i].to, p + strlen(rows[i].from));
        char tp[512], err[256] = "";
        snprintf(tp, sizeof tp, "%s/theme.json", ktest_tmpdir());
        fs_write_atomic(tp, bad, strlen(bad), 0644);
        struct ui_theme t;
        CHECKF(theme_load(&t, tp, err, sizeof err) == K_ERR_INVALID ||
                   theme_load_variant(&t, tp, "elder", err, sizeof err) == K_ERR_INVALID,
               "row %zu accepted", i + 1);
        CHECKF(strstr(err, rows[i].err) != NULL, "row %zu: error \"%s\"", i + 1, err);
        free(bad);
    }
    free(good);
}

int main(void)
{
    KTEST_RUN(test_contrast);
    KTEST_RUN(test_shipped_theme);
    KTEST_RUN(test_disabled_lighter);
    KTEST_RUN(test_elder_variant);
    KTEST_RUN(test_rejects);
    return ktest_done();
}
