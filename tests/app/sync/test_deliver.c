/* tests/app/sync/test_deliver.c: delivery and status lookups against a real casehub on
 * loopback ($CASEHUB_BIN): idempotent re-delivery, upload by hash, statuses with the cache
 * fallback, and the background worker's events. */
#include <cjson/cJSON.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/ctl/sample.h"
#include "app/sync/sync.h"
#include "platform/fsutil.h"
#include "platform/strings.h"
#include "tests/app/sync/casehub_run.h"
#include "tests/support/ktest.h"

static struct kconfig cfg;
static struct casehub_run hub;
static char dir[600];

static store *setup(void)
{
    char err[512], url[128], hubdir[600];
    snprintf(dir, sizeof dir, "%s/kiosk", ktest_tmpdir());
    snprintf(hubdir, sizeof hubdir, "%s/hub", ktest_tmpdir());
    config_defaults(&cfg);
    config_set(&cfg, "paths.data_dir", dir, err, sizeof err);
    config_set(&cfg, "kiosk.id", "12", err, sizeof err);
    if (casehub_run_start(getenv("CASEHUB_BIN"), hubdir, &hub) != 0)
        exit(1);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", hub.port);
    config_set(&cfg, "backend.url", url, err, sizeof err);
    config_set(&cfg, "backend.token", hub.token, err, sizeof err);
    store *s = NULL;
    CHECK(store_open(&cfg, NULL, STORE_OPEN_STARTUP, &s, err, sizeof err) == K_OK);
    return s;
}

static void submit_n(store *s, int n, unsigned seed, size_t att, struct store_submitted *out)
{
    for (int i = 0; i < n; i++) {
        struct sample_case sc;
        sample_init(&sc, seed + (unsigned)i, att, "dongsheng");
        CHECK_EQ_INT(store_submit(s, &sc.in, &out[i]), K_OK);
        sample_finish(&sc);
    }
}

static bool hub_has(const char *code)
{
    char out[8192];
    return casehub_run_cli(&hub, out, sizeof out, "case", "show", code, NULL) == 0;
}

static long long count_sql(const char *sql)
{
    char path[700];
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    sqlite3 *db;
    sqlite3_stmt *st;
    long long v = -1;
    if (sqlite3_open(path, &db) == SQLITE_OK &&
        sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
        if (sqlite3_step(st) == SQLITE_ROW)
            v = sqlite3_column_int64(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_close(db);
    return v;
}

static void exec_sql(const char *sql)
{
    char path[700];
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    CHECK(sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
}

static void test_deliver_and_redeliver(store *s)
{
    struct store_submitted sub[3];
    submit_n(s, 3, 1, 4096, sub);
    struct sync *sy = NULL;
    char err[512];
    CHECK(sync_create(&cfg, NULL, NULL, NULL, &sy, err, sizeof err) == K_OK);
    int delivered = -1, failed = -1, left = -1;
    CHECK_EQ_INT(sync_pass(sy, true, &delivered, &failed, &left), K_OK);
    CHECK_EQ_INT(delivered, 3);
    CHECK_EQ_INT(failed, 0);
    CHECK_EQ_INT(left, 0);
    for (int i = 0; i < 3; i++)
        CHECKF(hub_has(sub[i].code), "%s", sub[i].code);
    /* the applicant's signature travels with the case (attachment material 0, a PNG) so that
     * the console can show it (issue #19) */
    for (int i = 0; i < 3; i++) {
        char out[16384];
        CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "case", "show", sub[i].code, NULL), 0);
        cJSON *o = cJSON_Parse(out);
        int sigs = 0;
        const cJSON *a;
        cJSON_ArrayForEach(a, cJSON_GetObjectItemCaseSensitive(o, "attachments"))
        {
            const cJSON *m = cJSON_GetObjectItemCaseSensitive(a, "material");
            const cJSON *sz = cJSON_GetObjectItemCaseSensitive(a, "size");
            const cJSON *mt = cJSON_GetObjectItemCaseSensitive(a, "mime");
            sigs += cJSON_IsNumber(m) && m->valueint == 0 && cJSON_IsNumber(sz) &&
                    sz->valueint == 64 && cJSON_IsString(mt) &&
                    strcmp(mt->valuestring, "image/png") == 0 &&
                    cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(a, "present"));
        }
        cJSON_Delete(o);
        CHECKF(sigs == 1, "signature of %s: %d", sub[i].code, sigs);
    }
    char unknown[TRACKCODE_MAX];
    CHECK_EQ_INT(trackcode_make(12, 99999, unknown), K_OK);
    CHECK(!hub_has(unknown));
    long long uploads = count_sql("SELECT count(*) FROM attempts WHERE step='upload'");
    /* 3 pages each, and the signature once: the samples share one, and blobs go by hash */
    CHECK_EQ_INT(uploads, 10);
    /* Nothing due: a second pass delivers nothing. */
    CHECK_EQ_INT(sync_pass(sy, false, &delivered, &failed, &left), K_OK);
    CHECK_EQ_INT(delivered, 0);
    /* The kiosk lost the fact that it delivered (as if killed before recording it): the case
     * is delivered again with the same idempotency key; the backend keeps one, and has the
     * attachments already, so nothing is uploaded again. */
    exec_sql("UPDATE outbox SET delivered_ms = NULL; UPDATE cases SET state='queued'; "
             "UPDATE attachments SET uploaded = 0");
    CHECK_EQ_INT(sync_pass(sy, true, &delivered, &failed, &left), K_OK);
    CHECK_EQ_INT(delivered, 3);
    CHECK_EQ_INT(left, 0);
    CHECK_EQ_INT(count_sql("SELECT count(*) FROM attempts WHERE step='upload'"), uploads);
    CHECK_EQ_INT(count_sql("SELECT count(*) FROM attempts WHERE step='create' AND error IS NULL"),
                 6);
    sync_destroy(sy);
}

/* The background worker delivers a new case and says so; a lookup comes back as an event. */
static void test_worker_events(store *s)
{
    struct evq *q = evq_create(64);
    struct sync *sy = NULL;
    char err[512];
    CHECK(sync_create(&cfg, NULL, q, NULL, &sy, err, sizeof err) == K_OK);
    CHECK_EQ_INT(sync_start(sy), K_OK);
    struct store_submitted sub;
    submit_n(s, 1, 77, 1024, &sub);
    sync_kick(sy);
    bool delivered = false, status = false, progress = false;
    /* bounded wait (not a timing assertion: a minute is far beyond any healthy run) */
    for (int i = 0; i < 600 && !(delivered && status); i++) {
        struct ev e;
        if (!evq_wait(q, &e, 100))
            continue;
        if (e.type == EV_SYNC_PROGRESS) {
            const struct sync_progress *p = e.payload;
            progress = progress || (e.code == K_OK && strcmp(p->code, sub.code) == 0 &&
                                    strcmp(p->step, "upload") == 0);
        } else if (e.type == EV_SYNC_DELIVERED) {
            const struct sync_delivered *d = e.payload;
            delivered = delivered || strcmp(d->code, sub.code) == 0;
            if (delivered)
                sync_status_request(sy, sub.code);
        } else if (e.type == EV_STATUS_RESULT) {
            const struct sync_status_result *r = e.payload;
            CHECK_EQ_INT(e.code, K_OK);
            CHECK(r->found && r->fresh);
            CHECK_EQ_STR(r->code, sub.code);
            status = true;
        }
        evq_event_free(&e);
    }
    CHECK(delivered);
    CHECK(status);
    CHECK(progress);
    sync_stop(sy);
    sync_destroy(sy);
    evq_destroy(q);
    CHECK(hub_has(sub.code));
}

static void test_status(store *s)
{
    struct store_submitted sub;
    submit_n(s, 1, 50, 0, &sub);
    struct sync *sy = NULL;
    char err[512], out[4096];
    CHECK(sync_create(&cfg, NULL, NULL, NULL, &sy, err, sizeof err) == K_OK);
    CHECK_EQ_INT(sync_pass(sy, true, NULL, NULL, NULL), K_OK);
    struct sample_case sc;
    sample_init(&sc, 50, 0, "dongsheng");
    char matter[8];
    int mnum = sc.matters[0];
    snprintf(matter, sizeof matter, "%d", mnum);
    sample_finish(&sc);
    CHECK_EQ_INT(
        casehub_run_cli(&hub, out, sizeof out, "matter", "set", sub.code, matter, "accepted", NULL),
        0);
    struct sync_status_result r;
    CHECK_EQ_INT(sync_status_fetch(sy, sub.code, &r), K_OK);
    CHECK(r.found && r.fresh);
    bool accepted = false;
    for (size_t i = 0; i < r.n_matters; i++)
        accepted = accepted ||
                   (r.matters[i].matter == mnum && strcmp(r.matters[i].status, "accepted") == 0);
    CHECK(accepted);
    /* the background refresh brings a later change into the cache */
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "matter", "set", sub.code, matter,
                                 "completed", NULL),
                 0);
    int refreshed = 0;
    CHECK_EQ_INT(sync_refresh_recent(sy, &refreshed), K_OK);
    CHECK(refreshed >= 1);
    struct store_case c;
    CHECK_EQ_INT(store_case_by_code(s, sub.code, &c), K_OK);
    bool completed = false;
    for (size_t i = 0; i < c.n_matters; i++)
        completed = completed ||
                    (c.matters[i].matter == mnum && strcmp(c.matters[i].status, "completed") == 0);
    CHECK(completed);
    /* a lookup by the receipt's QR URL (it carries the token) */
    char tok[TRACKCODE_TOKEN_MAX], qr[256];
    store_case_token(s, sub.code, tok);
    CHECK_EQ_INT(trackcode_url(cfg.qr_base_url, sub.code, tok, qr, sizeof qr), K_OK);
    CHECK_EQ_INT(sync_status_fetch(sy, qr, &r), K_OK);
    CHECK(r.found && r.fresh);
    CHECK_EQ_STR(r.code, sub.code);
    /* a wrong token is "not found", and the kiosk's cache does not answer for it either */
    tok[0] = tok[0] == 'A' ? 'B' : 'A';
    CHECK_EQ_INT(trackcode_url(cfg.qr_base_url, sub.code, tok, qr, sizeof qr), K_OK);
    CHECK_EQ_INT(sync_status_fetch(sy, qr, &r), K_ERR_NOT_FOUND);
    CHECK(!r.found && r.n_matters == 0);
    CHECK_EQ_INT(sync_status_fetch(sy, sub.code, &r), K_OK);
    CHECK(r.fresh);
    /* the cache now holds it; with the backend gone, the lookup says "as of" */
    int64_t as_of = r.as_of_ms;
    casehub_run_stop(&hub);
    CHECK_EQ_INT(sync_status_fetch(sy, sub.code, &r), K_OK);
    CHECK(r.found && !r.fresh);
    CHECK_EQ_INT(r.as_of_ms, as_of);
    accepted = false;
    for (size_t i = 0; i < r.n_matters; i++)
        accepted = accepted || strcmp(r.matters[i].status, "completed") == 0;
    CHECK(accepted);
    char unknown[TRACKCODE_MAX];
    CHECK_EQ_INT(trackcode_make(12, 99999, unknown), K_OK);
    CHECK_EQ_INT(sync_status_fetch(sy, unknown, &r), K_ERR_NETWORK);
    CHECK_EQ_INT(sync_status_fetch(sy, "rubbish", &r), K_ERR_NOT_FOUND);
    sync_destroy(sy);
}

/* A second kiosk with the same number (a misconfigured replacement, a restored database) makes
 * codes the backend already has: casehub answers 409. The case is set aside, not retried
 * forever; kioskctl queue names it; a technician's retry tries it again. */
static void test_conflict_set_aside(store *s)
{
    (void)s;
    struct kconfig twin;
    char err[512], tdir[700], conf[800];
    snprintf(tdir, sizeof tdir, "%s/kiosk-twin", ktest_tmpdir());
    config_defaults(&twin);
    config_set(&twin, "paths.data_dir", tdir, err, sizeof err);
    config_set(&twin, "kiosk.id", "12", err, sizeof err);
    config_set(&twin, "backend.url", cfg.backend_url, err, sizeof err);
    config_set(&twin, "backend.token", cfg.backend_token, err, sizeof err);
    store *ts = NULL;
    CHECK(store_open(&twin, NULL, STORE_OPEN_STARTUP, &ts, err, sizeof err) == K_OK);
    struct store_submitted sub;
    submit_n(ts, 1, 900, 0, &sub);
    CHECK(hub_has(sub.code)); /* the hub has this code: the main kiosk's first case */
    struct sync *sy = NULL;
    CHECK(sync_create(&twin, NULL, NULL, NULL, &sy, err, sizeof err) == K_OK);
    int delivered = -1, failed = -1, left = -1;
    sync_pass(sy, true, &delivered, &failed, &left);
    CHECK_EQ_INT(delivered, 0);
    CHECK_EQ_INT(failed, 1);
    CHECK_EQ_INT(left, 1);
    struct store_queue_stats q0, q1;
    CHECK_EQ_INT(store_queue_stats(ts, &q0), K_OK);
    /* even a pass that ignores the schedule does not send it again */
    for (int i = 0; i < 3; i++)
        sync_pass(sy, true, &delivered, &failed, &left);
    CHECK_EQ_INT(store_queue_stats(ts, &q1), K_OK);
    CHECKF(q1.attempts_logged == q0.attempts_logged, "retried: %lld -> %lld attempts",
           q0.attempts_logged, q1.attempts_logged);
    CHECK_EQ_INT(failed, 0);
    CHECK_EQ_INT(q1.conflicts, 1);
    CHECK_EQ_STR(q1.conflict_code, sub.code);
    /* kioskctl queue shows it, with its code */
    snprintf(conf, sizeof conf, "%s/kiosk.conf", tdir);
    char text[800];
    snprintf(text, sizeof text, "paths.data_dir = %s\nkiosk.id = 12\n", tdir);
    CHECK(fs_write_atomic(conf, text, strlen(text), 0600) == K_OK);
    char cmd[1200], out[4096] = "";
    snprintf(cmd, sizeof cmd, "'%s' --config '%s' queue", getenv("KIOSKCTL_BIN"), conf);
    FILE *p = popen(cmd, "r");
    size_t got = p ? fread(out, 1, sizeof out - 1, p) : 0;
    out[got] = '\0';
    if (p)
        pclose(p);
    char want[200];
    tr_fmt(want, sizeof want, "store.queue.conflicts", "1", sub.code, NULL);
    CHECKF(strstr(out, want) != NULL, "kioskctl queue said:\n%s", out);
    /* the technician's retry tries it once more (and it is set aside again) */
    int n = 0;
    CHECK_EQ_INT(store_outbox_retry_all(ts, &n), K_OK);
    CHECK_EQ_INT(n, 1);
    sync_pass(sy, false, &delivered, &failed, &left);
    CHECK_EQ_INT(failed, 1);
    CHECK_EQ_INT(store_queue_stats(ts, &q1), K_OK);
    CHECK_EQ_INT(q1.attempts_logged, q0.attempts_logged + 1);
    CHECK_EQ_INT(q1.conflicts, 1);
    sync_destroy(sy);
    store_close(ts);
    config_finish(&twin);
}

/* A case casehub refuses under the service's rules (422 matter_blocked: the pension transfer
 * with funds not arrived) can never be accepted as it is: set aside like a 409, not retried
 * forever. Runs on the main store once its other cases are delivered. */
static void test_blocked_set_aside(store *s)
{
    struct sample_case sc;
    sample_init(&sc, 5, 0, "dongsheng");
    static int matters[] = {1, 6};
    sc.in.matters = matters;
    sc.in.n_matters = 2;
    sc.in.personal_json = "{\"sample\":true,\"name\":\"测试甲\",\"phone\":\"13800000005\","
                          "\"answer.pension_funds\":\"not_arrived\"}";
    struct store_submitted sub;
    CHECK_EQ_INT(store_submit(s, &sc.in, &sub), K_OK);
    sample_finish(&sc);
    struct sync *sy = NULL;
    char err[512];
    CHECK(sync_create(&cfg, NULL, NULL, NULL, &sy, err, sizeof err) == K_OK);
    int delivered = -1, failed = -1, left = -1;
    sync_pass(sy, true, &delivered, &failed, &left);
    CHECK_EQ_INT(failed, 1);
    CHECK(!hub_has(sub.code));
    struct store_queue_stats q0, q1;
    CHECK_EQ_INT(store_queue_stats(s, &q0), K_OK);
    for (int i = 0; i < 3; i++)
        sync_pass(sy, true, &delivered, &failed, &left);
    CHECK_EQ_INT(store_queue_stats(s, &q1), K_OK);
    CHECKF(q1.attempts_logged == q0.attempts_logged, "retried: %lld -> %lld attempts",
           q0.attempts_logged, q1.attempts_logged);
    CHECK_EQ_INT(q1.conflicts, 1);
    CHECK_EQ_STR(q1.conflict_code, sub.code);
    sync_destroy(sy);
}

/* The background refresh of recent cases shares casehub's per-address lookup budget with the
 * applicants at this kiosk: it asks about a few cases per run, so that a lookup right after a
 * refresh still gets a fresh answer; the next run goes on with the following cases. Its own
 * casehub and kiosk, so that the budget starts full. */
static void test_refresh_paced(void)
{
    struct casehub_run hub2;
    struct kconfig c2;
    char err[512], url[128], d2[700], h2[700];
    snprintf(d2, sizeof d2, "%s/kiosk-paced", ktest_tmpdir());
    snprintf(h2, sizeof h2, "%s/hub-paced", ktest_tmpdir());
    if (casehub_run_start(getenv("CASEHUB_BIN"), h2, &hub2) != 0) {
        CHECK(!"second casehub");
        return;
    }
    config_defaults(&c2);
    config_set(&c2, "paths.data_dir", d2, err, sizeof err);
    config_set(&c2, "kiosk.id", "13", err, sizeof err);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", hub2.port);
    config_set(&c2, "backend.url", url, err, sizeof err);
    config_set(&c2, "backend.token", hub2.token, err, sizeof err);
    store *s = NULL;
    CHECK(store_open(&c2, NULL, STORE_OPEN_STARTUP, &s, err, sizeof err) == K_OK);
    struct store_submitted sub[36];
    submit_n(s, 36, 500, 0, sub);
    struct sync *sy = NULL;
    CHECK(sync_create(&c2, NULL, NULL, NULL, &sy, err, sizeof err) == K_OK);
    int delivered = -1;
    CHECK_EQ_INT(sync_pass(sy, true, &delivered, NULL, NULL), K_OK);
    CHECK_EQ_INT(delivered, 36);
    int n = -1;
    CHECK_EQ_INT(sync_refresh_recent(sy, &n), K_OK);
    CHECKF(n > 0 && n <= 10, "refreshed %d cases in one run", n);
    for (int i = 0; i < 5; i++) {
        struct sync_status_result r;
        CHECK_EQ_INT(sync_status_fetch(sy, sub[i].code, &r), K_OK);
        CHECKF(r.fresh, "lookup %d after a refresh was not answered by casehub", i);
    }
    /* the next run refreshes other cases than the first */
    struct store_case before, after;
    CHECK_EQ_INT(store_case_by_code(s, sub[20].code, &before), K_OK);
    CHECK_EQ_INT(sync_refresh_recent(sy, &n), K_OK);
    CHECK_EQ_INT(store_case_by_code(s, sub[20].code, &after), K_OK);
    CHECKF(n > 0 && before.status_fetched_ms == 0 && after.status_fetched_ms != 0,
           "the second run did not go on with the next cases (%d refreshed)", n);
    sync_destroy(sy);
    store_close(s);
    casehub_run_stop(&hub2);
    config_finish(&c2);
}

int main(void)
{
    if (!getenv("CASEHUB_BIN") || !*getenv("CASEHUB_BIN")) {
        printf("CASEHUB_BIN not set (casehub not built): skipped\n");
        return 77;
    }
    char sdir[700], serr[300];
    snprintf(sdir, sizeof sdir, "%s/ui/strings", getenv("KIOSK_ASSETS"));
    if (strings_load_dir(sdir, serr, sizeof serr) != K_OK) {
        fprintf(stderr, "%s\n", serr);
        return 1;
    }
    store *s = setup();
    fprintf(stderr, "-- test_deliver_and_redeliver\n");
    test_deliver_and_redeliver(s);
    fprintf(stderr, "-- test_worker_events\n");
    test_worker_events(s);
    fprintf(stderr, "-- test_conflict_set_aside\n");
    test_conflict_set_aside(s);
    fprintf(stderr, "-- test_refresh_paced\n");
    test_refresh_paced();
    fprintf(stderr, "-- test_blocked_set_aside\n");
    test_blocked_set_aside(s);
    fprintf(stderr, "-- test_status\n");
    test_status(s);
    store_close(s);
    casehub_run_stop(&hub);
    config_finish(&cfg);
    return ktest_done();
}
