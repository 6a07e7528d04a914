/* tests/app/sync/test_backoff.c: the retry schedule and the status answer parser (pure). */
#include <stdint.h>
#include <string.h>

#include "app/sync/api.h"
#include "app/sync/sync.h"
#include "tests/support/ktest.h"

static void test_backoff(void)
{
    struct sync_opts o;
    sync_opts_default(NULL, &o);
    o.backoff_base_ms = 1000;
    o.backoff_cap_ms = 60000;
    static const struct {
        int attempts;
        long retry_after;
        int64_t lo, hi;
    } rows[] = {
        /* 1 */ {1, -1, 500, 1000},
        /* 2 */ {2, -1, 1000, 2000},
        /* 3 */ {3, -1, 2000, 4000},
        /* 4 */ {7, -1, 30000, 60000},
        /* 5 */ {100, -1, 30000, 60000},       /* capped, no overflow */
        /* 6 */ {1, 30, 30000, 30999},         /* Retry-After wins */
        /* 7 */ {50, 0, 30000, 60000},         /* Retry-After 0 never means "hammer now" */
        /* 8 */ {1, 999999, 3600000, 3600999}, /* Retry-After capped at an hour */
        /* 9 */ {6, 1, 16000, 32000},          /* never sooner than the kiosk's own backoff */
        /* 10 */ {3, 2, 2000, 4000},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        for (uint32_t rnd = 0; rnd < 70000; rnd += 997) {
            int64_t d = sync_backoff_ms(&o, rows[i].attempts, rows[i].retry_after, rnd);
            CHECKF(d >= rows[i].lo && d <= rows[i].hi, "row %zu rnd %u: %lld", i + 1, rnd,
                   (long long)d);
        }
        /* the jitter spreads: two different random inputs give different delays */
        CHECKF(sync_backoff_ms(&o, rows[i].attempts, rows[i].retry_after, 1) !=
                   sync_backoff_ms(&o, rows[i].attempts, rows[i].retry_after, 400),
               "row %zu", i + 1);
    }
}

static void test_parse_status(void)
{
    static const struct {
        const char *body;
        enum kerr want;
        size_t n;
    } rows[] = {
        /* 1 */ {"{\"matters\":[{\"matter\":1,\"status\":\"accepted\",\"updated_ms\":5}]}", K_OK,
                 1},
        /* 2 */ {"{\"matters\":[]}", K_OK, 0},
        /* 3 */ {"{\"matters\":{}}", K_ERR_PROTOCOL, 0},
        /* 4 */ {"{\"matters\":[{\"matter\":\"1\",\"status\":\"x\"}]}", K_ERR_PROTOCOL, 0},
        /* 5 */ {"{\"matters\":[{\"matter\":0,\"status\":\"x\"}]}", K_ERR_PROTOCOL, 0},
        /* 6 */
        {"{\"matters\":[{\"matter\":1,\"status\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}]}",
         K_ERR_PROTOCOL, 0},
        /* 7 */ {"<html>502</html>", K_ERR_PROTOCOL, 0},
        /* 8 */ {"", K_ERR_PROTOCOL, 0},
        /* 9 */ {"{\"matters\":[{\"matter\":2,\"status\":\"done\",\"updated_ms\":-1}]}", K_OK, 1},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct api_status st;
        enum kerr e = api_parse_status(rows[i].body, strlen(rows[i].body), &st);
        CHECKF(e == rows[i].want, "row %zu: %s", i + 1, kerr_name(e));
        CHECKF(st.n_matters == rows[i].n, "row %zu: %zu", i + 1, st.n_matters);
        CHECKF(e != K_OK || st.found, "row %zu", i + 1);
    }
}

int main(void)
{
    KTEST_RUN(test_backoff);
    KTEST_RUN(test_parse_status);
    return ktest_done();
}
