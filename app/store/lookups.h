/* app/store/lookups.h: the kiosk's own count of wrong phone digits in manual status lookups
 * (code + the phone number's last four digits), per tracking code (app layer, store).
 *
 * Four digits are guessable, so LOOKUP_MAX_MISSES wrong answers for a code within
 * LOOKUP_WINDOW_MS lock it for manual lookups for LOOKUP_LOCK_MS, the right digits included
 * (the receipt's QR still works). The counts live in the store's database (table
 * lookup_misses), so a restart does not unlock. They are what the kiosk goes by when casehub
 * cannot be reached; when it can, casehub's own per-code lock (POST /api/v1/lookup, shared by
 * every kiosk) decides, and its answers are mirrored here (docs/api.md 4a). Codes and counts
 * only: never phone digits. Times are the store clock's Unix milliseconds; a lock that reaches
 * further than LOOKUP_LOCK_MS from now (the clock was set back) counts as ending then. */
#ifndef APP_STORE_LOOKUPS_H
#define APP_STORE_LOOKUPS_H

#include <stdint.h>

#include "app/store/store.h"

#define LOOKUP_MAX_MISSES 5
#define LOOKUP_LOCK_MS    (60LL * 60 * 1000)
#define LOOKUP_WINDOW_MS  (24LL * 60 * 60 * 1000)

/* When code (grouped) is locked, *until_ms is the lock's end (> now); otherwise 0. */
enum kerr store_lookup_locked(store *s, const char *code, int64_t *until_ms);
/* Count one wrong answer for code; *until_ms as store_lookup_locked afterwards (the count's
 * LOOKUP_MAX_MISSES-th miss locks it). */
enum kerr store_lookup_miss(store *s, const char *code, int64_t *until_ms);
/* Lock code until until_ms (casehub said it is locked), at most LOOKUP_LOCK_MS from now. */
enum kerr store_lookup_lock(store *s, const char *code, int64_t until_ms);
/* The right digits: forget the code's count. */
enum kerr store_lookup_clear(store *s, const char *code);

#endif
