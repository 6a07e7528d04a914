/* server/hub.c: casehub's database, blobs, accounts and the case/matter rules (server/). */
#include "server/hub.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/core/trackcode.h"
#include "platform/utf8.h"
#include "platform/fsutil.h"
#include "server/alerts.h"
#include "server/caserules.h"
#include "server/policy.h"
#include "server/status.h"
#include "server/window.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

#define SESSION_MS (8LL * 3600 * 1000)

static const char schema[] =
    "PRAGMA journal_mode=WAL;"
    "CREATE TABLE IF NOT EXISTS kiosks(name TEXT PRIMARY KEY, token_hash TEXT UNIQUE NOT NULL,"
    " created_ms INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS users(name TEXT PRIMARY KEY, department TEXT NOT NULL,"
    " pw_hash TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS sessions(token_hash TEXT PRIMARY KEY, user TEXT NOT NULL,"
    " expires_ms INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS cases(id INTEGER PRIMARY KEY, uuid TEXT UNIQUE NOT NULL,"
    " code TEXT UNIQUE NOT NULL, kiosk TEXT NOT NULL, kiosk_id INTEGER NOT NULL,"
    " district TEXT NOT NULL, created_ms INTEGER NOT NULL, received_ms INTEGER NOT NULL,"
    " completed_ms INTEGER, token_hash TEXT NOT NULL, body_hash TEXT NOT NULL,"
    " form_json TEXT NOT NULL);"
    "CREATE TABLE IF NOT EXISTS case_matters(case_id INTEGER NOT NULL, matter INTEGER NOT NULL,"
    " department TEXT NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL DEFAULT '',"
    " updated_ms INTEGER NOT NULL, PRIMARY KEY(case_id, matter));"
    "CREATE INDEX IF NOT EXISTS case_matters_dept ON case_matters(department, status);"
    "CREATE TABLE IF NOT EXISTS case_attachments(case_id INTEGER NOT NULL, idx INTEGER NOT NULL,"
    " material INTEGER NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL, mime TEXT NOT "
    "NULL, PRIMARY KEY(case_id, idx));"
    "CREATE TABLE IF NOT EXISTS matter_history(id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL,"
    " matter INTEGER NOT NULL, status TEXT NOT NULL, note TEXT NOT NULL, actor TEXT NOT NULL,"
    " at_ms INTEGER NOT NULL);"
    "CREATE TABLE IF NOT EXISTS notifications(id INTEGER PRIMARY KEY, case_id INTEGER NOT NULL,"
    " matter INTEGER NOT NULL, phone TEXT NOT NULL, text TEXT NOT NULL, created_ms INTEGER NOT "
    "NULL, sent_ms INTEGER, attempts INTEGER NOT NULL DEFAULT 0);";

static enum kerr migrate(struct hub *h);

int64_t hub_now_ms(void)
{
    const char *fake = getenv("CASEHUB_NOW_MS");
    long v;
    if (fake && str_to_long(fake, 0, 0x7fffffffffffffffL, &v))
        return v;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

struct cdate hub_beijing_date(int64_t ms)
{
    long long s = ms / 1000 + 8 * 3600;
    long days = (long)(s / 86400);
    if (s < 0 && s % 86400)
        days--;
    return cdate_from_days(days);
}

bool hub_hex64(const char *s, char out[65])
{
    if (!s || strlen(s) != 64)
        return false;
    for (int i = 0; i < 64; i++) {
        if (!isxdigit((unsigned char)s[i]))
            return false;
        out[i] = (char)tolower((unsigned char)s[i]);
    }
    out[64] = '\0';
    return true;
}

bool hub_utf8_ok(const char *p, size_t n)
{
    if (!p)
        return n == 0;
    /* Exactly n bytes are read: a body need not be NUL-terminated (the fuzz replay's is not). */
    for (size_t i = 0; i < n;) {
        uint32_t cp = 0;
        size_t l = utf8_decode(p + i, n - i, &cp);
        if (l == 0 || cp == 0)
            return false; /* not UTF-8, or a NUL inside */
        i += l;
    }
    return true;
}

bool hub_streq_ct(const char *a, const char *b)
{
    unsigned char ha[32], hb[32];
    crypto_hash_sha256(ha, (const unsigned char *)a, strlen(a));
    crypto_hash_sha256(hb, (const unsigned char *)b, strlen(b));
    return sodium_memcmp(ha, hb, sizeof ha) == 0;
}

static void sha256_hex(const void *p, size_t n, char out[65])
{
    unsigned char d[32];
    crypto_hash_sha256(d, p, n);
    sodium_bin2hex(out, 65, d, sizeof d);
}

static void set_err(char *err, size_t n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void set_err(char *err, size_t n, const char *fmt, ...)
{
    if (!err || !n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
}

enum kerr hub_open(struct hub *h, const char *data_dir, const char *service_path,
                   const char *calendar_dir, char *err, size_t errlen)
{
    memset(h, 0, sizeof *h);
    pthread_mutex_init(&h->lock, NULL);
    if (sodium_init() < 0) {
        set_err(err, errlen, "E720: libsodium failed to initialise%s", "");
        return K_ERR_CRYPTO;
    }
    if (!str_copy(h->data, sizeof h->data, data_dir) || fs_mkdir_p(data_dir, 0700) != K_OK) {
        set_err(err, errlen, "E721: cannot create data folder %s", data_dir);
        return K_ERR_IO;
    }
    snprintf(h->blobdir, sizeof h->blobdir, "%s/blobs", data_dir);
    if (fs_mkdir_p(h->blobdir, 0700) != K_OK) {
        set_err(err, errlen, "E721: cannot create %s", h->blobdir);
        return K_ERR_IO;
    }
    char path[700];
    snprintf(path, sizeof path, "%s/casehub.db", data_dir);
    if (sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        set_err(err, errlen, "E722: cannot open database %s", path);
        return K_ERR_DB;
    }
    sqlite3_busy_timeout(h->db, 10000);
    char *msg = NULL;
    if (sqlite3_exec(h->db, schema, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(h->db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", NULL, NULL, NULL) !=
            SQLITE_OK) {
        set_err(err, errlen, "E722: database schema: %s", msg ? msg : sqlite3_errmsg(h->db));
        sqlite3_free(msg);
        return K_ERR_DB;
    }
    if (migrate(h) != K_OK) {
        set_err(err, errlen, "E722: database schema: %s", sqlite3_errmsg(h->db));
        return K_ERR_DB;
    }
    if (window_schema(h, err, errlen) != K_OK)
        return K_ERR_DB;
    char e2[512];
    if (service_load(service_path, &h->svc, e2, sizeof e2) != K_OK) {
        set_err(err, errlen, "%s", e2);
        return K_ERR_INVALID;
    }
    if (calendar_load_dir(calendar_dir, &h->cal, e2, sizeof e2) != K_OK) {
        set_err(err, errlen, "%s", e2);
        return K_ERR_INVALID;
    }
    return K_OK;
}

void hub_close(struct hub *h)
{
    if (h->db)
        sqlite3_close(h->db);
    h->db = NULL;
    service_free(&h->svc);
    calendar_destroy(h->cal);
    h->cal = NULL;
    notifier_destroy(h->notifier);
    h->notifier = NULL;
    policy_destroy(h->policy);
    h->policy = NULL;
    pthread_mutex_destroy(&h->lock);
}

/* ---- small SQLite helpers (called with the lock held) ---- */

static sqlite3_stmt *prep(struct hub *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
        log_error("casehub", "E723: prepare failed: %s", sqlite3_errmsg(h->db));
        return NULL;
    }
    return st;
}

static bool exec(struct hub *h, const char *sql)
{
    return sqlite3_exec(h->db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

/* Add a column to an existing table unless it is there already (databases made by older
 * casehubs); lock not needed (hub_open). */
static bool add_column(struct hub *h, const char *table, const char *column, const char *decl)
{
    char sql[300];
    snprintf(sql, sizeof sql, "SELECT 1 FROM pragma_table_info('%s') WHERE name = '%s'", table,
             column);
    sqlite3_stmt *st = prep(h, sql);
    if (!st)
        return false;
    bool there = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (there)
        return true;
    snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN %s %s", table, column, decl);
    return exec(h, sql);
}

/* Columns and indexes added after the first release (the schema above stays as it was, so
 * that old databases open): a kiosk's number (its tracking codes' kiosk part, bound at
 * `kiosk add --number` or by its first case), a disabled flag for staff. */
static enum kerr migrate(struct hub *h)
{
    bool ok = add_column(h, "kiosks", "number", "INTEGER") &&
              exec(h, "CREATE UNIQUE INDEX IF NOT EXISTS kiosks_number ON kiosks(number)") &&
              add_column(h, "users", "disabled", "INTEGER NOT NULL DEFAULT 0") &&
              exec(h, "CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user)") &&
              alerts_migrate(h) == K_OK;
    return ok ? K_OK : K_ERR_DB;
}

static void random_token(char *out, size_t n, size_t bytes)
{
    unsigned char r[48];
    if (bytes > sizeof r)
        bytes = sizeof r;
    randombytes_buf(r, bytes);
    sodium_bin2base64(out, n, r, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(r, sizeof r);
}

/* ---- kiosks ---- */

enum kerr hub_kiosk_add(struct hub *h, const char *name, long number, char *token, size_t n,
                        char *err, size_t errlen)
{
    if (!name || !name[0] || strlen(name) > 64) {
        set_err(err, errlen, "E724: kiosk name must be 1..64 bytes%s", "");
        return K_ERR_INVALID;
    }
    if (number < 0 || number > TRACKCODE_KIOSK_MAX) {
        set_err(err, errlen, "E780: a kiosk number is 1..%ld", TRACKCODE_KIOSK_MAX);
        return K_ERR_INVALID;
    }
    random_token(token, n, 32);
    char hash[65];
    sha256_hex(token, strlen(token), hash);
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st =
        prep(h, "INSERT INTO kiosks(name, token_hash, created_ms, number) VALUES(?,?,?,?)");
    enum kerr e = K_ERR_DB;
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, hub_now_ms());
        if (number > 0)
            sqlite3_bind_int64(st, 4, number);
        else
            sqlite3_bind_null(st, 4);
        int rc = sqlite3_step(st);
        e = rc == SQLITE_DONE ? K_OK : rc == SQLITE_CONSTRAINT ? K_ERR_EXISTS : K_ERR_DB;
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&h->lock);
    if (e == K_ERR_EXISTS)
        set_err(err, errlen, "E725: kiosk %s exists, or another kiosk has number %ld", name,
                number);
    else if (e)
        set_err(err, errlen, "E723: database error%s", "");
    return e;
}

enum kerr hub_kiosk_auth(struct hub *h, const char *token, char *name, size_t n)
{
    if (!token || !token[0] || strlen(token) > 200)
        return K_ERR_AUTH;
    char hash[65];
    sha256_hex(token, strlen(token), hash);
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st = prep(h, "SELECT name FROM kiosks WHERE token_hash = ?");
    enum kerr e = K_ERR_AUTH;
    if (st) {
        sqlite3_bind_text(st, 1, hash, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            str_copy(name, n, (const char *)sqlite3_column_text(st, 0));
            e = K_OK;
        }
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&h->lock);
    return e;
}

char *hub_kiosk_list(struct hub *h)
{
    size_t cap = 256, len = 0;
    char *out = xcalloc(1, cap);
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st = prep(h, "SELECT name, number FROM kiosks ORDER BY name");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        char line[128];
        if (sqlite3_column_type(st, 1) == SQLITE_NULL)
            snprintf(line, sizeof line, "%s\t-\n", (const char *)sqlite3_column_text(st, 0));
        else
            snprintf(line, sizeof line, "%s\t%lld\n", (const char *)sqlite3_column_text(st, 0),
                     (long long)sqlite3_column_int64(st, 1));
        size_t k = strlen(line);
        if (len + k + 1 > cap) {
            cap = (len + k + 1) * 2;
            out = xrealloc(out, cap);
        }
        memcpy(out + len, line, k + 1);
        len += k;
    }
    sqlite3_finalize(st);
    pthread_mutex_unlock(&h->lock);
    return out;
}

enum kerr hub_kiosk_revoke(struct hub *h, const char *name)
{
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st = prep(h, "DELETE FROM kiosks WHERE name = ?");
    enum kerr e = K_ERR_DB;
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        e = sqlite3_step(st) == SQLITE_DONE ? (sqlite3_changes(h->db) ? K_OK : K_ERR_NOT_FOUND)
                                            : K_ERR_DB;
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&h->lock);
    return e;
}

/* ---- staff ---- */

/* Remove every session of a user (lock held): password change, disable, remove. */
static bool drop_sessions(struct hub *h, const char *name)
{
    sqlite3_stmt *st = prep(h, "DELETE FROM sessions WHERE user = ?");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

enum kerr hub_user_add(struct hub *h, const char *name, const char *department,
                       const char *password, char *err, size_t errlen)
{
    if (!name || !name[0] || strlen(name) > 64) {
        set_err(err, errlen, "E726: user name must be 1..64 bytes%s", "");
        return K_ERR_INVALID;
    }
    if (!service_department(&h->svc, department) && !window_is(department)) {
        set_err(err, errlen, "E727: no department '%s' in the service definition", department);
        return K_ERR_INVALID;
    }
    if (!password || strlen(password) < 8 || strlen(password) > 256) {
        set_err(err, errlen, "E728: the password must be 8..256 bytes%s", "");
        return K_ERR_INVALID;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, strlen(password), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0) {
        set_err(err, errlen, "E720: password hashing failed (out of memory)%s", "");
        return K_ERR_CRYPTO;
    }
    /* an existing name gets the new password and department: its sessions end with the old
     * password (one transaction, so no session outlives the change) */
    pthread_mutex_lock(&h->lock);
    enum kerr e = K_ERR_DB;
    sqlite3_stmt *st = NULL;
    if (!exec(h, "BEGIN IMMEDIATE"))
        goto out;
    st = prep(h, "INSERT OR REPLACE INTO users(name, department, pw_hash, disabled) "
                 "VALUES(?,?,?,0)");
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, department, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, hash, -1, SQLITE_TRANSIENT);
        e = sqlite3_step(st) == SQLITE_DONE ? K_OK : K_ERR_DB;
        sqlite3_finalize(st);
    }
    if (e == K_OK && !drop_sessions(h, name))
        e = K_ERR_DB;
    if (e != K_OK || !exec(h, "COMMIT")) {
        exec(h, "ROLLBACK");
        e = K_ERR_DB;
    }
out:
    pthread_mutex_unlock(&h->lock);
    sodium_memzero(hash, sizeof hash);
    if (e)
        set_err(err, errlen, "E723: database error%s", "");
    return e;
}

/* An argon2id hash of a random password with the limits of real ones, made once: unknown and
 * disabled users are verified against it, so that a login costs the same work whether the
 * name exists or not (no user enumeration by timing). */
static char dummy_hash[crypto_pwhash_STRBYTES];
static pthread_once_t dummy_once = PTHREAD_ONCE_INIT;

static void make_dummy_hash(void)
{
    char pw[33];
    random_token(pw, sizeof pw, 24);
    if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        dummy_hash[0] = '\0';
    sodium_memzero(pw, sizeof pw);
}

enum kerr hub_user_remove(struct hub *h, const char *name)
{
    pthread_mutex_lock(&h->lock);
    enum kerr e = K_ERR_DB;
    sqlite3_stmt *st = NULL;
    if (!exec(h, "BEGIN IMMEDIATE"))
        goto out;
    st = prep(h, "DELETE FROM users WHERE name = ?");
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_DONE)
            e = sqlite3_changes(h->db) ? K_OK : K_ERR_NOT_FOUND;
        sqlite3_finalize(st);
    }
    if (e == K_OK && !drop_sessions(h, name))
        e = K_ERR_DB;
    if (e == K_OK && exec(h, "COMMIT"))
        goto out;
    exec(h, "ROLLBACK");
    if (e == K_OK)
        e = K_ERR_DB;
out:
    pthread_mutex_unlock(&h->lock);
    return e;
}

enum kerr hub_user_disable(struct hub *h, const char *name, bool disabled)
{
    pthread_mutex_lock(&h->lock);
    enum kerr e = K_ERR_DB;
    sqlite3_stmt *st = NULL;
    if (!exec(h, "BEGIN IMMEDIATE"))
        goto out;
    st = prep(h, "UPDATE users SET disabled = ? WHERE name = ?");
    if (st) {
        sqlite3_bind_int(st, 1, disabled ? 1 : 0);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_DONE)
            e = sqlite3_changes(h->db) ? K_OK : K_ERR_NOT_FOUND;
        sqlite3_finalize(st);
    }
    if (e == K_OK && disabled && !drop_sessions(h, name))
        e = K_ERR_DB;
    if (e == K_OK && exec(h, "COMMIT"))
        goto out;
    exec(h, "ROLLBACK");
    if (e == K_OK)
        e = K_ERR_DB;
out:
    pthread_mutex_unlock(&h->lock);
    return e;
}

enum kerr hub_login(struct hub *h, const char *name, const char *password, char *session, size_t n)
{
    char hash[crypto_pwhash_STRBYTES] = "";
    bool usable = false;
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st = prep(h, "SELECT pw_hash, disabled FROM users WHERE name = ?");
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_ROW) {
            str_copy(hash, sizeof hash, (const char *)sqlite3_column_text(st, 0));
            usable = sqlite3_column_int(st, 1) == 0;
        }
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&h->lock);
    /* the password is hashed (slow) outside the lock; the same work for unknown and disabled
     * users, whose answer is the same K_ERR_AUTH */
    if (!hash[0] || !usable) {
        pthread_once(&dummy_once, make_dummy_hash);
        if (dummy_hash[0] && crypto_pwhash_str_verify(dummy_hash, password, strlen(password)) == 0)
            log_warn("casehub", "a login matched the dummy hash");
        sodium_memzero(hash, sizeof hash);
        return K_ERR_AUTH;
    }
    if (crypto_pwhash_str_verify(hash, password, strlen(password)) != 0)
        return K_ERR_AUTH;
    unsigned char r[32];
    randombytes_buf(r, sizeof r);
    if (n < 65)
        return K_ERR_INVALID;
    sodium_bin2hex(session, n, r, sizeof r);
    char th[65];
    sha256_hex(session, strlen(session), th);
    pthread_mutex_lock(&h->lock);
    enum kerr e = K_ERR_DB;
    st = prep(h, "DELETE FROM sessions WHERE expires_ms <= ?"); /* forget expired ones */
    if (st) {
        sqlite3_bind_int64(st, 1, hub_now_ms());
        sqlite3_step(st);
        sqlite3_finalize(st);
    }
    st = prep(h, "INSERT INTO sessions(token_hash, user, expires_ms) VALUES(?,?,?)");
    if (st) {
        sqlite3_bind_text(st, 1, th, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, hub_now_ms() + SESSION_MS);
        e = sqlite3_step(st) == SQLITE_DONE ? K_OK : K_ERR_DB;
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&h->lock);
    return e;
}

enum kerr hub_session(struct hub *h, const char *session, char *user, size_t un, char *dept,
                      size_t dn)
{
    if (!session || strlen(session) != 64)
        return K_ERR_AUTH;
    char th[65];
    sha256_hex(session, strlen(session), th);
    pthread_mutex_lock(&h->lock);
    enum kerr e = K_ERR_AUTH;
    sqlite3_stmt *st = prep(h, "SELECT s.user, u.department FROM sessions s JOIN users u ON "
                               "u.name = s.user WHERE s.token_hash = ? AND s.expires_ms > ? "
                               "AND u.disabled = 0");
    if (st) {
        sqlite3_bind_text(st, 1, th, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, hub_now_ms());
        if (sqlite3_step(st) == SQLITE_ROW) {
            str_copy(user, un, (const char *)sqlite3_column_text(st, 0));
            str_copy(dept, dn, (const char *)sqlite3_column_text(st, 1));
            e = K_OK;
        }
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&h->lock);
    return e;
}

void hub_logout(struct hub *h, const char *session)
{
    if (!session)
        return;
    char th[65];
    sha256_hex(session, strlen(session), th);
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st = prep(h, "DELETE FROM sessions WHERE token_hash = ?");
    if (st) {
        sqlite3_bind_text(st, 1, th, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&h->lock);
}

/* ---- answers ---- */

void hub_answer_error(struct hub_answer *a, int status, const char *code, const char *msg)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", code);
    cJSON_AddStringToObject(o, "message", msg);
    char *t = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    a->status = status;
    a->body = xstrdup(t);
    cJSON_free(t);
}

static void answer_json(struct hub_answer *a, int status, cJSON *o)
{
    char *t = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    a->status = status;
    a->body = xstrdup(t);
    cJSON_free(t);
}

/* ---- blobs ---- */

void hub_blob_path(const struct hub *h, const char *sha256, char *out, size_t n)
{
    snprintf(out, n, "%s/%.2s/%s", h->blobdir, sha256, sha256);
}

bool hub_blob_has(const struct hub *h, const char *sha256, long long *size)
{
    char p[800];
    hub_blob_path(h, sha256, p, sizeof p);
    struct stat sb;
    if (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode))
        return false;
    if (size)
        *size = (long long)sb.st_size;
    return true;
}

/* ---- cases ---- */

static bool uuid_ok(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

static bool token_ok(const char *t)
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    if (strlen(t) != TRACKCODE_TOKEN_LEN)
        return false;
    for (size_t i = 0; t[i]; i++)
        if (!strchr(alphabet, toupper((unsigned char)t[i])))
            return false;
    return true;
}

static bool is_int(const cJSON *j, double lo, double hi)
{
    return cJSON_IsNumber(j) && j->valuedouble >= lo && j->valuedouble <= hi &&
           j->valuedouble == (double)(long long)j->valuedouble;
}

static bool keys_known(const cJSON *o, const char *const *keys, char *bad, size_t n)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, o)
    {
        bool found = false;
        for (size_t i = 0; keys[i]; i++)
            if (it->string && strcmp(it->string, keys[i]) == 0)
                found = true;
        if (!found) {
            snprintf(bad, n, "field '%.64s' is not known here", it->string ? it->string : "");
            return false;
        }
    }
    return true;
}

/* Missing blobs of a case as a JSON array (lock held). */
static cJSON *missing_of(struct hub *h, long long case_id)
{
    cJSON *arr = cJSON_CreateArray();
    sqlite3_stmt *st =
        prep(h, "SELECT DISTINCT sha256 FROM case_attachments WHERE case_id = ? ORDER BY idx");
    if (!st)
        return arr;
    sqlite3_bind_int64(st, 1, case_id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        if (!hub_blob_has(h, s, NULL))
            cJSON_AddItemToArray(arr, cJSON_CreateString(s));
    }
    sqlite3_finalize(st);
    return arr;
}

static const char *const case_keys[] = {"uuid",       "code",    "token", "kiosk_id",    "district",
                                        "created_ms", "matters", "form",  "attachments", NULL};
static const char *const att_keys[] = {"material", "sha256", "size", "mime", NULL};

/* Keys the kiosk adds to the answers (app/screens/submit.c, app/ctl/sample.c), with the one
 * shape each may take. */
static bool meta_key_ok(const cJSON *item)
{
    const char *k = item->string;
    const char *v = cJSON_IsString(item) ? item->valuestring : NULL;
    if (strcmp(k, "sample") == 0) /* kioskctl's sample cases */
        return cJSON_IsBool(item);
    if (strcmp(k, "signature_sha256") == 0) { /* what the applicant's signature confirms */
        char hex[65];
        return v && (!v[0] || hub_hex64(v, hex));
    }
    if (strcmp(k, "materials_missing") == 0) /* material numbers brought on paper, "1,2" */
        return v && strspn(v, "0123456789,") == strlen(v);
    return false;
}

/* A form key the service definition knows: a field id, "answer.<question id>" (the kiosk's
 * answers to the service's questions, session_form_json) or one of the kiosk's own keys
 * (meta_key_ok). */
static bool form_key_known(const struct service *svc, const cJSON *item)
{
    const char *k = item->string;
    if (!k)
        return false;
    if (service_field(svc, k))
        return true;
    if (strncmp(k, "answer.", 7) == 0) {
        for (size_t i = 0; i < svc->n_questions; i++)
            if (strcmp(svc->questions[i].id, k + 7) == 0)
                return true;
        return false;
    }
    return meta_key_ok(item);
}

/* Strict check of a case body; on failure fills a (400) and returns false. */
static bool check_case(struct hub *h, const cJSON *j, const char *idem, struct hub_answer *a)
{
    char bad[160];
    if (!cJSON_IsObject(j)) {
        hub_answer_error(a, 400, "bad_json", "the body is not a JSON object");
        return false;
    }
    if (!keys_known(j, case_keys, bad, sizeof bad)) {
        hub_answer_error(a, 400, "unknown_field", bad);
        return false;
    }
    for (size_t i = 0; case_keys[i]; i++)
        if (!cJSON_GetObjectItemCaseSensitive(j, case_keys[i])) {
            snprintf(bad, sizeof bad, "field '%s' is required", case_keys[i]);
            hub_answer_error(a, 400, "missing_field", bad);
            return false;
        }
    const cJSON *uuid = cJSON_GetObjectItemCaseSensitive(j, "uuid");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(j, "code");
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(j, "token");
    const cJSON *kid = cJSON_GetObjectItemCaseSensitive(j, "kiosk_id");
    const cJSON *dis = cJSON_GetObjectItemCaseSensitive(j, "district");
    const cJSON *cms = cJSON_GetObjectItemCaseSensitive(j, "created_ms");
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(j, "matters");
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(j, "form");
    const cJSON *atts = cJSON_GetObjectItemCaseSensitive(j, "attachments");
    if (!cJSON_IsString(uuid) || !uuid_ok(uuid->valuestring)) {
        hub_answer_error(a, 400, "bad_field", "uuid must be a UUID (8-4-4-4-12 hex)");
        return false;
    }
    if (!idem || strcmp(idem, uuid->valuestring) != 0) {
        hub_answer_error(a, 400, "bad_request", "Idempotency-Key must be present and equal uuid");
        return false;
    }
    long kiosk_num, seq;
    if (!is_int(kid, 1, TRACKCODE_KIOSK_MAX)) {
        hub_answer_error(a, 400, "bad_field", "kiosk_id must be an integer 1..1048575");
        return false;
    }
    if (!cJSON_IsString(code) || !trackcode_split(code->valuestring, &kiosk_num, &seq)) {
        hub_answer_error(a, 400, "bad_code", "code is not a valid tracking code");
        return false;
    }
    if (kiosk_num != (long)kid->valuedouble) {
        hub_answer_error(a, 400, "bad_code", "the code's kiosk number is not kiosk_id");
        return false;
    }
    if (!cJSON_IsString(tok) || !token_ok(tok->valuestring)) {
        hub_answer_error(a, 400, "bad_field", "token must be 16 Crockford base-32 characters");
        return false;
    }
    if (!cJSON_IsString(dis) || !service_district(&h->svc, dis->valuestring)) {
        hub_answer_error(a, 400, "bad_field", "district is not a district of the service");
        return false;
    }
    if (!is_int(cms, 1, 1e15)) {
        hub_answer_error(a, 400, "bad_field", "created_ms must be a positive integer");
        return false;
    }
    if (!cJSON_IsArray(ms) || cJSON_GetArraySize(ms) < 1 ||
        cJSON_GetArraySize(ms) > (int)h->svc.n_matters) {
        hub_answer_error(a, 400, "bad_field", "matters must list 1..N matter numbers");
        return false;
    }
    bool seen[64] = {false};
    const cJSON *m;
    cJSON_ArrayForEach(m, ms)
    {
        if (!is_int(m, 1, (double)h->svc.n_matters) || h->svc.n_matters > 64 ||
            seen[(int)m->valuedouble - 1]) {
            hub_answer_error(a, 400, "bad_field", "matters must be distinct numbers 1..N");
            return false;
        }
        seen[(int)m->valuedouble - 1] = true;
    }
    if (!cJSON_IsObject(form) || cJSON_GetArraySize(form) > 200) {
        hub_answer_error(a, 400, "bad_field", "form must be an object of at most 200 answers");
        return false;
    }
    const cJSON *f;
    cJSON_ArrayForEach(f, form)
    {
        if (!form_key_known(&h->svc, f)) {
            snprintf(bad, sizeof bad, "form field '%.64s' is not a field of the service definition",
                     f->string ? f->string : "");
            hub_answer_error(a, 400, "unknown_field", bad);
            return false;
        }
        if (!(cJSON_IsString(f) && strlen(f->valuestring) <= 2000) && !cJSON_IsBool(f) &&
            !cJSON_IsNumber(f)) {
            hub_answer_error(a, 400, "bad_field", "form values must be strings of <= 2000 bytes");
            return false;
        }
    }
    if (!cJSON_IsArray(atts) || cJSON_GetArraySize(atts) > HUB_MAX_ATTACH) {
        hub_answer_error(a, 400, "bad_field", "attachments must be an array of at most 64");
        return false;
    }
    const cJSON *at;
    int signatures = 0;
    cJSON_ArrayForEach(at, atts)
    {
        char hex[65];
        if (!cJSON_IsObject(at) || !keys_known(at, att_keys, bad, sizeof bad)) {
            hub_answer_error(a, 400, "unknown_field", cJSON_IsObject(at) ? bad : "bad attachment");
            return false;
        }
        const cJSON *mat = cJSON_GetObjectItemCaseSensitive(at, "material");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(at, "sha256");
        const cJSON *sz = cJSON_GetObjectItemCaseSensitive(at, "size");
        const cJSON *mime = cJSON_GetObjectItemCaseSensitive(at, "mime");
        /* material 0: the applicant's signature, one PNG at most (docs/api.md) */
        bool sig = is_int(mat, 0, 0);
        if (sig && (signatures++ || !cJSON_IsString(mime) ||
                    strcmp(mime->valuestring, "image/png") != 0)) {
            hub_answer_error(a, 400, "bad_field", "one signature (material 0) at most, a PNG");
            return false;
        }
        if (!sig &&
            (!is_int(mat, 1, 999) || !service_material_by_number(&h->svc, (int)mat->valuedouble))) {
            hub_answer_error(a, 400, "bad_field", "attachment material is not a material number");
            return false;
        }
        if (!cJSON_IsString(sha) || !hub_hex64(sha->valuestring, hex)) {
            hub_answer_error(a, 400, "bad_hash", "attachment sha256 must be 64 hex characters");
            return false;
        }
        if (!is_int(sz, 1, HUB_MAX_BLOB)) {
            hub_answer_error(a, 400, "bad_field", "attachment size must be 1..33554432");
            return false;
        }
        if (!cJSON_IsString(mime) || (strcmp(mime->valuestring, "image/jpeg") != 0 &&
                                      strcmp(mime->valuestring, "image/png") != 0 &&
                                      strcmp(mime->valuestring, "application/pdf") != 0)) {
            hub_answer_error(a, 400, "bad_field", "attachment mime must be image/jpeg|png or pdf");
            return false;
        }
    }
    return true;
}

/* The service's rules on the answers: a case that asks for a matter its own answers block
 * is refused (422 matter_blocked), so that nothing the plan forbids enters a to-do list. */
static bool check_rules(struct hub *h, const cJSON *j, struct hub_answer *a)
{
    struct caserules_block why;
    if (!caserules_blocked(&h->svc, cJSON_GetObjectItemCaseSensitive(j, "form"),
                           cJSON_GetObjectItemCaseSensitive(j, "matters"), &why))
        return true;
    char msg[300];
    const char *mid = why.matter ? h->svc.matters[why.matter - 1].id : "*";
    snprintf(msg, sizeof msg, "E760: the answer %.64s=%.64s blocks matter %d (%.64s)",
             why.question ? why.question : "?", why.answer ? why.answer : "?", why.matter, mid);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", "matter_blocked");
    cJSON_AddStringToObject(o, "message", msg);
    cJSON_AddNumberToObject(o, "matter", why.matter);
    cJSON_AddStringToObject(o, "question", why.question ? why.question : "");
    answer_json(a, 422, o);
    return false;
}

static long long case_id_by(struct hub *h, const char *col, const char *val, char *body_hash,
                            char *kiosk, size_t kn)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT id, body_hash, kiosk FROM cases WHERE %s = ?", col);
    sqlite3_stmt *st = prep(h, sql);
    long long id = 0;
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, val, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        if (body_hash)
            str_copy(body_hash, 65, (const char *)sqlite3_column_text(st, 1));
        if (kiosk)
            str_copy(kiosk, kn, (const char *)sqlite3_column_text(st, 2));
    }
    sqlite3_finalize(st);
    return id;
}

static cJSON *create_answer(struct hub *h, long long id, const char *uuid, const char *code)
{
    cJSON *o = cJSON_CreateObject();
    char grouped[TRACKCODE_MAX];
    trackcode_group(code, grouped);
    cJSON_AddStringToObject(o, "uuid", uuid);
    cJSON_AddStringToObject(o, "code", grouped);
    cJSON *miss = missing_of(h, id);
    sqlite3_stmt *st = prep(h, "SELECT completed_ms FROM cases WHERE id = ?");
    bool done = false;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        done = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
        sqlite3_finalize(st);
    }
    cJSON_AddStringToObject(o, "state", done ? "submitted" : "receiving");
    cJSON_AddItemToObject(o, "missing", miss);
    return o;
}

/* A kiosk token creates cases only under its own kiosk number: the number given at `kiosk add
 * --number`, else the one of its first case (bound then, unless another kiosk holds it).
 * Lock held. K_OK, K_ERR_AUTH (another kiosk's number) or K_ERR_DB. */
static enum kerr kiosk_number_ok(struct hub *h, const char *kiosk, long number)
{
    sqlite3_stmt *st = prep(h, "SELECT number FROM kiosks WHERE name = ?");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_text(st, 1, kiosk, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    bool bound = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    long long have = bound ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? K_ERR_AUTH : K_ERR_DB; /* revoked meanwhile */
    if (bound)
        return have == number ? K_OK : K_ERR_AUTH;
    st = prep(h, "UPDATE kiosks SET number = ? WHERE name = ? AND number IS NULL");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, number);
    sqlite3_bind_text(st, 2, kiosk, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_CONSTRAINT)
        return K_ERR_AUTH; /* another kiosk has this number */
    if (rc != SQLITE_DONE)
        return K_ERR_DB;
    log_info("casehub", "kiosk %s bound to number %ld by its first case", kiosk, number);
    return K_OK;
}

void hub_case_create(struct hub *h, const char *kiosk, const char *idem_key, const char *body,
                     size_t len, struct hub_answer *a)
{
    memset(a, 0, sizeof *a);
    if (!hub_utf8_ok(body, len)) {
        hub_answer_error(a, 400, "bad_request", "the body is not valid UTF-8");
        return;
    }
    cJSON *j = cJSON_ParseWithLength(body, len);
    if (!j) {
        hub_answer_error(a, 400, "bad_json", "the body is not valid JSON");
        return;
    }
    if (!check_case(h, j, idem_key, a) || !check_rules(h, j, a)) {
        cJSON_Delete(j);
        return;
    }
    char body_hash[65], old_hash[65] = "";
    sha256_hex(body, len, body_hash);
    const char *uuid = cJSON_GetObjectItemCaseSensitive(j, "uuid")->valuestring;
    char code[TRACKCODE_MAX], tokn[TRACKCODE_MAX];
    trackcode_normalize(cJSON_GetObjectItemCaseSensitive(j, "code")->valuestring, code);
    /* tokens are compared upper-case: normalise the same way as codes (no dashes) */
    const char *tok = cJSON_GetObjectItemCaseSensitive(j, "token")->valuestring;
    size_t k = 0;
    for (; tok[k] && k + 1 < sizeof tokn; k++)
        tokn[k] = (char)toupper((unsigned char)tok[k]);
    tokn[k] = '\0';
    char tok_hash[65];
    sha256_hex(tokn, strlen(tokn), tok_hash);

    pthread_mutex_lock(&h->lock);
    enum kerr ke = kiosk_number_ok(
        h, kiosk, (long)cJSON_GetObjectItemCaseSensitive(j, "kiosk_id")->valuedouble);
    if (ke != K_OK) {
        if (ke == K_ERR_AUTH)
            hub_answer_error(a, 403, "forbidden",
                             "the code's kiosk number is not this kiosk token's number");
        else
            hub_answer_error(a, 503, "unavailable", "database error");
        goto out;
    }
    long long id = case_id_by(h, "uuid", uuid, old_hash, NULL, 0);
    if (id > 0) {
        if (strcmp(old_hash, body_hash) != 0)
            hub_answer_error(a, 409, "conflict",
                             "this Idempotency-Key was used with a different body");
        else
            answer_json(a, 200, create_answer(h, id, uuid, code));
        goto out;
    }
    /* a new case's submission time must be plausible against the time it arrives (retries of
     * an accepted one are answered above whatever their age): it sets the deadline */
    int64_t created = (int64_t)cJSON_GetObjectItemCaseSensitive(j, "created_ms")->valuedouble;
    int64_t received = hub_now_ms();
    if (id == 0 && created > received + HUB_CREATED_AHEAD_MS) {
        hub_answer_error(a, 400, "bad_field",
                         "created_ms is more than 15 minutes ahead of casehub's clock (check the "
                         "kiosk's clock)");
        goto out;
    }
    if (id == 0 && created < received - HUB_CREATED_AGE_MS) {
        hub_answer_error(a, 400, "bad_field", "created_ms is more than 5 years before now");
        goto out;
    }
    if (id < 0 || case_id_by(h, "code", code, NULL, NULL, 0) != 0) {
        if (id < 0)
            hub_answer_error(a, 503, "unavailable", "database error");
        else
            hub_answer_error(a, 409, "conflict", "this code belongs to another case");
        goto out;
    }
    if (!exec(h, "BEGIN IMMEDIATE")) {
        hub_answer_error(a, 503, "unavailable", "database busy");
        goto out;
    }
    int64_t now = hub_now_ms();
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(j, "form");
    char *form_text = cJSON_PrintUnformatted(form);
    sqlite3_stmt *st = prep(h, "INSERT INTO cases(uuid, code, kiosk, kiosk_id, district, "
                               "created_ms, received_ms, token_hash, body_hash, form_json) "
                               "VALUES(?,?,?,?,?,?,?,?,?,?)");
    bool ok = st != NULL && form_text != NULL && strlen(form_text) <= HUB_MAX_FORM;
    if (ok) {
        sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, kiosk, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(
            st, 4, (sqlite3_int64)cJSON_GetObjectItemCaseSensitive(j, "kiosk_id")->valuedouble);
        sqlite3_bind_text(st, 5, cJSON_GetObjectItemCaseSensitive(j, "district")->valuestring, -1,
                          SQLITE_TRANSIENT);
        sqlite3_bind_int64(
            st, 6, (sqlite3_int64)cJSON_GetObjectItemCaseSensitive(j, "created_ms")->valuedouble);
        sqlite3_bind_int64(st, 7, now);
        sqlite3_bind_text(st, 8, tok_hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 9, body_hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 10, form_text, -1, SQLITE_TRANSIENT);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    bool form_too_big = form_text && strlen(form_text) > HUB_MAX_FORM;
    cJSON_free(form_text);
    sqlite3_finalize(st);
    id = sqlite3_last_insert_rowid(h->db);
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(j, "matters"))
    {
        if (!ok)
            break;
        int num = (int)m->valuedouble;
        const struct service_matter *sm = &h->svc.matters[num - 1];
        const struct service_department *d = service_matter_department(&h->svc, sm);
        st = prep(h, "INSERT INTO case_matters(case_id, matter, department, status, updated_ms) "
                     "VALUES(?,?,?, 'submitted', ?)");
        ok = st != NULL;
        if (ok) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int(st, 2, num);
            sqlite3_bind_text(st, 3, d ? d->id : "", -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 4, now);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
    }
    int idx = 0;
    const cJSON *at;
    cJSON_ArrayForEach(at, cJSON_GetObjectItemCaseSensitive(j, "attachments"))
    {
        if (!ok)
            break;
        char hex[65];
        hub_hex64(cJSON_GetObjectItemCaseSensitive(at, "sha256")->valuestring, hex);
        st = prep(h, "INSERT INTO case_attachments(case_id, idx, material, sha256, size, mime) "
                     "VALUES(?,?,?,?,?,?)");
        ok = st != NULL;
        if (ok) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int(st, 2, idx++);
            sqlite3_bind_int(st, 3,
                             (int)cJSON_GetObjectItemCaseSensitive(at, "material")->valuedouble);
            sqlite3_bind_text(st, 4, hex, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(
                st, 5, (sqlite3_int64)cJSON_GetObjectItemCaseSensitive(at, "size")->valuedouble);
            sqlite3_bind_text(st, 6, cJSON_GetObjectItemCaseSensitive(at, "mime")->valuestring, -1,
                              SQLITE_TRANSIENT);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
    }
    if (ok && exec(h, "COMMIT")) {
        answer_json(a, 201, create_answer(h, id, uuid, code));
    } else {
        exec(h, "ROLLBACK");
        if (form_too_big)
            hub_answer_error(a, 400, "bad_field", "form is larger than 64 KiB");
        else
            hub_answer_error(a, 503, "unavailable", "database error, try again");
    }
out:
    pthread_mutex_unlock(&h->lock);
    cJSON_Delete(j);
}

void hub_case_complete(struct hub *h, const char *kiosk, const char *uuid, struct hub_answer *a)
{
    memset(a, 0, sizeof *a);
    char owner[128] = "", code[TRACKCODE_MAX];
    pthread_mutex_lock(&h->lock);
    long long id = uuid_ok(uuid) ? case_id_by(h, "uuid", uuid, NULL, owner, sizeof owner) : 0;
    if (id <= 0) {
        hub_answer_error(a, id < 0 ? 503 : 404, id < 0 ? "unavailable" : "not_found",
                         "no such case");
        goto out;
    }
    if (strcmp(owner, kiosk) != 0) {
        hub_answer_error(a, 403, "forbidden", "the case belongs to another kiosk");
        goto out;
    }
    cJSON *miss = missing_of(h, id);
    if (cJSON_GetArraySize(miss) > 0) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "error", "incomplete");
        cJSON_AddStringToObject(o, "message", "attachments are missing");
        cJSON_AddItemToObject(o, "missing", miss);
        answer_json(a, 409, o);
        goto out;
    }
    cJSON_Delete(miss);
    sqlite3_stmt *st = prep(h, "UPDATE cases SET completed_ms = ? WHERE id = ? AND completed_ms "
                               "IS NULL");
    bool ok = false;
    if (st) {
        sqlite3_bind_int64(st, 1, hub_now_ms());
        sqlite3_bind_int64(st, 2, id);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    }
    st = prep(h, "SELECT code FROM cases WHERE id = ?");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW)
            trackcode_group((const char *)sqlite3_column_text(st, 0), code);
        sqlite3_finalize(st);
    }
    if (!ok) {
        hub_answer_error(a, 503, "unavailable", "database error, try again");
        goto out;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "uuid", uuid);
    cJSON_AddStringToObject(o, "code", code);
    cJSON_AddStringToObject(o, "state", "submitted");
    answer_json(a, 200, o);
out:
    pthread_mutex_unlock(&h->lock);
}

/* ---- status ---- */

static bool final_status(const char *s)
{
    return strcmp(s, "completed") == 0 || strcmp(s, "rejected") == 0;
}

/* Builds the status object of a case (lock held); NULL when unknown. with_personal adds the
 * form, attachments and history (console and operator). */
static cJSON *case_object(struct hub *h, long long id, bool with_personal)
{
    sqlite3_stmt *st =
        prep(h, "SELECT uuid, code, kiosk, kiosk_id, district, created_ms, "
                "received_ms, completed_ms, form_json, verified_ms FROM cases WHERE id = ?");
    if (!st)
        return NULL;
    sqlite3_bind_int64(st, 1, id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return NULL;
    }
    cJSON *o = cJSON_CreateObject();
    char grouped[TRACKCODE_MAX] = "";
    trackcode_group((const char *)sqlite3_column_text(st, 1), grouped);
    cJSON_AddStringToObject(o, "code", grouped);
    int64_t created = sqlite3_column_int64(st, 5);
    bool complete = sqlite3_column_type(st, 7) != SQLITE_NULL;
    int64_t verified = sqlite3_column_type(st, 9) != SQLITE_NULL ? sqlite3_column_int64(st, 9) : 0;
    if (with_personal) {
        cJSON_AddStringToObject(o, "uuid", (const char *)sqlite3_column_text(st, 0));
        cJSON_AddStringToObject(o, "kiosk", (const char *)sqlite3_column_text(st, 2));
        cJSON_AddNumberToObject(o, "kiosk_id", (double)sqlite3_column_int64(st, 3));
        cJSON_AddStringToObject(o, "district", (const char *)sqlite3_column_text(st, 4));
        cJSON_AddNumberToObject(o, "received_ms", (double)sqlite3_column_int64(st, 6));
        cJSON *form = cJSON_Parse((const char *)sqlite3_column_text(st, 8));
        cJSON_AddItemToObject(o, "form", form ? form : cJSON_CreateObject());
    }
    sqlite3_finalize(st);
    cJSON_AddNumberToObject(o, "submitted_ms", (double)created);

    cJSON *ms = cJSON_AddArrayToObject(o, "matters");
    int n = 0, n_final = 0, n_touched = 0;
    st = prep(h, "SELECT matter, status, note, updated_ms, department FROM case_matters WHERE "
                 "case_id = ? ORDER BY matter");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        while (sqlite3_step(st) == SQLITE_ROW) {
            cJSON *m = cJSON_CreateObject();
            const char *s = (const char *)sqlite3_column_text(st, 1);
            cJSON_AddNumberToObject(m, "matter", sqlite3_column_int(st, 0));
            cJSON_AddStringToObject(m, "status", s);
            cJSON_AddNumberToObject(m, "updated_ms", (double)sqlite3_column_int64(st, 3));
            const char *note = (const char *)sqlite3_column_text(st, 2);
            char screened[HUB_NOTE_MAX + 64];
            if (!with_personal) /* what the applicant sees: ID and phone numbers masked */
                status_screen_note(note, screened, sizeof screened);
            cJSON_AddStringToObject(m, "note", with_personal ? note : screened);
            if (with_personal)
                cJSON_AddStringToObject(m, "department", (const char *)sqlite3_column_text(st, 4));
            cJSON_AddItemToArray(ms, m);
            n++;
            n_final += final_status(s);
            n_touched += strcmp(s, "submitted") != 0;
        }
        sqlite3_finalize(st);
    }
    const char *state = !complete           ? "receiving"
                        : n && n_final == n ? "done"
                        : n_touched         ? "in_progress"
                                            : "submitted";
    cJSON_AddStringToObject(o, "state", state);
    window_deadlines(h, o, verified, strcmp(state, "done") == 0);
    if (with_personal) {
        cJSON *as = cJSON_AddArrayToObject(o, "attachments");
        st = prep(h, "SELECT material, sha256, size, mime FROM case_attachments WHERE case_id = "
                     "? ORDER BY idx");
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            while (sqlite3_step(st) == SQLITE_ROW) {
                cJSON *x = cJSON_CreateObject();
                const char *sha = (const char *)sqlite3_column_text(st, 1);
                cJSON_AddNumberToObject(x, "material", sqlite3_column_int(st, 0));
                cJSON_AddStringToObject(x, "sha256", sha);
                cJSON_AddNumberToObject(x, "size", (double)sqlite3_column_int64(st, 2));
                cJSON_AddStringToObject(x, "mime", (const char *)sqlite3_column_text(st, 3));
                cJSON_AddBoolToObject(x, "present", hub_blob_has(h, sha, NULL));
                cJSON_AddItemToArray(as, x);
            }
            sqlite3_finalize(st);
        }
        cJSON *hist = cJSON_AddArrayToObject(o, "history");
        st = prep(h, "SELECT matter, status, note, actor, at_ms FROM matter_history WHERE "
                     "case_id = ? ORDER BY id");
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            while (sqlite3_step(st) == SQLITE_ROW) {
                cJSON *x = cJSON_CreateObject();
                cJSON_AddNumberToObject(x, "matter", sqlite3_column_int(st, 0));
                cJSON_AddStringToObject(x, "status", (const char *)sqlite3_column_text(st, 1));
                cJSON_AddStringToObject(x, "note", (const char *)sqlite3_column_text(st, 2));
                cJSON_AddStringToObject(x, "actor", (const char *)sqlite3_column_text(st, 3));
                cJSON_AddNumberToObject(x, "at_ms", (double)sqlite3_column_int64(st, 4));
                cJSON_AddItemToArray(hist, x);
            }
            sqlite3_finalize(st);
        }
    }
    return o;
}

void hub_status_json(struct hub *h, const char *code, const char *token, struct hub_answer *a)
{
    memset(a, 0, sizeof *a);
    char c[TRACKCODE_MAX];
    char tokn[64];
    size_t k = 0;
    for (; token && token[k] && k + 1 < sizeof tokn; k++)
        tokn[k] = (char)toupper((unsigned char)token[k]);
    tokn[k] = '\0';
    char th[65];
    sha256_hex(tokn, strlen(tokn), th);
    cJSON *o = NULL;
    pthread_mutex_lock(&h->lock);
    if (code && trackcode_check(code) && trackcode_normalize(code, c)) {
        sqlite3_stmt *st = prep(h, "SELECT id, token_hash FROM cases WHERE code = ?");
        long long id = 0;
        char stored[65] = "";
        if (st) {
            sqlite3_bind_text(st, 1, c, -1, SQLITE_TRANSIENT);
            if (sqlite3_step(st) == SQLITE_ROW) {
                id = sqlite3_column_int64(st, 0);
                str_copy(stored, sizeof stored, (const char *)sqlite3_column_text(st, 1));
            }
            sqlite3_finalize(st);
        }
        /* compare even when unknown, so both paths take the same time */
        bool match = sodium_memcmp(stored[0] ? stored : th, th, 64) == 0;
        if (id > 0 && match && token && token[0])
            o = case_object(h, id, false);
    }
    pthread_mutex_unlock(&h->lock);
    if (!o) {
        hub_answer_error(a, 404, "not_found", "no such case");
        return;
    }
    answer_json(a, 200, o);
}

char *hub_case_json(struct hub *h, const char *code)
{
    char c[TRACKCODE_MAX];
    if (!code || !trackcode_normalize(code, c))
        return NULL;
    pthread_mutex_lock(&h->lock);
    long long id = case_id_by(h, "code", c, NULL, NULL, 0);
    cJSON *o = id > 0 ? case_object(h, id, true) : NULL;
    pthread_mutex_unlock(&h->lock);
    if (!o)
        return NULL;
    char *t = cJSON_Print(o);
    cJSON_Delete(o);
    char *r = xstrdup(t);
    cJSON_free(t);
    return r;
}

long hub_case_count(struct hub *h)
{
    long n = -1;
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st = prep(h, "SELECT COUNT(*) FROM cases");
    if (st && sqlite3_step(st) == SQLITE_ROW)
        n = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    pthread_mutex_unlock(&h->lock);
    return n;
}

char *hub_todo_json(struct hub *h, const char *department)
{
    cJSON *arr = cJSON_CreateArray();
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st = prep(h, "SELECT c.id, m.matter, m.status FROM case_matters m JOIN cases c "
                               "ON c.id = m.case_id WHERE m.department = ? AND c.verified_ms IS "
                               "NOT NULL AND m.status IN ('routed','accepted','supplement') "
                               "ORDER BY c.created_ms, m.matter");
    if (st) {
        sqlite3_bind_text(st, 1, department, -1, SQLITE_TRANSIENT);
        while (sqlite3_step(st) == SQLITE_ROW) {
            cJSON *c = case_object(h, sqlite3_column_int64(st, 0), false);
            if (!c)
                continue;
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "code",
                                    cJSON_GetObjectItemCaseSensitive(c, "code")->valuestring);
            cJSON_AddNumberToObject(x, "matter", sqlite3_column_int(st, 1));
            cJSON_AddStringToObject(x, "status", (const char *)sqlite3_column_text(st, 2));
            cJSON_AddNumberToObject(
                x, "submitted_ms",
                cJSON_GetObjectItemCaseSensitive(c, "submitted_ms")->valuedouble);
            const cJSON *due = cJSON_GetObjectItemCaseSensitive(c, "due");
            cJSON_AddStringToObject(x, "due", cJSON_IsString(due) ? due->valuestring : "");
            cJSON_AddBoolToObject(x, "overdue",
                                  cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(c, "overdue")));
            cJSON_AddItemToArray(arr, x);
            cJSON_Delete(c);
        }
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&h->lock);
    char *t = cJSON_PrintUnformatted(arr);
    cJSON_Delete(arr);
    char *r = xstrdup(t);
    cJSON_free(t);
    return r;
}

/* ---- matters ---- */

static bool transition_ok(const char *from, const char *to)
{
    if (final_status(from))
        return false;
    if (strcmp(to, "completed") == 0)
        return strcmp(from, "accepted") == 0;
    return strcmp(to, "accepted") == 0
               ? strcmp(from, "accepted") != 0
               : strcmp(to, "rejected") == 0 || strcmp(to, "supplement") == 0;
}

enum kerr hub_matter_set(struct hub *h, const char *code, int matter, const char *status,
                         const char *note, const char *actor, const char *department, char *err,
                         size_t errlen)
{
    char c[TRACKCODE_MAX];
    if (!code || !trackcode_normalize(code, c)) {
        set_err(err, errlen, "E730: no case %s", code);
        return K_ERR_NOT_FOUND;
    }
    if (strcmp(status, "accepted") != 0 && strcmp(status, "completed") != 0 &&
        strcmp(status, "rejected") != 0 && strcmp(status, "supplement") != 0) {
        set_err(err, errlen, "E731: status must be accepted|completed|rejected|supplement, not %s",
                status);
        return K_ERR_INVALID;
    }
    note = note ? note : "";
    if (strlen(note) > HUB_NOTE_MAX) {
        set_err(err, errlen, "E732: the note is longer than 2000 bytes%s", "");
        return K_ERR_INVALID;
    }
    /* staff (department set) must give the result, reason or list; the operator may not */
    if (department &&
        (strcmp(status, "rejected") == 0 || strcmp(status, "supplement") == 0 ||
         strcmp(status, "completed") == 0) &&
        !note[0]) {
        set_err(err, errlen, "E733: %s needs a note (result, reason or list of material)", status);
        return K_ERR_INVALID;
    }
    enum kerr e = K_OK;
    pthread_mutex_lock(&h->lock);
    long long id = case_id_by(h, "code", c, NULL, NULL, 0);
    char from[32] = "", dept[64] = "", form[HUB_MAX_FORM + 1] = "";
    sqlite3_stmt *st = NULL;
    if (id <= 0) {
        set_err(err, errlen, "E730: no case %s", code);
        e = K_ERR_NOT_FOUND;
        goto out;
    }
    st = prep(h, "SELECT m.status, m.department, c.form_json FROM case_matters m JOIN cases c ON "
                 "c.id = m.case_id WHERE m.case_id = ? AND m.matter = ? AND c.completed_ms IS "
                 "NOT NULL");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, matter);
        if (sqlite3_step(st) == SQLITE_ROW) {
            str_copy(from, sizeof from, (const char *)sqlite3_column_text(st, 0));
            str_copy(dept, sizeof dept, (const char *)sqlite3_column_text(st, 1));
            str_copy(form, sizeof form, (const char *)sqlite3_column_text(st, 2));
        }
        sqlite3_finalize(st);
    }
    if (!from[0]) {
        set_err(err, errlen, "E734: the case has no matter %s (or is not complete yet)", "");
        e = K_ERR_NOT_FOUND;
        goto out;
    }
    if (!window_matter_rule(h, id, department, dept, from, status, err, errlen)) {
        e = K_ERR_AUTH;
        goto out;
    }
    if (department ? !transition_ok(from, status) : final_status(from)) {
        set_err(err, errlen, "E736: a matter that is %s cannot change to that status", from);
        e = K_ERR_STATE;
        goto out;
    }
    /* the applicant's phone: the first phone field of the form */
    char phone[64] = "";
    status_phone_of(&h->svc, form, phone, sizeof phone);
    sodium_memzero(form, sizeof form);
    char text[1024];
    status_sms_text(&h->svc, c, matter, status, note, text, sizeof text);
    int64_t now = hub_now_ms();
    bool ok = exec(h, "BEGIN IMMEDIATE");
    st = ok ? prep(h, "UPDATE case_matters SET status = ?, note = ?, updated_ms = ? WHERE "
                      "case_id = ? AND matter = ?")
            : NULL;
    if (st) {
        sqlite3_bind_text(st, 1, status, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, note, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, now);
        sqlite3_bind_int64(st, 4, id);
        sqlite3_bind_int(st, 5, matter);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    } else {
        ok = false;
    }
    st = ok ? prep(h, "INSERT INTO matter_history(case_id, matter, status, note, actor, at_ms) "
                      "VALUES(?,?,?,?,?,?)")
            : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, matter);
        sqlite3_bind_text(st, 3, status, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, note, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, actor ? actor : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 6, now);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    } else {
        ok = false;
    }
    if (ok && phone[0]) {
        st = prep(h, "INSERT INTO notifications(case_id, matter, phone, text, created_ms) "
                     "VALUES(?,?,?,?,?)");
        ok = st != NULL;
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int(st, 2, matter);
            sqlite3_bind_text(st, 3, phone, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 4, text, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 5, now);
            ok = sqlite3_step(st) == SQLITE_DONE;
            sqlite3_finalize(st);
        }
    }
    if (ok && exec(h, "COMMIT")) {
        log_info("casehub", "case %s matter %d: %s -> %s by %s", c, matter, from, status,
                 actor ? actor : "?");
    } else {
        exec(h, "ROLLBACK");
        set_err(err, errlen, "E723: database error%s", "");
        e = K_ERR_DB;
    }
out:
    pthread_mutex_unlock(&h->lock);
    return e;
}

int hub_notify_pending(struct hub *h)
{
    struct pending {
        long long id;
        char phone[64];
        char text[1024];
    } p[16];
    int n = 0, sent = 0;
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st = prep(h, "SELECT id, phone, text FROM notifications WHERE sent_ms IS NULL "
                               "AND attempts < 50 ORDER BY id LIMIT 16");
    if (st) {
        while (n < 16 && sqlite3_step(st) == SQLITE_ROW) {
            p[n].id = sqlite3_column_int64(st, 0);
            str_copy(p[n].phone, sizeof p[n].phone, (const char *)sqlite3_column_text(st, 1));
            str_copy(p[n].text, sizeof p[n].text, (const char *)sqlite3_column_text(st, 2));
            n++;
        }
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&h->lock);
    for (int i = 0; i < n; i++) {
        enum kerr e = notifier_send(h->notifier, p[i].phone, p[i].text);
        pthread_mutex_lock(&h->lock);
        st = prep(h, e == K_OK ? "UPDATE notifications SET sent_ms = ?, attempts = attempts + 1 "
                                 "WHERE id = ?"
                               : "UPDATE notifications SET attempts = attempts + 1 WHERE id = ? "
                                 "AND ? > 0");
        if (st) {
            if (e == K_OK) {
                sqlite3_bind_int64(st, 1, hub_now_ms());
                sqlite3_bind_int64(st, 2, p[i].id);
            } else {
                sqlite3_bind_int64(st, 1, p[i].id);
                sqlite3_bind_int64(st, 2, 1);
            }
            sqlite3_step(st);
            sqlite3_finalize(st);
        }
        pthread_mutex_unlock(&h->lock);
        if (e == K_OK)
            sent++;
        else
            log_warn("casehub", "E737: notification %lld not sent (%s), will retry", p[i].id,
                     kerr_name(e));
    }
    sodium_memzero(p, sizeof p);
    return sent;
}
