/* app/store/store_retention.c: orphaned files and the retention of old cases (app layer, store). */
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

/* ---- orphans and retention ------------------------------------------------------------------- */

/* True when uuid names a committed case that still has its personal data. */
static bool case_keeps_files(store *s, const char *uuid)
{
    sqlite3_stmt *st = store_prep(s, "SELECT 1 FROM cases WHERE uuid = ?1 AND purged_ms IS NULL");
    if (!st)
        return true; /* when in doubt, keep */
    store_bind_text(st, 1, uuid);
    bool keep = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return keep;
}

enum kerr store_cleanup_orphans(store *s, int *removed)
{
    int n = 0;
    while (flock(s->lock_fd, LOCK_EX) != 0)
        if (errno != EINTR) {
            store_set_err(s, "E606: cannot lock the submit lock: %s", strerror(errno));
            return K_ERR_IO;
        }
    DIR *d = opendir(s->att_dir);
    if (!d) {
        flock(s->lock_fd, LOCK_UN);
        store_set_err(s, "E606: cannot list %s: %s", s->att_dir, strerror(errno));
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
    enum kerr e = store_exec(s, "BEGIN IMMEDIATE");
    if (e)
        return e;
    sqlite3_stmt *st = store_prep(s, "SELECT c.id, c.uuid, c.code FROM cases c JOIN outbox o "
                                     "ON o.case_id = c.id WHERE o.delivered_ms IS NOT NULL AND "
                                     "o.delivered_ms <= ?1 AND c.purged_ms IS NULL");
    if (!st) {
        store_exec(s, "ROLLBACK");
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
        store_col_text(st, 1, uuids[n], STORE_UUID_LEN);
        store_col_text(st, 2, codes[n], TRACKCODE_MAX);
        n++;
    }
    sqlite3_finalize(st);
    int64_t now = kclock_unix_ms(s->clk);
    for (size_t i = 0; i < n && !e; i++) {
        st = store_prep(s, "UPDATE cases SET personal = NULL, signature = NULL, case_key = NULL, "
                           "purged_ms = ?2, updated_ms = ?2 WHERE id = ?1");
        if (!st) {
            e = K_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, ids[i]);
        sqlite3_bind_int64(st, 2, now);
        if ((e = store_step_done(s, st, "purge case")))
            break;
        st = store_prep(s, "UPDATE attachments SET file = NULL WHERE case_id = ?1");
        if (!st) {
            e = K_ERR_DB;
            break;
        }
        sqlite3_bind_int64(st, 1, ids[i]);
        if ((e = store_step_done(s, st, "purge attachments")))
            break;
        e = store_audit(s, "retention", "purge", codes[i], NULL);
    }
    if (!e)
        e = store_exec(s, "COMMIT");
    if (e) {
        store_exec(s, "ROLLBACK");
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
            store_exec(s, "PRAGMA wal_checkpoint(TRUNCATE)");
        }
        if (purged)
            *purged = (int)n;
    }
    free(uuids);
    free(codes);
    free(ids);
    return e;
}
