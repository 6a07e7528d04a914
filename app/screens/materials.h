/* app/screens/materials.h: the materials screen's part in ending a session. */
#ifndef APP_SCREENS_MATERIALS_H
#define APP_SCREENS_MATERIALS_H

/* Stop the document camera and forget the capture view's state, before the session wipe, so
 * that no page can arrive after it (kiosk_end_session calls it). */
void materials_end_session(void);

#endif
