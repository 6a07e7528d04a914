/* Tests for app/service/pin.c: hashing, verification, the five-strikes lockout, its expiry
 * on the fake clock, and its survival across a restart and a corrupted state file. */
#include <stdio.h>
#include <string.h>

#include "app/service/pin.h"
#include "platform/fsutil.h"
#include "tests/support/ktest.h"

int main(void)
{
    static const struct {
        const char *pin;
        bool ok;
    } forms[] = {
        /* 1 */ {"123456", true},        /* 2 */ {"12345", false},
        /* 3 */ {"123456789012", true},  /* 4 */ {"1234567890123", false},
        /* 5 */ {"12345a", false},       /* 6 */ {"", false},
        /* 7 */ {"１２３４５６", false},
    };
    for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++)
        CHECKF(pin_well_formed(forms[i].pin) == forms[i].ok, "row %zu", i + 1);

    char hash[PIN_HASH_MAX];
    CHECK_EQ_INT(pin_hash("123", hash), K_ERR_INVALID);
    CHECK_EQ_INT(pin_hash("246810", hash), K_OK);
    CHECK(strncmp(hash, "$argon2id$", 10) == 0);
    CHECK(strstr(hash, "246810") == NULL);

    char state[512];
    snprintf(state, sizeof state, "%s/pin.state", ktest_tmpdir());
    struct kclock *clk = kclock_fake_create(1790000000000LL);

    struct pin_guard *off = pin_guard_create("", state, clk);
    CHECK_EQ_INT(pin_guard_try(off, "246810", NULL, NULL), PIN_DISABLED);
    pin_guard_destroy(off);

    struct pin_guard *g = pin_guard_create(hash, state, clk);
    int left = -1;
    int64_t wait_s = 0;
    CHECK_EQ_INT(pin_guard_try(g, "246810", &left, &wait_s), PIN_OK);
    for (int i = 1; i <= 4; i++) {
        CHECK_EQ_INT(pin_guard_try(g, "111111", &left, &wait_s), PIN_WRONG);
        CHECK_EQ_INT(left, 5 - i);
    }
    /* The fifth wrong PIN locks for ten minutes; the right PIN is then refused unchecked. */
    CHECK_EQ_INT(pin_guard_try(g, "111111", &left, &wait_s), PIN_LOCKED);
    CHECK_EQ_INT(wait_s, 600);
    CHECK_EQ_INT(pin_guard_try(g, "246810", &left, &wait_s), PIN_LOCKED);
    pin_guard_destroy(g);

    /* A restart keeps the lock. */
    kclock_advance(clk, 5 * 60 * 1000);
    g = pin_guard_create(hash, state, clk);
    CHECK_EQ_INT(pin_guard_locked_for(g), 300);
    CHECK_EQ_INT(pin_guard_try(g, "246810", &left, &wait_s), PIN_LOCKED);
    /* After ten minutes the right PIN opens and the count resets. */
    kclock_advance(clk, 5 * 60 * 1000 + 1);
    CHECK_EQ_INT(pin_guard_try(g, "246810", &left, &wait_s), PIN_OK);
    CHECK_EQ_INT(pin_guard_try(g, "000000", &left, &wait_s), PIN_WRONG);
    CHECK_EQ_INT(left, 4);
    pin_guard_destroy(g);

    /* A corrupted state file locks rather than unlocks. */
    fs_write_atomic(state, "garbage", 7, 0600);
    g = pin_guard_create(hash, state, clk);
    CHECK_EQ_INT(pin_guard_try(g, "246810", &left, &wait_s), PIN_LOCKED);
    pin_guard_destroy(g);
    kclock_destroy(clk);
    return ktest_done();
}
