/* server/hub_status.c: a case's status and the lookups: the status JSON, the whole case, counts and
 * to-do lists (server/). */
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

/* ---- status ---- */

bool hub_final_status(const char *s)
{
    return strcmp(s, "completed") == 0 || strcmp(s, "rejected") == 0;
}

/* Builds the status object of a case (lock held); NULL when unknown. with_personal adds the
 * form, attachments and history (console and operator). */
static cJSON *case_object(struct hub *h, long long id, bool with_personal)
{
    sqlite3_stmt *st =
        hub_prep(h, "SELECT uuid, code, kiosk, kiosk_id, district, created_ms, "
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
    st = hub_prep(h, "SELECT matter, status, note, updated_ms, department FROM case_matters WHERE "
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
            n_final += hub_final_status(s);
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
        st =
            hub_prep(h, "SELECT material, sha256, size, mime FROM case_attachments WHERE case_id = "
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
        st = hub_prep(h, "SELECT matter, status, note, actor, at_ms FROM matter_history WHERE "
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
    hub_sha256_hex(tokn, strlen(tokn), th);
    cJSON *o = NULL;
    pthread_mutex_lock(&h->lock);
    if (code && trackcode_check(code) && trackcode_normalize(code, c)) {
        sqlite3_stmt *st = hub_prep(h, "SELECT id, token_hash FROM cases WHERE code = ?");
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
    hub_answer_json(a, 200, o);
}

char *hub_case_json(struct hub *h, const char *code)
{
    char c[TRACKCODE_MAX];
    if (!code || !trackcode_normalize(code, c))
        return NULL;
    pthread_mutex_lock(&h->lock);
    long long id = hub_case_id_by(h, "code", c, NULL, NULL, 0);
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
    sqlite3_stmt *st = hub_prep(h, "SELECT COUNT(*) FROM cases");
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
    sqlite3_stmt *st =
        hub_prep(h, "SELECT c.id, m.matter, m.status FROM case_matters m JOIN cases c "
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
