/* app/ui/ime_font.h: "can the shipped font draw this character?" for the input method's
 * candidate filter (app layer, ui). Owns one SDL_ttf font handle used only for the question
 * (never for drawing); until the toolkit's text cache supplies its own, the keyboard, kioskctl
 * and the tests use this. */
#ifndef APP_UI_IME_FONT_H
#define APP_UI_IME_FONT_H

#include <stdbool.h>
#include <stdint.h>

struct ime_font;

/* Open the font at path (NULL: ASSETS/fonts/NotoSansSC-GBK.otf). NULL when it cannot be
 * opened (logged). Initialises SDL_ttf (reference-counted). */
struct ime_font *ime_font_open(const char *path);
/* Close; NULL is a no-op. */
void ime_font_close(struct ime_font *f);
/* ime_can_draw_fn for struct ime_options: ud is the struct ime_font. */
bool ime_font_can_draw(uint32_t cp, void *ud);

#endif
