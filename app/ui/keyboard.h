/* app/ui/keyboard.h: the on-screen keyboard widget (app layer, ui): pinyin through the input
 * method (app/ui/ime) with its composition and candidates above the letters, and beside it a
 * 手写 tab (app/ui/handwriting: a writing pad with 重写 and 撤销 where the letters are, its
 * candidates in the same candidate rows); or ASCII (digits, URL symbols, letters typed as
 * they are). Shared by the form's field editor and service
 * mode's configuration; each screen owns its struct ui_keyboard.
 *
 * Owns (in struct ui_keyboard) the input method, the handwriting recognizer (created when the
 * tab is first opened), the ink being written and the font handle candidates are filtered
 * with; ui_keyboard_finish() releases them. UI thread only.
 */
#ifndef APP_UI_KEYBOARD_H
#define APP_UI_KEYBOARD_H

#include <stdbool.h>
#include <stddef.h>

#include "app/ui/handwriting.h"
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
    bool font_failed;
    /* The 手写 tab. */
    char hw_model[4096]; /* "" for Debian's model */
    bool hand;           /* the tab is open */
    struct handwriting *hw;
    bool hw_failed;
    struct hw_ink ink; /* on the pad, pad pixels */
    bool in_stroke;    /* a finger is writing */
    bool pending;      /* the recognizer has ink it has not answered */
    struct hw_result cands;
    int cand_page;
};

/* Remember where the font, the IME's data and the handwriting model are (copied); starts
 * nothing. ime_data_dir and hw_model may be NULL or "" (the defaults). */
void ui_keyboard_init(struct ui_keyboard *kb, const char *font_path, const char *ime_data_dir,
                      const char *hw_model);
/* Start the input method (librime comes up on a background thread, so this returns at once).
 * A failure is logged and remembered: pinyin mode then types letters as they are. Starting a
 * started keyboard is a no-op. */
void ui_keyboard_start(struct ui_keyboard *kb);
/* The keyboard in r, editing text (cap bytes, NUL-terminated). Pinyin mode starts the input
 * method when it has not been. Returns true when 确定 was tapped. */
bool ui_keyboard(struct ui *ui, struct ui_keyboard *kb, struct ui_rect r, char *text, size_t cap,
                 enum ui_kbd_mode mode);
/* Reset the input method's session, drop the ink and candidates, back to pinyin (an
 * applicant's session ended). */
void ui_keyboard_wipe(struct ui_keyboard *kb);
/* True when nothing written is kept: no ink, no candidates, no request in the recognizer,
 * and the pinyin tab is the one a next applicant sees (tests check this after the wipe). */
bool ui_keyboard_is_clean(struct ui_keyboard *kb);
/* Drop the composition and the ink (the editor was left). */
void ui_keyboard_clear(struct ui_keyboard *kb);
/* The input method's per-session scratch folder ("" when it is not running). */
const char *ui_keyboard_scratch_dir(const struct ui_keyboard *kb);
/* Stop the input method and close the font; the keyboard may be started again. */
void ui_keyboard_finish(struct ui_keyboard *kb);

#endif
