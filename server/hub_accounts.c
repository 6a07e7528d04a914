/* server/hub_accounts.c: kiosks and their tokens, staff accounts and sessions (server/). */
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

/* ---- kiosks ---- */

enum kerr hub_kiosk_add(struct hub *h, const char *name, long number, char *token, size_t n,
                        char *err, size_t errlen)
{
    if (!name || !name[0] || strlen(name) > 64) {
        hub_set_err(err, errlen, "E724: kiosk name must be 1..64 bytes%s", "");
        return K_ERR_INVALID;
    }
    if (number < 0 || number > TRACKCODE_KIOSK_MAX) {
        hub_set_err(err, errlen, "E780: a kiosk number is 1..%ld", TRACKCODE_KIOSK_MAX);
        return K_ERR_INVALID;
    }
    hub_random_token(token, n, 32);
    char hash[65];
    hub_sha256_hex(token, strlen(token), hash);
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st =
        hub_prep(h, "INSERT INTO kiosks(name, token_hash, created_ms, number) VALUES(?,?,?,?)");
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
        hub_set_err(err, errlen, "E725: kiosk %s exists, or another kiosk has number %ld", name,
                    number);
    else if (e)
        hub_set_err(err, errlen, "E723: database error%s", "");
    return e;
}

enum kerr hub_kiosk_auth(struct hub *h, const char *token, char *name, size_t n)
{
    if (!token || !token[0] || strlen(token) > 200)
        return K_ERR_AUTH;
    char hash[65];
    hub_sha256_hex(token, strlen(token), hash);
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st = hub_prep(h, "SELECT name FROM kiosks WHERE token_hash = ?");
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
    sqlite3_stmt *st = hub_prep(h, "SELECT name, number FROM kiosks ORDER BY name");
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
    sqlite3_stmt *st = hub_prep(h, "DELETE FROM kiosks WHERE name = ?");
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
    sqlite3_stmt *st = hub_prep(h, "DELETE FROM sessions WHERE user = ?");
    if (!st)
        return false;
    sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
    bool ok = sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

/* The argon2id work of new password hashes (hub_cheap_pwhash_for_tests lowers it). */
static unsigned long long pw_ops = crypto_pwhash_OPSLIMIT_INTERACTIVE;
static size_t pw_mem = crypto_pwhash_MEMLIMIT_INTERACTIVE;

void hub_cheap_pwhash_for_tests(void)
{
    pw_ops = crypto_pwhash_OPSLIMIT_MIN;
    pw_mem = crypto_pwhash_MEMLIMIT_MIN;
}

enum kerr hub_user_add(struct hub *h, const char *name, const char *department,
                       const char *password, char *err, size_t errlen)
{
    if (!name || !name[0] || strlen(name) > 64) {
        hub_set_err(err, errlen, "E726: user name must be 1..64 bytes%s", "");
        return K_ERR_INVALID;
    }
    if (!service_department(&h->svc, department) && !window_is(department)) {
        hub_set_err(err, errlen, "E727: no department '%s' in the service definition", department);
        return K_ERR_INVALID;
    }
    if (!password || strlen(password) < 8 || strlen(password) > 256) {
        hub_set_err(err, errlen, "E728: the password must be 8..256 bytes%s", "");
        return K_ERR_INVALID;
    }
    char hash[crypto_pwhash_STRBYTES];
    if (crypto_pwhash_str(hash, password, strlen(password), pw_ops, pw_mem) != 0) {
        hub_set_err(err, errlen, "E720: password hashing failed (out of memory)%s", "");
        return K_ERR_CRYPTO;
    }
    /* an existing name gets the new password and department: its sessions end with the old
     * password (one transaction, so no session outlives the change) */
    pthread_mutex_lock(&h->lock);
    enum kerr e = K_ERR_DB;
    sqlite3_stmt *st = NULL;
    if (!hub_exec(h, "BEGIN IMMEDIATE"))
        goto out;
    st = hub_prep(h, "INSERT OR REPLACE INTO users(name, department, pw_hash, disabled) "
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
    if (e != K_OK || !hub_exec(h, "COMMIT")) {
        hub_exec(h, "ROLLBACK");
        e = K_ERR_DB;
    }
out:
    pthread_mutex_unlock(&h->lock);
    sodium_memzero(hash, sizeof hash);
    if (e)
        hub_set_err(err, errlen, "E723: database error%s", "");
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
    hub_random_token(pw, sizeof pw, 24);
    if (crypto_pwhash_str(dummy_hash, pw, strlen(pw), pw_ops, pw_mem) != 0)
        dummy_hash[0] = '\0';
    sodium_memzero(pw, sizeof pw);
}

enum kerr hub_user_remove(struct hub *h, const char *name)
{
    pthread_mutex_lock(&h->lock);
    enum kerr e = K_ERR_DB;
    sqlite3_stmt *st = NULL;
    if (!hub_exec(h, "BEGIN IMMEDIATE"))
        goto out;
    st = hub_prep(h, "DELETE FROM users WHERE name = ?");
    if (st) {
        sqlite3_bind_text(st, 1, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_DONE)
            e = sqlite3_changes(h->db) ? K_OK : K_ERR_NOT_FOUND;
        sqlite3_finalize(st);
    }
    if (e == K_OK && !drop_sessions(h, name))
        e = K_ERR_DB;
    if (e == K_OK && hub_exec(h, "COMMIT"))
        goto out;
    hub_exec(h, "ROLLBACK");
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
    if (!hub_exec(h, "BEGIN IMMEDIATE"))
        goto out;
    st = hub_prep(h, "UPDATE users SET disabled = ? WHERE name = ?");
    if (st) {
        sqlite3_bind_int(st, 1, disabled ? 1 : 0);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) == SQLITE_DONE)
            e = sqlite3_changes(h->db) ? K_OK : K_ERR_NOT_FOUND;
        sqlite3_finalize(st);
    }
    if (e == K_OK && disabled && !drop_sessions(h, name))
        e = K_ERR_DB;
    if (e == K_OK && hub_exec(h, "COMMIT"))
        goto out;
    hub_exec(h, "ROLLBACK");
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
    sqlite3_stmt *st = hub_prep(h, "SELECT pw_hash, disabled FROM users WHERE name = ?");
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
    hub_sha256_hex(session, strlen(session), th);
    pthread_mutex_lock(&h->lock);
    enum kerr e = K_ERR_DB;
    st = hub_prep(h, "DELETE FROM sessions WHERE expires_ms <= ?"); /* forget expired ones */
    if (st) {
        sqlite3_bind_int64(st, 1, hub_now_ms());
        sqlite3_step(st);
        sqlite3_finalize(st);
    }
    st = hub_prep(h, "INSERT INTO sessions(token_hash, user, expires_ms) VALUES(?,?,?)");
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
    hub_sha256_hex(session, strlen(session), th);
    pthread_mutex_lock(&h->lock);
    enum kerr e = K_ERR_AUTH;
    sqlite3_stmt *st = hub_prep(h, "SELECT s.user, u.department FROM sessions s JOIN users u ON "
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
    hub_sha256_hex(session, strlen(session), th);
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st = hub_prep(h, "DELETE FROM sessions WHERE token_hash = ?");
    if (st) {
        sqlite3_bind_text(st, 1, th, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&h->lock);
}
