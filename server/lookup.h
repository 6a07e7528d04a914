/* server/lookup.h: the manual status lookup by tracking code and the last four digits of the
 * applicant's phone (POST /api/v1/lookup, docs/api.md 4a), for a person at a kiosk without
 * the receipt's QR. Four digits are guessable, so each code allows LOOKUP_MAX_MISSES wrong
 * answers within LOOKUP_WINDOW_MS; the next one locks the code for LOOKUP_LOCK_MS (right
 * digits included), with the unlock time in the answer. Counters live in the hub's database
 * (table lookup_misses), so a restart does not unlock. Thread-safe (hub->lock). */
#ifndef SERVER_LOOKUP_H
#define SERVER_LOOKUP_H

#include <stddef.h>

#include "server/hub.h"

#define LOOKUP_MAX_MISSES 5
#define LOOKUP_LOCK_MS    (60LL * 60 * 1000)
#define LOOKUP_WINDOW_MS  (24LL * 60 * 60 * 1000)

/* Create the table when missing. K_OK or K_ERR_DB. */
enum kerr lookup_init(struct hub *h);
/* Answer a lookup body {"code": "...", "phone_last4": "1234"}: 200 with the status object of
 * GET /status; 404 not_found (unknown code and wrong digits alike); 400 for a malformed body;
 * 429 locked with "unlock_ms" and *retry_s set (seconds until the unlock), else *retry_s 0. */
void lookup_manual(struct hub *h, const char *body, size_t len, struct hub_answer *a,
                   long *retry_s);

#endif
