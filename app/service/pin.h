/* app/service/pin.h: the technician PIN: argon2id verification and the wrong-PIN lockout.
 *
 * The configuration holds only an argon2id hash (libsodium crypto_pwhash_str) of the PIN.
 * Five wrong PINs in a row lock service mode for ten minutes; the count and the lock survive a
 * restart (a small state file in the data folder, written durably), so pulling the plug does
 * not reset the lockout. Time comes from the injectable clock (wall time, so a restart keeps
 * the lock). The guard is UI-thread only; the hash functions are thread-safe.
 */
#ifndef APP_SERVICE_PIN_H
#define APP_SERVICE_PIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/clock.h"
#include "platform/err.h"

#define PIN_MIN_DIGITS   6
#define PIN_MAX_DIGITS   12
#define PIN_MAX_FAILURES 5
#define PIN_LOCK_MS      (10 * 60 * 1000)
#define PIN_HASH_MAX     128

/* True when pin is PIN_MIN_DIGITS..PIN_MAX_DIGITS ASCII digits. */
bool pin_well_formed(const char *pin);
/* argon2id hash of pin into out (PIN_HASH_MAX). K_ERR_INVALID for a malformed PIN. */
enum kerr pin_hash(const char *pin, char out[PIN_HASH_MAX]);

enum pin_result {
    PIN_OK,       /* correct: service mode opens, the failure count resets */
    PIN_WRONG,    /* wrong: *left tries remain before the lock */
    PIN_LOCKED,   /* locked: *wait_s seconds remain (nothing was checked) */
    PIN_DISABLED, /* no PIN configured: service mode is off */
};

struct pin_guard;

/* A guard over hash (may be "" = disabled), keeping its state in state_path. Caller owns. */
struct pin_guard *pin_guard_create(const char *hash, const char *state_path, struct kclock *clk);
void pin_guard_destroy(struct pin_guard *g); /* NULL is a no-op */
/* Check an entered PIN. left/wait_s may be NULL. */
enum pin_result pin_guard_try(struct pin_guard *g, const char *pin, int *left, int64_t *wait_s);
/* Seconds until the lock lifts (0 when not locked). */
int64_t pin_guard_locked_for(struct pin_guard *g);

#endif
