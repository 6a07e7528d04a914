/* app/screens/cardsim.h: the fictional ID cards of the simulated reader, as the flow receives
 * them (app layer, screens).
 *
 * PLACEHOLDER until drivers/idcard lands: its sim twin will post EV_IDCARD_READ with the same
 * struct session_card payload; the script runner's `card N` step posts one of these. Every
 * person here is invented; the ID numbers carry a valid GB 11643 check character.
 */
#ifndef APP_SCREENS_CARDSIM_H
#define APP_SCREENS_CARDSIM_H

#include <stdbool.h>

#include "app/screens/session.h"

/* Reader states carried in EV_IDCARD_STATE's code. */
enum reader_state {
    READER_UNKNOWN = -2, /* no state reported yet */
    READER_NONE = -1,    /* no reader (unplugged or failed) */
    READER_EMPTY = 0,    /* a reader, no card on it */
    READER_CARD = 1,     /* a card lies on the reader */
};

/* Fill *out with fictional card n (1..CARDSIM_COUNT); false for another n. */
bool cardsim_card(int n, struct session_card *out);
#define CARDSIM_COUNT 3

/* A copy of card n on the heap, for an event payload (free with cardsim_free); NULL if no
 * such card. */
struct session_card *cardsim_new(int n);
/* Wipe and free a card payload (an evq payload_free). */
void cardsim_free(void *card);

#endif
