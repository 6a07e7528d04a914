/* platform/textras.c: text rasterised with SDL_ttf (see textras.h). Layer: platform. */
#include "platform/textras.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/utf8.h"
#include "platform/xalloc.h"

struct textras_font {
    TTF_Font *font;
    bool bold;
};

enum kerr textras_font_open(const char *path, int px, struct textras_font **out, char *err,
                            size_t errlen)
{
    *out = NULL;
    if (px < 8 || px > 200) {
        snprintf(err, errlen, "E040: font size %d out of range 8..200", px);
        return K_ERR_INVALID;
    }
    if (TTF_Init() != 0) { /* reference counted by SDL_ttf */
        snprintf(err, errlen, "E040: TTF_Init: %s", TTF_GetError());
        return K_ERR_INVALID;
    }
    TTF_Font *font = TTF_OpenFont(path, px);
    if (!font) {
        snprintf(err, errlen, "E041: cannot open font %s: %s", path, TTF_GetError());
        TTF_Quit();
        return K_ERR_NOT_FOUND;
    }
    struct textras_font *f = xcalloc(1, sizeof(*f));
    f->font = font;
    *out = f;
    return K_OK;
}

void textras_font_close(struct textras_font *f)
{
    if (!f)
        return;
    TTF_CloseFont(f->font);
    TTF_Quit();
    free(f);
}

int textras_line_height(const struct textras_font *f)
{
    return TTF_FontHeight(f->font);
}

bool textras_has_glyph(struct textras_font *f, unsigned cp)
{
    return TTF_GlyphIsProvided32(f->font, cp) != 0;
}

static size_t put_utf8(char *o, unsigned long cp)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | cp >> 6);
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | cp >> 12);
        o[1] = (char)(0x80 | (cp >> 6 & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | cp >> 18);
    o[1] = (char)(0x80 | (cp >> 12 & 0x3F));
    o[2] = (char)(0x80 | (cp >> 6 & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A copy of utf8 with every code point the font lacks (and every control) replaced by □;
 * NULL when utf8 is not valid UTF-8. Caller frees. */
static char *substitute(struct textras_font *f, const char *utf8)
{
    size_t len = strlen(utf8), i = 0, o = 0;
    char *out = xcalloc(len * 3 + 4, 1); /* □ is 3 bytes, at most 3x a 1-byte input */
    while (i < len) {
        uint32_t cp;
        size_t k = utf8_decode(utf8 + i, len - i, &cp);
        if (!k) {
            free(out);
            return NULL;
        }
        i += k;
        if (cp < 0x20 || cp == 0x7F || !TTF_GlyphIsProvided32(f->font, (Uint32)cp))
            cp = 0x25A1;
        o += put_utf8(out + o, (unsigned long)cp);
    }
    return out;
}

int textras_width(struct textras_font *f, const char *utf8)
{
    char *s = substitute(f, utf8);
    int w = 0, h = 0;
    if (s && s[0])
        TTF_SizeUTF8(f->font, s, &w, &h);
    free(s);
    return w;
}

enum kerr textras_render(struct textras_font *f, const char *utf8, bool bold, struct image **out)
{
    *out = NULL;
    char *s = substitute(f, utf8);
    if (!s || !s[0]) {
        free(s);
        return K_ERR_INVALID;
    }
    if (bold != f->bold) {
        TTF_SetFontStyle(f->font, bold ? TTF_STYLE_BOLD : TTF_STYLE_NORMAL);
        f->bold = bold;
    }
    SDL_Color fg = {0, 0, 0, 255}, bg = {255, 255, 255, 255};
    SDL_Surface *surf = TTF_RenderUTF8_Shaded(f->font, s, fg, bg);
    free(s);
    if (!surf)
        return K_ERR_INVALID;
    struct image *img = image_create(surf->w, surf->h, IMAGE_GRAY8);
    if (!img) {
        SDL_FreeSurface(surf);
        return K_ERR_INVALID;
    }
    /* An 8-bit palettised surface: the palette runs from the background to the ink. */
    const SDL_Palette *pal = surf->format->palette;
    for (int y = 0; y < surf->h; y++) {
        const Uint8 *src = (const Uint8 *)surf->pixels + (size_t)y * (size_t)surf->pitch;
        uint8_t *dst = img->px + (size_t)y * img->stride;
        for (int x = 0; x < surf->w; x++)
            dst[x] = pal && src[x] < pal->ncolors ? pal->colors[src[x]].r : 255;
    }
    SDL_FreeSurface(surf);
    *out = img;
    return K_OK;
}
