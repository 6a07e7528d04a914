/* app/ui/ui.c: toolkit context, text cache, input and widgets (app layer, ui). */
#include "app/ui/ui.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ui/picture.h"
#include "platform/fsutil.h"
#include "platform/linebreak.h"
#include "platform/log.h"
#include "platform/utf8.h"
#include "platform/xalloc.h"

#define CACHE_CAP 512
/* Bytes of text textures kept at most (4 bytes a pixel): a screen's texts fit many times over,
 * and a long session (wrapped paragraphs, every page of a list) does not grow the kiosk's
 * memory past it; the least recently drawn go first. */
#define CACHE_MAX_BYTES (16u << 20)
#define MAX_WIDGETS     256
#define TAP_SLOP_PX     40 /* a press that moves less than this (about 5 mm) is a tap */
#define PLACEHOLDER     0x25A1u
#define FONT_MAX_BYTES  (64u << 20)

struct cache_entry {
    uint64_t hash;
    char *text;
    int font, px; /* px: the font's size when drawn (the two themes differ) */
    struct ui_color fg;
    int wrap;
    SDL_Texture *tex;
    int w, h;
    uint64_t used;
};

struct ui {
    struct display *disp;
    struct kclock *clock;
    struct ui_theme theme;          /* the one in use: base or elder */
    struct ui_theme base, elder;    /* 长辈模式 is the "elder" variant of the same theme file */
    bool elder_on, elder_want;      /* in use; asked for (applied when the next frame begins) */
    TTF_Font *font[UI_FONT__COUNT]; /* one face per role, resized when the theme changes */
    /* The font file, mapped once for every size: FreeType reads its glyphs from memory
     * instead of a seek and a read system call each (tens of thousands a session). */
    const void *font_data;
    size_t font_len;
    size_t misses_mapped;         /* cache misses when the font's pages were last let go of */
    struct linebreak_dict *words; /* place names kept on one line when wrapping */
    struct picture_cache *pictures;
    struct cache_entry cache[CACHE_CAP];
    size_t cache_n, hits, misses;
    size_t cache_bytes; /* pixels of the cached textures, 4 bytes each */
    uint64_t frame;
    /* pointer */
    bool down;
    int down_x, down_y;
    bool tap_pending;
    int tap_x, tap_y;
    bool blocked; /* an overlay is up: widgets under it take no input */
    int64_t last_input_ms;
    /* pointer samples since the last frame (for the signature pad) */
    struct ui_sample samples[UI_MAX_SAMPLES], frame_samples[UI_MAX_SAMPLES];
    size_t nsamples, nframe_samples;
    /* widgets: being drawn and last completed frame */
    struct ui_widget cur[MAX_WIDGETS], done[MAX_WIDGETS];
    size_t ncur, ndone;
    /* When to draw again (see ui_next_frame_ms): something changed, an animation runs, or a
     * screen asked for a frame at a time. */
    bool redraw, animating;
    int64_t wake_ms;
};

struct ui *ui_create(struct display *d, const char *assets_dir, struct kclock *clock, char *err,
                     size_t errlen)
{
    struct ui *ui = xcalloc(1, sizeof *ui);
    ui->disp = d;
    ui->clock = clock;
    ui->pictures = picture_cache_create(assets_dir);
    char path[4096];
    snprintf(path, sizeof path, "%s/ui/theme.json", assets_dir);
    if (theme_load(&ui->base, path, err, errlen) != K_OK ||
        theme_load_variant(&ui->elder, path, "elder", err, errlen) != K_OK)
        goto fail;
    ui->theme = ui->base;
    if (!TTF_WasInit() && TTF_Init() != 0) {
        snprintf(err, errlen, "E908: TTF_Init: %s", TTF_GetError());
        goto fail;
    }
    snprintf(path, sizeof path, "%s/fonts/%s", assets_dir, ui->theme.font_file);
    enum kerr rc = fs_map_file(path, FONT_MAX_BYTES, &ui->font_data, &ui->font_len);
    if (rc != K_OK) {
        snprintf(err, errlen, "E909: cannot open font %s: %s (run scripts/setup.sh)", path,
                 kerr_name(rc));
        goto fail;
    }
    for (int i = 0; i < UI_FONT__COUNT; i++) {
        SDL_RWops *rw = SDL_RWFromConstMem(ui->font_data, (int)ui->font_len);
        ui->font[i] = rw ? TTF_OpenFontRW(rw, 1, ui->theme.font_px[i]) : NULL;
        if (!ui->font[i]) {
            snprintf(err, errlen, "E909: cannot open font %s: %s (run scripts/setup.sh)", path,
                     TTF_GetError());
            goto fail;
        }
    }
    ui->words = linebreak_dict_create();
    char *tsv = NULL;
    size_t tsv_len = 0;
    snprintf(path, sizeof path, "%s/regions/regions.tsv", assets_dir);
    if (fs_read_file(path, 4u << 20, &tsv, &tsv_len) == K_OK)
        linebreak_dict_add_regions(ui->words, tsv, tsv_len);
    else
        log_warn("ui", "no region names for line breaking: %s", path);
    free(tsv);
    ui->last_input_ms = kclock_mono_ms(clock);
    ui->redraw = true; /* the first frame */
    ui->wake_ms = INT64_MAX;
    return ui;
fail:
    ui_destroy(ui);
    return NULL;
}

void ui_clear_text_cache(struct ui *ui)
{
    for (size_t i = 0; i < ui->cache_n; i++) {
        SDL_DestroyTexture(ui->cache[i].tex);
        str_free_secure(ui->cache[i].text);
    }
    memset(ui->cache, 0, sizeof ui->cache);
    ui->cache_n = 0;
    ui->cache_bytes = 0;
}

static size_t entry_bytes(const struct cache_entry *e)
{
    return (size_t)e->w * (size_t)e->h * 4u;
}

/* Drop the least recently drawn entry (the last one takes its place). */
static void evict_one(struct ui *ui)
{
    size_t lru = 0;
    for (size_t i = 1; i < ui->cache_n; i++)
        if (ui->cache[i].used < ui->cache[lru].used)
            lru = i;
    struct cache_entry *e = &ui->cache[lru];
    ui->cache_bytes -= entry_bytes(e);
    SDL_DestroyTexture(e->tex);
    str_free_secure(e->text);
    *e = ui->cache[--ui->cache_n];
    memset(&ui->cache[ui->cache_n], 0, sizeof ui->cache[0]);
}

void ui_destroy(struct ui *ui)
{
    if (!ui)
        return;
    ui_clear_text_cache(ui);
    picture_cache_destroy(ui->pictures);
    for (int i = 0; i < UI_FONT__COUNT; i++)
        if (ui->font[i])
            TTF_CloseFont(ui->font[i]);
    fs_unmap_file(ui->font_data, ui->font_len);
    linebreak_dict_destroy(ui->words);
    explicit_bzero(ui->cur, sizeof ui->cur);
    explicit_bzero(ui->done, sizeof ui->done);
    free(ui);
}

struct picture_cache *ui_picture_cache(struct ui *ui)
{
    return ui->pictures;
}

const struct ui_theme *ui_theme(const struct ui *ui)
{
    return &ui->theme;
}

void ui_set_elder(struct ui *ui, bool on)
{
    ui->elder_want = on;
    ui->redraw = true;
}

/* At the start of a frame, so that no frame is drawn half in one size and half in the other. */
static void apply_elder(struct ui *ui)
{
    bool on = ui->elder_want;
    if (ui->elder_on == on)
        return;
    const struct ui_theme *t = on ? &ui->elder : &ui->base;
    /* The same faces at the other sizes (no second set of fonts in memory); the texts drawn
     * at the old sizes are dropped rather than kept beside the new ones. */
    for (int i = 0; i < UI_FONT__COUNT; i++)
        if (TTF_SetFontSize(ui->font[i], t->font_px[i]) != 0) {
            log_warn("ui", "E911: cannot set font size %d: %s", t->font_px[i], TTF_GetError());
            for (int j = 0; j < i; j++)
                TTF_SetFontSize(ui->font[j], ui->theme.font_px[j]);
            ui->elder_want = ui->elder_on;
            return;
        }
    ui_clear_text_cache(ui);
    ui->theme = *t;
    ui->elder_on = on;
    log_info("ui", "elder mode %s", on ? "on" : "off");
}

bool ui_elder(const struct ui *ui)
{
    return ui->elder_on;
}

int ui_width(const struct ui *ui)
{
    return ui->disp->canvas_w;
}

int ui_height(const struct ui *ui)
{
    return ui->disp->canvas_h;
}

bool ui_landscape(const struct ui *ui)
{
    return ui->disp->canvas_w > ui->disp->canvas_h;
}

SDL_Renderer *ui_renderer(struct ui *ui)
{
    return ui->disp->renderer;
}

/* ---- input ---- */

static void add_sample(struct ui *ui, int x, int y, bool down)
{
    if (ui->nsamples < UI_MAX_SAMPLES)
        ui->samples[ui->nsamples++] = (struct ui_sample){x, y, down, kclock_mono_ms(ui->clock)};
}

void ui_pointer_move(struct ui *ui, int x, int y)
{
    ui->redraw = true;
    ui->last_input_ms = kclock_mono_ms(ui->clock);
    if (ui->down)
        add_sample(ui, x, y, true);
}

const struct ui_sample *ui_samples(const struct ui *ui, size_t *n)
{
    *n = ui->blocked ? 0 : ui->nframe_samples;
    return ui->frame_samples;
}

bool ui_pointer_down(const struct ui *ui, int *x, int *y)
{
    if (ui->down && x && y) {
        *x = ui->down_x;
        *y = ui->down_y;
    }
    return ui->down;
}

void ui_pointer(struct ui *ui, int x, int y, bool down)
{
    ui->redraw = true;
    ui->last_input_ms = kclock_mono_ms(ui->clock);
    add_sample(ui, x, y, down);
    if (down) {
        ui->down = true;
        ui->down_x = x;
        ui->down_y = y;
        return;
    }
    if (!ui->down)
        return;
    ui->down = false;
    int dx = x - ui->down_x, dy = y - ui->down_y;
    if (dx * dx + dy * dy <= TAP_SLOP_PX * TAP_SLOP_PX) {
        ui->tap_pending = true;
        ui->tap_x = x;
        ui->tap_y = y;
    }
}

bool ui_pump(struct ui *ui)
{
    SDL_Event ev;
    bool quit = false;
    while (SDL_PollEvent(&ev)) {
        if (ev.type == SDL_QUIT)
            quit = true;
        ui_handle_event(ui, &ev);
    }
    return !quit;
}

void ui_handle_event(struct ui *ui, const SDL_Event *ev)
{
    int x, y;
    /* Whatever SDL says (input, a window exposed or resized, a wake-up): draw a frame. */
    ui->redraw = true;
    switch (ev->type) {
    case SDL_FINGERDOWN:
    case SDL_FINGERUP:
        x = (int)(ev->tfinger.x * (float)ui->disp->canvas_w);
        y = (int)(ev->tfinger.y * (float)ui->disp->canvas_h);
        ui_pointer(ui, x, y, ev->type == SDL_FINGERDOWN);
        break;
    case SDL_FINGERMOTION:
        x = (int)(ev->tfinger.x * (float)ui->disp->canvas_w);
        y = (int)(ev->tfinger.y * (float)ui->disp->canvas_h);
        ui_pointer_move(ui, x, y);
        break;
    case SDL_MOUSEMOTION:
        if (ev->motion.which == SDL_TOUCH_MOUSEID)
            break;
        display_window_to_canvas(ui->disp, ev->motion.x, ev->motion.y, &x, &y);
        ui_pointer_move(ui, x, y);
        break;
    case SDL_MOUSEBUTTONDOWN:
    case SDL_MOUSEBUTTONUP:
        if (ev->button.which == SDL_TOUCH_MOUSEID || ev->button.button != SDL_BUTTON_LEFT)
            break;
        display_window_to_canvas(ui->disp, ev->button.x, ev->button.y, &x, &y);
        ui_pointer(ui, x, y, ev->type == SDL_MOUSEBUTTONDOWN);
        break;
    default:
        break;
    }
}

int64_t ui_last_input_ms(const struct ui *ui)
{
    return ui->last_input_ms;
}

void ui_touch_activity(struct ui *ui)
{
    ui->redraw = true;
    ui->last_input_ms = kclock_mono_ms(ui->clock);
}

static bool inside(struct ui_rect r, int x, int y)
{
    return x >= r.x && y >= r.y && x < r.x + r.w && y < r.y + r.h;
}

bool ui_take_tap(struct ui *ui, struct ui_rect r, int *x, int *y)
{
    if (ui->blocked || !ui->tap_pending || !inside(r, ui->tap_x, ui->tap_y))
        return false;
    ui->tap_pending = false;
    if (x)
        *x = ui->tap_x;
    if (y)
        *y = ui->tap_y;
    return true;
}

void ui_block_input(struct ui *ui, bool blocked)
{
    ui->blocked = blocked;
}

/* ---- frame ---- */

void ui_begin(struct ui *ui)
{
    apply_elder(ui);
    ui->frame++;
    memcpy(ui->frame_samples, ui->samples, ui->nsamples * sizeof ui->samples[0]);
    ui->nframe_samples = ui->nsamples;
    ui->nsamples = 0;
    ui->ncur = 0;
    ui->redraw = false;
    ui->animating = false;
    ui->wake_ms = INT64_MAX;
    display_begin(ui->disp);
    struct ui_color bg = ui->theme.color[UI_C_BG];
    SDL_SetRenderDrawColor(ui->disp->renderer, bg.r, bg.g, bg.b, 255);
    SDL_RenderClear(ui->disp->renderer);
}

static bool same_widget(const struct ui_widget *a, const struct ui_widget *b)
{
    return a->kind == b->kind && a->enabled == b->enabled && a->font_px == b->font_px &&
           memcmp(&a->rect, &b->rect, sizeof a->rect) == 0 &&
           memcmp(&a->fg, &b->fg, sizeof a->fg) == 0 && memcmp(&a->bg, &b->bg, sizeof a->bg) == 0 &&
           strcmp(a->id, b->id) == 0 && strcmp(a->text, b->text) == 0;
}

void ui_end(struct ui *ui)
{
    /* A tap no widget took this frame is dropped, so it cannot hit the next screen. */
    ui->tap_pending = false;
    /* Immediate mode: what a frame's input changed shows in the next one. A frame whose
     * widgets differ from the last one's asks for one more, until the picture settles. */
    bool changed = ui->ncur != ui->ndone;
    for (size_t i = 0; !changed && i < ui->ncur; i++)
        changed = !same_widget(&ui->cur[i], &ui->done[i]);
    if (changed)
        ui->redraw = true;
    memcpy(ui->done, ui->cur, ui->ncur * sizeof ui->cur[0]);
    ui->ndone = ui->ncur;
    /* New text was rasterised: the glyphs are in textures now, so the font pages read for
     * them need not stay in this process's memory (PSS) while it idles. */
    if (ui->misses != ui->misses_mapped) {
        fs_map_release(ui->font_data, ui->font_len);
        ui->misses_mapped = ui->misses;
    }
}

void ui_invalidate(struct ui *ui)
{
    ui->redraw = true;
}

void ui_animate(struct ui *ui)
{
    ui->animating = true;
}

void ui_wake_at(struct ui *ui, int64_t mono_ms)
{
    if (mono_ms < ui->wake_ms)
        ui->wake_ms = mono_ms;
}

int64_t ui_next_frame_ms(const struct ui *ui, int64_t last_frame_ms)
{
    if (ui->redraw)
        return INT64_MIN;
    int64_t due = ui->wake_ms;
    if (ui->animating && last_frame_ms + UI_FRAME_MS < due)
        due = last_frame_ms + UI_FRAME_MS;
    return due;
}

/* ---- drawing ---- */

void ui_fill(struct ui *ui, struct ui_rect r, struct ui_color c)
{
    SDL_SetRenderDrawBlendMode(ui->disp->renderer,
                               c.a < 255 ? SDL_BLENDMODE_BLEND : SDL_BLENDMODE_NONE);
    SDL_SetRenderDrawColor(ui->disp->renderer, c.r, c.g, c.b, c.a);
    SDL_Rect sr = {r.x, r.y, r.w, r.h};
    SDL_RenderFillRect(ui->disp->renderer, &sr);
}

void ui_frame_rect(struct ui *ui, struct ui_rect r, struct ui_color c, int t)
{
    ui_fill(ui, (struct ui_rect){r.x, r.y, r.w, t}, c);
    ui_fill(ui, (struct ui_rect){r.x, r.y + r.h - t, r.w, t}, c);
    ui_fill(ui, (struct ui_rect){r.x, r.y, t, r.h}, c);
    ui_fill(ui, (struct ui_rect){r.x + r.w - t, r.y, t, r.h}, c);
}

static uint64_t fnv(const void *p, size_t n, uint64_t h)
{
    const unsigned char *s = p;
    for (size_t i = 0; i < n; i++) {
        h ^= s[i];
        h *= 0x100000001b3ull;
    }
    return h;
}

/* Copy text replacing invalid UTF-8 and glyphs the font lacks with the placeholder. */
static char *sanitize(TTF_Font *font, const char *text)
{
    size_t len = strlen(text);
    char *out = xcalloc(len * 3 + 4, 1);
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)text;
    for (size_t i = 0; i < len;) {
        uint32_t cp;
        size_t n = utf8_decode(text + i, len - i, &cp);
        if (!n) {
            cp = PLACEHOLDER;
            n = 1;
        } else if (cp == '\n') {
            out[o++] = '\n';
            i += n;
            continue;
        } else if (cp < 0x20 || !TTF_GlyphIsProvided32(font, cp)) {
            cp = PLACEHOLDER;
        } else {
            memcpy(out + o, s + i, n);
            o += n;
            i += n;
            continue;
        }
        out[o++] = (char)(0xE0 | (cp >> 12));
        out[o++] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[o++] = (char)(0x80 | (cp & 0x3F));
        i += n;
    }
    out[o] = '\0';
    return out;
}

static int measure_text(void *ctx, const char *s, size_t n)
{
    char buf[1024];
    char *tmp = n < sizeof buf ? buf : xcalloc(n + 1, 1);
    memcpy(tmp, s, n);
    tmp[n] = '\0';
    int w = 0;
    if (TTF_SizeUTF8(ctx, tmp, &w, NULL) != 0)
        w = 0;
    if (tmp != buf)
        str_free_secure(tmp);
    else
        explicit_bzero(buf, n);
    return w;
}

/* text broken into lines by the Chinese rules (platform/linebreak.h), joined by '\n' so that
 * SDL_ttf only follows the breaks. Returns a new string. */
static char *break_lines(struct ui *ui, TTF_Font *font, const char *text, int wrap)
{
    size_t n = 0, len = strlen(text);
    struct linebreak_line *l = linebreak_lines(text, wrap, wrap, measure_text, font, ui->words, &n);
    char *out = xcalloc(len + n + 1, 1);
    size_t o = 0;
    for (size_t i = 0; i < n; i++) {
        if (i)
            out[o++] = '\n';
        memcpy(out + o, text + l[i].start, l[i].end - l[i].start);
        o += l[i].end - l[i].start;
    }
    out[o] = '\0';
    free(l);
    return out;
}

static struct cache_entry *text_entry(struct ui *ui, const char *text, enum ui_font font,
                                      struct ui_color fg, int wrap)
{
    if (!text || !*text)
        return NULL;
    uint64_t h = fnv(text, strlen(text), 0xcbf29ce484222325ull);
    int px = ui->theme.font_px[font];
    h = fnv(&font, sizeof font, h);
    h = fnv(&px, sizeof px, h);
    h = fnv(&fg, sizeof fg, h);
    h = fnv(&wrap, sizeof wrap, h);
    for (size_t i = 0; i < ui->cache_n; i++) {
        struct cache_entry *e = &ui->cache[i];
        if (e->hash == h && e->font == (int)font && e->px == px && e->wrap == wrap &&
            memcmp(&e->fg, &fg, sizeof fg) == 0 && strcmp(e->text, text) == 0) {
            e->used = ui->frame;
            ui->hits++;
            return e;
        }
    }
    ui->misses++;
    char *clean = sanitize(ui->font[font], text);
    if (wrap > 0) {
        char *broken = break_lines(ui, ui->font[font], clean, wrap);
        if (broken[0]) { /* all blank: keep the blank, SDL_ttf draws nothing for "" */
            str_free_secure(clean);
            clean = broken;
        } else {
            str_free_secure(broken);
        }
    }
    SDL_Color c = {fg.r, fg.g, fg.b, 255};
    SDL_Surface *surf = wrap > 0 ? TTF_RenderUTF8_Blended_Wrapped(ui->font[font], clean, c, 0)
                                 : TTF_RenderUTF8_Blended(ui->font[font], clean, c);
    str_free_secure(clean);
    if (!surf) {
        log_warn("ui", "text render failed: %s", TTF_GetError());
        return NULL;
    }
    SDL_Texture *tex = SDL_CreateTextureFromSurface(ui->disp->renderer, surf);
    int w = surf->w, hh = surf->h;
    SDL_FreeSurface(surf);
    if (!tex)
        return NULL;
    size_t need = (size_t)w * (size_t)hh * 4u;
    while (ui->cache_n > 0 &&
           (ui->cache_n == CACHE_CAP || ui->cache_bytes + need > CACHE_MAX_BYTES))
        evict_one(ui);
    struct cache_entry *slot = &ui->cache[ui->cache_n++];
    *slot = (struct cache_entry){h, xstrdup(text), (int)font, px, fg, wrap, tex, w, hh, ui->frame};
    ui->cache_bytes += need;
    return slot;
}

int ui_text(struct ui *ui, struct ui_rect r, const char *text, enum ui_font font,
            struct ui_color fg, enum ui_align align)
{
    struct cache_entry *e = text_entry(ui, text, font, fg, r.w > 0 ? r.w : 0);
    if (!e)
        return 0;
    int x = r.x;
    if (align == UI_ALIGN_CENTER && r.w > e->w)
        x += (r.w - e->w) / 2;
    else if (align == UI_ALIGN_RIGHT && r.w > e->w)
        x += r.w - e->w;
    SDL_Rect dst = {x, r.y, e->w, e->h};
    SDL_RenderCopy(ui->disp->renderer, e->tex, NULL, &dst);
    return e->h;
}

/* The size of a text does not depend on its colour: a cached rendering in any colour answers
 * it; only when there is none is the text rasterised (in the text colour). */
static struct cache_entry *sized_entry(struct ui *ui, const char *text, enum ui_font font, int w)
{
    if (!text || !*text)
        return NULL;
    for (size_t i = 0; i < ui->cache_n; i++) {
        struct cache_entry *e = &ui->cache[i];
        if (e->font == (int)font && e->wrap == w && strcmp(e->text, text) == 0) {
            e->used = ui->frame;
            ui->hits++;
            return e;
        }
    }
    return text_entry(ui, text, font, ui->theme.color[UI_C_TEXT], w);
}

int ui_text_height(struct ui *ui, const char *text, enum ui_font font, int w)
{
    struct cache_entry *e = sized_entry(ui, text, font, w);
    return e ? e->h : 0;
}

int ui_text_width(struct ui *ui, const char *text, enum ui_font font)
{
    struct cache_entry *e = sized_entry(ui, text, font, 0);
    return e ? e->w : 0;
}

/* ---- widgets ---- */

void ui_record(struct ui *ui, const char *id, enum ui_widget_kind kind, const char *text,
               struct ui_rect r, int font_px, struct ui_color fg, struct ui_color bg, bool enabled)
{
    if (ui->ncur >= MAX_WIDGETS)
        return;
    struct ui_widget *w = &ui->cur[ui->ncur++];
    str_copy(w->id, sizeof w->id, id ? id : "");
    str_copy(w->text, sizeof w->text, text ? text : "");
    w->kind = kind;
    w->rect = r;
    w->font_px = font_px;
    w->fg = fg;
    w->bg = bg;
    w->enabled = enabled;
}

int ui_label(struct ui *ui, const char *id, struct ui_rect r, const char *text, enum ui_font font,
             enum ui_color_role fg, enum ui_color_role bg, enum ui_align align)
{
    int h = ui_text(ui, r, text, font, ui->theme.color[fg], align);
    struct ui_rect used = {r.x, r.y, r.w, h};
    ui_record(ui, id, UI_W_LABEL, text, used, ui->theme.font_px[font], ui->theme.color[fg],
              ui->theme.color[bg], true);
    return h;
}

bool ui_button_note(struct ui *ui, const char *id, struct ui_rect r, const char *text,
                    const char *note, enum ui_button_style style, bool enabled)
{
    const struct ui_theme *t = &ui->theme;
    enum ui_color_role bg = UI_C_PRIMARY, fg = UI_C_PRIMARY_TEXT;
    enum ui_font font = UI_FONT_LARGE;
    switch (style) {
    case UI_BTN_SECONDARY:
        bg = UI_C_SECONDARY, fg = UI_C_SECONDARY_TEXT;
        break;
    case UI_BTN_DANGER:
        bg = UI_C_DANGER, fg = UI_C_DANGER_TEXT;
        break;
    case UI_BTN_BAR:
        bg = UI_C_SECONDARY, fg = UI_C_SECONDARY_TEXT, font = UI_FONT_BODY;
        break;
    case UI_BTN_SELECTED:
        bg = UI_C_SECONDARY, fg = UI_C_SECONDARY_TEXT;
        break;
    default:
        break;
    }
    if (style != UI_BTN_BAR && r.h >= 3 * t->button_h / 2)
        font = UI_FONT_TITLE; /* the big entry buttons get the biggest type */
    if (!enabled)
        bg = UI_C_DISABLED, fg = UI_C_DISABLED_TEXT;
    ui_fill(ui, r, t->color[bg]);
    if (!enabled) {
        /* Lighter than the page, with a border halfway between its face and its text. */
        struct ui_color a = t->color[UI_C_DISABLED], b = t->color[UI_C_DISABLED_TEXT];
        struct ui_color mid = {(uint8_t)((a.r + b.r) / 2), (uint8_t)((a.g + b.g) / 2),
                               (uint8_t)((a.b + b.b) / 2), 255};
        ui_frame_rect(ui, r, mid, t->border);
    } else if (style == UI_BTN_SELECTED) {
        ui_frame_rect(ui, r, t->color[UI_C_BORDER], t->border * 3);
    } else if (style != UI_BTN_PRIMARY) {
        ui_frame_rect(ui, r, t->color[UI_C_BORDER], t->border);
    }
    int tw = r.w - 2 * t->border - 16;
    if (note && !*note)
        note = NULL;
    if (note && font == UI_FONT_TITLE)
        font = UI_FONT_LARGE;
    /* Measured in the colour they are drawn in: one rasterisation each, not two. */
    struct cache_entry *e = text_entry(ui, text, font, t->color[fg], tw);
    int th = e ? e->h : 0;
    e = note ? text_entry(ui, note, UI_FONT_BODY, t->color[fg], tw) : NULL;
    int nh = e ? e->h : 0;
    /* A label too long for its button (larger type in 长辈模式) takes the next smaller type,
     * down to body text, rather than spill over the button's edges. */
    while (th + nh > r.h - 2 * t->border && font > UI_FONT_BODY) {
        font--;
        e = text_entry(ui, text, font, t->color[fg], tw);
        th = e ? e->h : 0;
    }
    int ty = r.y + (r.h - th - nh) / 2;
    ui_text(ui, (struct ui_rect){r.x + t->border + 8, ty, tw, 0}, text, font, t->color[fg],
            UI_ALIGN_CENTER);
    ui_record(ui, id, UI_W_BUTTON, text, r, t->font_px[font], t->color[fg], t->color[bg], enabled);
    if (note) {
        char nid[96];
        snprintf(nid, sizeof nid, "%s.note", id ? id : "");
        struct ui_rect nr = {r.x + t->border + 8, ty + th, tw, nh};
        ui_text(ui, nr, note, UI_FONT_BODY, t->color[fg], UI_ALIGN_CENTER);
        ui_record(ui, nid, UI_W_LABEL, note, nr, t->font_px[UI_FONT_BODY], t->color[fg],
                  t->color[bg], true);
    }
    return enabled && ui_take_tap(ui, r, NULL, NULL);
}

bool ui_button(struct ui *ui, const char *id, struct ui_rect r, const char *text,
               enum ui_button_style style, bool enabled)
{
    return ui_button_note(ui, id, r, text, NULL, style, enabled);
}

size_t ui_widget_count(const struct ui *ui)
{
    return ui->ndone;
}

const struct ui_widget *ui_widget_at(const struct ui *ui, size_t i)
{
    return i < ui->ndone ? &ui->done[i] : NULL;
}

const struct ui_widget *ui_find(const struct ui *ui, const char *id_or_text)
{
    for (size_t i = 0; i < ui->ndone; i++)
        if (ui->done[i].id[0] && strcmp(ui->done[i].id, id_or_text) == 0)
            return &ui->done[i];
    for (size_t i = 0; i < ui->ndone; i++)
        if (strcmp(ui->done[i].text, id_or_text) == 0)
            return &ui->done[i];
    return NULL;
}

size_t ui_text_cache_bytes(const struct ui *ui)
{
    return ui->cache_bytes;
}

uint64_t ui_frame_number(const struct ui *ui)
{
    return ui->frame;
}

void ui_text_cache_stats(const struct ui *ui, size_t *entries, size_t *hits, size_t *misses)
{
    if (entries)
        *entries = ui->cache_n;
    if (hits)
        *hits = ui->hits;
    if (misses)
        *misses = ui->misses;
}
