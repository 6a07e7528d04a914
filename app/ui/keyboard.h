/* app/ui/keyboard.h: the on-screen keyboard widget (app layer, ui): pinyin through the input
 * method (app/ui/ime) with its composition and candidates above the letters, or ASCII (digits,
 * URL symbols, letters typed as they are). Shared by the form's field editor and service
 * mode's configuration; each screen owns its struct ui_keyboard.
 *
 * Owns (in struct ui_keyboard) the input method and the font handle it filters candidates
 * with; ui_keyboard_finish() releases both. UI thread only.
 */
#ifndef APP_UI_KEYBOARD_H
#define APP_UI_KEYBOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "app/ui/ui.h"

struct ime;
struct ime_font;

enum ui_kbd_mode {
    UI_KBD_PINYIN, /* letters go to the pinyin IME; its candidates above the letters */
    UI_KBD_ASCII,  /* English letters, digits and URL symbols typed as they are (no IME) */
};

/* The keyboard's state across frames; zero-initialised (or ui_keyboard_init) before use. */
struct ui_keyboard {
    char font_path[4200];    /* the font the candidates must be drawable in */
    char ime_data_dir[4096]; /* librime's prebuilt data; "" for ime_create's default */
    struct ime *ime;
    struct ime_font *ime_font;
    bool ime_failed; /* the IME could not start: letters are typed as they are */
};

/* Remember where the font and the IME's data are (copied); starts nothing. ime_data_dir may
 * be NULL or "" (the IME's default). */
void ui_keyboard_init(struct ui_keyboard *kb, const char *font_path, const char *ime_data_dir);
/* Start the input method (librime comes up on a background thread, so this returns at once).
 * A failure is logged and remembered: pinyin mode then types letters as they are. Starting a
 * started keyboard is a no-op. */
void ui_keyboard_start(struct ui_keyboard *kb);
/* The keyboard in r, editing text (cap bytes, NUL-terminated). Pinyin mode starts the input
 * method when it has not been. Returns true when 确定 was tapped. */
bool ui_keyboard(struct ui *ui, struct ui_keyboard *kb, struct ui_rect r, char *text, size_t cap,
                 enum ui_kbd_mode mode);
/* Reset the input method's session (an applicant's session ended). */
void ui_keyboard_wipe(struct ui_keyboard *kb);
/* Drop the composition (the editor was left). */
void ui_keyboard_clear(struct ui_keyboard *kb);
/* The input method's per-session scratch folder ("" when it is not running). */
const char *ui_keyboard_scratch_dir(const struct ui_keyboard *kb);
/* Stop the input method and close the font; the keyboard may be started again. */
void ui_keyboard_finish(struct ui_keyboard *kb);

#endif
