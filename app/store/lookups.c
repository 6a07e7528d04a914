/* app/store/lookups.c: wrong phone digits of manual lookups per code (app layer, store). See
 * lookups.h. */
#include "app/store/lookups.h"

#include <sqlite3.h>

#include "app/store/store_internal.h"
#include "platform/log.h"

#define MOD "store"

static enum kerr failed(store *s, const char *what)
{
    log_warn(MOD, "E611: manual lookup counts: %s: %s", what, sqlite3_errmsg(store_sqlite(s)));
    return K_ERR_DB;
}

/* The row of code: misses and lock end (0, 0 when none, or forgotten after the window). */
static enum kerr row(store *s, const char *code, int64_t now, int *misses, int64_t *locked)
{
    *misses = 0;
    *locked = 0;
    sqlite3_stmt *st = NULL;
    enum kerr e = K_OK;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "SELECT misses, last_ms, locked_until_ms FROM lookup_misses WHERE "
                           "code = ?",
                           -1, &st, NULL) != SQLITE_OK) {
        e = failed(s, "select");
        goto cleanup;
    }
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        int64_t last = sqlite3_column_int64(st, 1), until = sqlite3_column_int64(st, 2);
        if (until > now + LOOKUP_LOCK_MS) /* the clock went back: no longer than one lock */
            until = now + LOOKUP_LOCK_MS;
        if (until > now) {
            *locked = until;
            *misses = sqlite3_column_int(st, 0);
        } else if (until == 0 && last > now - LOOKUP_WINDOW_MS && last <= now) {
            *misses = sqlite3_column_int(st, 0);
        } /* else: a lock that ran out, or misses too old: a fresh count */
    } else if (rc != SQLITE_DONE) {
        e = failed(s, "select");
    }
cleanup:
    sqlite3_finalize(st);
    return e;
}

static enum kerr put(store *s, const char *code, int misses, int64_t now, int64_t locked)
{
    sqlite3_stmt *st = NULL;
    enum kerr e = K_OK;
    if (sqlite3_prepare_v2(store_sqlite(s),
                           "INSERT OR REPLACE INTO lookup_misses(code, misses, last_ms, "
                           "locked_until_ms) VALUES(?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK) {
        e = failed(s, "insert");
        goto cleanup;
    }
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, misses);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, locked);
    if (sqlite3_step(st) != SQLITE_DONE)
        e = failed(s, "insert");
cleanup:
    sqlite3_finalize(st);
    return e;
}

enum kerr store_lookup_locked(store *s, const char *code, int64_t *until_ms)
{
    int misses;
    return row(s, code, kclock_unix_ms(store_clock(s)), &misses, until_ms);
}

enum kerr store_lookup_miss(store *s, const char *code, int64_t *until_ms)
{
    int64_t now = kclock_unix_ms(store_clock(s));
    int misses;
    enum kerr e = row(s, code, now, &misses, until_ms);
    if (e || *until_ms)
        return e;
    misses++;
    int64_t locked = misses >= LOOKUP_MAX_MISSES ? now + LOOKUP_LOCK_MS : 0;
    e = put(s, code, misses, now, locked);
    if (!e && locked) {
        log_warn("lookup", "manual lookups of a code locked after %d wrong phone digits",
                 LOOKUP_MAX_MISSES);
        *until_ms = locked;
    }
    return e;
}

enum kerr store_lookup_lock(store *s, const char *code, int64_t until_ms)
{
    int64_t now = kclock_unix_ms(store_clock(s));
    if (until_ms > now + LOOKUP_LOCK_MS)
        until_ms = now + LOOKUP_LOCK_MS;
    if (until_ms <= now)
        return K_OK;
    return put(s, code, LOOKUP_MAX_MISSES, now, until_ms);
}

enum kerr store_lookup_clear(store *s, const char *code)
{
    sqlite3_stmt *st = NULL;
    enum kerr e = K_OK;
    if (sqlite3_prepare_v2(store_sqlite(s), "DELETE FROM lookup_misses WHERE code = ?", -1, &st,
                           NULL) != SQLITE_OK) {
        e = failed(s, "delete");
        goto cleanup;
    }
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE)
        e = failed(s, "delete");
cleanup:
    sqlite3_finalize(st);
    return e;
}
