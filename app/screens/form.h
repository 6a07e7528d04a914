/* app/screens/form.h: the form screens' input method (the keyboard of app/ui/keyboard.h),
 * wiped with each session. */
#ifndef APP_SCREENS_FORM_H
#define APP_SCREENS_FORM_H

#include <stdbool.h>
#include <stddef.h>

#include "app/ui/ui.h"

struct kiosk_app;

/* Set the keyboard up (the field screen's start hook, at kiosk start); the input method is
 * not started yet: an idle kiosk does not load librime (docs/ime.md, "Memory"). */
void form_ime_start(struct kiosk_app *app);
/* Start the input method if it is not running (librime is loaded and comes up on a background
 * thread); the notice screen calls it, so that it is ready when the form is. Returns at once. */
void form_ime_prepare(struct kiosk_app *app);
/* Reset the input method's session and the editor's buffer (the field screen's end_session
 * hook: the session wipe calls it). */
void form_ime_wipe(struct kiosk_app *app);
/* The input method's per-session scratch folder ("" when it is not running); tests check
 * that the wipe leaves it empty. */
const char *form_ime_scratch_dir(void);
/* True when the keyboard keeps nothing written (ui_keyboard_is_clean); for the tests. */
bool form_ime_is_clean(void);
/* Stop the input method (the field screen's finish hook, at exit). */
void form_ime_shutdown(struct kiosk_app *app);

#endif
