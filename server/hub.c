/* server/hub.c: casehub's store: the database and its schema, opening and closing, the small SQLite
 * helpers the other hub_*.c files share, answers, and the accessors other modules use (server/). */
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
#include "server/hub_internal.h"

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

void hub_sha256_hex(const void *p, size_t n, char out[65])
{
    unsigned char d[32];
    crypto_hash_sha256(d, p, n);
    sodium_bin2hex(out, 65, d, sizeof d);
}

void hub_set_err(char *err, size_t n, const char *fmt, ...)
{
    if (!err || !n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, n, fmt, ap);
    va_end(ap);
}

static enum kerr open_into(struct hub *h, const char *data_dir, const char *service_path,
                           const char *calendar_dir, char *err, size_t errlen)
{
    if (sodium_init() < 0) {
        hub_set_err(err, errlen, "E720: libsodium failed to initialise%s", "");
        return K_ERR_CRYPTO;
    }
    if (!str_copy(h->data, sizeof h->data, data_dir) || fs_mkdir_p(data_dir, 0700) != K_OK) {
        hub_set_err(err, errlen, "E721: cannot create data folder %s", data_dir);
        return K_ERR_IO;
    }
    snprintf(h->blobdir, sizeof h->blobdir, "%s/blobs", data_dir);
    if (fs_mkdir_p(h->blobdir, 0700) != K_OK) {
        hub_set_err(err, errlen, "E721: cannot create %s", h->blobdir);
        return K_ERR_IO;
    }
    char path[700];
    snprintf(path, sizeof path, "%s/casehub.db", data_dir);
    if (sqlite3_open_v2(path, &h->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) !=
        SQLITE_OK) {
        hub_set_err(err, errlen, "E722: cannot open database %s", path);
        return K_ERR_DB;
    }
    sqlite3_busy_timeout(h->db, 10000);
    char *msg = NULL;
    if (sqlite3_exec(h->db, schema, NULL, NULL, &msg) != SQLITE_OK ||
        sqlite3_exec(h->db, "PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;", NULL, NULL, NULL) !=
            SQLITE_OK) {
        hub_set_err(err, errlen, "E722: database schema: %s", msg ? msg : sqlite3_errmsg(h->db));
        sqlite3_free(msg);
        return K_ERR_DB;
    }
    if (migrate(h) != K_OK) {
        hub_set_err(err, errlen, "E722: database schema: %s", sqlite3_errmsg(h->db));
        return K_ERR_DB;
    }
    if (window_schema(h, err, errlen) != K_OK)
        return K_ERR_DB;
    char e2[512];
    if (service_load(service_path, &h->svc, e2, sizeof e2) != K_OK) {
        hub_set_err(err, errlen, "%s", e2);
        return K_ERR_INVALID;
    }
    if (calendar_load_dir(calendar_dir, &h->cal, e2, sizeof e2) != K_OK) {
        hub_set_err(err, errlen, "%s", e2);
        return K_ERR_INVALID;
    }
    return K_OK;
}

enum kerr hub_open(struct hub **out, const char *data_dir, const char *service_path,
                   const char *calendar_dir, char *err, size_t errlen)
{
    struct hub *h = xcalloc(1, sizeof *h);
    pthread_mutex_init(&h->lock, NULL);
    enum kerr rc = open_into(h, data_dir, service_path, calendar_dir, err, errlen);
    if (rc != K_OK) {
        hub_close(h);
        h = NULL;
    }
    *out = h;
    return rc;
}

void hub_close(struct hub *h)
{
    if (!h)
        return;
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
    free(h);
}

void hub_lock(struct hub *h)
{
    pthread_mutex_lock(&h->lock);
}

void hub_unlock(struct hub *h)
{
    pthread_mutex_unlock(&h->lock);
}

sqlite3 *hub_db(struct hub *h)
{
    return h->db;
}

const struct service *hub_service(const struct hub *h)
{
    return &h->svc;
}

const struct calendar *hub_calendar(const struct hub *h)
{
    return h->cal;
}

const struct policy *hub_policy(const struct hub *h)
{
    return h->policy;
}

void hub_set_policy(struct hub *h, struct policy *p)
{
    if (h->policy != p)
        policy_destroy(h->policy);
    h->policy = p;
}

void hub_set_notifier(struct hub *h, struct notifier *n)
{
    if (h->notifier != n)
        notifier_destroy(h->notifier);
    h->notifier = n;
}

const char *hub_blobdir(const struct hub *h)
{
    return h->blobdir;
}

/* ---- small SQLite helpers (called with the lock held) ---- */

sqlite3_stmt *hub_prep(struct hub *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(h->db, sql, -1, &st, NULL) != SQLITE_OK) {
        log_error("casehub", "E723: prepare failed: %s", sqlite3_errmsg(h->db));
        return NULL;
    }
    return st;
}

bool hub_exec(struct hub *h, const char *sql)
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
    sqlite3_stmt *st = hub_prep(h, sql);
    if (!st)
        return false;
    bool there = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    if (there)
        return true;
    snprintf(sql, sizeof sql, "ALTER TABLE %s ADD COLUMN %s %s", table, column, decl);
    return hub_exec(h, sql);
}

/* Columns and indexes added after the first release (the schema above stays as it was, so
 * that old databases open): a kiosk's number (its tracking codes' kiosk part, bound at
 * `kiosk add --number` or by its first case), a disabled flag for staff. */
static enum kerr migrate(struct hub *h)
{
    bool ok = add_column(h, "kiosks", "number", "INTEGER") &&
              hub_exec(h, "CREATE UNIQUE INDEX IF NOT EXISTS kiosks_number ON kiosks(number)") &&
              add_column(h, "users", "disabled", "INTEGER NOT NULL DEFAULT 0") &&
              hub_exec(h, "CREATE INDEX IF NOT EXISTS sessions_user ON sessions(user)") &&
              alerts_migrate(h) == K_OK;
    return ok ? K_OK : K_ERR_DB;
}

void hub_random_token(char *out, size_t n, size_t bytes)
{
    unsigned char r[48];
    if (bytes > sizeof r)
        bytes = sizeof r;
    randombytes_buf(r, bytes);
    sodium_bin2base64(out, n, r, bytes, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(r, sizeof r);
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

void hub_answer_json(struct hub_answer *a, int status, cJSON *o)
{
    char *t = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    a->status = status;
    a->body = xstrdup(t);
    cJSON_free(t);
}
