/* tests/server/test_ratelimit.c: server/ratelimit.c with a driven clock: token buckets, the
 * escalating lockout, and a full probe window (no key resets another's state). */
#include <sodium.h>
#include <string.h>

#include "server/ratelimit.h"
#include "tests/support/ktest.h"

static void key_of(int i, unsigned char k[16])
{
    memset(k, 0, 16);
    memcpy(k, &i, sizeof i);
}

static void test_bucket(void)
{
    struct ratelimit *rl = ratelimit_create(64, 3, 60); /* burst 3, one a second */
    unsigned char k[16];
    key_of(1, k);
    long retry = 0;
    int64_t t = 1000000;
    CHECK(ratelimit_take(rl, k, t, &retry));
    CHECK(ratelimit_take(rl, k, t, &retry));
    CHECK(ratelimit_take(rl, k, t, &retry));
    CHECK(!ratelimit_take(rl, k, t, &retry));
    CHECK_EQ_INT(retry, 2); /* a second to the next token, rounded up past it */
    CHECK(ratelimit_take(rl, k, t + 1000, &retry));
    CHECK(!ratelimit_take(rl, k, t + 1000, &retry));
    ratelimit_destroy(rl);
}

static void test_lockout(void)
{
    struct ratelimit *rl = ratelimit_create(64, 1, 1);
    unsigned char k[16];
    key_of(2, k);
    int64_t t = 5000000;
    /* rows: the lock each failure starts, the lock running out before the next one */
    const int64_t want[] = {0,      0,      0,      0,       60000,   120000,
                            240000, 480000, 960000, 1920000, 3600000, 3600000};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        int64_t lock = ratelimit_fail(rl, k, t);
        CHECKF(lock == want[i], "row %zu: lock %lld, want %lld", i + 1, (long long)lock,
               (long long)want[i]);
        CHECKF(ratelimit_locked(rl, k, t) == want[i], "row %zu: locked", i + 1);
        t += want[i] + 1;
        CHECKF(ratelimit_locked(rl, k, t) == 0, "row %zu: unlocked after", i + 1);
    }
    /* a success clears; a day without failures forgets */
    ratelimit_clear(rl, k, t);
    for (int i = 0; i < 4; i++)
        CHECK_EQ_INT(ratelimit_fail(rl, k, t), 0);
    t += RATELIMIT_LOCK_FORGET_MS;
    CHECK_EQ_INT(ratelimit_fail(rl, k, t), 0); /* the count started again */
    ratelimit_destroy(rl);
}

static void test_full_window(void)
{
    /* 16 slots, 16 keys: every key keeps its own state, whatever the hash does */
    struct ratelimit *rl = ratelimit_create(16, 2, 1);
    unsigned char k[16];
    int64_t t = 9000000;
    long retry;
    for (int i = 0; i < 16; i++) {
        key_of(100 + i, k);
        CHECK(ratelimit_take(rl, k, t, &retry));
        CHECK(ratelimit_take(rl, k, t, &retry));
        CHECK(!ratelimit_take(rl, k, t, &retry));
    }
    for (int i = 0; i < 16; i++) {
        key_of(100 + i, k);
        CHECKF(!ratelimit_take(rl, k, t, &retry), "key %d kept its empty bucket", i);
    }
    CHECK_EQ_INT(ratelimit_evictions(rl), 0);
    /* a 17th key must evict; once a bucket has refilled it is taken without losing state */
    key_of(200, k);
    CHECK(ratelimit_take(rl, k, t, &retry));
    CHECK_EQ_INT(ratelimit_evictions(rl), 1);
    t += 10 * 60000; /* everyone refilled */
    key_of(201, k);
    CHECK(ratelimit_take(rl, k, t, &retry));
    CHECK_EQ_INT(ratelimit_evictions(rl), 1);
    ratelimit_destroy(rl);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    KTEST_RUN(test_bucket);
    KTEST_RUN(test_lockout);
    KTEST_RUN(test_full_window);
    return ktest_done();
}
