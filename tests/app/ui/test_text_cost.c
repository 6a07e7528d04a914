/* tests/app/ui/test_text_cost.c: what drawing a new text costs the UI thread, in counts
 * that do not depend on the machine's load: the text is drawn with the shipped font without
 * a read system call (the font is mapped once, not read a glyph at a time), and the same text
 * again is a cache hit with the same size. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ui/ui.h"
#include "platform/clock.h"
#include "platform/display.h"
#include "platform/fsutil.h"
#include "tests/support/ktest.h"

/* Read system calls of this process so far (/proc/self/io "syscr"); -1 when unknown. */
static long read_syscalls(void)
{
    FILE *f = fopen("/proc/self/io", "r");
    if (!f)
        return -1;
    char line[128];
    long n = -1;
    while (fgets(line, sizeof line, f))
        if (strncmp(line, "syscr: ", 7) == 0)
            n = strtol(line + 7, NULL, 10);
    fclose(f);
    return n;
}

static const struct {
    const char *text;
    enum ui_font font;
    int wrap;
} rows[] = {
    /* 1 */ {"退役军人事务局提醒您：请携带本人居民身份证、退役证件和户口簿原件，按屏幕提示逐项"
             "填写，核对无误后签名确认。办理过程中如有疑问，请按呼叫按钮联系窗口工作人员。",
             UI_FONT_BODY, 900},
    /* 2 */ {"鄂尔多斯市康巴什区退役军人服务中心", UI_FONT_TITLE, 0},
    /* 3 */ {"咨询电话：0477-8575378（工作日 9:00—17:00）", UI_FONT_LARGE, 600},
    /* 4 */ {"乌兰托娅 内蒙古自治区呼和浩特市新城区北垣东街12号", UI_FONT_HEADING, 700},
};

int main(void)
{
    char err[256];
    static struct display disp;
    struct display_opts o = {.canvas_w = 1080, .canvas_h = 1920, .headless = true};
    CHECKF(display_open(&disp, &o, err, sizeof err) == K_OK, "%s", err);
    char assets[512];
    snprintf(assets, sizeof assets, "%s/assets", ktest_src());
    struct ui *ui = ui_create(&disp, assets, kclock_system(), err, sizeof err);
    CHECKF(ui != NULL, "%s", err);
    if (!ui)
        return ktest_done();
    long before = read_syscalls();
    CHECK(before >= 0);
    int h[sizeof rows / sizeof rows[0]];
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        h[i] = ui_text_height(ui, rows[i].text, rows[i].font, rows[i].wrap);
        CHECKF(h[i] > 0, "row %zu: height %d", i + 1, h[i]);
    }
    long reads = read_syscalls() - before - 1; /* the look at /proc itself reads once */
    CHECKF(reads <= 2, "%ld read system calls to draw %zu new texts", reads,
           sizeof rows / sizeof rows[0]);
    size_t entries = 0, hits = 0, misses = 0;
    ui_text_cache_stats(ui, &entries, &hits, &misses);
    CHECK_EQ_INT(misses, sizeof rows / sizeof rows[0]);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECK_EQ_INT(ui_text_height(ui, rows[i].text, rows[i].font, rows[i].wrap), h[i]);
    ui_text_cache_stats(ui, &entries, &hits, &misses);
    CHECK_EQ_INT(hits, sizeof rows / sizeof rows[0]);
    /* A button's text is rasterised once, in the colour it is drawn in (it used to be
     * rasterised a second time in the text colour, only to be measured). */
    ui_begin(ui);
    size_t before_misses = misses;
    ui_button(ui, "b1", (struct ui_rect){40, 40, 600, 120}, "确认无误，提交申请", UI_BTN_PRIMARY,
              true);
    ui_text_cache_stats(ui, &entries, &hits, &misses);
    CHECK_EQ_INT(misses - before_misses, 1);
    ui_button_note(ui, "b2", (struct ui_rect){40, 200, 600, 160}, "下一步", "请先选择办理事项",
                   UI_BTN_SECONDARY, false);
    ui_text_cache_stats(ui, &entries, &hits, &misses);
    CHECK_EQ_INT(misses - before_misses, 3);
    /* A text's size is known from its rendering in any colour. */
    struct ui_color red = {200, 30, 30, 255};
    int drawn =
        ui_text(ui, (struct ui_rect){40, 400, 0, 0}, "办理须知", UI_FONT_BODY, red, UI_ALIGN_LEFT);
    CHECK(drawn > 0);
    CHECK(ui_text_width(ui, "办理须知", UI_FONT_BODY) > 0);
    ui_text_cache_stats(ui, &entries, &hits, &misses);
    CHECK_EQ_INT(misses - before_misses, 4);
    ui_end(ui);
    ui_destroy(ui);
    /* A missing font is an error that names it, not a crash. */
    char tmp[] = "/tmp/test_text_cost.XXXXXX", path[700];
    CHECK(mkdtemp(tmp) != NULL);
    snprintf(path, sizeof path, "%s/ui", tmp);
    CHECK(fs_mkdir_p(path, 0700) == K_OK);
    char *theme = NULL;
    size_t len = 0;
    snprintf(path, sizeof path, "%s/ui/theme.json", assets);
    CHECK(fs_read_file(path, 1u << 20, &theme, &len) == K_OK);
    snprintf(path, sizeof path, "%s/ui/theme.json", tmp);
    CHECK(theme && fs_write_atomic(path, theme, len, 0600) == K_OK);
    free(theme);
    err[0] = '\0';
    CHECK(ui_create(&disp, tmp, kclock_system(), err, sizeof err) == NULL);
    CHECKF(strncmp(err, "E909: ", 6) == 0, "%s", err);
    fs_remove_tree(tmp);
    display_close(&disp);
    return ktest_done();
}
