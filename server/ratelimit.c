/* server/ratelimit.c: keyed, collision-free token buckets and lockouts (see ratelimit.h). */
#include "server/ratelimit.h"

#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "platform/xalloc.h"

struct entry {
    bool used;
    unsigned char key[16];
    double tokens;    /* bucket level at at_ms */
    int64_t at_ms;    /* last bucket update */
    int fails;        /* failures in a row */
    int64_t fail_ms;  /* last failure */
    int64_t until_ms; /* locked until */
};

struct ratelimit {
    pthread_mutex_t lock;
    unsigned char hkey[crypto_shorthash_KEYBYTES];
    struct entry *e;
    size_t mask;
    double burst, per_ms;
    unsigned long evictions;
};

struct ratelimit *ratelimit_create(size_t slots, double burst, double per_minute)
{
    size_t n = RATELIMIT_PROBE;
    while (n < slots)
        n *= 2;
    struct ratelimit *rl = xcalloc(1, sizeof *rl);
    rl->e = xcalloc(n, sizeof *rl->e);
    rl->mask = n - 1;
    rl->burst = burst > 1 ? burst : 1;
    rl->per_ms = (per_minute > 0 ? per_minute : 1) / 60000.0;
    crypto_shorthash_keygen(rl->hkey);
    pthread_mutex_init(&rl->lock, NULL);
    return rl;
}

void ratelimit_destroy(struct ratelimit *rl)
{
    if (!rl)
        return;
    pthread_mutex_destroy(&rl->lock);
    sodium_memzero(rl->hkey, sizeof rl->hkey);
    free(rl->e);
    free(rl);
}

/* When an entry holds nothing a fresh one would not: its bucket full again and its failures
 * forgotten (or never made). */
static int64_t idle_at(const struct ratelimit *rl, const struct entry *e)
{
    double missing = rl->burst - e->tokens;
    int64_t full = e->at_ms + (missing > 0 ? (int64_t)(missing / rl->per_ms) + 1 : 0);
    int64_t forgot = e->fails ? e->fail_ms + RATELIMIT_LOCK_FORGET_MS : 0;
    if (e->until_ms > forgot)
        forgot = e->until_ms;
    return full > forgot ? full : forgot;
}

static void fresh(struct ratelimit *rl, struct entry *e, const unsigned char key[16], int64_t now)
{
    memset(e, 0, sizeof *e);
    e->used = true;
    memcpy(e->key, key, 16);
    e->tokens = rl->burst;
    e->at_ms = now;
}

/* The entry of key (lock held), made when missing. */
static struct entry *find(struct ratelimit *rl, const unsigned char key[16], int64_t now)
{
    unsigned char h[crypto_shorthash_BYTES];
    crypto_shorthash(h, key, 16, rl->hkey);
    uint64_t v = 0;
    for (size_t i = 0; i < sizeof h; i++)
        v = v << 8 | h[i];
    size_t start = (size_t)v & rl->mask;
    struct entry *free_slot = NULL, *victim = NULL;
    int64_t victim_idle = 0;
    for (size_t i = 0; i < RATELIMIT_PROBE; i++) {
        struct entry *e = &rl->e[(start + i) & rl->mask];
        if (!e->used) {
            if (!free_slot)
                free_slot = e;
            continue;
        }
        if (memcmp(e->key, key, 16) == 0)
            return e;
        int64_t idle = idle_at(rl, e);
        if (!victim || idle < victim_idle) {
            victim = e;
            victim_idle = idle;
        }
    }
    struct entry *e = free_slot ? free_slot : victim;
    if (!free_slot && victim_idle > now)
        rl->evictions++; /* it still held state: 16 newer keys in its window */
    fresh(rl, e, key, now);
    return e;
}

bool ratelimit_take(struct ratelimit *rl, const unsigned char key[16], int64_t now, long *retry_s)
{
    pthread_mutex_lock(&rl->lock);
    struct entry *e = find(rl, key, now);
    if (now > e->at_ms)
        e->tokens += (double)(now - e->at_ms) * rl->per_ms;
    if (e->tokens > rl->burst)
        e->tokens = rl->burst;
    e->at_ms = now > e->at_ms ? now : e->at_ms;
    bool ok = e->tokens >= 1.0;
    if (ok)
        e->tokens -= 1.0;
    else if (retry_s)
        *retry_s = (long)((1.0 - e->tokens) / rl->per_ms / 1000.0) + 1;
    pthread_mutex_unlock(&rl->lock);
    return ok;
}

int64_t ratelimit_locked(struct ratelimit *rl, const unsigned char key[16], int64_t now)
{
    pthread_mutex_lock(&rl->lock);
    struct entry *e = find(rl, key, now);
    int64_t left = e->until_ms > now ? e->until_ms - now : 0;
    pthread_mutex_unlock(&rl->lock);
    return left;
}

int64_t ratelimit_fail(struct ratelimit *rl, const unsigned char key[16], int64_t now)
{
    pthread_mutex_lock(&rl->lock);
    struct entry *e = find(rl, key, now);
    if (e->fails && e->fail_ms + RATELIMIT_LOCK_FORGET_MS <= now)
        e->fails = 0;
    e->fails++;
    e->fail_ms = now;
    int64_t lock = 0;
    if (e->fails >= RATELIMIT_LOCK_AFTER) {
        lock = RATELIMIT_LOCK_BASE_MS;
        for (int i = RATELIMIT_LOCK_AFTER; i < e->fails && lock < RATELIMIT_LOCK_MAX_MS; i++)
            lock *= 2;
        if (lock > RATELIMIT_LOCK_MAX_MS)
            lock = RATELIMIT_LOCK_MAX_MS;
        e->until_ms = now + lock;
    }
    pthread_mutex_unlock(&rl->lock);
    return lock;
}

void ratelimit_clear(struct ratelimit *rl, const unsigned char key[16], int64_t now)
{
    pthread_mutex_lock(&rl->lock);
    struct entry *e = find(rl, key, now);
    e->fails = 0;
    e->fail_ms = 0;
    e->until_ms = 0;
    pthread_mutex_unlock(&rl->lock);
}

unsigned long ratelimit_evictions(struct ratelimit *rl)
{
    pthread_mutex_lock(&rl->lock);
    unsigned long n = rl->evictions;
    pthread_mutex_unlock(&rl->lock);
    return n;
}
