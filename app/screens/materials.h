/* app/screens/materials.h: the materials screen's part in ending a session. */
#ifndef APP_SCREENS_MATERIALS_H
#define APP_SCREENS_MATERIALS_H

struct kiosk_app;

/* Stop the document camera and forget the capture view's state, before the session wipe, so
 * that no page can arrive after it (the materials screen's end_session hook). */
void materials_end_session(struct kiosk_app *app);

#endif
