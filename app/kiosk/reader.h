/* app/kiosk/reader.h: what the flow needs from the ID card reader's loop
 * (drivers/idcard): its state in four words, and the card as the session holds it
 * (app layer, kiosk lifecycle). UI thread only.
 */
#ifndef APP_KIOSK_READER_H
#define APP_KIOSK_READER_H

#include <stdbool.h>

#include "platform/evq.h"

struct kiosk_app;

/* The reader as the screens see it (app->reader_state). */
enum reader_state {
    READER_NONE,  /* no reader (unplugged, failed, or no driver) */
    READER_EMPTY, /* a reader, no card on it (or its SAM still starting) */
    READER_CARD,  /* a card lies on the reader (being read, read, or to be placed again) */
};

/* Start the reading loop of the configured reader (idcard.driver, idcard.device). */
void reader_start(struct kiosk_app *app);
void reader_stop(struct kiosk_app *app);
/* Turn the loop's events into the flow's: EV_IDCARD_STATE's code becomes an enum
 * reader_state, EV_IDCARD_READ's payload a struct session_card (the driver's card, with its
 * photo and fingerprints, is wiped and freed here). Other events are left alone. */
void reader_translate(struct ev *e);

/* The simulated reader (script steps): place built-in fictional card i
 * (drivers/idcard/idsim.h), lift it, unplug or plug the reader. False when the configured
 * reader is not the simulated one, or there is no card i. */
bool reader_sim_place(struct kiosk_app *app, int i);
bool reader_sim_lift(struct kiosk_app *app);
bool reader_sim_unplug(struct kiosk_app *app, bool unplugged);

#endif
