/* app/ui/ime_font.c: glyph coverage of the shipped font for the IME filter. See ime_font.h. */
#include "app/ui/ime_font.h"

#include <SDL_ttf.h>
#include <stdio.h>
#include <stdlib.h>

#include "platform/log.h"
#include "platform/paths.h"
#include "platform/xalloc.h"

struct ime_font {
    TTF_Font *font;
};

struct ime_font *ime_font_open(const char *path)
{
    char def[1024];
    if (!path) {
        snprintf(def, sizeof def, "%s/fonts/NotoSansSC-GBK.otf", paths_default_assets());
        path = def;
    }
    if (TTF_Init() != 0) {
        log_error("ime", "E957: SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    TTF_Font *font = TTF_OpenFont(path, 16);
    if (!font) {
        log_error("ime", "E957: cannot open font %s: %s", path, TTF_GetError());
        TTF_Quit();
        return NULL;
    }
    struct ime_font *f = xcalloc(1, sizeof *f);
    f->font = font;
    return f;
}

void ime_font_close(struct ime_font *f)
{
    if (!f)
        return;
    TTF_CloseFont(f->font);
    TTF_Quit();
    free(f);
}

bool ime_font_can_draw(uint32_t cp, void *ud)
{
    struct ime_font *f = ud;
    return f && TTF_GlyphIsProvided32(f->font, cp) != 0;
}
