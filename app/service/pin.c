/* app/service/pin.c: PIN hashing and the persistent lockout (app layer, service). */
#include "app/service/pin.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/xalloc.h"

struct pin_guard {
    char hash[PIN_HASH_MAX];
    char *state_path;
    struct kclock *clk;
    int failures;
    int64_t locked_until_ms; /* wall time */
};

bool pin_well_formed(const char *pin)
{
    size_t n = pin ? strlen(pin) : 0;
    if (n < PIN_MIN_DIGITS || n > PIN_MAX_DIGITS)
        return false;
    for (size_t i = 0; i < n; i++)
        if (pin[i] < '0' || pin[i] > '9')
            return false;
    return true;
}

enum kerr pin_hash(const char *pin, char out[PIN_HASH_MAX])
{
    out[0] = '\0';
    if (!pin_well_formed(pin) || sodium_init() < 0)
        return K_ERR_INVALID;
    if (crypto_pwhash_str(out, pin, strlen(pin), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        return K_ERR_CRYPTO;
    return K_OK;
}

/* State file: "failures locked_until_ms\n". Anything unreadable counts as a fresh state,
 * except that a corrupt file is treated as locked, so that tampering never unlocks. */
static void load_state(struct pin_guard *g)
{
    char *buf;
    size_t len;
    if (fs_read_file(g->state_path, 256, &buf, &len) != K_OK)
        return;
    long long until = 0;
    int failures = 0;
    if (sscanf(buf, "%d %lld", &failures, &until) == 2 && failures >= 0 &&
        failures <= PIN_MAX_FAILURES) {
        g->failures = failures;
        g->locked_until_ms = until;
    } else {
        log_warn("service", "PIN state file unreadable; locking service mode");
        g->failures = PIN_MAX_FAILURES;
        g->locked_until_ms = kclock_unix_ms(g->clk) + PIN_LOCK_MS;
    }
    free(buf);
}

static void save_state(struct pin_guard *g)
{
    char buf[64];
    int n = snprintf(buf, sizeof buf, "%d %lld\n", g->failures, (long long)g->locked_until_ms);
    if (fs_write_atomic(g->state_path, buf, (size_t)n, 0600) != K_OK)
        log_warn("service", "cannot write PIN state file");
}

struct pin_guard *pin_guard_create(const char *hash, const char *state_path, struct kclock *clk)
{
    struct pin_guard *g = xcalloc(1, sizeof *g);
    str_copy(g->hash, sizeof g->hash, hash ? hash : "");
    g->state_path = xstrdup(state_path);
    g->clk = clk;
    load_state(g);
    return g;
}

void pin_guard_destroy(struct pin_guard *g)
{
    if (!g)
        return;
    free(g->state_path);
    explicit_bzero(g, sizeof *g);
    free(g);
}

int64_t pin_guard_locked_for(struct pin_guard *g)
{
    int64_t left = g->locked_until_ms - kclock_unix_ms(g->clk);
    return left > 0 ? (left + 999) / 1000 : 0;
}

enum pin_result pin_guard_try(struct pin_guard *g, const char *pin, int *left, int64_t *wait_s)
{
    if (!g->hash[0] || sodium_init() < 0)
        return PIN_DISABLED;
    int64_t locked = pin_guard_locked_for(g);
    if (locked > 0) {
        if (wait_s)
            *wait_s = locked;
        return PIN_LOCKED;
    }
    if (g->failures >= PIN_MAX_FAILURES) /* a lock that has expired */
        g->failures = 0;
    bool ok = pin_well_formed(pin) && crypto_pwhash_str_verify(g->hash, pin, strlen(pin)) == 0;
    if (ok) {
        g->failures = 0;
        g->locked_until_ms = 0;
        save_state(g);
        return PIN_OK;
    }
    g->failures++;
    if (g->failures >= PIN_MAX_FAILURES)
        g->locked_until_ms = kclock_unix_ms(g->clk) + PIN_LOCK_MS;
    save_state(g);
    if (left)
        *left = PIN_MAX_FAILURES - g->failures;
    if (g->failures >= PIN_MAX_FAILURES) {
        if (wait_s)
            *wait_s = pin_guard_locked_for(g);
        return PIN_LOCKED;
    }
    return PIN_WRONG;
}
