/* app/ui/picture.c: named pictures decoded when first drawn and kept as textures while their
 * screen shows them (app layer, ui). */
#include "app/ui/picture.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/xalloc.h"

#define NAME_MAX_ 48

struct picture {
    char name[NAME_MAX_ + 1];
    SDL_Texture *tex; /* NULL when it could not be loaded (failed) */
    int w, h;
    bool failed;
    uint64_t used; /* the toolkit's frame number when it was last drawn */
};

struct picture_cache {
    char *assets_dir;
    struct picture pics[PICTURE_CACHE_CAP];
    size_t n;
    bool full_logged, bad_name_logged;
};

struct picture_cache *picture_cache_create(const char *assets_dir)
{
    struct picture_cache *pc = xcalloc(1, sizeof *pc);
    pc->assets_dir = xstrdup(assets_dir ? assets_dir : "");
    return pc;
}

void picture_cache_destroy(struct picture_cache *pc)
{
    if (!pc)
        return;
    for (size_t i = 0; i < pc->n; i++)
        if (pc->pics[i].tex)
            SDL_DestroyTexture(pc->pics[i].tex);
    free(pc->assets_dir);
    free(pc);
}

void picture_cache_release_unused(struct picture_cache *pc, uint64_t frame)
{
    if (!pc)
        return;
    size_t kept = 0;
    for (size_t i = 0; i < pc->n; i++) {
        struct picture *p = &pc->pics[i];
        /* A picture that failed stays, so that it is logged once, not once a screen. */
        if (p->failed || p->used >= frame) {
            pc->pics[kept++] = *p;
            continue;
        }
        SDL_DestroyTexture(p->tex);
    }
    if (kept < pc->n)
        memset(&pc->pics[kept], 0, (pc->n - kept) * sizeof pc->pics[0]);
    pc->n = kept;
}

size_t picture_cache_count(const struct picture_cache *pc)
{
    size_t n = 0;
    for (size_t i = 0; pc && i < pc->n; i++)
        n += pc->pics[i].tex != NULL;
    return n;
}

bool picture_name_ok(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > NAME_MAX_)
        return false;
    for (const char *s = name; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '-' || *s == '_'))
            return false;
    return true;
}

/* The size a PNG declares in its IHDR, read before decoding, so that a small file cannot
 * make the decoder allocate a huge picture. False when it is not a PNG's start. */
static bool png_size(const uint8_t *d, size_t len, uint32_t *w, uint32_t *h)
{
    static const uint8_t sig[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    if (len < 24 || memcmp(d, sig, 8) != 0 || memcmp(d + 12, "IHDR", 4) != 0)
        return false;
    *w = (uint32_t)d[16] << 24 | (uint32_t)d[17] << 16 | (uint32_t)d[18] << 8 | d[19];
    *h = (uint32_t)d[20] << 24 | (uint32_t)d[21] << 16 | (uint32_t)d[22] << 8 | d[23];
    return true;
}

enum kerr picture_load(const char *assets_dir, const char *name, struct image **out, char *err,
                       size_t errlen)
{
    *out = NULL;
    if (!picture_name_ok(name)) {
        snprintf(err, errlen,
                 "E919: picture name \"%.48s\" is not 1 to %d characters of a-z, 0-9, - and _",
                 name ? name : "", NAME_MAX_);
        return K_ERR_INVALID;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/ui/pictures/%s.png", assets_dir, name);
    char *data = NULL;
    size_t len = 0;
    enum kerr rc = fs_read_file(path, PICTURE_MAX_BYTES, &data, &len);
    if (rc == K_ERR_NOT_FOUND) {
        snprintf(err, errlen, "E918: picture %s missing: %s (scripts/make-pictures.sh)", name,
                 path);
        return rc;
    }
    if (rc != K_OK) {
        snprintf(err, errlen, "E919: picture %s unreadable: %s: %s", name, path,
                 rc == K_ERR_TOO_LARGE ? "larger than 4 MiB" : kerr_text(rc));
        return K_ERR_INVALID;
    }
    uint32_t w, h;
    if (!png_size((const uint8_t *)data, len, &w, &h)) {
        snprintf(err, errlen, "E919: picture %s is not a PNG: %s", name, path);
        rc = K_ERR_INVALID;
        goto free_data;
    }
    if (w == 0 || h == 0 || w > PICTURE_MAX_SIDE || h > PICTURE_MAX_SIDE) {
        snprintf(err, errlen, "E919: picture %s is %ux%u, not 1 to %d a side: %s", name,
                 (unsigned)w, (unsigned)h, PICTURE_MAX_SIDE, path);
        rc = K_ERR_INVALID;
        goto free_data;
    }
    rc = image_decode_png((const uint8_t *)data, len, IMAGE_RGBA32, out);
    if (rc != K_OK) {
        snprintf(err, errlen, "E919: picture %s is not a readable PNG: %s", name, path);
        rc = K_ERR_INVALID;
    }
free_data:
    free(data);
    return rc;
}

/* The cache entry for name, loading it on first use; NULL when the cache is full. */
static struct picture *lookup(struct ui *ui, struct picture_cache *pc, const char *name)
{
    for (size_t i = 0; i < pc->n; i++)
        if (strcmp(pc->pics[i].name, name) == 0)
            return &pc->pics[i];
    if (pc->n == PICTURE_CACHE_CAP) {
        if (!pc->full_logged)
            log_error("ui", "E919: more than %d pictures; %.48s and later ones not drawn",
                      PICTURE_CACHE_CAP, name);
        pc->full_logged = true;
        return NULL;
    }
    struct picture *p = &pc->pics[pc->n++];
    memset(p, 0, sizeof *p);
    str_copy(p->name, sizeof p->name, name);
    p->failed = true;
    struct image *img = NULL;
    char err[512];
    if (picture_load(pc->assets_dir, name, &img, err, sizeof err) != K_OK) {
        log_error("ui", "%s", err);
        return p;
    }
    /* RGBA bytes in memory are ABGR8888 on a little-endian machine, as ui_image uses. */
    p->tex = SDL_CreateTexture(ui_renderer(ui), SDL_PIXELFORMAT_ABGR8888, SDL_TEXTUREACCESS_STATIC,
                               img->w, img->h);
    if (!p->tex || SDL_UpdateTexture(p->tex, NULL, img->px, (int)img->stride) != 0) {
        log_error("ui", "E919: picture %s: no texture: %s", name, SDL_GetError());
        if (p->tex)
            SDL_DestroyTexture(p->tex);
        p->tex = NULL;
        goto done;
    }
    SDL_SetTextureBlendMode(p->tex, SDL_BLENDMODE_BLEND);
    SDL_SetTextureScaleMode(p->tex, SDL_ScaleModeLinear);
    p->w = img->w;
    p->h = img->h;
    p->failed = false;
done:
    image_destroy(img);
    return p;
}

/* Draw; record with area when given, else where it was drawn (or r when it was not). */
static struct ui_rect draw(struct ui *ui, struct ui_rect r, const char *name, uint8_t alpha,
                           const struct ui_rect *area)
{
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect drawn = {r.x, r.y, 0, 0};
    char id[64];
    snprintf(id, sizeof id, "pic.%.48s", name ? name : "");
    struct picture_cache *pc = ui_picture_cache(ui);
    struct picture *p = NULL;
    if (!picture_name_ok(name)) {
        /* The service definition's names are checked when it loads; this is a screen's bug. */
        if (!pc->bad_name_logged)
            log_error("ui", "E919: picture name \"%.48s\" is not valid; not drawn",
                      name ? name : "");
        pc->bad_name_logged = true;
        goto record;
    }
    p = lookup(ui, pc, name);
    if (p)
        p->used = ui_frame_number(ui);
    if (!p || p->failed || r.w <= 0 || r.h <= 0)
        goto record;
    double s = (double)r.w / p->w < (double)r.h / p->h ? (double)r.w / p->w : (double)r.h / p->h;
    int w = (int)(p->w * s + 0.5), h = (int)(p->h * s + 0.5);
    SDL_Rect dst = {r.x + (r.w - w) / 2, r.y + (r.h - h) / 2, w, h};
    SDL_SetTextureAlphaMod(p->tex, alpha);
    SDL_RenderCopy(ui_renderer(ui), p->tex, NULL, &dst);
    drawn = (struct ui_rect){dst.x, dst.y, dst.w, dst.h};
record:
    /* Recorded with the body's size and colours: a picture has no text of its own. */
    ui_record(ui, id, UI_W_PICTURE, name,
              area      ? *area
              : drawn.w ? drawn
                        : r,
              t->font_px[UI_FONT_BODY], t->color[UI_C_TEXT], t->color[UI_C_BG], drawn.w > 0);
    return drawn;
}

struct ui_rect ui_picture(struct ui *ui, struct ui_rect r, const char *name, uint8_t alpha)
{
    return draw(ui, r, name, alpha, NULL);
}

struct ui_rect ui_picture_moving(struct ui *ui, struct ui_rect r, const char *name, uint8_t alpha,
                                 struct ui_rect area)
{
    return draw(ui, r, name, alpha, &area);
}
