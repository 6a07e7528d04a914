/* server/ratelimit.h: casehub's rate limits and lockouts, keyed by 16-byte keys (client
 * addresses, hashed account names) (server/).
 *
 * A table of RATELIMIT slots placed by a keyed hash (libsodium crypto_shorthash, SipHash-2-4,
 * with a random key made at creation, so that nobody outside can aim two keys at one slot)
 * with open addressing over a window of RATELIMIT_PROBE slots. Two keys never share an entry:
 * a colliding key takes the next free slot of the window. When the window is full, the entry
 * that has become equivalent to a fresh one (bucket refilled, failures forgotten) is reused
 * first; only when none has, the one closest to that state is evicted. Each entry carries a
 * token bucket (ratelimit_take) and a failure count with an escalating lockout
 * (ratelimit_locked, ratelimit_fail, ratelimit_clear); one table is used for one purpose.
 * Thread-safe (one mutex); times are passed in (tests drive them).
 */
#ifndef SERVER_RATELIMIT_H
#define SERVER_RATELIMIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define RATELIMIT_PROBE 16

/* Lockout policy: the LOCK_AFTER-th failure in a row locks for LOCK_BASE_MS, each further
 * failure (made after the lock ends) doubles it up to LOCK_MAX_MS. A success clears the
 * count; LOCK_FORGET_MS without a failure forgets it. */
#define RATELIMIT_LOCK_AFTER     5
#define RATELIMIT_LOCK_BASE_MS   60000LL
#define RATELIMIT_LOCK_MAX_MS    3600000LL
#define RATELIMIT_LOCK_FORGET_MS 86400000LL

struct ratelimit;

/* A table of at least `slots` entries (rounded up to a power of two, >= RATELIMIT_PROBE);
 * each bucket holds `burst` tokens and refills `per_minute` a minute. Caller destroys. */
struct ratelimit *ratelimit_create(size_t slots, double burst, double per_minute);
void ratelimit_destroy(struct ratelimit *rl);

/* Take one token of key's bucket at now; false when empty, with *retry_s the whole seconds
 * until one is there (>= 1). */
bool ratelimit_take(struct ratelimit *rl, const unsigned char key[16], int64_t now, long *retry_s);

/* Milliseconds key stays locked after now (0: not locked). */
int64_t ratelimit_locked(struct ratelimit *rl, const unsigned char key[16], int64_t now);
/* Count a failure of key at now; returns the lock it starts (ms, 0 when none yet). */
int64_t ratelimit_fail(struct ratelimit *rl, const unsigned char key[16], int64_t now);
/* A success: forget key's failures. */
void ratelimit_clear(struct ratelimit *rl, const unsigned char key[16], int64_t now);

/* Evictions of entries that still held state (for tests and the log). */
unsigned long ratelimit_evictions(struct ratelimit *rl);

#endif
