/* app/store/store_status.c: matter statuses from the backend and the recent cases (app layer,
 * store). */
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

/* ---- statuses -------------------------------------------------------------------------------- */

enum kerr store_status_update(store *s, long long case_id, const struct store_matter *m, size_t n,
                              int64_t fetched_ms)
{
    enum kerr e = store_exec(s, "BEGIN IMMEDIATE");
    if (e)
        return e;
    for (size_t i = 0; i < n && !e; i++) {
        sqlite3_stmt *st = store_prep(s, "UPDATE matters SET status = ?3, status_ms = ?4 "
                                         "WHERE case_id = ?1 AND matter = ?2 AND status <> ?3");
        if (!st) {
            e = K_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, case_id);
        sqlite3_bind_int(st, 2, m[i].matter);
        store_bind_text(st, 3, m[i].status);
        sqlite3_bind_int64(st, 4, m[i].status_ms ? m[i].status_ms : fetched_ms);
        if ((e = store_step_done(s, st, "update status")) || sqlite3_changes(s->db) == 0)
            continue;
        st = store_prep(s, "INSERT INTO matter_history(case_id, matter, status, at_ms, source) "
                           "VALUES(?1, ?2, ?3, ?4, 'backend')");
        if (!st) {
            e = K_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, case_id);
        sqlite3_bind_int(st, 2, m[i].matter);
        store_bind_text(st, 3, m[i].status);
        sqlite3_bind_int64(st, 4, m[i].status_ms ? m[i].status_ms : fetched_ms);
        e = store_step_done(s, st, "status history");
    }
    if (!e) {
        sqlite3_stmt *st =
            store_prep(s, "INSERT INTO status_cache(case_id, fetched_ms) VALUES(?1, ?2) "
                          "ON CONFLICT(case_id) DO UPDATE SET fetched_ms = excluded.fetched_ms");
        if (!st)
            e = K_ERR_DB;
        else {
            sqlite3_bind_int64(st, 1, case_id);
            sqlite3_bind_int64(st, 2, fetched_ms);
            e = store_step_done(s, st, "status cache");
        }
    }
    if (!e)
        e = store_exec(s, "COMMIT");
    if (e)
        store_exec(s, "ROLLBACK");
    return e;
}

enum kerr store_recent_cases(store *s, int64_t since_ms, long long *ids, size_t max, size_t *n)
{
    *n = 0;
    sqlite3_stmt *st = store_prep(s, "SELECT id FROM cases WHERE state = 'delivered' AND "
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
