/* server/window.c: the window role, verification of originals and routing (server/). */
#include "server/window.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/trackcode.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"
#include "server/policy.h"
#include "server/status.h"

bool window_is(const char *dept)
{
    return dept && strcmp(dept, HUB_WINDOW) == 0;
}

static sqlite3_stmt *prep(struct hub *h, const char *sql)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(hub_db(h), sql, -1, &st, NULL) != SQLITE_OK) {
        log_error("casehub", "E723: prepare failed: %s", sqlite3_errmsg(hub_db(h)));
        return NULL;
    }
    return st;
}

static bool has_column(struct hub *h, const char *table, const char *col)
{
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA table_info(%s)", table);
    sqlite3_stmt *st = prep(h, sql);
    bool found = false;
    while (st && !found && sqlite3_step(st) == SQLITE_ROW)
        found = strcmp((const char *)sqlite3_column_text(st, 1), col) == 0;
    sqlite3_finalize(st);
    return found;
}

enum kerr window_schema(struct hub *h, char *err, size_t errlen)
{
    static const char audit[] =
        "CREATE TABLE IF NOT EXISTS access_log(id INTEGER PRIMARY KEY, at_ms INTEGER NOT NULL,"
        " user TEXT NOT NULL, department TEXT NOT NULL, code TEXT NOT NULL, what TEXT NOT NULL,"
        " allowed INTEGER NOT NULL);"
        "CREATE INDEX IF NOT EXISTS access_log_code ON access_log(code);";
    bool ok = sqlite3_exec(hub_db(h), audit, NULL, NULL, NULL) == SQLITE_OK;
    if (ok && !has_column(h, "cases", "verified_ms"))
        ok = sqlite3_exec(hub_db(h),
                          "ALTER TABLE cases ADD COLUMN verified_ms INTEGER;"
                          "ALTER TABLE cases ADD COLUMN verified_by TEXT NOT NULL DEFAULT '';",
                          NULL, NULL, NULL) == SQLITE_OK;
    if (!ok) {
        snprintf(err, errlen, "E722: database schema (window): %s", sqlite3_errmsg(hub_db(h)));
        return K_ERR_DB;
    }
    return K_OK;
}

/* id, completed?, verified_ms (0 none) of a case by compact code; lock held. */
static long long case_find(struct hub *h, const char *c, bool *complete, int64_t *verified,
                           char *form, size_t fn)
{
    sqlite3_stmt *st =
        prep(h, "SELECT id, completed_ms, verified_ms, form_json FROM cases WHERE code = ?");
    long long id = 0;
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, c, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        *complete = sqlite3_column_type(st, 1) != SQLITE_NULL;
        *verified = sqlite3_column_type(st, 2) != SQLITE_NULL ? sqlite3_column_int64(st, 2) : 0;
        if (form)
            snprintf(form, fn, "%s", (const char *)sqlite3_column_text(st, 3));
    }
    sqlite3_finalize(st);
    return id;
}

int64_t hub_case_verified_ms(struct hub *h, const char *code)
{
    char c[TRACKCODE_MAX];
    if (!code || !trackcode_normalize(code, c))
        return -1;
    bool complete = false;
    int64_t v = 0;
    hub_lock(h);
    long long id = case_find(h, c, &complete, &v, NULL, 0);
    hub_unlock(h);
    return id > 0 ? v : -1;
}

static bool step_ok(sqlite3_stmt *st)
{
    bool ok = st && sqlite3_step(st) == SQLITE_DONE;
    sqlite3_finalize(st);
    return ok;
}

enum kerr hub_case_verify(struct hub *h, const char *code, const char *actor, char *err,
                          size_t errlen)
{
    char c[TRACKCODE_MAX];
    if (!code || !trackcode_normalize(code, c)) {
        snprintf(err, errlen, "E730: no case %s", code ? code : "");
        return K_ERR_NOT_FOUND;
    }
    char *form = xcalloc(1, HUB_MAX_FORM + 1);
    enum kerr e = K_OK;
    hub_lock(h);
    bool complete = false;
    int64_t verified = 0, now = hub_now_ms();
    long long id = case_find(h, c, &complete, &verified, form, HUB_MAX_FORM + 1);
    char phone[64] = "", text[1024];
    status_phone_of(hub_service(h), form, phone, sizeof phone);
    explicit_bzero(form, HUB_MAX_FORM + 1);
    free(form);
    if (id <= 0 || !complete) {
        snprintf(err, errlen, "E730: no complete case %s", c);
        e = K_ERR_NOT_FOUND;
        goto out;
    }
    if (verified) {
        snprintf(err, errlen, "E765: the originals of %s were already verified", c);
        e = K_ERR_STATE;
        goto out;
    }
    status_sms_text(hub_service(h), c, 0, "routed", "", text, sizeof text);
    bool ok = sqlite3_exec(hub_db(h), "BEGIN IMMEDIATE", NULL, NULL, NULL) == SQLITE_OK;
    sqlite3_stmt *st =
        ok ? prep(h, "UPDATE cases SET verified_ms = ?, verified_by = ? WHERE id = ?") : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_text(st, 2, actor ? actor : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, id);
    }
    ok = ok && step_ok(st);
    st = ok ? prep(h, "INSERT INTO matter_history(case_id, matter, status, note, actor, at_ms) "
                      "SELECT case_id, matter, 'routed', '', ?, ? FROM case_matters WHERE "
                      "case_id = ? AND status IN ('submitted','supplement')")
            : NULL;
    if (st) {
        sqlite3_bind_text(st, 1, actor ? actor : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 2, now);
        sqlite3_bind_int64(st, 3, id);
    }
    ok = ok && step_ok(st);
    st = ok ? prep(h, "UPDATE case_matters SET status = 'routed', note = '', updated_ms = ? WHERE "
                      "case_id = ? AND status IN ('submitted','supplement')")
            : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, now);
        sqlite3_bind_int64(st, 2, id);
    }
    ok = ok && step_ok(st);
    if (ok && phone[0]) {
        st = prep(h, "INSERT INTO notifications(case_id, matter, phone, text, created_ms) "
                     "VALUES(?,0,?,?,?)");
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_text(st, 2, phone, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 3, text, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 4, now);
        }
        ok = step_ok(st);
    }
    if (ok && sqlite3_exec(hub_db(h), "COMMIT", NULL, NULL, NULL) == SQLITE_OK) {
        log_info("casehub", "case %s: originals verified by %s, matters routed", c,
                 actor ? actor : "?");
    } else {
        sqlite3_exec(hub_db(h), "ROLLBACK", NULL, NULL, NULL);
        snprintf(err, errlen, "E723: database error");
        e = K_ERR_DB;
    }
out:
    explicit_bzero(phone, sizeof phone);
    hub_unlock(h);
    return e;
}

char *hub_window_todo_json(struct hub *h)
{
    cJSON *arr = cJSON_CreateArray();
    hub_lock(h);
    sqlite3_stmt *st =
        prep(h, "SELECT c.code, c.created_ms, group_concat(m.matter), "
                "max(m.status = 'supplement') FROM cases c JOIN case_matters m ON m.case_id = "
                "c.id WHERE c.completed_ms IS NOT NULL AND c.verified_ms IS NULL GROUP BY c.id "
                "ORDER BY c.created_ms, c.id");
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        cJSON *x = cJSON_CreateObject();
        char grouped[TRACKCODE_MAX] = "";
        trackcode_group((const char *)sqlite3_column_text(st, 0), grouped);
        cJSON_AddStringToObject(x, "code", grouped);
        cJSON *ms = cJSON_AddArrayToObject(x, "matters");
        const char *list = (const char *)sqlite3_column_text(st, 2);
        for (const char *p = list; p && *p;) {
            long v = 0;
            const char *comma = strchr(p, ',');
            char one[16];
            size_t k = comma ? (size_t)(comma - p) : strlen(p);
            snprintf(one, sizeof one, "%.*s", (int)(k < 15 ? k : 15), p);
            if (str_to_long(one, 1, 999, &v))
                cJSON_AddItemToArray(ms, cJSON_CreateNumber((double)v));
            p = comma ? comma + 1 : p + k;
        }
        cJSON_AddStringToObject(x, "status",
                                sqlite3_column_int(st, 3) ? "supplement" : "submitted");
        cJSON_AddNumberToObject(x, "submitted_ms", (double)sqlite3_column_int64(st, 1));
        cJSON_AddItemToArray(arr, x);
    }
    sqlite3_finalize(st);
    hub_unlock(h);
    char *t = cJSON_PrintUnformatted(arr);
    cJSON_Delete(arr);
    char *r = xstrdup(t);
    cJSON_free(t);
    return r;
}

bool window_matter_rule(struct hub *h, long long case_id, const char *role, const char *matter_dept,
                        const char *from, const char *to, char *err, size_t errlen)
{
    if (!role)
        return true; /* the operator CLI: repairs and demos */
    sqlite3_stmt *st = prep(h, "SELECT verified_ms FROM cases WHERE id = ?");
    bool verified = false;
    if (st) {
        sqlite3_bind_int64(st, 1, case_id);
        verified = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
        sqlite3_finalize(st);
    }
    if (window_is(role)) {
        if (!verified && strcmp(to, "supplement") == 0 &&
            (strcmp(from, "submitted") == 0 || strcmp(from, "supplement") == 0))
            return true;
        snprintf(err, errlen, "E766: the window asks for supplements before verification only");
        return false;
    }
    if (!verified) {
        snprintf(err, errlen, "E767: the case is not routed yet (originals not verified)");
        return false;
    }
    if (strcmp(role, matter_dept) != 0) {
        snprintf(err, errlen, "E735: the matter belongs to department %s", matter_dept);
        return false;
    }
    return true;
}

void window_deadlines(struct hub *h, cJSON *o, int64_t verified_ms, bool done)
{
    struct calendar_due due;
    bool have_due = false;
    struct cdate today = hub_beijing_date(hub_now_ms()), vday = {0, 0, 0};
    char d[CDATE_TEXT] = "";
    if (verified_ms > 0) {
        cJSON_AddNumberToObject(o, "verified_ms", (double)verified_ms);
        vday = hub_beijing_date(verified_ms);
        have_due =
            calendar_deadline(hub_calendar(h), vday, hub_service(h)->time_limit_days, &due) == K_OK;
    } else {
        cJSON_AddNullToObject(o, "verified_ms");
    }
    if (have_due) {
        cdate_format(due.due, d);
        cJSON_AddStringToObject(o, "due", d);
    } else {
        cJSON_AddNullToObject(o, "due");
    }
    cJSON_AddBoolToObject(o, "overdue", have_due && !done && cdate_cmp(today, due.due) > 0);
    cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "matters"))
    {
        const cJSON *num = cJSON_GetObjectItemCaseSensitive(m, "matter");
        const cJSON *st = cJSON_GetObjectItemCaseSensitive(m, "status");
        bool final = cJSON_IsString(st) && status_final(st->valuestring);
        if (have_due)
            cJSON_AddStringToObject(m, "due", d);
        else
            cJSON_AddNullToObject(m, "due");
        cJSON_AddBoolToObject(m, "overdue", have_due && !final && cdate_cmp(today, due.due) > 0);
        struct cdate pay;
        if (verified_ms > 0 && cJSON_IsNumber(num) && num->valueint >= 1 &&
            policy_payment_date(hub_policy(h), (size_t)num->valueint - 1, vday, &pay)) {
            char pd[CDATE_TEXT];
            cdate_format(pay, pd);
            cJSON_AddStringToObject(m, "pay_by", pd);
        }
    }
}
