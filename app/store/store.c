/* app/store/store.c: SQLite store of cases, outbox, statuses, audit (app layer, store).
 * See store.h for the contract; schema.c holds the migrations, crypt.c the data key. */
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

#define MOD "store"

struct store {
    sqlite3 *db;
    struct kclock *clk;
    long kiosk_id;
    char data_dir[512];
    char att_dir[600];
    int lock_fd; /* DATA/submit.lock: shared while submitting, exclusive while cleaning */
    uint8_t key[STORE_KEY_LEN];
    uint8_t qr_secret[STORE_KEY_LEN]; /* the receipt QR token secret (paths.secret_file) */
    char err[512];
};

static void set_err(store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void set_err(store *s, const char *fmt, ...)
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

static enum kerr sql_fail(store *s, const char *what)
{
    int code = sqlite3_extended_errcode(s->db);
    set_err(s, "E610: %s: %s (%d)", what, sqlite3_errmsg(s->db), code);
    if ((code & 0xff) == SQLITE_BUSY || (code & 0xff) == SQLITE_LOCKED)
        return K_ERR_BUSY;
    return K_ERR_DB;
}

static sqlite3_stmt *prep(store *s, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(s->db, sql, -1, &st, NULL) != SQLITE_OK) {
        sql_fail(s, "prepare");
        sqlite3_finalize(st);
        return NULL;
    }
    return st;
}

static enum kerr exec(store *s, const char *sql)
{
    char *msg = NULL;
    if (sqlite3_exec(s->db, sql, NULL, NULL, &msg) != SQLITE_OK) {
        int code = sqlite3_extended_errcode(s->db);
        set_err(s, "E610: %.60s: %s", sql, msg ? msg : "?");
        sqlite3_free(msg);
        return (code & 0xff) == SQLITE_BUSY ? K_ERR_BUSY : K_ERR_DB;
    }
    return K_OK;
}

static void bind_text(sqlite3_stmt *st, int i, const char *v)
{
    if (v)
        sqlite3_bind_text(st, i, v, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static void col_text(sqlite3_stmt *st, int i, char *out, size_t n)
{
    const unsigned char *t = sqlite3_column_text(st, i);
    str_copy(out, n, t ? (const char *)t : "");
}

/* Run a statement that returns no rows; finalizes it. */
static enum kerr step_done(store *s, sqlite3_stmt *st, const char *what)
{
    if (!st)
        return K_ERR_DB;
    int rc = sqlite3_step(st);
    enum kerr e = K_OK;
    if (rc != SQLITE_DONE && rc != SQLITE_ROW)
        e = sql_fail(s, what);
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
        return sql_fail(s, "read schema version");
    if (v > STORE_SCHEMA_VERSION) {
        set_err(s,
                "E602: database schema version %d is newer than this program understands (%d); "
                "refusing to open it (install the newer kiosk software)",
                v, STORE_SCHEMA_VERSION);
        return K_ERR_UNSUPPORTED;
    }
    if (v == STORE_SCHEMA_VERSION)
        return K_OK;
    enum kerr e = exec(s, "BEGIN IMMEDIATE");
    if (e)
        return e;
    v = read_user_version(s->db); /* another process may have migrated meanwhile */
    if (v > STORE_SCHEMA_VERSION) {
        exec(s, "ROLLBACK");
        set_err(s, "E602: database schema version %d is newer than this program (%d)", v,
                STORE_SCHEMA_VERSION);
        return K_ERR_UNSUPPORTED;
    }
    for (int i = v; i < STORE_SCHEMA_VERSION; i++) {
        if ((e = exec(s, store_migrations[i])) != K_OK) {
            char keep[512];
            str_copy(keep, sizeof keep, s->err);
            exec(s, "ROLLBACK");
            set_err(s, "E603: migration to schema version %d failed: %s", i + 1, keep);
            return K_ERR_DB;
        }
    }
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version=%d", STORE_SCHEMA_VERSION);
    if ((e = exec(s, sql)) != K_OK || (e = exec(s, "COMMIT")) != K_OK) {
        exec(s, "ROLLBACK");
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
    sqlite3_stmt *st = prep(s, "INSERT INTO meta(key, value) VALUES('key_id', ?1) "
                               "ON CONFLICT(key) DO NOTHING");
    if (!st)
        return K_ERR_DB;
    bind_text(st, 1, id);
    enum kerr e = step_done(s, st, "store key id");
    if (e)
        return e;
    st = prep(s, "SELECT value FROM meta WHERE key='key_id'");
    if (!st)
        return K_ERR_DB;
    char have[40] = "";
    if (sqlite3_step(st) == SQLITE_ROW)
        col_text(st, 0, have, sizeof have);
    sqlite3_finalize(st);
    if (strcmp(have, id) != 0) {
        set_err(s, "E605: the data key file does not match this database (key replaced or "
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
        set_err(s, "E601: cannot open the database %s: %s", db, strerror(errno));
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
        set_err(s, "E601: cannot create the data folder %s: %s", s->att_dir, strerror(errno));
        e = K_ERR_IO;
        goto fail;
    }
    char path[700];
    snprintf(path, sizeof path, "%s/submit.lock", cfg->data_dir);
    s->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (s->lock_fd < 0) {
        set_err(s, "E601: cannot open %s: %s", path, strerror(errno));
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
        set_err(s, "E601: cannot open the database %s: %s", path,
                s->db ? sqlite3_errmsg(s->db) : "out of memory");
        e = K_ERR_DB;
        goto fail;
    }
    sqlite3_busy_timeout(s->db, 10000);
    sqlite3_extended_result_codes(s->db, 1);
    /* The version check comes before anything that could write (journal_mode=WAL does). */
    int v = read_user_version(s->db);
    if (v < 0) {
        set_err(s, "E601: %s is not a readable SQLite database: %s", path, sqlite3_errmsg(s->db));
        e = K_ERR_DB;
        goto fail;
    }
    if (v > STORE_SCHEMA_VERSION) {
        set_err(s,
                "E602: database schema version %d is newer than this program understands (%d); "
                "refusing to open it (install the newer kiosk software)",
                v, STORE_SCHEMA_VERSION);
        e = K_ERR_UNSUPPORTED;
        goto fail;
    }
    /* secure_delete: deleted and overwritten content (purged cases, their keys) is zeroed in
     * the file, whatever the SQLite build's default */
    if ((e = exec(s, "PRAGMA journal_mode=WAL")) || (e = exec(s, "PRAGMA synchronous=FULL")) ||
        (e = exec(s, "PRAGMA foreign_keys=ON")) || (e = exec(s, "PRAGMA secure_delete=ON")))
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
    sqlite3_stmt *st = prep(s, "PRAGMA integrity_check");
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
    sqlite3_stmt *st = prep(s, sql);
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

/* ---- submit ------------------------------------------------------------------------------ */

static void make_uuid(char out[STORE_UUID_LEN])
{
    uint8_t b[16];
    randombytes_buf(b, sizeof b);
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
    snprintf(out, STORE_UUID_LEN,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
             b[15]);
}

static void sha256_hex(const void *data, size_t len, char out[STORE_SHA256_HEX])
{
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, STORE_SHA256_HEX, h, sizeof h);
}

static void file_ad(const char *uuid, int idx, char *out, size_t n)
{
    snprintf(out, n, "att:%s:%d", uuid, idx);
}

/* Write ciphertext to path with O_EXCL and fsync it. */
static enum kerr write_file_sync(const char *path, const uint8_t *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return K_ERR_IO;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(path);
            return K_ERR_IO;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0) {
        close(fd);
        unlink(path);
        return K_ERR_IO;
    }
    return close(fd) == 0 ? K_OK : K_ERR_IO;
}

static bool valid_input(store *s, const struct store_case_in *in)
{
    if (!in->district || !*in->district || strlen(in->district) >= 64) {
        set_err(s, "E608: submit: missing or too long district");
        return false;
    }
    if (in->n_matters == 0 || in->n_matters > STORE_MAX_MATTERS || !in->matters) {
        set_err(s, "E608: submit: %zu matters (1..%d allowed)", in->n_matters, STORE_MAX_MATTERS);
        return false;
    }
    for (size_t i = 0; i < in->n_matters; i++) {
        if (in->matters[i] < 1 || in->matters[i] > 999) {
            set_err(s, "E608: submit: matter number %d out of range", in->matters[i]);
            return false;
        }
        for (size_t j = 0; j < i; j++)
            if (in->matters[j] == in->matters[i]) {
                set_err(s, "E608: submit: matter %d given twice", in->matters[i]);
                return false;
            }
    }
    if (in->n_attachments > STORE_MAX_ATTACH) {
        set_err(s, "E608: submit: %zu attachments (max %d)", in->n_attachments, STORE_MAX_ATTACH);
        return false;
    }
    for (size_t i = 0; i < in->n_attachments; i++) {
        const struct store_attachment_in *a = &in->attachments[i];
        if ((a->data == NULL) == (a->path == NULL) || !a->mime || strlen(a->mime) >= 64 ||
            a->material < 0) {
            set_err(s, "E608: submit: attachment %zu malformed", i);
            return false;
        }
    }
    cJSON *j = in->personal_json ? cJSON_Parse(in->personal_json) : NULL;
    bool ok = j && cJSON_IsObject(j);
    cJSON_Delete(j);
    if (!ok)
        set_err(s, "E608: submit: personal data is not a JSON object");
    return ok;
}

/* Encrypt plaintext with a case's key; *out = nonce || ciphertext (caller frees). */
static uint8_t *seal(const uint8_t ck[STORE_KEY_LEN], const void *pt, size_t len, const char *ad,
                     size_t *outlen)
{
    return store_seal(ck, pt, len, ad, outlen);
}

/* The key of a case (by uuid) into ck: its own, unsealed with the data key; the data key for a
 * case stored before per-case keys; K_ERR_NOT_FOUND when purged (the key is gone). */
static enum kerr case_key(store *s, const char *uuid, uint8_t ck[STORE_KEY_LEN])
{
    sqlite3_stmt *st = prep(s, "SELECT case_key, purged_ms FROM cases WHERE uuid = ?1");
    if (!st)
        return K_ERR_DB;
    bind_text(st, 1, uuid);
    enum kerr e = K_ERR_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) == SQLITE_BLOB) {
            char ad[80];
            snprintf(ad, sizeof ad, "ckey:%s", uuid);
            size_t len = 0;
            uint8_t *k = store_open_sealed(s->key, sqlite3_column_blob(st, 0),
                                           (size_t)sqlite3_column_bytes(st, 0), ad, &len);
            if (k && len == STORE_KEY_LEN) {
                memcpy(ck, k, STORE_KEY_LEN);
                e = K_OK;
            } else {
                set_err(s, "E609: the key of case %s failed to decrypt", uuid);
                e = K_ERR_CRYPTO;
            }
            free_secure(k, len);
        } else if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
            memcpy(ck, s->key, STORE_KEY_LEN); /* schema 1 */
            e = K_OK;
        }
    }
    sqlite3_finalize(st);
    return e;
}

static enum kerr write_attachments(store *s, const struct store_case_in *in, const char *uuid,
                                   const uint8_t ck[STORE_KEY_LEN], const char *dir,
                                   char (*shas)[STORE_SHA256_HEX], long long *sizes)
{
    for (size_t i = 0; i < in->n_attachments; i++) {
        const struct store_attachment_in *a = &in->attachments[i];
        char *owned = NULL;
        const void *data = a->data;
        size_t len = a->len;
        if (a->path) {
            if (fs_read_file(a->path, STORE_MAX_FILE, &owned, &len) != K_OK) {
                set_err(s, "E606: cannot read attachment %zu from its temporary file", i);
                return K_ERR_IO;
            }
            data = owned;
        } else if (len > STORE_MAX_FILE) {
            set_err(s, "E608: attachment %zu too large (%zu bytes)", i, len);
            return K_ERR_TOO_LARGE;
        }
        sha256_hex(data, len, shas[i]);
        sizes[i] = (long long)len;
        char ad[80], path[900];
        file_ad(uuid, (int)i, ad, sizeof ad);
        size_t clen;
        uint8_t *ct = seal(ck, data, len, ad, &clen);
        if (owned)
            free_secure(owned, len);
        snprintf(path, sizeof path, "%s/%zu.enc", dir, i);
        enum kerr e = write_file_sync(path, ct, clen);
        free(ct);
        if (e) {
            set_err(s, "E606: cannot write attachment file %s: %s", path, strerror(errno));
            return e;
        }
    }
    return K_OK;
}

static enum kerr insert_case(store *s, const struct store_case_in *in, const char *uuid,
                             const uint8_t ck[STORE_KEY_LEN], char (*shas)[STORE_SHA256_HEX],
                             const long long *sizes, struct store_submitted *out)
{
    int64_t now = kclock_unix_ms(s->clk);
    enum kerr e;
    /* the per-kiosk sequence, allocated inside the transaction */
    sqlite3_stmt *st =
        prep(s, "INSERT INTO kiosk_seq(kiosk_id, last) VALUES(?1, 1) "
                "ON CONFLICT(kiosk_id) DO UPDATE SET last = last + 1 RETURNING last");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, s->kiosk_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return sql_fail(s, "allocate sequence");
    }
    long seq = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    char code[TRACKCODE_MAX];
    if ((e = trackcode_make(s->kiosk_id, seq, code)) != K_OK) {
        set_err(s, "E607: cannot make a tracking code for kiosk %ld sequence %ld", s->kiosk_id,
                seq);
        return e;
    }
    size_t plen = strlen(in->personal_json), blen;
    char ad[80];
    snprintf(ad, sizeof ad, "form:%s", uuid);
    uint8_t *blob = seal(ck, in->personal_json, plen, ad, &blen);
    uint8_t *sig = NULL;
    size_t siglen = 0, cklen;
    if (in->signature_png && in->signature_len) {
        snprintf(ad, sizeof ad, "sig:%s", uuid);
        sig = seal(ck, in->signature_png, in->signature_len, ad, &siglen);
    }
    snprintf(ad, sizeof ad, "ckey:%s", uuid);
    uint8_t *sealed_ck = store_seal(s->key, ck, STORE_KEY_LEN, ad, &cklen);
    st = prep(s, "INSERT INTO cases(uuid, code, kiosk_id, seq, district, created_ms, updated_ms, "
                 "state, personal, signature, case_key) "
                 "VALUES(?1,?2,?3,?4,?5,?6,?6,'queued',?7,?8,?9)");
    if (!st) {
        free(blob);
        free(sig);
        free(sealed_ck);
        return K_ERR_DB;
    }
    bind_text(st, 1, uuid);
    bind_text(st, 2, code);
    sqlite3_bind_int64(st, 3, s->kiosk_id);
    sqlite3_bind_int64(st, 4, seq);
    bind_text(st, 5, in->district);
    sqlite3_bind_int64(st, 6, now);
    sqlite3_bind_blob(st, 7, blob, (int)blen, SQLITE_TRANSIENT);
    if (sig)
        sqlite3_bind_blob(st, 8, sig, (int)siglen, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 8);
    sqlite3_bind_blob(st, 9, sealed_ck, (int)cklen, SQLITE_TRANSIENT);
    e = step_done(s, st, "insert case");
    free(blob);
    free(sig);
    free(sealed_ck);
    if (e)
        return e;
    long long case_id = sqlite3_last_insert_rowid(s->db);
    for (size_t i = 0; i < in->n_matters; i++) {
        st = prep(s, "INSERT INTO matters(case_id, matter, status, status_ms) "
                     "VALUES(?1, ?2, 'submitted', ?3)");
        if (!st)
            return K_ERR_DB;
        sqlite3_bind_int64(st, 1, case_id);
        sqlite3_bind_int(st, 2, in->matters[i]);
        sqlite3_bind_int64(st, 3, now);
        if ((e = step_done(s, st, "insert matter")))
            return e;
        st = prep(s, "INSERT INTO matter_history(case_id, matter, status, at_ms, source) "
                     "VALUES(?1, ?2, 'submitted', ?3, 'kiosk')");
        if (!st)
            return K_ERR_DB;
        sqlite3_bind_int64(st, 1, case_id);
        sqlite3_bind_int(st, 2, in->matters[i]);
        sqlite3_bind_int64(st, 3, now);
        if ((e = step_done(s, st, "insert matter history")))
            return e;
    }
    for (size_t i = 0; i < in->n_attachments; i++) {
        char file[80];
        snprintf(file, sizeof file, "%s/%zu.enc", uuid, i);
        st = prep(s, "INSERT INTO attachments(case_id, idx, material, mime, sha256, size, file) "
                     "VALUES(?1,?2,?3,?4,?5,?6,?7)");
        if (!st)
            return K_ERR_DB;
        sqlite3_bind_int64(st, 1, case_id);
        sqlite3_bind_int(st, 2, (int)i);
        sqlite3_bind_int(st, 3, in->attachments[i].material);
        bind_text(st, 4, in->attachments[i].mime);
        bind_text(st, 5, shas[i]);
        sqlite3_bind_int64(st, 6, sizes[i]);
        bind_text(st, 7, file);
        if ((e = step_done(s, st, "insert attachment")))
            return e;
    }
    st = prep(s, "INSERT INTO outbox(case_id, attempts, next_attempt_ms) VALUES(?1, 0, ?2)");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, now);
    if ((e = step_done(s, st, "insert outbox")))
        return e;
    char detail[64];
    snprintf(detail, sizeof detail, "matters=%zu attachments=%zu", in->n_matters,
             in->n_attachments);
    if ((e = store_audit(s, in->actor ? in->actor : "kiosk", "submit", code, detail)))
        return e;
    str_copy(out->uuid, sizeof out->uuid, uuid);
    str_copy(out->code, sizeof out->code, code);
    out->seq = seq;
    out->created_ms = now;
    return K_OK;
}

enum kerr store_submit(store *s, const struct store_case_in *in, struct store_submitted *out)
{
    memset(out, 0, sizeof *out);
    s->err[0] = '\0';
    if (!valid_input(s, in))
        return K_ERR_INVALID;
    char uuid[STORE_UUID_LEN], dir[800];
    make_uuid(uuid);
    snprintf(dir, sizeof dir, "%s/%s", s->att_dir, uuid);
    /* Shared lock: a start-up orphan sweep in another process waits for this submit. */
    while (flock(s->lock_fd, LOCK_SH) != 0)
        if (errno != EINTR) {
            set_err(s, "E606: cannot lock the submit lock: %s", strerror(errno));
            return K_ERR_IO;
        }
    char(*shas)[STORE_SHA256_HEX] = xcalloc(in->n_attachments + 1, sizeof *shas);
    long long *sizes = xcalloc(in->n_attachments + 1, sizeof *sizes);
    uint8_t ck[STORE_KEY_LEN]; /* this case's own key */
    randombytes_buf(ck, sizeof ck);
    enum kerr e = K_OK;
    bool have_dir = false;
    if (in->n_attachments) {
        if (mkdir(dir, 0700) != 0) {
            set_err(s, "E606: cannot create %s: %s", dir, strerror(errno));
            e = K_ERR_IO;
            goto out_unlock;
        }
        have_dir = true;
        if ((e = write_attachments(s, in, uuid, ck, dir, shas, sizes)) != K_OK)
            goto out_files;
        /* the files' names in their folder, and the folder's name in attachments/ */
        if (fs_sync_dir(dir) != K_OK || fs_sync_dir(s->att_dir) != K_OK) {
            set_err(s, "E606: cannot fsync the attachment folder: %s", strerror(errno));
            e = K_ERR_IO;
            goto out_files;
        }
    }
    if ((e = exec(s, "BEGIN IMMEDIATE")) != K_OK)
        goto out_files;
    if ((e = insert_case(s, in, uuid, ck, shas, sizes, out)) != K_OK) {
        char keep[512];
        str_copy(keep, sizeof keep, s->err);
        exec(s, "ROLLBACK");
        str_copy(s->err, sizeof s->err, keep);
        memset(out, 0, sizeof *out);
        goto out_files;
    }
    if ((e = exec(s, "COMMIT")) != K_OK) {
        exec(s, "ROLLBACK");
        memset(out, 0, sizeof *out);
        goto out_files;
    }
    goto out_unlock;
out_files:
    if (have_dir)
        fs_remove_tree(dir);
out_unlock:
    flock(s->lock_fd, LOCK_UN);
    sodium_memzero(ck, sizeof ck);
    free(shas);
    free(sizes);
    return e;
}

/* ---- orphans and retention ------------------------------------------------------------------- */

/* True when uuid names a committed case that still has its personal data. */
static bool case_keeps_files(store *s, const char *uuid)
{
    sqlite3_stmt *st = prep(s, "SELECT 1 FROM cases WHERE uuid = ?1 AND purged_ms IS NULL");
    if (!st)
        return true; /* when in doubt, keep */
    bind_text(st, 1, uuid);
    bool keep = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return keep;
}

enum kerr store_cleanup_orphans(store *s, int *removed)
{
    int n = 0;
    while (flock(s->lock_fd, LOCK_EX) != 0)
        if (errno != EINTR) {
            set_err(s, "E606: cannot lock the submit lock: %s", strerror(errno));
            return K_ERR_IO;
        }
    DIR *d = opendir(s->att_dir);
    if (!d) {
        flock(s->lock_fd, LOCK_UN);
        set_err(s, "E606: cannot list %s: %s", s->att_dir, strerror(errno));
        return K_ERR_IO;
    }
    struct dirent *de;
    enum kerr e = K_OK;
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        if (strlen(de->d_name) == STORE_UUID_LEN - 1 && case_keeps_files(s, de->d_name))
            continue;
        char path[900];
        snprintf(path, sizeof path, "%s/%s", s->att_dir, de->d_name);
        if (fs_remove_tree(path) == K_OK)
            n++;
        else
            e = K_ERR_IO;
    }
    closedir(d);
    if (n)
        fs_sync_dir(s->att_dir);
    flock(s->lock_fd, LOCK_UN);
    if (removed)
        *removed = n;
    return e;
}

enum kerr store_retention_run(store *s, long days, int *purged)
{
    int64_t cutoff = kclock_unix_ms(s->clk) - (int64_t)days * 86400000;
    if (purged)
        *purged = 0;
    enum kerr e = exec(s, "BEGIN IMMEDIATE");
    if (e)
        return e;
    sqlite3_stmt *st = prep(s, "SELECT c.id, c.uuid, c.code FROM cases c JOIN outbox o "
                               "ON o.case_id = c.id WHERE o.delivered_ms IS NOT NULL AND "
                               "o.delivered_ms <= ?1 AND c.purged_ms IS NULL");
    if (!st) {
        exec(s, "ROLLBACK");
        return K_ERR_DB;
    }
    sqlite3_bind_int64(st, 1, cutoff);
    size_t cap = 16, n = 0;
    char(*uuids)[STORE_UUID_LEN] = xcalloc(cap, sizeof *uuids);
    char(*codes)[TRACKCODE_MAX] = xcalloc(cap, sizeof *codes);
    long long *ids = xcalloc(cap, sizeof *ids);
    while (sqlite3_step(st) == SQLITE_ROW) {
        if (n == cap) {
            cap *= 2;
            uuids = xrealloc(uuids, cap * sizeof *uuids);
            codes = xrealloc(codes, cap * sizeof *codes);
            ids = xrealloc(ids, cap * sizeof *ids);
        }
        ids[n] = sqlite3_column_int64(st, 0);
        col_text(st, 1, uuids[n], STORE_UUID_LEN);
        col_text(st, 2, codes[n], TRACKCODE_MAX);
        n++;
    }
    sqlite3_finalize(st);
    int64_t now = kclock_unix_ms(s->clk);
    for (size_t i = 0; i < n && !e; i++) {
        st = prep(s, "UPDATE cases SET personal = NULL, signature = NULL, case_key = NULL, "
                     "purged_ms = ?2, updated_ms = ?2 WHERE id = ?1");
        if (!st) {
            e = K_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_int64(st, 2, now);
        if ((e = step_done(s, st, "purge case")))
            break;
        st = prep(s, "UPDATE attachments SET file = NULL WHERE case_id = ?1");
        if (!st) {
            e = K_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, ids[i]);
        if ((e = step_done(s, st, "purge attachments")))
            break;
        e = store_audit(s, "retention", "purge", codes[i], NULL);
    }
    if (!e)
        e = exec(s, "COMMIT");
    if (e) {
        exec(s, "ROLLBACK");
    } else {
        /* Files after the commit: a crash in between leaves folders the orphan sweep removes. */
        for (size_t i = 0; i < n; i++) {
            char dir[800];
            snprintf(dir, sizeof dir, "%s/%s", s->att_dir, uuids[i]);
            fs_remove_tree(dir);
        }
        if (n) {
            fs_sync_dir(s->att_dir);
            /* the WAL still holds page images with the destroyed keys: write them back into
             * the (secure_delete) database and empty it */
            exec(s, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        if (purged)
            *purged = (int)n;
    }
    free(uuids);
    free(codes);
    free(ids);
    return e;
}

/* ---- reading ------------------------------------------------------------------------------ */

static enum kerr load_case(store *s, sqlite3_stmt *st, struct store_case *out)
{
    memset(out, 0, sizeof *out);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(st);
        return K_ERR_NOT_FOUND;
    }
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return sql_fail(s, "read case");
    }
    out->id = sqlite3_column_int64(st, 0);
    col_text(st, 1, out->uuid, sizeof out->uuid);
    col_text(st, 2, out->code, sizeof out->code);
    out->kiosk_id = (long)sqlite3_column_int64(st, 3);
    out->seq = (long)sqlite3_column_int64(st, 4);
    col_text(st, 5, out->district, sizeof out->district);
    out->created_ms = sqlite3_column_int64(st, 6);
    const unsigned char *state = sqlite3_column_text(st, 7);
    out->state =
        state && strcmp((const char *)state, "delivered") == 0 ? STORE_DELIVERED : STORE_QUEUED;
    out->purged = sqlite3_column_type(st, 8) != SQLITE_NULL;
    out->attempts = sqlite3_column_int(st, 9);
    out->next_attempt_ms = sqlite3_column_int64(st, 10);
    col_text(st, 11, out->last_error, sizeof out->last_error);
    out->delivered_ms = sqlite3_column_int64(st, 12);
    out->status_fetched_ms = sqlite3_column_int64(st, 13);
    sqlite3_finalize(st);

    st =
        prep(s, "SELECT matter, status, status_ms FROM matters WHERE case_id = ?1 ORDER BY matter");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, out->id);
    while (sqlite3_step(st) == SQLITE_ROW && out->n_matters < STORE_MAX_MATTERS) {
        struct store_matter *m = &out->matters[out->n_matters++];
        m->matter = sqlite3_column_int(st, 0);
        col_text(st, 1, m->status, sizeof m->status);
        m->status_ms = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    st = prep(s, "SELECT idx, material, mime, sha256, size, uploaded, file FROM attachments "
                 "WHERE case_id = ?1 ORDER BY idx");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, out->id);
    while (sqlite3_step(st) == SQLITE_ROW && out->n_attachments < STORE_MAX_ATTACH) {
        struct store_attachment *a = &out->attachments[out->n_attachments++];
        a->idx = sqlite3_column_int(st, 0);
        a->material = sqlite3_column_int(st, 1);
        col_text(st, 2, a->mime, sizeof a->mime);
        col_text(st, 3, a->sha256, sizeof a->sha256);
        a->size = sqlite3_column_int64(st, 4);
        a->uploaded = sqlite3_column_int(st, 5) != 0;
        a->present = sqlite3_column_type(st, 6) != SQLITE_NULL;
    }
    sqlite3_finalize(st);
    return K_OK;
}

#define CASE_COLS                                                                                  \
    "SELECT c.id, c.uuid, c.code, c.kiosk_id, c.seq, c.district, c.created_ms, c.state, "          \
    "c.purged_ms, o.attempts, o.next_attempt_ms, o.last_error, o.delivered_ms, "                   \
    "(SELECT fetched_ms FROM status_cache sc WHERE sc.case_id = c.id) "                            \
    "FROM cases c LEFT JOIN outbox o ON o.case_id = c.id "

enum kerr store_case_by_code(store *s, const char *code, struct store_case *out)
{
    char compact[TRACKCODE_MAX], grouped[TRACKCODE_MAX];
    memset(out, 0, sizeof *out);
    if (!trackcode_normalize(code, compact) || !trackcode_group(compact, grouped))
        return K_ERR_NOT_FOUND;
    sqlite3_stmt *st = prep(s, CASE_COLS "WHERE c.code = ?1");
    if (!st)
        return K_ERR_DB;
    bind_text(st, 1, grouped);
    return load_case(s, st, out);
}

enum kerr store_case_by_id(store *s, long long id, struct store_case *out)
{
    sqlite3_stmt *st = prep(s, CASE_COLS "WHERE c.id = ?1");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    return load_case(s, st, out);
}

enum kerr store_personal_load(store *s, long long case_id, struct store_personal *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = prep(s, "SELECT uuid, personal, signature FROM cases WHERE id = ?1");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_type(st, 1) == SQLITE_NULL) {
        sqlite3_finalize(st);
        return K_ERR_NOT_FOUND;
    }
    char uuid[STORE_UUID_LEN], ad[80];
    col_text(st, 0, uuid, sizeof uuid);
    uint8_t ck[STORE_KEY_LEN];
    enum kerr e = case_key(s, uuid, ck);
    if (e != K_OK) {
        sqlite3_finalize(st);
        return e;
    }
    snprintf(ad, sizeof ad, "form:%s", uuid);
    size_t len;
    uint8_t *form = store_open_sealed(ck, sqlite3_column_blob(st, 1),
                                      (size_t)sqlite3_column_bytes(st, 1), ad, &len);
    if (!form) {
        sqlite3_finalize(st);
        sodium_memzero(ck, sizeof ck);
        set_err(s, "E609: personal data of case %lld failed to decrypt", case_id);
        return K_ERR_CRYPTO;
    }
    out->form_json = xrealloc(form, len + 1);
    out->form_json[len] = '\0';
    if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
        snprintf(ad, sizeof ad, "sig:%s", uuid);
        out->signature =
            store_open_sealed(ck, sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2),
                              ad, &out->signature_len);
        if (!out->signature) {
            sqlite3_finalize(st);
            sodium_memzero(ck, sizeof ck);
            store_personal_free(out);
            set_err(s, "E609: signature of case %lld failed to decrypt", case_id);
            return K_ERR_CRYPTO;
        }
    }
    sqlite3_finalize(st);
    sodium_memzero(ck, sizeof ck);
    return K_OK;
}

void store_personal_free(struct store_personal *p)
{
    if (!p)
        return;
    str_free_secure(p->form_json);
    free_secure(p->signature, p->signature_len);
    memset(p, 0, sizeof *p);
}

enum kerr store_attachment_load(store *s, long long case_id, int idx, uint8_t **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    sqlite3_stmt *st = prep(s, "SELECT c.uuid, a.sha256, a.file FROM attachments a JOIN cases c "
                               "ON c.id = a.case_id WHERE a.case_id = ?1 AND a.idx = ?2");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int(st, 2, idx);
    if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_type(st, 2) == SQLITE_NULL) {
        sqlite3_finalize(st);
        return K_ERR_NOT_FOUND;
    }
    char uuid[STORE_UUID_LEN], sha[STORE_SHA256_HEX], file[128], path[900], ad[80];
    col_text(st, 0, uuid, sizeof uuid);
    col_text(st, 1, sha, sizeof sha);
    col_text(st, 2, file, sizeof file);
    sqlite3_finalize(st);
    snprintf(path, sizeof path, "%s/%s", s->att_dir, file);
    char *ct;
    size_t clen;
    enum kerr e = fs_read_file(path, STORE_MAX_FILE + 64, &ct, &clen);
    if (e) {
        set_err(s, "E609: attachment file %s unreadable", file);
        return e == K_ERR_NOT_FOUND ? K_ERR_NOT_FOUND : K_ERR_IO;
    }
    uint8_t ck[STORE_KEY_LEN];
    if ((e = case_key(s, uuid, ck)) != K_OK) {
        free(ct);
        return e;
    }
    file_ad(uuid, idx, ad, sizeof ad);
    uint8_t *pt = store_open_sealed(ck, (const uint8_t *)ct, clen, ad, len);
    sodium_memzero(ck, sizeof ck);
    free(ct);
    if (!pt) {
        set_err(s, "E609: attachment file %s failed to decrypt", file);
        return K_ERR_CRYPTO;
    }
    char have[STORE_SHA256_HEX];
    sha256_hex(pt, *len, have);
    if (strcmp(have, sha) != 0) {
        free_secure(pt, *len);
        *len = 0;
        set_err(s, "E609: attachment file %s does not match its recorded hash", file);
        return K_ERR_CRYPTO;
    }
    *data = pt;
    return K_OK;
}

/* ---- outbox -------------------------------------------------------------------------------- */

enum kerr store_outbox_next(store *s, bool ignore_schedule, const long long *skip, size_t n,
                            long long *case_id)
{
    sqlite3_stmt *st = prep(s, "SELECT o.case_id FROM outbox o WHERE o.delivered_ms IS NULL "
                               "AND o.conflict_ms IS NULL AND (?1 OR o.next_attempt_ms <= ?2) "
                               "ORDER BY o.next_attempt_ms, o.case_id");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int(st, 1, ignore_schedule ? 1 : 0);
    sqlite3_bind_int64(st, 2, kclock_unix_ms(s->clk));
    enum kerr e = K_ERR_NOT_FOUND;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        long long id = sqlite3_column_int64(st, 0);
        bool skipped = false;
        for (size_t i = 0; i < n; i++)
            skipped = skipped || skip[i] == id;
        if (!skipped) {
            *case_id = id;
            e = K_OK;
            break;
        }
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        e = sql_fail(s, "outbox next");
    sqlite3_finalize(st);
    return e;
}

enum kerr store_outbox_attempt(store *s, long long case_id, const char *step, int http_status,
                               const char *error, int64_t next_attempt_ms)
{
    int64_t now = kclock_unix_ms(s->clk);
    sqlite3_stmt *st = prep(s, "INSERT INTO attempts(case_id, at_ms, step, http_status, error) "
                               "VALUES(?1, ?2, ?3, ?4, ?5)");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, now);
    bind_text(st, 3, step);
    sqlite3_bind_int(st, 4, http_status);
    bind_text(st, 5, error);
    enum kerr e = step_done(s, st, "record attempt");
    if (e || next_attempt_ms <= 0)
        return e;
    st = prep(s, "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?2, "
                 "last_error = ?3, last_attempt_ms = ?4 WHERE case_id = ?1");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, next_attempt_ms);
    bind_text(st, 3, error);
    sqlite3_bind_int64(st, 4, now);
    return step_done(s, st, "reschedule outbox");
}

enum kerr store_attachment_mark_uploaded(store *s, long long case_id, int idx)
{
    sqlite3_stmt *st = prep(s, "UPDATE attachments SET uploaded = 1 WHERE case_id=?1 AND idx=?2");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int(st, 2, idx);
    return step_done(s, st, "mark uploaded");
}

/* The tracking code of case_id into code ("" when there is none), for the audit lines. */
static void code_of(store *s, long long case_id, char code[TRACKCODE_MAX])
{
    code[0] = '\0';
    sqlite3_stmt *st = prep(s, "SELECT code FROM cases WHERE id = ?1");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, case_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        col_text(st, 0, code, TRACKCODE_MAX);
    sqlite3_finalize(st);
}

enum kerr store_outbox_delivered(store *s, long long case_id)
{
    int64_t now = kclock_unix_ms(s->clk);
    enum kerr e = exec(s, "BEGIN IMMEDIATE");
    if (e)
        return e;
    sqlite3_stmt *st = prep(s, "UPDATE outbox SET delivered_ms = ?2, last_attempt_ms = ?2, "
                               "attempts = attempts + 1, last_error = NULL "
                               "WHERE case_id = ?1 AND delivered_ms IS NULL");
    if (!st) {
        exec(s, "ROLLBACK");
        return K_ERR_DB;
    }
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, now);
    if ((e = step_done(s, st, "mark delivered")) != K_OK)
        goto fail;
    if (sqlite3_changes(s->db) == 0) /* already delivered */
        return exec(s, "COMMIT");
    st = prep(s, "UPDATE cases SET state = 'delivered', updated_ms = ?2 WHERE id = ?1");
    if (!st) {
        e = K_ERR_DB;
        goto fail;
    }
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, now);
    if ((e = step_done(s, st, "case delivered")) != K_OK)
        goto fail;
    char code[TRACKCODE_MAX];
    code_of(s, case_id, code);
    if ((e = store_audit(s, "sync", "delivered", code, NULL)) != K_OK)
        goto fail;
    if ((e = exec(s, "COMMIT")) != K_OK)
        goto fail;
    return K_OK;
fail:
    exec(s, "ROLLBACK");
    return e;
}

enum kerr store_outbox_conflict(store *s, long long case_id, const char *step, int http_status,
                                const char *error)
{
    int64_t now = kclock_unix_ms(s->clk);
    enum kerr e = store_outbox_attempt(s, case_id, step, http_status, error, 0);
    if (e)
        return e;
    sqlite3_stmt *st = prep(s, "UPDATE outbox SET attempts = attempts + 1, conflict_ms = ?2, "
                               "last_error = ?3, last_attempt_ms = ?2 WHERE case_id = ?1");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, now);
    bind_text(st, 3, error);
    if ((e = step_done(s, st, "outbox conflict")) != K_OK)
        return e;
    char code[TRACKCODE_MAX];
    code_of(s, case_id, code);
    return store_audit(s, "sync", "conflict", code, error);
}

enum kerr store_outbox_retry_all(store *s, int *n)
{
    sqlite3_stmt *st = prep(s, "UPDATE outbox SET next_attempt_ms = ?1, attempts = 0, "
                               "conflict_ms = NULL WHERE delivered_ms IS NULL");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, kclock_unix_ms(s->clk));
    enum kerr e = step_done(s, st, "retry all");
    if (n)
        *n = e ? 0 : sqlite3_changes(s->db);
    if (!e)
        store_audit(s, "kioskctl", "queue_retry", NULL, NULL);
    return e;
}

static long long scalar(store *s, const char *sql)
{
    sqlite3_stmt *st = prep(s, sql);
    long long v = 0;
    if (st && sqlite3_step(st) == SQLITE_ROW)
        v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

enum kerr store_queue_stats(store *s, struct store_queue_stats *out)
{
    memset(out, 0, sizeof *out);
    out->queued = (int)scalar(s, "SELECT count(*) FROM outbox WHERE delivered_ms IS NULL");
    out->delivered = (int)scalar(s, "SELECT count(*) FROM outbox WHERE delivered_ms IS NOT NULL");
    out->purged = (int)scalar(s, "SELECT count(*) FROM cases WHERE purged_ms IS NOT NULL");
    out->oldest_queued_ms = scalar(s, "SELECT min(c.created_ms) FROM cases c JOIN outbox o ON "
                                      "o.case_id = c.id WHERE o.delivered_ms IS NULL");
    out->next_due_ms = scalar(s, "SELECT min(next_attempt_ms) FROM outbox WHERE delivered_ms IS "
                                 "NULL AND conflict_ms IS NULL");
    out->conflicts = (int)scalar(s, "SELECT count(*) FROM outbox WHERE delivered_ms IS NULL AND "
                                    "conflict_ms IS NOT NULL");
    if (out->conflicts) {
        sqlite3_stmt *c = prep(s, "SELECT c.code FROM outbox o JOIN cases c ON c.id = o.case_id "
                                  "WHERE o.delivered_ms IS NULL AND o.conflict_ms IS NOT NULL "
                                  "ORDER BY o.conflict_ms DESC, c.id DESC LIMIT 1");
        if (!c)
            return K_ERR_DB;
        if (sqlite3_step(c) == SQLITE_ROW)
            col_text(c, 0, out->conflict_code, sizeof out->conflict_code);
        sqlite3_finalize(c);
    }
    out->attempts_logged = scalar(s, "SELECT count(*) FROM attempts");
    sqlite3_stmt *st = prep(s, "SELECT error, at_ms FROM attempts WHERE error IS NOT NULL "
                               "ORDER BY id DESC LIMIT 1");
    if (!st)
        return K_ERR_DB;
    if (sqlite3_step(st) == SQLITE_ROW) {
        col_text(st, 0, out->last_error, sizeof out->last_error);
        out->last_error_ms = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return K_OK;
}

/* ---- statuses -------------------------------------------------------------------------------- */

enum kerr store_status_update(store *s, long long case_id, const struct store_matter *m, size_t n,
                              int64_t fetched_ms)
{
    enum kerr e = exec(s, "BEGIN IMMEDIATE");
    if (e)
        return e;
    for (size_t i = 0; i < n && !e; i++) {
        sqlite3_stmt *st = prep(s, "UPDATE matters SET status = ?3, status_ms = ?4 "
                                   "WHERE case_id = ?1 AND matter = ?2 AND status <> ?3");
        if (!st) {
            e = K_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, case_id);
        sqlite3_bind_int(st, 2, m[i].matter);
        bind_text(st, 3, m[i].status);
        sqlite3_bind_int64(st, 4, m[i].status_ms ? m[i].status_ms : fetched_ms);
        if ((e = step_done(s, st, "update status")) || sqlite3_changes(s->db) == 0)
            continue;
        st = prep(s, "INSERT INTO matter_history(case_id, matter, status, at_ms, source) "
                     "VALUES(?1, ?2, ?3, ?4, 'backend')");
        if (!st) {
            e = K_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, case_id);
        sqlite3_bind_int(st, 2, m[i].matter);
        bind_text(st, 3, m[i].status);
        sqlite3_bind_int64(st, 4, m[i].status_ms ? m[i].status_ms : fetched_ms);
        e = step_done(s, st, "status history");
    }
    if (!e) {
        sqlite3_stmt *st =
            prep(s, "INSERT INTO status_cache(case_id, fetched_ms) VALUES(?1, ?2) "
                    "ON CONFLICT(case_id) DO UPDATE SET fetched_ms = excluded.fetched_ms");
        if (!st)
            e = K_ERR_DB;
        else {
            sqlite3_bind_int64(st, 1, case_id);
            sqlite3_bind_int64(st, 2, fetched_ms);
            e = step_done(s, st, "status cache");
        }
    }
    if (!e)
        e = exec(s, "COMMIT");
    if (e)
        exec(s, "ROLLBACK");
    return e;
}

enum kerr store_recent_cases(store *s, int64_t since_ms, long long *ids, size_t max, size_t *n)
{
    *n = 0;
    sqlite3_stmt *st = prep(s, "SELECT id FROM cases WHERE state = 'delivered' AND "
                               "created_ms >= ?1 ORDER BY created_ms DESC, id DESC LIMIT ?2");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, since_ms);
    sqlite3_bind_int64(st, 2, (long long)max);
    while (sqlite3_step(st) == SQLITE_ROW && *n < max)
        ids[(*n)++] = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return K_OK;
}

/* ---- audit and device events --------------------------------------------------------------- */

enum kerr store_audit(store *s, const char *actor, const char *action, const char *code,
                      const char *detail)
{
    sqlite3_stmt *st = prep(s, "INSERT INTO audit(at_ms, actor, action, code, detail) "
                               "VALUES(?1, ?2, ?3, ?4, ?5)");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, kclock_unix_ms(s->clk));
    bind_text(st, 2, actor ? actor : "?");
    bind_text(st, 3, action);
    bind_text(st, 4, code);
    bind_text(st, 5, detail);
    return step_done(s, st, "audit");
}

enum kerr store_device_event(store *s, const char *device, const char *event, const char *detail)
{
    sqlite3_stmt *st = prep(s, "INSERT INTO device_events(at_ms, device, event, detail) "
                               "VALUES(?1, ?2, ?3, ?4)");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, kclock_unix_ms(s->clk));
    bind_text(st, 2, device);
    bind_text(st, 3, event);
    bind_text(st, 4, detail);
    return step_done(s, st, "device event");
}
