/* tests/app/sync/test_faults.c: delivery through a misbehaving proxy in front of a real
 * casehub: 500s, 503 with Retry-After, connection resets, stalls past the timeout, garbage
 * JSON, and answers lost after the backend acted; then recovery. Everything ends delivered,
 * exactly once, and every failed attempt is in the attempt log. */
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "app/ctl/sample.h"
#include "app/sync/sync.h"
#include "tests/app/sync/casehub_run.h"
#include "tests/app/sync/faultproxy.h"
#include "tests/support/ktest.h"

#define NCASES 6

static long long sql_int(const char *db_path, const char *sql)
{
    sqlite3 *db;
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_open(db_path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v;
}

int main(void)
{
    const char *bin = getenv("CASEHUB_BIN");
    if (!bin || !*bin) {
        printf("CASEHUB_BIN not set (casehub not built): skipped\n");
        return 77;
    }
    char dir[600], hubdir[600], err[512], url[128], db[700];
    snprintf(dir, sizeof dir, "%s/kiosk", ktest_tmpdir());
    snprintf(hubdir, sizeof hubdir, "%s/hub", ktest_tmpdir());
    snprintf(db, sizeof db, "%s/kiosk.db", dir);
    struct casehub_run hub;
    if (casehub_run_start(bin, hubdir, &hub) != 0)
        return 1;
    /* Every kind of fault, several in a row, on creates and uploads alike. */
    static const enum fp_mode script[] = {
        FP_500,         FP_RESET,       FP_STALL, FP_GARBAGE,   FP_503_RETRY, FP_FWD_RESET,
        FP_FWD_GARBAGE, FP_PASS,        FP_500,   FP_FWD_RESET, FP_PASS,      FP_STALL,
        FP_FWD_GARBAGE, FP_PASS,        FP_PASS,  FP_RESET,     FP_FWD_RESET, FP_PASS,
        FP_GARBAGE,     FP_FWD_GARBAGE, FP_PASS,  FP_500,       FP_FWD_RESET,
    };
    int pport = 0;
    struct faultproxy *px =
        faultproxy_start(hub.port, script, sizeof script / sizeof script[0], 1500, &pport);
    struct kconfig cfg;
    config_defaults(&cfg);
    config_set(&cfg, "paths.data_dir", dir, err, sizeof err);
    config_set(&cfg, "kiosk.id", "21", err, sizeof err);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", pport);
    config_set(&cfg, "backend.url", url, err, sizeof err);
    config_set(&cfg, "backend.token", hub.token, err, sizeof err);
    store *s = NULL;
    CHECK(store_open(&cfg, NULL, STORE_OPEN_STARTUP, &s, err, sizeof err) == K_OK);
    struct store_submitted sub[NCASES];
    for (int i = 0; i < NCASES; i++) {
        struct sample_case sc;
        sample_init(&sc, 300u + (unsigned)i, 2048, "dongsheng");
        CHECK_EQ_INT(store_submit(s, &sc.in, &sub[i]), K_OK);
        sample_finish(&sc);
    }
    struct sync_opts o;
    sync_opts_default(&cfg, &o);
    o.timeout_ms = 600; /* the proxy's stall (1.5 s) is past it */
    o.status_timeout_ms = 600;
    struct sync *sy = NULL;
    CHECK(sync_create(&cfg, NULL, NULL, &o, &sy, err, sizeof err) == K_OK);
    int left = NCASES, passes = 0, failed_total = 0;
    while (left > 0 && passes < 60) {
        int delivered = 0, failed = 0;
        CHECK_EQ_INT(sync_pass(sy, true, &delivered, &failed, &left), K_OK);
        failed_total += failed;
        passes++;
    }
    fprintf(stderr, "%d passes, %d failed delivery attempts, %zu requests, %zu faults\n", passes,
            failed_total, faultproxy_requests(px), faultproxy_faults(px));
    CHECK_EQ_INT(left, 0);
    CHECK(failed_total >= 10);
    size_t nfaults = 0;
    for (size_t i = 0; i < sizeof script / sizeof script[0]; i++)
        nfaults += script[i] != FP_PASS;
    CHECK_EQ_INT(faultproxy_faults(px), nfaults);
    /* every failure is in the attempt log, with its text */
    CHECK(sql_int(db, "SELECT count(*) FROM attempts WHERE error IS NOT NULL") >= failed_total);
    CHECK(sql_int(db, "SELECT count(*) FROM attempts WHERE error LIKE 'E706%'") >= 1); /* garbage */
    CHECK(sql_int(db, "SELECT count(*) FROM attempts WHERE error LIKE 'E701%timed out%'") >= 1);
    CHECK(sql_int(db, "SELECT count(*) FROM attempts WHERE error LIKE 'E705%503%'") >= 1);
    CHECK(sql_int(db, "SELECT count(*) FROM outbox WHERE delivered_ms IS NULL") == 0);
    /* exactly once on casehub */
    char out[8192];
    for (int i = 0; i < NCASES; i++)
        CHECKF(casehub_run_cli(&hub, out, sizeof out, "case", "show", sub[i].code, NULL) == 0, "%s",
               sub[i].code);
    CHECK_EQ_INT(casehub_count_cases(&hub), NCASES);

    /* Retry-After is honoured by the schedule: a 503 with Retry-After: 1 sets the next attempt
     * about one second out (not the 2 s+ of the backoff's first step, nor now). */
    struct sample_case sc;
    sample_init(&sc, 999, 0, "dongsheng");
    struct store_submitted extra;
    CHECK_EQ_INT(store_submit(s, &sc.in, &extra), K_OK);
    sample_finish(&sc);
    static const enum fp_mode one503[] = {FP_503_RETRY};
    faultproxy_script(px, one503, 1);
    int delivered = 0;
    CHECK_EQ_INT(sync_pass(sy, true, &delivered, NULL, &left), K_OK);
    CHECK_EQ_INT(delivered, 0);
    struct store_case c;
    CHECK_EQ_INT(store_case_by_code(s, extra.code, &c), K_OK);
    int64_t wait = c.next_attempt_ms - kclock_unix_ms(kclock_system());
    CHECKF(wait > 0 && wait <= 2000, "next attempt in %lld ms", (long long)wait);
    /* a status lookup through a stalling backend falls back to the cache */
    static const enum fp_mode stall[] = {FP_STALL};
    faultproxy_script(px, stall, 1);
    struct sync_status_result r;
    CHECK_EQ_INT(sync_status_fetch(sy, sub[0].code, &r), K_OK);
    CHECK(r.found && !r.fresh);
    /* recovered: the rest goes through (the proxy may still be finishing its stall) */
    for (int i = 0; i < 10 && left; i++)
        CHECK_EQ_INT(sync_pass(sy, true, &delivered, NULL, &left), K_OK);
    CHECK_EQ_INT(left, 0);
    CHECK_EQ_INT(casehub_count_cases(&hub), NCASES + 1);

    sync_destroy(sy);
    store_close(s);
    faultproxy_stop(px);
    casehub_run_stop(&hub);
    config_finish(&cfg);
    return ktest_done();
}
