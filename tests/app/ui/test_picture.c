/* Tests for app/ui/picture.c: every shipped picture (the screens' and the service
 * definition's icons) exists, decodes, has its SVG's size and a transparent background;
 * missing and malformed files give a clear error, are logged once, and drawing goes on. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/core/service.h"
#include "app/screens/common.h"
#include "app/ui/picture.h"
#include "platform/display.h"
#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/xalloc.h"
#include "tests/support/ktest.h"

/* The width and height an SVG's root element declares; false when it gives none. */
static bool svg_size(const char *path, int *w, int *h)
{
    char *text = NULL;
    size_t len = 0;
    if (fs_read_file(path, 1u << 20, &text, &len) != K_OK)
        return false;
    const char *svg = strstr(text, "<svg ");
    const char *pw = svg ? strstr(svg, " width=\"") : NULL;
    const char *ph = svg ? strstr(svg, " height=\"") : NULL;
    bool ok = pw && ph;
    if (ok) {
        *w = (int)strtol(pw + 8, NULL, 10);
        *h = (int)strtol(ph + 9, NULL, 10);
    }
    free(text);
    return ok;
}

/* A picture as shipped: decodes as RGBA, is the size its SVG says, has a transparent corner
 * (it sits on any background) and something opaque in it. */
static void check_shipped(const char *assets, const char *name, const char *why)
{
    struct image *img = NULL;
    char err[512] = "";
    enum kerr rc = picture_load(assets, name, &img, err, sizeof err);
    CHECKF(rc == K_OK, "%s: %s: %s", why, name, err);
    if (rc != K_OK)
        return;
    char svg[1024];
    snprintf(svg, sizeof svg, "%s/ui/pictures/%s.svg", assets, name);
    int w = 0, h = 0;
    CHECKF(svg_size(svg, &w, &h), "%s: no SVG source with a size: %s", name, svg);
    CHECKF(img->w == w && img->h == h, "%s: PNG %dx%d, SVG %dx%d (scripts/make-pictures.sh)", name,
           img->w, img->h, w, h);
    CHECK_EQ_INT(img->format, IMAGE_RGBA32);
    CHECKF(img->px[3] == 0, "%s: top-left corner not transparent", name);
    bool opaque = false;
    for (int y = 0; y < img->h && !opaque; y++)
        for (int x = 0; x < img->w && !opaque; x++)
            opaque = img->px[(size_t)y * img->stride + (size_t)x * 4 + 3] == 255;
    CHECKF(opaque, "%s: nothing opaque", name);
    image_destroy(img);
}

static void test_shipped(void)
{
    char assets[1024];
    snprintf(assets, sizeof assets, "%s/assets", ktest_src());
    /* 1. Every picture a screen draws. */
    for (const char *const *p = screen_pictures; *p; p++)
        check_shipped(assets, *p, "screen picture");
    /* 2. Every icon the shipped service definitions name. */
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/services", assets);
    DIR *d = opendir(dir);
    CHECK(d != NULL);
    int services = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcmp(e->d_name + n - 5, ".json") != 0)
            continue;
        char *path = xasprintf("%s/%s", dir, e->d_name);
        struct service s;
        char err[512];
        CHECKF(service_load(path, &s, err, sizeof err) == K_OK, "%s", err);
        free(path);
        services++;
        CHECKF(s.icon && s.icon[0], "%s: no icon for the apply tile", e->d_name);
        if (s.icon && s.icon[0])
            check_shipped(assets, s.icon, "service icon");
        for (size_t i = 0; i < s.n_matters; i++) {
            CHECKF(s.matters[i].icon && s.matters[i].icon[0], "%s: matter %s has no icon",
                   e->d_name, s.matters[i].id);
            if (s.matters[i].icon && s.matters[i].icon[0])
                check_shipped(assets, s.matters[i].icon, s.matters[i].id);
        }
        service_free(&s);
    }
    if (d)
        closedir(d);
    CHECK(services > 0);
    /* 3. Every SVG drawn has its PNG (the package ships only what was rasterised). */
    snprintf(dir, sizeof dir, "%s/ui/pictures", assets);
    d = opendir(dir);
    CHECK(d != NULL);
    int svgs = 0;
    for (struct dirent *e; d && (e = readdir(d));) {
        size_t n = strlen(e->d_name);
        if (n < 5 || strcmp(e->d_name + n - 4, ".svg") != 0)
            continue;
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(n - 4), e->d_name);
        check_shipped(assets, name, "drawn SVG");
        svgs++;
    }
    if (d)
        closedir(d);
    CHECKF(svgs >= 16, "%d SVGs", svgs);
}

static void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    CHECKF(f != NULL, "%s", path);
    if (!f)
        return;
    fwrite(data, 1, len, f);
    fclose(f);
}

/* A scratch assets folder: the real theme and fonts, and pictures that are good, cut short,
 * not PNG, empty, or too large. */
static const char *scratch_assets(void)
{
    static char assets[1024];
    snprintf(assets, sizeof assets, "%s/assets", ktest_tmpdir());
    char p[1200], q[1200];
    mkdir(assets, 0755);
    snprintf(p, sizeof p, "%s/ui", assets);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/ui/pictures", assets);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/ui/theme.json", assets);
    snprintf(q, sizeof q, "%s/assets/ui/theme.json", ktest_src());
    CHECK(symlink(q, p) == 0 || errno == EEXIST);
    snprintf(p, sizeof p, "%s/fonts", assets);
    snprintf(q, sizeof q, "%s/assets/fonts", ktest_src());
    CHECK(symlink(q, p) == 0 || errno == EEXIST);
    char *png = NULL;
    size_t len = 0;
    snprintf(q, sizeof q, "%s/assets/ui/pictures/icon-household.png", ktest_src());
    CHECK(fs_read_file(q, 1u << 20, &png, &len) == K_OK);
    snprintf(p, sizeof p, "%s/ui/pictures/good.png", assets);
    write_file(p, png, len);
    snprintf(p, sizeof p, "%s/ui/pictures/cut.png", assets);
    write_file(p, png, len / 2);
    snprintf(p, sizeof p, "%s/ui/pictures/text.png", assets);
    write_file(p, "<svg>not a png</svg>", 20);
    snprintf(p, sizeof p, "%s/ui/pictures/empty.png", assets);
    write_file(p, "", 0);
    /* A real header that claims 60000 x 60000 (the decoder would want 13 GiB). */
    if (png && len > 24) {
        uint8_t *big = xcalloc(len, 1);
        memcpy(big, png, len);
        big[16] = big[20] = 0;
        big[17] = big[21] = 0;
        big[18] = big[22] = 0xEA;
        big[19] = big[23] = 0x60;
        snprintf(p, sizeof p, "%s/ui/pictures/huge.png", assets);
        write_file(p, big, len);
        free(big);
    }
    /* A folder where a file should be. */
    snprintf(p, sizeof p, "%s/ui/pictures/dir.png", assets);
    mkdir(p, 0755);
    free(png);
    return assets;
}

static void test_bad_files(void)
{
    const char *assets = scratch_assets();
    static const struct {
        int row;
        const char *name;
        enum kerr rc;
        const char *want;
    } rows[] = {
        {1, "good", K_OK, ""},
        {2, "missing", K_ERR_NOT_FOUND, "E918: picture missing missing: "},
        {3, "cut", K_ERR_INVALID, "E919: picture cut is not a readable PNG: "},
        {4, "text", K_ERR_INVALID, "E919: picture text is not a PNG: "},
        {5, "empty", K_ERR_INVALID, "E919: picture empty is not a PNG: "},
        {6, "huge", K_ERR_INVALID, "E919: picture huge is 60000x60000, not 1 to 2048 a side: "},
        {7, "../theme", K_ERR_INVALID, "E919: picture name \"../theme\" is not"},
        {8, "", K_ERR_INVALID, "E919: picture name \"\" is not"},
        {9, "Good", K_ERR_INVALID, "E919: picture name \"Good\" is not"},
        {10, "dir", K_ERR_INVALID, "E919: picture dir unreadable: "},
        {11, "a123456789b123456789c123456789d123456789e1234567x", K_ERR_INVALID,
         "E919: picture name"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct image *img = NULL;
        char err[512] = "";
        enum kerr rc = picture_load(assets, rows[i].name, &img, err, sizeof err);
        CHECKF(rc == rows[i].rc, "row %d: %s (%s)", rows[i].row, kerr_name(rc), err);
        CHECKF(strncmp(err, rows[i].want, strlen(rows[i].want)) == 0, "row %d: got \"%s\"",
               rows[i].row, err);
        CHECKF((rc == K_OK) == (img != NULL), "row %d: image and result disagree", rows[i].row);
        image_destroy(img);
    }
}

static int count(const char *hay, const char *needle)
{
    int n = 0;
    for (const char *s = hay; (s = strstr(s, needle)); s += strlen(needle))
        n++;
    return n;
}

/* Drawing: the good picture is scaled into its rectangle keeping its shape; broken ones draw
 * nothing, are logged once each however many frames ask, and the frame goes on. */
static void test_draw(void)
{
    const char *assets = scratch_assets();
    char logpath[1024];
    snprintf(logpath, sizeof logpath, "%s/picture.log", ktest_tmpdir());
    log_setup(LOG_INFO, logpath, 1u << 20, 1);
    struct display disp;
    struct display_opts o = {.canvas_w = 1080, .canvas_h = 1920, .headless = true};
    char err[512] = "";
    CHECKF(display_open(&disp, &o, err, sizeof err) == K_OK, "%s", err);
    struct kclock *clock = kclock_fake_create(0);
    struct ui *ui = ui_create(&disp, assets, clock, err, sizeof err);
    CHECKF(ui != NULL, "%s", err);
    if (!ui)
        goto close;
    struct ui_rect good = {0}, bad[5];
    static const char *const broken[5] = {"missing", "cut", "huge", "../x", "dir"};
    for (int frame = 0; frame < 3; frame++) {
        display_begin(&disp);
        ui_begin(ui);
        ui_fill(ui, (struct ui_rect){0, 0, 1080, 1920}, ui_theme(ui)->color[UI_C_BG]);
        good = ui_picture(ui, (struct ui_rect){100, 100, 400, 200}, "good", 255);
        for (int i = 0; i < 5; i++)
            bad[i] = ui_picture(ui, (struct ui_rect){100, 400 + 100 * i, 300, 80}, broken[i], 255);
        ui_label(ui, "after", (struct ui_rect){100, 1000, 800, 0}, "x", UI_FONT_BODY, UI_C_TEXT,
                 UI_C_BG, UI_ALIGN_LEFT);
        ui_end(ui);
    }
    /* A square icon in 400 x 200: 200 x 200, centred. */
    CHECKF(good.x == 200 && good.y == 100 && good.w == 200 && good.h == 200, "%d,%d %dx%d", good.x,
           good.y, good.w, good.h);
    for (int i = 0; i < 5; i++)
        CHECKF(bad[i].w == 0, "%s drawn", broken[i]);
    const struct ui_widget *w = ui_find(ui, "pic.good");
    CHECK(w && w->kind == UI_W_PICTURE && w->enabled && strcmp(w->text, "good") == 0);
    w = ui_find(ui, "pic.cut");
    CHECK(w && w->kind == UI_W_PICTURE && !w->enabled);
    CHECK(ui_find(ui, "after") != NULL); /* the frame went on */
    /* The picture's pixels are on the canvas: its centre is the house's colour, not the page. */
    struct image *img = display_read_canvas(&disp);
    CHECK(img != NULL);
    if (img) {
        const uint8_t *c = img->px + (size_t)(good.y + good.h / 2) * img->stride +
                           (size_t)(good.x + good.w / 2) * (size_t)img->format;
        struct ui_color bg = ui_theme(ui)->color[UI_C_BG];
        CHECKF(c[0] != bg.r || c[1] != bg.g || c[2] != bg.b, "picture not drawn");
        image_destroy(img);
    }
    /* Leaving the screen: a frame that draws no picture, then the release frees the texture
     * (failed pictures stay, so that they are not logged again); drawn again, it is back. */
    CHECK(picture_cache_count(ui_picture_cache(ui)) == 1);
    ui_begin(ui);
    ui_end(ui);
    picture_cache_release_unused(ui_picture_cache(ui), ui_frame_number(ui));
    CHECK(picture_cache_count(ui_picture_cache(ui)) == 0);
    ui_begin(ui);
    good = ui_picture(ui, (struct ui_rect){100, 100, 400, 200}, "good", 255);
    for (int i = 0; i < 5; i++)
        ui_picture(ui, (struct ui_rect){100, 400 + 100 * i, 300, 80}, broken[i], 255);
    ui_end(ui);
    picture_cache_release_unused(ui_picture_cache(ui), ui_frame_number(ui));
    CHECK(good.w == 200 && picture_cache_count(ui_picture_cache(ui)) == 1);
    /* The text cache stays under 16 MiB however many texts a session draws. */
    ui_begin(ui);
    for (int i = 0; i < 400; i++) {
        char t[64];
        snprintf(t, sizeof t, "第%d行 long text to fill the cache %d", i, i);
        ui_text(ui, (struct ui_rect){0, 0, 0, 0}, t, UI_FONT_TITLE, ui_theme(ui)->color[UI_C_TEXT],
                UI_ALIGN_LEFT);
    }
    ui_end(ui);
    size_t entries = 0;
    ui_text_cache_stats(ui, &entries, NULL, NULL);
    CHECKF(ui_text_cache_bytes(ui) <= (16u << 20) && entries > 10, "%zu bytes in %zu entries",
           ui_text_cache_bytes(ui), entries);
    ui_destroy(ui);
    log_close();
    char *text = NULL;
    size_t len = 0;
    CHECK(fs_read_file(logpath, 1u << 20, &text, &len) == K_OK);
    if (text) {
        CHECKF(count(text, "E918: picture missing missing") == 1, "log:\n%s", text);
        CHECKF(count(text, "E919: picture cut ") == 1, "log:\n%s", text);
        CHECKF(count(text, "E919: picture huge ") == 1, "log:\n%s", text);
        CHECKF(count(text, "E919: picture dir ") == 1, "log:\n%s", text);
        CHECKF(count(text, "E919: picture name \"../x\"") == 1, "log:\n%s", text);
        CHECKF(count(text, "good") == 0, "log:\n%s", text);
        free(text);
    }
close:
    kclock_destroy(clock);
    display_close(&disp);
}

int main(void)
{
    KTEST_RUN(test_shipped);
    KTEST_RUN(test_bad_files);
    KTEST_RUN(test_draw);
    return ktest_done();
}
