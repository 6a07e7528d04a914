/* app/store/store_outbox.c: the outbox: what is to deliver, attempts, delivered and conflicts,
 * queue figures (app layer, store). */
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

/* ---- outbox -------------------------------------------------------------------------------- */

enum kerr store_outbox_next(store *s, bool ignore_schedule, const long long *skip, size_t n,
                            long long *case_id)
{
    sqlite3_stmt *st =
        store_prep(s, "SELECT o.case_id FROM outbox o WHERE o.delivered_ms IS NULL "
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
        e = store_sql_fail(s, "outbox next");
    sqlite3_finalize(st);
    return e;
}

enum kerr store_outbox_attempt(store *s, long long case_id, const char *step, int http_status,
                               const char *error, int64_t next_attempt_ms)
{
    int64_t now = kclock_unix_ms(s->clk);
    sqlite3_stmt *st =
        store_prep(s, "INSERT INTO attempts(case_id, at_ms, step, http_status, error) "
                      "VALUES(?1, ?2, ?3, ?4, ?5)");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, now);
    store_bind_text(st, 3, step);
    sqlite3_bind_int(st, 4, http_status);
    store_bind_text(st, 5, error);
    enum kerr e = store_step_done(s, st, "record attempt");
    if (e || next_attempt_ms <= 0)
        return e;
    st = store_prep(s, "UPDATE outbox SET attempts = attempts + 1, next_attempt_ms = ?2, "
                       "last_error = ?3, last_attempt_ms = ?4 WHERE case_id = ?1");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, next_attempt_ms);
    store_bind_text(st, 3, error);
    sqlite3_bind_int64(st, 4, now);
    return store_step_done(s, st, "reschedule outbox");
}

enum kerr store_attachment_mark_uploaded(store *s, long long case_id, int idx)
{
    sqlite3_stmt *st =
        store_prep(s, "UPDATE attachments SET uploaded = 1 WHERE case_id=?1 AND idx=?2");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int(st, 2, idx);
    return store_step_done(s, st, "mark uploaded");
}

/* The tracking code of case_id into code ("" when there is none), for the audit lines. */
static void code_of(store *s, long long case_id, char code[TRACKCODE_MAX])
{
    code[0] = '\0';
    sqlite3_stmt *st = store_prep(s, "SELECT code FROM cases WHERE id = ?1");
    if (!st)
        return;
    sqlite3_bind_int64(st, 1, case_id);
    if (sqlite3_step(st) == SQLITE_ROW)
        store_col_text(st, 0, code, TRACKCODE_MAX);
    sqlite3_finalize(st);
}

enum kerr store_outbox_delivered(store *s, long long case_id)
{
    int64_t now = kclock_unix_ms(s->clk);
    enum kerr e = store_exec(s, "BEGIN IMMEDIATE");
    if (e)
        return e;
    sqlite3_stmt *st = store_prep(s, "UPDATE outbox SET delivered_ms = ?2, last_attempt_ms = ?2, "
                                     "attempts = attempts + 1, last_error = NULL "
                                     "WHERE case_id = ?1 AND delivered_ms IS NULL");
    if (!st) {
        store_exec(s, "ROLLBACK");
        return K_ERR_DB;
    }
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, now);
    if ((e = store_step_done(s, st, "mark delivered")) != K_OK)
        goto fail;
    if (sqlite3_changes(s->db) == 0) /* already delivered */
        return store_exec(s, "COMMIT");
    st = store_prep(s, "UPDATE cases SET state = 'delivered', updated_ms = ?2 WHERE id = ?1");
    if (!st) {
        e = K_ERR_DB;
        goto fail;
    }
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, now);
    if ((e = store_step_done(s, st, "case delivered")) != K_OK)
        goto fail;
    char code[TRACKCODE_MAX];
    code_of(s, case_id, code);
    if ((e = store_audit(s, "sync", "delivered", code, NULL)) != K_OK)
        goto fail;
    if ((e = store_exec(s, "COMMIT")) != K_OK)
        goto fail;
    return K_OK;
fail:
    store_exec(s, "ROLLBACK");
    return e;
}

enum kerr store_outbox_conflict(store *s, long long case_id, const char *step, int http_status,
                                const char *error)
{
    int64_t now = kclock_unix_ms(s->clk);
    enum kerr e = store_outbox_attempt(s, case_id, step, http_status, error, 0);
    if (e)
        return e;
    sqlite3_stmt *st = store_prep(s, "UPDATE outbox SET attempts = attempts + 1, conflict_ms = ?2, "
                                     "last_error = ?3, last_attempt_ms = ?2 WHERE case_id = ?1");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, now);
    store_bind_text(st, 3, error);
    if ((e = store_step_done(s, st, "outbox conflict")) != K_OK)
        return e;
    char code[TRACKCODE_MAX];
    code_of(s, case_id, code);
    return store_audit(s, "sync", "conflict", code, error);
}

enum kerr store_outbox_retry_all(store *s, int *n)
{
    sqlite3_stmt *st = store_prep(s, "UPDATE outbox SET next_attempt_ms = ?1, attempts = 0, "
                                     "conflict_ms = NULL WHERE delivered_ms IS NULL");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, kclock_unix_ms(s->clk));
    enum kerr e = store_step_done(s, st, "retry all");
    if (n)
        *n = e ? 0 : sqlite3_changes(s->db);
    if (!e)
        store_audit(s, "kioskctl", "queue_retry", NULL, NULL);
    return e;
}

static long long scalar(store *s, const char *sql)
{
    sqlite3_stmt *st = store_prep(s, sql);
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
        sqlite3_stmt *c =
            store_prep(s, "SELECT c.code FROM outbox o JOIN cases c ON c.id = o.case_id "
                          "WHERE o.delivered_ms IS NULL AND o.conflict_ms IS NOT NULL "
                          "ORDER BY o.conflict_ms DESC, c.id DESC LIMIT 1");
        if (!c)
            return K_ERR_DB;
        if (sqlite3_step(c) == SQLITE_ROW)
            store_col_text(c, 0, out->conflict_code, sizeof out->conflict_code);
        sqlite3_finalize(c);
    }
    out->attempts_logged = scalar(s, "SELECT count(*) FROM attempts");
    sqlite3_stmt *st = store_prep(s, "SELECT error, at_ms FROM attempts WHERE error IS NOT NULL "
                                     "ORDER BY id DESC LIMIT 1");
    if (!st)
        return K_ERR_DB;
    if (sqlite3_step(st) == SQLITE_ROW) {
        store_col_text(st, 0, out->last_error, sizeof out->last_error);
        out->last_error_ms = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    return K_OK;
}
