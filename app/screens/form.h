/* app/screens/form.h: what the tests see of the form screens' input method (the keyboard of
 * app/ui/keyboard.h, kept in the form's state and wiped with each session). */
#ifndef APP_SCREENS_FORM_H
#define APP_SCREENS_FORM_H

#include <stdbool.h>

struct kiosk_app;

/* Start the input method if it is not running (librime is loaded and comes up on a background
 * thread); the notice screen calls it, so that it is ready when the form is. Returns at once. */
void form_ime_prepare(struct kiosk_app *app);
/* The input method's per-session scratch folder ("" when it is not running); tests check
 * that the wipe leaves it empty. app's flow must exist (between flow_create and
 * flow_destroy). */
const char *form_ime_scratch_dir(struct kiosk_app *app);
/* True when the keyboard keeps nothing written (ui_keyboard_is_clean); for the tests. Same
 * condition on app. */
bool form_ime_is_clean(struct kiosk_app *app);

#endif
