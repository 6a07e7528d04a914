/* app/store/store.c: SQLite store of cases, outbox, statuses, audit (app layer, store): opening,
 * the schema check, the data key, closing, and the small SQL helpers the other store_*.c files
 * share. See store.h for the contract; schema.c holds the migrations, crypt.c the data key; submit,
 * retention, reading, the outbox, statuses and the audit are in store_*.c. */
#include "app/store/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "app/store/store_internal.h"
#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/xalloc.h"

void store_set_err(store *s, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->err, sizeof s->err, fmt, ap);
    va_end(ap);
    log_warn(MOD, "%s", s->err);
}

const char *store_errmsg(const store *s)
{
    return s ? s->err : "";
}
sqlite3 *store_sqlite(store *s)
{
    return s->db;
}
struct kclock *store_clock(store *s)
{
    return s->clk;
}
long store_kiosk_id(const store *s)
{
    return s->kiosk_id;
}

/* ---- small SQL helpers ------------------------------------------------------------------- */

enum kerr store_sql_fail(store *s, const char *what)
{
    int code = sqlite3_extended_errcode(s->db);
    store_set_err(s, "E610: %s: %s (%d)", what, sqlite3_errmsg(s->db), code);
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
        return K_ERR_BUSY;
    return K_ERR_DB;
}

sqlite3_stmt *store_prep(store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        store_sql_fail(s, "prepare");
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

enum kerr store_exec(store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int code = sqlite3_extended_errcode(s->db);
        store_set_err(s, "E610: %.60s: %s", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return (code & 0xff) == SQLITE_BUSY ? K_ERR_BUSY : K_ERR_DB;
    }
    return K_OK;
}

void store_bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

void store_col_text(sqlite3_stmt *st, int i, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    str_copy(out, n, t ? (const char *)t : "");
}

/* Run a statement that returns no rows; finalizes it. */
enum kerr store_step_done(store *s, sqlite3_stmt *st, const char *what)
{
    if (!st)
        return K_ERR_DB;
    int rc = sqlite3_step(st);
    enum kerr e = K_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        e = store_sql_fail(s, what);
    sqlite3_finalize(st);
    return e;
}

/* ---- open ---------------------------------------------------------------------------------- */

static int read_user_version(sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    int v = -1;
    if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int(st, 0);
    sqlite3_finalize(st);
    return v;
}

/* Apply the migrations from the database's version up to STORE_SCHEMA_VERSION in one
 * transaction; refuse a newer database without writing anything. */
static enum kerr migrate(store *s)
{
    int v = read_user_version(s->db);
    if (v < 0)
        return store_sql_fail(s, "read schema version");
    if (v > STORE_SCHEMA_VERSION) {
        store_set_err(
            s,
            "E602: database schema version %d is newer than this program understands (%d); "
            "refusing to open it (install the newer kiosk software)",
            v, STORE_SCHEMA_VERSION);
        return K_ERR_UNSUPPORTED;
    }
    if (v == STORE_SCHEMA_VERSION)
        return K_OK;
    enum kerr e = store_exec(s, "BEGIN IMMEDIATE");
    if (e)
        return e;
    v = read_user_version(s->db); /* another process may have migrated meanwhile */
    if (v > STORE_SCHEMA_VERSION) {
        store_exec(s, "ROLLBACK");
        store_set_err(s, "E602: database schema version %d is newer than this program (%d)", v,
                      STORE_SCHEMA_VERSION);
        return K_ERR_UNSUPPORTED;
    }
    for (int i = v; i < STORE_SCHEMA_VERSION; i++) {
        if ((e = store_exec(s, store_migrations[i])) != K_OK) {
            char keep[512];
            str_copy(keep, sizeof keep, s->err);
            store_exec(s, "ROLLBACK");
            store_set_err(s, "E603: migration to schema version %d failed: %s", i + 1, keep);
            return K_ERR_DB;
        }
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", STORE_SCHEMA_VERSION);
    if ((e = store_exec(s, sql)) != K_OK || (e = store_exec(s, "COMMIT")) != K_OK) {
        store_exec(s, "ROLLBACK");
        return e;
    }
    log_info(MOD, "database migrated from schema version %d to %d", v, STORE_SCHEMA_VERSION);
    return K_OK;
}

/* The key check value kept in meta: BLAKE2b of the key, so that a store opened with another
 * key (a lost or swapped key file) is refused instead of silently writing unreadable data. */
static void key_id(const uint8_t *key, char out[33])
{
    uint8_t h[16];
    crypto_generichash(h, sizeof h, (const uint8_t *)"kiosk-store-key-id", 18, key, STORE_KEY_LEN);
    sodium_bin2hex(out, 33, h, sizeof h);
}

static enum kerr check_key(store *s)
{
    char id[33];
    key_id(s->key, id);
    sqlite3_stmt *st = store_prep(s, "INSERT INTO meta(key, value) VALUES('key_id', ?1) "
                                     "ON CONFLICT(key) DO NOTHING");
    if (!st)
        return K_ERR_DB;
    store_bind_text(st, 1, id);
    enum kerr e = store_step_done(s, st, "store key id");
    if (e)
        return e;
    st = store_prep(s, "SELECT value FROM meta WHERE key='key_id'");
    if (!st)
        return K_ERR_DB;
    char have[40] = "";
    if (sqlite3_step(st) == SQLITE_ROW)
        store_col_text(st, 0, have, sizeof have);
    sqlite3_finalize(st);
    if (strcmp(have, id) != 0) {
        store_set_err(s, "E605: the data key file does not match this database (key replaced or "
                         "lost?); refusing to open");
        return K_ERR_CRYPTO;
    }
    return K_OK;
}

/* Create the database file 0600 when missing; tighten it and its WAL and shared-memory files
 * when they are wider. */
static enum kerr private_files(store *s, const char *db)
{
    int fd = open(db, O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0) {
        store_set_err(s, "E601: cannot open the database %s: %s", db, strerror(errno));
        return K_ERR_IO;
    }
    struct stat st;
    if (fstat(fd, &st) == 0 && (st.st_mode & 0077))
        fchmod(fd, st.st_mode & 0700);
    close(fd);
    static const char *const ext[] = {"-wal", "-shm"};
    for (size_t i = 0; i < 2; i++) {
        char p[720];
        snprintf(p, sizeof p, "%s%s", db, ext[i]);
        if (stat(p, &st) == 0 && (st.st_mode & 0077))
            chmod(p, st.st_mode & 0700);
    }
    return K_OK;
}

enum kerr store_open(const struct kconfig *cfg, struct kclock *clk, int flags, store **out,
                     char *err, size_t errlen)
{
    *out = NULL;
    if (sodium_init() < 0) {
        snprintf(err, errlen, "E604: libsodium failed to initialise");
        return K_ERR_CRYPTO;
    }
    store *s = xcalloc(1, sizeof *s);
    s->clk = clk ? clk : kclock_system();
    s->kiosk_id = cfg->kiosk_id;
    s->lock_fd = -1;
    str_copy(s->data_dir, sizeof s->data_dir, cfg->data_dir);
    snprintf(s->att_dir, sizeof s->att_dir, "%s/attachments", cfg->data_dir);
    enum kerr e = K_OK;
    if (fs_mkdir_p(s->att_dir, 0700) != K_OK) {
        store_set_err(s, "E601: cannot create the data folder %s: %s", s->att_dir, strerror(errno));
        e = K_ERR_IO;
        goto fail;
    }
    char path[700];
    snprintf(path, sizeof path, "%s/submit.lock", cfg->data_dir);
    s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (s->lock_fd < 0) {
        store_set_err(s, "E601: cannot open %s: %s", path, strerror(errno));
        e = K_ERR_IO;
        goto fail;
    }
    config_path(cfg, "key", path, sizeof path);
    char legacy[700];
    config_path(cfg, "key_legacy", legacy, sizeof legacy);
    if (strcmp(path, legacy) != 0 && !fs_exists(path) && fs_exists(legacy)) {
        if ((e = store_key_move(legacy, path, s->err, sizeof s->err)) != K_OK)
            goto fail;
        log_info(MOD, "data key moved out of the data folder to %s", path);
    }
    if ((e = store_key_load(path, s->key, s->err, sizeof s->err)) != K_OK)
        goto fail;
    config_path(cfg, "secret", path, sizeof path);
    if ((e = store_key_load(path, s->qr_secret, s->err, sizeof s->err)) != K_OK)
        goto fail;
    config_path(cfg, "db", path, sizeof path);
    /* SQLite gives the WAL and shared-memory files the database file's mode: create it 0600
     * (and tighten one left wider by an older version) before SQLite opens it. */
    if ((e = private_files(s, path)) != K_OK)
        goto fail;
    if (sqlite3_open_v2(path, &s->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        store_set_err(s, "E601: cannot open the database %s: %s", path,
                      s->db ? sqlite3_errmsg(s->db) : "out of memory");
        e = K_ERR_DB;
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    /* The version check comes before anything that could write (journal_mode=WAL does). */
    int v = read_user_version(s->db);
    if (v < 0) {
        store_set_err(s, "E601: %s is not a readable SQLite database: %s", path,
                      sqlite3_errmsg(s->db));
        e = K_ERR_DB;
        goto fail;
    }
    if (v > STORE_SCHEMA_VERSION) {
        store_set_err(
            s,
            "E602: database schema version %d is newer than this program understands (%d); "
            "refusing to open it (install the newer kiosk software)",
            v, STORE_SCHEMA_VERSION);
        e = K_ERR_UNSUPPORTED;
        goto fail;
    }
    /* secure_delete: deleted and overwritten content (purged cases, their keys) is zeroed in
     * the file, whatever the SQLite build's default */
    if ((e = store_exec(s, "PRAGMA journal_mode=WAL")) ||
        (e = store_exec(s, "PRAGMA synchronous=FULL")) ||
        (e = store_exec(s, "PRAGMA foreign_keys=ON")) ||
        (e = store_exec(s, "PRAGMA secure_delete=ON")))
        goto fail;
    if ((e = migrate(s)) != K_OK || (e = check_key(s)) != K_OK)
        goto fail;
    if (flags & STORE_OPEN_STARTUP) {
        int removed = 0;
        if ((e = store_cleanup_orphans(s, &removed)) != K_OK)
            goto fail;
        if (removed)
            log_info(MOD, "removed %d orphaned attachment file(s) at start", removed);
    }
    *out = s;
    return K_OK;
fail:
    snprintf(err, errlen, "%s", s->err);
    store_close(s);
    return e;
}

void store_close(store *s)
{
    if (!s)
        return;
    if (s->db)
        sqlite3_close_v2(s->db);
    if (s->lock_fd >= 0)
        close(s->lock_fd);
    sodium_memzero(s->key, sizeof s->key);
    sodium_memzero(s->qr_secret, sizeof s->qr_secret);
    free(s);
}

bool store_integrity_ok(store *s)
{
    sqlite3_stmt *st = store_prep(s, "PRAGMA integrity_check");
    bool ok = false;
    if (st && sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *t = sqlite3_column_text(st, 0);
        ok = t && strcmp((const char *)t, "ok") == 0;
    }
    sqlite3_finalize(st);
    return ok;
}

long store_pragma(store *s, const char *name)
{
    for (const char *p = name; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || *p == '_'))
            return -1;
    char sql[96];
    snprintf(sql, sizeof sql, "PRAGMA %s", name);
    sqlite3_stmt *st = store_prep(s, sql);
    if (!st)
        return -1;
    long v = sqlite3_step(st) == SQLITE_ROW ? (long)sqlite3_column_int64(st, 0) : -1;
    sqlite3_finalize(st);
    return v;
}

void store_case_token(const store *s, const char *code, char out[TRACKCODE_TOKEN_MAX])
{
    trackcode_token(s->qr_secret, sizeof s->qr_secret, code, out);
}

bool store_case_token_ok(const store *s, const char *code, const char *token)
{
    return trackcode_token_verify(s->qr_secret, sizeof s->qr_secret, code, token);
}
