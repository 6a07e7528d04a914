/* tests/app/store/test_store.c: the store against real SQLite files in a scratch folder. */
#include <fcntl.h>
#include <pthread.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/store/lookups.h"
#include "app/store/store.h"
#include "app/store/store_internal.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"
#include "tests/support/ktest.h"

static struct kconfig cfg;
static struct kclock *clk;
static char dir[512];

static void fresh(const char *name)
{
    config_finish(&cfg);
    config_defaults(&cfg);
    snprintf(dir, sizeof dir, "%s/%s", ktest_tmpdir(), name);
    char err[256];
    config_set(&cfg, "paths.data_dir", dir, err, sizeof err);
    config_set(&cfg, "kiosk.id", "7", err, sizeof err);
}

static store *open_ok(int flags)
{
    store *s = NULL;
    char err[512] = "";
    enum kerr e = store_open(&cfg, clk, flags, &s, err, sizeof err);
    CHECKF(e == K_OK, "open: %s", err);
    return s;
}

static const int two_matters[] = {1, 3};

static enum kerr submit(store *s, const char *form, size_t n_att, struct store_submitted *out)
{
    static const char jpeg[] = "\xff\xd8\xff\xe0 fake jpeg bytes";
    struct store_attachment_in att[4];
    for (size_t i = 0; i < n_att && i < 4; i++)
        att[i] = (struct store_attachment_in){
            .material = (int)i + 1, .mime = "image/jpeg", .data = jpeg, .len = sizeof jpeg - 1 + i};
    static const unsigned char png[] = {0x89, 'P', 'N', 'G', 1, 2, 3};
    struct store_case_in in = {.district = "dongsheng",
                               .matters = two_matters,
                               .n_matters = 2,
                               .personal_json = form,
                               .attachments = att,
                               .n_attachments = n_att,
                               .signature_png = png,
                               .signature_len = sizeof png,
                               .actor = "test"};
    return store_submit(s, &in, out);
}

static int count_entries(const char *path)
{
    char cmd[700];
    snprintf(cmd, sizeof cmd, "ls -A '%s' | wc -l", path);
    FILE *p = popen(cmd, "r");
    int n = -1;
    if (p && fscanf(p, "%d", &n) != 1)
        n = -1;
    if (p)
        pclose(p);
    return n;
}

static bool file_contains(const char *path, const char *needle)
{
    char *buf;
    size_t len;
    if (fs_read_file(path, 64u << 20, &buf, &len) != K_OK)
        return false;
    bool found = false;
    size_t nl = strlen(needle);
    for (size_t i = 0; i + nl <= len && !found; i++)
        found = memcmp(buf + i, needle, nl) == 0;
    free(buf);
    return found;
}

static void test_submit_and_lookup(void)
{
    fresh("submit");
    store *s = open_ok(STORE_OPEN_STARTUP);
    struct store_submitted a, b;
    CHECK_EQ_INT(submit(s, "{\"name\":\"ZHANGSANMING\",\"id\":\"150102199003071234\"}", 3, &a),
                 K_OK);
    CHECK_EQ_INT(submit(s, "{\"name\":\"LISI\"}", 0, &b), K_OK);
    CHECK_EQ_INT(a.seq, 1);
    CHECK_EQ_INT(b.seq, 2);
    CHECK(trackcode_check(a.code));
    CHECK(strcmp(a.code, b.code) != 0);
    CHECK(strcmp(a.uuid, b.uuid) != 0);

    struct store_case c;
    CHECK_EQ_INT(store_case_by_code(s, a.code, &c), K_OK);
    CHECK_EQ_STR(c.uuid, a.uuid);
    CHECK_EQ_INT(c.state, STORE_QUEUED);
    CHECK_EQ_INT(c.n_matters, 2);
    CHECK_EQ_INT(c.matters[1].matter, 3);
    CHECK_EQ_STR(c.matters[0].status, "submitted");
    CHECK_EQ_INT(c.n_attachments, 3);
    CHECK_EQ_INT(c.attachments[2].material, 3);
    CHECK_EQ_INT(c.attachments[2].size, 22);
    /* the compact form, lower case, finds the same case */
    char compact[TRACKCODE_MAX];
    CHECK(trackcode_normalize(a.code, compact));
    for (char *p = compact; *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    CHECK_EQ_INT(store_case_by_code(s, compact, &c), K_OK);
    struct store_case none;
    CHECK_EQ_INT(store_case_by_code(s, "K0007-000-0000", &none), K_ERR_NOT_FOUND);
    CHECK_EQ_INT(store_case_by_code(s, "garbage", &none), K_ERR_NOT_FOUND);

    /* personal data decrypts, and is not in the database file in clear */
    struct store_personal p;
    CHECK_EQ_INT(store_personal_load(s, c.id, &p), K_OK);
    CHECK(p.form_json && strstr(p.form_json, "ZHANGSANMING"));
    CHECK_EQ_INT(p.signature_len, 7);
    store_personal_free(&p);
    uint8_t *data;
    size_t len;
    CHECK_EQ_INT(store_attachment_load(s, c.id, 1, &data, &len), K_OK);
    CHECK_EQ_INT(len, 21);
    CHECK(data && memcmp(data, "\xff\xd8\xff\xe0", 4) == 0);
    free_secure(data, len);
    store_close(s);
    char path[700];
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    CHECK(!file_contains(path, "ZHANGSANMING"));
    snprintf(path, sizeof path, "%s/kiosk.db-wal", dir);
    CHECK(!file_contains(path, "ZHANGSANMING"));
    snprintf(path, sizeof path, "%s/attachments/%s/0.enc", dir, a.uuid);
    CHECK(fs_exists(path));
    CHECK(!file_contains(path, "fake jpeg"));

    /* a temporary key file of a process killed while creating it is swept at the next open */
    snprintf(path, sizeof path, "%s/kiosk.key.new.4194303", dir);
    CHECK(fs_write_atomic(path, "x", 1, 0600) == K_OK);
    store_close(open_ok(0));
    CHECK(!fs_exists(path));
    /* the key file: 32 bytes, mode 0600 */
    struct stat st;
    snprintf(path, sizeof path, "%s/kiosk.key", dir);
    CHECK(stat(path, &st) == 0 && st.st_size == 32 && (st.st_mode & 0777) == 0600);

    /* a tampered attachment file is refused */
    s = open_ok(0);
    snprintf(path, sizeof path, "%s/attachments/%s/0.enc", dir, a.uuid);
    int fd = open(path, O_RDWR);
    CHECK(fd >= 0);
    unsigned char byte;
    CHECK(pread(fd, &byte, 1, 30) == 1);
    byte ^= 1;
    CHECK(pwrite(fd, &byte, 1, 30) == 1);
    close(fd);
    CHECK_EQ_INT(store_attachment_load(s, c.id, 0, &data, &len), K_ERR_CRYPTO);
    CHECK(data == NULL);
    CHECK(strstr(store_errmsg(s), "E609") != NULL);
    CHECK(store_integrity_ok(s));
    store_close(s);
}

static void test_invalid_input(void)
{
    fresh("invalid");
    store *s = open_ok(0);
    struct store_submitted out;
    CHECK_EQ_INT(submit(s, "not json", 1, &out), K_ERR_INVALID);
    CHECK(strstr(store_errmsg(s), "E608") != NULL);
    CHECK_EQ_INT(submit(s, "[1,2]", 0, &out), K_ERR_INVALID);
    static const int dup[] = {2, 2};
    struct store_case_in in = {
        .district = "d", .matters = dup, .n_matters = 2, .personal_json = "{}"};
    CHECK_EQ_INT(store_submit(s, &in, &out), K_ERR_INVALID);
    in.n_matters = 0;
    CHECK_EQ_INT(store_submit(s, &in, &out), K_ERR_INVALID);
    /* an attachment whose temporary file is missing: nothing committed, no files left */
    struct store_attachment_in att = {
        .material = 1, .mime = "image/jpeg", .path = "/nonexistent/tmp.jpg"};
    in.matters = two_matters;
    in.n_matters = 2;
    in.attachments = &att;
    in.n_attachments = 1;
    CHECK_EQ_INT(store_submit(s, &in, &out), K_ERR_IO);
    struct store_queue_stats q;
    CHECK_EQ_INT(store_queue_stats(s, &q), K_OK);
    CHECK_EQ_INT(q.queued, 0);
    char path[700];
    snprintf(path, sizeof path, "%s/attachments", dir);
    CHECK_EQ_INT(count_entries(path), 0);
    /* the sequence was not consumed by the failures */
    CHECK_EQ_INT(submit(s, "{}", 0, &out), K_OK);
    CHECK_EQ_INT(out.seq, 1);
    store_close(s);
}

static void test_newer_schema_refused(void)
{
    fresh("newer");
    store *s = open_ok(0);
    store_close(s);
    char path[700];
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    sqlite3 *db;
    CHECK(sqlite3_open(path, &db) == SQLITE_OK);
    CHECK(sqlite3_exec(db,
                       "PRAGMA wal_checkpoint(TRUNCATE); PRAGMA journal_mode=DELETE; "
                       "PRAGMA user_version=99",
                       NULL, NULL, NULL) == SQLITE_OK);
    sqlite3_close(db);
    char *before, *after;
    size_t lb, la;
    CHECK(fs_read_file(path, 1u << 24, &before, &lb) == K_OK);
    char err[512] = "";
    s = (store *)1;
    CHECK_EQ_INT(store_open(&cfg, clk, STORE_OPEN_STARTUP, &s, err, sizeof err), K_ERR_UNSUPPORTED);
    CHECK(s == NULL);
    CHECKF(strstr(err, "E602") && strstr(err, "99"), "%s", err);
    CHECK(fs_read_file(path, 1u << 24, &after, &la) == K_OK);
    CHECK(lb == la && memcmp(before, after, lb) == 0);
    snprintf(path, sizeof path, "%s/kiosk.db-wal", dir);
    CHECK(!fs_exists(path));
    free(before);
    free(after);
}

static void test_key_mismatch_refused(void)
{
    fresh("key");
    store *s = open_ok(0);
    store_close(s);
    char path[700], err[512] = "";
    snprintf(path, sizeof path, "%s/kiosk.key", dir);
    unlink(path);
    CHECK_EQ_INT(store_open(&cfg, clk, 0, &s, err, sizeof err), K_ERR_CRYPTO);
    CHECKF(strstr(err, "E605") != NULL, "%s", err);
    chmod(path, 0644);
    CHECK_EQ_INT(store_open(&cfg, clk, 0, &s, err, sizeof err), K_ERR_CRYPTO);
    CHECKF(strstr(err, "E604") != NULL, "%s", err);
}

static void test_orphans(void)
{
    fresh("orphans");
    store *s = open_ok(0);
    struct store_submitted a;
    CHECK_EQ_INT(submit(s, "{}", 2, &a), K_OK);
    store_close(s);
    /* a folder of a submit that never committed, and a stray file */
    char path[800];
    snprintf(path, sizeof path, "%s/attachments/0bad0bad-0000-4000-8000-000000000000", dir);
    CHECK(mkdir(path, 0700) == 0);
    snprintf(path, sizeof path, "%s/attachments/0bad0bad-0000-4000-8000-000000000000/0.enc", dir);
    CHECK(fs_write_atomic(path, "x", 1, 0600) == K_OK);
    snprintf(path, sizeof path, "%s/attachments/junk.tmp", dir);
    CHECK(fs_write_atomic(path, "x", 1, 0600) == K_OK);
    s = open_ok(STORE_OPEN_STARTUP);
    snprintf(path, sizeof path, "%s/attachments", dir);
    CHECK_EQ_INT(count_entries(path), 1);
    snprintf(path, sizeof path, "%s/attachments/%s", dir, a.uuid);
    CHECK_EQ_INT(count_entries(path), 2);
    store_close(s);
}

static void test_outbox_and_retention(void)
{
    fresh("outbox");
    store *s = open_ok(0);
    struct store_submitted a, b;
    CHECK_EQ_INT(submit(s, "{\"n\":1}", 1, &a), K_OK);
    kclock_advance(clk, 1000);
    CHECK_EQ_INT(submit(s, "{\"n\":2}", 1, &b), K_OK);
    long long id = 0, first = 0;
    CHECK_EQ_INT(store_outbox_next(s, false, NULL, 0, &id), K_OK);
    first = id;
    struct store_case c;
    CHECK_EQ_INT(store_case_by_code(s, a.code, &c), K_OK);
    CHECK_EQ_INT(first, c.id);
    /* a failed attempt reschedules it into the future */
    int64_t now = kclock_unix_ms(clk);
    CHECK_EQ_INT(store_outbox_attempt(s, first, "create", 503, "E702: server 503", now + 5000),
                 K_OK);
    CHECK_EQ_INT(store_outbox_next(s, false, NULL, 0, &id), K_OK);
    CHECK(id != first);
    CHECK_EQ_INT(store_outbox_next(s, false, &id, 1, &id), K_ERR_NOT_FOUND);
    CHECK_EQ_INT(store_outbox_next(s, true, NULL, 0, &id), K_OK);
    struct store_queue_stats q;
    CHECK_EQ_INT(store_queue_stats(s, &q), K_OK);
    CHECK_EQ_INT(q.queued, 2);
    CHECK_EQ_STR(q.last_error, "E702: server 503");
    CHECK_EQ_INT(q.attempts_logged, 1);
    int n = 0;
    CHECK_EQ_INT(store_outbox_retry_all(s, &n), K_OK);
    CHECK_EQ_INT(n, 2);
    /* deliver a; twice is harmless */
    CHECK_EQ_INT(store_attachment_mark_uploaded(s, first, 0), K_OK);
    CHECK_EQ_INT(store_outbox_delivered(s, first), K_OK);
    CHECK_EQ_INT(store_outbox_delivered(s, first), K_OK);
    CHECK_EQ_INT(store_case_by_code(s, a.code, &c), K_OK);
    CHECK_EQ_INT(c.state, STORE_DELIVERED);
    CHECK(c.attachments[0].uploaded);
    CHECK_EQ_INT(store_queue_stats(s, &q), K_OK);
    CHECK_EQ_INT(q.queued, 1);
    CHECK_EQ_INT(q.delivered, 1);
    /* statuses from the backend, with history */
    struct store_matter m[2] = {{.matter = 1, .status = "accepted"},
                                {.matter = 3, .status = "submitted"}};
    CHECK_EQ_INT(store_status_update(s, c.id, m, 2, now + 10), K_OK);
    CHECK_EQ_INT(store_case_by_code(s, a.code, &c), K_OK);
    CHECK_EQ_STR(c.matters[0].status, "accepted");
    CHECK_EQ_INT(c.status_fetched_ms, now + 10);
    long long ids[4];
    size_t nids;
    CHECK_EQ_INT(store_recent_cases(s, 0, ids, 4, &nids), K_OK);
    CHECK_EQ_INT(nids, 1);
    /* retention: not yet; then 31 days later the personal data and files go */
    int purged = -1;
    CHECK_EQ_INT(store_retention_run(s, 30, &purged), K_OK);
    CHECK_EQ_INT(purged, 0);
    kclock_advance(clk, 31LL * 86400000);
    CHECK_EQ_INT(store_retention_run(s, 30, &purged), K_OK);
    CHECK_EQ_INT(purged, 1);
    CHECK_EQ_INT(store_case_by_code(s, a.code, &c), K_OK);
    CHECK(c.purged);
    CHECK(!c.attachments[0].present);
    CHECK_EQ_STR(c.matters[0].status, "accepted");
    struct store_personal p;
    CHECK_EQ_INT(store_personal_load(s, c.id, &p), K_ERR_NOT_FOUND);
    char path[800];
    snprintf(path, sizeof path, "%s/attachments/%s", dir, a.uuid);
    CHECK(!fs_exists(path));
    snprintf(path, sizeof path, "%s/attachments/%s", dir, b.uuid);
    CHECK(fs_exists(path)); /* b is undelivered: kept */
    CHECK(store_integrity_ok(s));
    CHECK_EQ_INT(store_audit(s, "tech", "service_login", NULL, NULL), K_OK);
    CHECK_EQ_INT(store_device_event(s, "printer", "paper_out", NULL), K_OK);
    store_close(s);
}

static void test_corrupt_file_refused(void)
{
    fresh("corrupt");
    CHECK(fs_mkdir_p(dir, 0700) == K_OK);
    char path[700], err[512] = "";
    snprintf(path, sizeof path, "%s/kiosk.db", dir);
    char junk[4096];
    for (size_t i = 0; i < sizeof junk; i++)
        junk[i] = (char)(i * 7 + 3);
    CHECK(fs_write_atomic(path, junk, sizeof junk, 0600) == K_OK);
    store *s = (store *)1;
    enum kerr e = store_open(&cfg, clk, STORE_OPEN_STARTUP, &s, err, sizeof err);
    CHECK(e != K_OK);
    CHECK(s == NULL);
    CHECKF(strstr(err, "E601") != NULL, "%s", err);
}

struct thread_arg {
    int n;
    int ok;
    long seqs[25];
};

static void *submitter(void *p)
{
    struct thread_arg *a = p;
    char err[512];
    store *s = NULL;
    if (store_open(&cfg, clk, 0, &s, err, sizeof err) != K_OK)
        return NULL;
    for (int i = 0; i < a->n; i++) {
        struct store_submitted out;
        if (submit(s, "{\"t\":1}", 1, &out) == K_OK)
            a->seqs[a->ok++] = out.seq;
    }
    store_close(s);
    return NULL;
}

/* One connection per thread, four threads submitting at once: the busy timeout serialises
 * them, every submit succeeds, and no sequence number is handed out twice. */
static void test_threads(void)
{
    fresh("threads");
    store *s = open_ok(STORE_OPEN_STARTUP);
    store_close(s);
    pthread_t t[4];
    struct thread_arg a[4];
    for (int i = 0; i < 4; i++) {
        a[i] = (struct thread_arg){.n = 25};
        pthread_create(&t[i], NULL, submitter, &a[i]);
    }
    bool seen[101] = {false};
    int total = 0, dups = 0;
    for (int i = 0; i < 4; i++) {
        pthread_join(t[i], NULL);
        total += a[i].ok;
        for (int k = 0; k < a[i].ok; k++) {
            long q = a[i].seqs[k];
            if (q >= 1 && q <= 100) {
                dups += seen[q];
                seen[q] = true;
            }
        }
    }
    CHECK_EQ_INT(total, 100);
    CHECK_EQ_INT(dups, 0);
    s = open_ok(0);
    struct store_queue_stats q;
    CHECK_EQ_INT(store_queue_stats(s, &q), K_OK);
    CHECK_EQ_INT(q.queued, 100);
    CHECK(store_integrity_ok(s));
    store_close(s);
}

/* The data key lives outside the data folder (KIOSK_KEYS_DIR, /etc/kiosk/keys when installed),
 * so that a copy of the data folder alone decrypts nothing; a key from an older version in
 * the data folder is moved there on open. */
static void test_key_outside_data(void)
{
    char keys[600], path[800];
    snprintf(keys, sizeof keys, "%s/keys-a", ktest_tmpdir());
    CHECK(mkdir(keys, 0700) == 0);
    setenv("KIOSK_KEYS_DIR", keys, 1);
    fresh("keydir");
    store *s = open_ok(0);
    store_close(s);
    snprintf(path, sizeof path, "%s/kiosk.key", keys);
    CHECK(fs_exists(path));
    snprintf(path, sizeof path, "%s/kiosk.key", dir);
    CHECK(!fs_exists(path));
    /* an older kiosk: the key in the data folder, moved when the keys folder appears */
    unsetenv("KIOSK_KEYS_DIR");
    fresh("keymove");
    s = open_ok(0);
    struct store_submitted a;
    CHECK_EQ_INT(submit(s, "{\"name\":\"moved\"}", 1, &a), K_OK);
    store_close(s);
    snprintf(keys, sizeof keys, "%s/keys-b", ktest_tmpdir());
    CHECK(mkdir(keys, 0700) == 0);
    setenv("KIOSK_KEYS_DIR", keys, 1);
    s = open_ok(0);
    if (s) {
        struct store_case c;
        struct store_personal p;
        CHECK_EQ_INT(store_case_by_code(s, a.code, &c), K_OK);
        CHECK_EQ_INT(store_personal_load(s, c.id, &p), K_OK);
        CHECK(p.form_json && strstr(p.form_json, "moved"));
        store_personal_free(&p);
        store_close(s);
    }
    snprintf(path, sizeof path, "%s/kiosk.key", dir);
    CHECK(!fs_exists(path));
    snprintf(path, sizeof path, "%s/kiosk.key", keys);
    CHECK(fs_exists(path));
    unsetenv("KIOSK_KEYS_DIR");
}

/* Every BLOB and every file of the data folder and the data key: can any of them, as a key,
 * open the sealed bytes ct under ad? */
static bool any_key_opens(const char *db_path, const char *key_path, const uint8_t *ct, size_t clen,
                          const char *ad)
{
    bool opened = false;
    char *kb;
    size_t kl;
    if (fs_read_file(key_path, 64, &kb, &kl) == K_OK) {
        size_t pl;
        uint8_t *pt =
            kl == STORE_KEY_LEN ? store_open_sealed((uint8_t *)kb, ct, clen, ad, &pl) : NULL;
        opened |= pt != NULL;
        free(pt);
        /* a per-case key sealed under the data key, anywhere in the database */
        sqlite3 *db;
        if (kl == STORE_KEY_LEN && sqlite3_open(db_path, &db) == SQLITE_OK) {
            sqlite3_stmt *st;
            if (sqlite3_prepare_v2(db, "SELECT uuid, case_key FROM cases", -1, &st, NULL) ==
                SQLITE_OK) {
                while (sqlite3_step(st) == SQLITE_ROW) {
                    if (sqlite3_column_type(st, 1) != SQLITE_BLOB)
                        continue;
                    char kad[80];
                    snprintf(kad, sizeof kad, "ckey:%s", sqlite3_column_text(st, 0));
                    size_t cl;
                    uint8_t *ck = store_open_sealed((uint8_t *)kb, sqlite3_column_blob(st, 1),
                                                    (size_t)sqlite3_column_bytes(st, 1), kad, &cl);
                    if (ck && cl == STORE_KEY_LEN) {
                        uint8_t *q = store_open_sealed(ck, ct, clen, ad, &pl);
                        opened |= q != NULL;
                        free(q);
                    }
                    free(ck);
                }
                sqlite3_finalize(st);
            }
            sqlite3_close(db);
        }
        free(kb);
    }
    return opened;
}

/* Purging a case destroys its key: a copy of its attachment file taken before (a disk
 * recovered, a backup) cannot be decrypted afterwards with anything the kiosk still holds;
 * the purged rows are overwritten (secure_delete), not left in free pages. */
static void test_purge_destroys_case_key(void)
{
    fresh("purgekey");
    store *s = open_ok(0);
    struct store_submitted a;
    CHECK_EQ_INT(submit(s, "{\"name\":\"secret-applicant-name\"}", 1, &a), K_OK);
    struct store_case c;
    CHECK_EQ_INT(store_case_by_code(s, a.code, &c), K_OK);
    char path[900], db[700], key[700], ad[80];
    snprintf(path, sizeof path, "%s/attachments/%s/0.enc", dir, a.uuid);
    snprintf(db, sizeof db, "%s/kiosk.db", dir);
    config_path(&cfg, "key", key, sizeof key);
    snprintf(ad, sizeof ad, "att:%s:0", a.uuid);
    char *copy;
    size_t clen;
    CHECK_EQ_INT(fs_read_file(path, 1 << 20, &copy, &clen), K_OK);
    /* the sealed form as stored, to look for it in the file afterwards */
    sqlite3 *h;
    char sealed_hex[65] = "";
    uint8_t sealed[32];
    CHECK(sqlite3_open(db, &h) == SQLITE_OK);
    sqlite3_stmt *st;
    CHECK(sqlite3_prepare_v2(h, "SELECT personal FROM cases WHERE id = ?1", -1, &st, NULL) ==
          SQLITE_OK);
    sqlite3_bind_int64(st, 1, c.id);
    CHECK(sqlite3_step(st) == SQLITE_ROW && sqlite3_column_bytes(st, 0) > 40);
    memcpy(sealed, (const uint8_t *)sqlite3_column_blob(st, 0) + 24, sizeof sealed);
    sqlite3_finalize(st);
    sqlite3_close(h);
    sodium_bin2hex(sealed_hex, sizeof sealed_hex, sealed, 16);
    CHECK(any_key_opens(db, key, (uint8_t *)copy, clen, ad)); /* the check itself works */
    CHECK_EQ_INT(store_outbox_delivered(s, c.id), K_OK);
    kclock_advance(clk, 31LL * 86400000);
    int purged = 0;
    CHECK_EQ_INT(store_retention_run(s, 30, &purged), K_OK);
    CHECK_EQ_INT(purged, 1);
    store_close(s);
    CHECK(!fs_exists(path));
    CHECKF(!any_key_opens(db, key, (uint8_t *)copy, clen, ad),
           "a purged case's attachment still decrypts");
    free(copy);
    /* no trace of the sealed form in the database file or its log */
    char *buf;
    size_t len;
    bool found = false;
    const char *files[] = {"kiosk.db", "kiosk.db-wal"};
    for (int f = 0; f < 2; f++) {
        snprintf(path, sizeof path, "%s/%s", dir, files[f]);
        if (fs_read_file(path, 64u << 20, &buf, &len) != K_OK)
            continue;
        for (size_t i = 0; i + 16 <= len && !found; i++)
            found = memcmp(buf + i, sealed, 16) == 0;
        free(buf);
    }
    CHECKF(!found, "the purged form's bytes (%s...) are still in the database files", sealed_hex);
    /* and secure_delete is on for the store's own connection */
    s = open_ok(0);
    CHECK_EQ_INT(store_pragma(s, "secure_delete"), 1);
    store_close(s);
}

/* The database and its WAL and shared-memory files are the kiosk user's only, whatever the
 * umask. */
static void test_db_file_modes(void)
{
    fresh("modes");
    mode_t old = umask(022);
    store *s = open_ok(0);
    struct store_submitted a;
    CHECK_EQ_INT(submit(s, "{}", 0, &a), K_OK);
    const char *files[] = {"kiosk.db", "kiosk.db-wal", "kiosk.db-shm"};
    for (int f = 0; f < 3; f++) {
        char path[700];
        snprintf(path, sizeof path, "%s/%s", dir, files[f]);
        struct stat st;
        CHECKF(stat(path, &st) == 0, "%s missing", files[f]);
        CHECKF((st.st_mode & 0077) == 0, "%s has mode %o", files[f], (unsigned)(st.st_mode & 0777));
    }
    store_close(s);
    umask(old);
}

/* Manual lookups' wrong phone endings (app/store/lookups.h): the fifth within the window locks
 * the code for LOOKUP_LOCK_MS, across a close and reopen (a restart); the lock runs out; misses
 * older than the window are forgotten; a right answer clears the count; a lock from a clock that
 * was later set back ends no later than LOOKUP_LOCK_MS from the new now; casehub's lock is
 * mirrored. */
static void test_lookup_counts(void)
{
    fresh("lookups");
    store *s = open_ok(0);
    const char *code = "K0007-000-0010", *other = "K0007-000-0028";
    int64_t until = -1;
    for (int i = 1; i <= LOOKUP_MAX_MISSES; i++) {
        CHECK_EQ_INT(store_lookup_miss(s, code, &until), K_OK);
        CHECKF((until != 0) == (i == LOOKUP_MAX_MISSES), "miss %d: until %lld", i,
               (long long)until);
    }
    CHECK_EQ_INT(until, kclock_unix_ms(clk) + LOOKUP_LOCK_MS);
    CHECK_EQ_INT(store_lookup_locked(s, other, &until), K_OK);
    CHECK_EQ_INT(until, 0); /* per code */
    store_close(s);
    s = open_ok(0); /* a restart */
    CHECK_EQ_INT(store_lookup_locked(s, code, &until), K_OK);
    CHECK(until > kclock_unix_ms(clk));
    CHECK_EQ_INT(store_lookup_miss(s, code, &until), K_OK); /* while locked: still locked */
    CHECK(until > kclock_unix_ms(clk));
    kclock_advance(clk, LOOKUP_LOCK_MS);
    CHECK_EQ_INT(store_lookup_locked(s, code, &until), K_OK);
    CHECK_EQ_INT(until, 0); /* ran out */
    CHECK_EQ_INT(store_lookup_miss(s, code, &until), K_OK);
    CHECK_EQ_INT(until, 0); /* a fresh count */
    /* four misses, a day passes, four more: no lock (the window) */
    for (int i = 0; i < LOOKUP_MAX_MISSES - 1; i++)
        store_lookup_miss(s, other, &until);
    kclock_advance(clk, LOOKUP_WINDOW_MS + 1);
    for (int i = 0; i < LOOKUP_MAX_MISSES - 1; i++)
        store_lookup_miss(s, other, &until);
    CHECK_EQ_INT(until, 0);
    /* the right answer clears the count */
    CHECK_EQ_INT(store_lookup_clear(s, other), K_OK);
    for (int i = 0; i < LOOKUP_MAX_MISSES - 1; i++)
        store_lookup_miss(s, other, &until);
    CHECK_EQ_INT(until, 0);
    /* casehub said locked: mirrored, never longer than one lock */
    CHECK_EQ_INT(store_lookup_lock(s, code, kclock_unix_ms(clk) + 10 * LOOKUP_LOCK_MS), K_OK);
    CHECK_EQ_INT(store_lookup_locked(s, code, &until), K_OK);
    CHECK_EQ_INT(until, kclock_unix_ms(clk) + LOOKUP_LOCK_MS);
    store_close(s);
    /* the wall clock set back a day: the lock still ends within one lock period */
    struct kclock *back = kclock_fake_create(kclock_unix_ms(clk) - 86400000LL);
    store *b = NULL;
    char err[512];
    CHECK_EQ_INT(store_open(&cfg, back, 0, &b, err, sizeof err), K_OK);
    CHECK_EQ_INT(store_lookup_locked(b, code, &until), K_OK);
    CHECK(until > kclock_unix_ms(back) && until <= kclock_unix_ms(back) + LOOKUP_LOCK_MS);
    store_close(b);
    kclock_destroy(back);
}

int main(void)
{
    clk = kclock_fake_create(1790000000000LL);
    KTEST_RUN(test_submit_and_lookup);
    KTEST_RUN(test_invalid_input);
    KTEST_RUN(test_newer_schema_refused);
    KTEST_RUN(test_key_mismatch_refused);
    KTEST_RUN(test_orphans);
    KTEST_RUN(test_outbox_and_retention);
    KTEST_RUN(test_corrupt_file_refused);
    KTEST_RUN(test_threads);
    KTEST_RUN(test_key_outside_data);
    KTEST_RUN(test_purge_destroys_case_key);
    KTEST_RUN(test_db_file_modes);
    KTEST_RUN(test_lookup_counts);
    config_finish(&cfg);
    kclock_destroy(clk);
    return ktest_done();
}
