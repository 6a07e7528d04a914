/* app/screens/form.h: the form screens' input method, wiped with each session. */
#ifndef APP_SCREENS_FORM_H
#define APP_SCREENS_FORM_H

struct kiosk_app;
/* Start the input method (at kiosk start; librime comes up on a background thread). */
void form_ime_start(struct kiosk_app *app);
/* Reset the input method's session and the editor's buffer (the session wipe calls it). */
void form_ime_wipe(void);
/* The input method's per-session scratch folder ("" when it is not running); tests check
 * that the wipe leaves it empty. */
const char *form_ime_scratch_dir(void);
/* Stop the input method (at exit). */
void form_ime_shutdown(void);

#endif
