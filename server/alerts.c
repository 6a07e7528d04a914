/* server/alerts.c: staff calls from kiosks (server/). See alerts.h. */
#include "server/alerts.h"

#include <cjson/cJSON.h>
#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <string.h>

#include "platform/log.h"
#include "platform/xalloc.h"

enum kerr alerts_migrate(struct hub *h)
{
    const char *sql = "CREATE TABLE IF NOT EXISTS alerts(id INTEGER PRIMARY KEY,"
                      " kiosk TEXT NOT NULL, kind TEXT NOT NULL, screen TEXT NOT NULL,"
                      " at_ms INTEGER NOT NULL, kiosk_ms INTEGER NOT NULL,"
                      " acked_ms INTEGER, acked_by TEXT);"
                      "CREATE INDEX IF NOT EXISTS alerts_open ON alerts(acked_ms, kiosk);";
    if (sqlite3_exec(hub_db(h), sql, NULL, NULL, NULL) != SQLITE_OK) {
        log_error("casehub", "E785: cannot create the alerts table: %s", sqlite3_errmsg(hub_db(h)));
        return K_ERR_DB;
    }
    return K_OK;
}

static bool screen_ok(const char *s)
{
    size_t n = strlen(s);
    if (n < 1 || n > ALERTS_SCREEN_MAX)
        return false;
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

/* Checks the body; on success fills screen and at_ms, else answers 400. */
static bool parse(const char *body, size_t len, char *screen, long long *at_ms,
                  struct hub_answer *a)
{
    bool ok = false;
    cJSON *j = NULL;
    if (len > ALERTS_MAX_BODY) {
        hub_answer_error(a, 413, "too_large", "an alert body is at most 512 bytes");
        goto cleanup;
    }
    if (!hub_utf8_ok(body, len)) {
        hub_answer_error(a, 400, "bad_request", "the body is not valid UTF-8");
        goto cleanup;
    }
    j = cJSON_ParseWithLength(body, len);
    if (!cJSON_IsObject(j)) {
        hub_answer_error(a, 400, "bad_json", "the body must be a JSON object");
        goto cleanup;
    }
    const cJSON *x;
    cJSON_ArrayForEach(x, j)
    {
        if (!x->string || (strcmp(x->string, "kind") != 0 && strcmp(x->string, "screen") != 0 &&
                           strcmp(x->string, "at_ms") != 0)) {
            hub_answer_error(a, 400, "unknown_field", "only kind, screen and at_ms are allowed");
            goto cleanup;
        }
    }
    if (cJSON_GetArraySize(j) != 3) { /* also refuses a key given twice */
        hub_answer_error(a, 400, "missing_field", "kind, screen and at_ms are required, once each");
        goto cleanup;
    }
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(j, "kind");
    const cJSON *scr = cJSON_GetObjectItemCaseSensitive(j, "screen");
    const cJSON *at = cJSON_GetObjectItemCaseSensitive(j, "at_ms");
    if (!cJSON_IsString(kind) || strcmp(kind->valuestring, "staff_call") != 0) {
        hub_answer_error(a, 400, "bad_kind", "kind must be \"staff_call\"");
        goto cleanup;
    }
    if (!cJSON_IsString(scr) || !screen_ok(scr->valuestring)) {
        hub_answer_error(a, 400, "bad_screen", "screen must be 1..32 printable ASCII characters");
        goto cleanup;
    }
    if (!cJSON_IsNumber(at) || at->valuedouble < 0 || at->valuedouble > 1e15 ||
        at->valuedouble != (double)(long long)at->valuedouble) {
        hub_answer_error(a, 400, "bad_time", "at_ms must be a whole number of milliseconds");
        goto cleanup;
    }
    memcpy(screen, scr->valuestring, strlen(scr->valuestring) + 1);
    *at_ms = (long long)at->valuedouble;
    ok = true;
cleanup:
    cJSON_Delete(j);
    return ok;
}

void alerts_post(struct hub *h, const char *kiosk, const char *body, size_t len,
                 struct hub_answer *a)
{
    char screen[ALERTS_SCREEN_MAX + 1];
    long long at_ms = 0, id = 0;
    if (!parse(body ? body : "", len, screen, &at_ms, a))
        return;
    long long now = (long long)hub_now_ms();
    sqlite3_stmt *st = NULL;
    bool ok = false;
    hub_lock(h);
    /* one open alert per kiosk: a repeated call refreshes it */
    if (sqlite3_prepare_v2(hub_db(h),
                           "UPDATE alerts SET screen = ?, at_ms = ?, kiosk_ms = ?"
                           " WHERE kiosk = ? AND acked_ms IS NULL RETURNING id",
                           -1, &st, NULL) != SQLITE_OK)
        goto cleanup;
    sqlite3_bind_text(st, 1, screen, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, now);
    sqlite3_bind_int64(st, 3, at_ms);
    sqlite3_bind_text(st, 4, kiosk, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        id = sqlite3_column_int64(st, 0);
    else if (rc != SQLITE_DONE)
        goto cleanup;
    sqlite3_finalize(st);
    st = NULL;
    if (!id) {
        if (sqlite3_prepare_v2(hub_db(h),
                               "INSERT INTO alerts(kiosk, kind, screen, at_ms, kiosk_ms)"
                               " VALUES(?, 'staff_call', ?, ?, ?)",
                               -1, &st, NULL) != SQLITE_OK)
            goto cleanup;
        sqlite3_bind_text(st, 1, kiosk, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, screen, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, now);
        sqlite3_bind_int64(st, 4, at_ms);
        if (sqlite3_step(st) != SQLITE_DONE)
            goto cleanup;
        id = sqlite3_last_insert_rowid(hub_db(h));
    }
    ok = true;
cleanup:
    if (!ok)
        log_error("casehub", "E785: cannot store an alert: %s", sqlite3_errmsg(hub_db(h)));
    sqlite3_finalize(st);
    hub_unlock(h);
    if (!ok) {
        hub_answer_error(a, 503, "unavailable", "cannot store the alert now");
        return;
    }
    log_warn("casehub", "staff call from kiosk %s (screen %s)", kiosk, screen);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", (double)id);
    char *t = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    a->status = 201;
    a->body = xstrdup(t);
    cJSON_free(t);
}

char *alerts_open_json(struct hub *h)
{
    cJSON *arr = cJSON_CreateArray();
    sqlite3_stmt *st = NULL;
    hub_lock(h);
    if (sqlite3_prepare_v2(hub_db(h),
                           "SELECT id, kiosk, screen, at_ms FROM alerts WHERE acked_ms IS NULL"
                           " ORDER BY at_ms, id LIMIT 100",
                           -1, &st, NULL) == SQLITE_OK) {
        while (sqlite3_step(st) == SQLITE_ROW) {
            cJSON *o = cJSON_CreateObject();
            cJSON_AddNumberToObject(o, "id", (double)sqlite3_column_int64(st, 0));
            cJSON_AddStringToObject(o, "kiosk", (const char *)sqlite3_column_text(st, 1));
            cJSON_AddStringToObject(o, "screen", (const char *)sqlite3_column_text(st, 2));
            cJSON_AddNumberToObject(o, "at_ms", (double)sqlite3_column_int64(st, 3));
            cJSON_AddItemToArray(arr, o);
        }
    } else {
        log_error("casehub", "E785: cannot read alerts: %s", sqlite3_errmsg(hub_db(h)));
    }
    sqlite3_finalize(st);
    hub_unlock(h);
    char *t = cJSON_PrintUnformatted(arr);
    cJSON_Delete(arr);
    char *out = xstrdup(t);
    cJSON_free(t);
    return out;
}

enum kerr alerts_ack(struct hub *h, long long id, const char *user)
{
    enum kerr e = K_ERR_DB;
    sqlite3_stmt *st = NULL;
    hub_lock(h);
    if (sqlite3_prepare_v2(hub_db(h),
                           "UPDATE alerts SET acked_ms = ?, acked_by = ?"
                           " WHERE id = ? AND acked_ms IS NULL",
                           -1, &st, NULL) != SQLITE_OK)
        goto cleanup;
    sqlite3_bind_int64(st, 1, (long long)hub_now_ms());
    sqlite3_bind_text(st, 2, user, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 3, id);
    if (sqlite3_step(st) != SQLITE_DONE)
        goto cleanup;
    e = sqlite3_changes(hub_db(h)) == 1 ? K_OK : K_ERR_NOT_FOUND;
cleanup:
    if (e == K_ERR_DB)
        log_error("casehub", "E785: cannot mark an alert handled: %s", sqlite3_errmsg(hub_db(h)));
    sqlite3_finalize(st);
    hub_unlock(h);
    return e;
}
