/* server/lookup.c: manual status lookup by code and phone digits, with a per-code lock. */
#include "server/lookup.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/trackcode.h"
#include "platform/log.h"
#include "server/status.h"
#include "platform/xalloc.h"

static const char table[] =
    "CREATE TABLE IF NOT EXISTS lookup_misses(code TEXT PRIMARY KEY, misses INTEGER NOT NULL,"
    " last_ms INTEGER NOT NULL, locked_until_ms INTEGER NOT NULL DEFAULT 0);";

enum kerr lookup_init(struct hub *h)
{
    hub_lock(h);
    int rc = sqlite3_exec(hub_db(h), table, NULL, NULL, NULL);
    hub_unlock(h);
    return rc == SQLITE_OK ? K_OK : K_ERR_DB;
}

/* Count this attempt against the code before the digits are compared (so that concurrent
 * guesses cannot overtake the limit). Returns the lock's end (> now) when the code is locked
 * (this attempt then is not looked at), 0 when the attempt may proceed; -1 on a database
 * error. *misses: the count including this attempt. */
static int64_t take_attempt(struct hub *h, const char *code, int64_t now, int *misses)
{
    int64_t until = -1;
    hub_lock(h);
    sqlite3_stmt *st = NULL;
    /* forget codes nobody has tried for a day */
    if (sqlite3_prepare_v2(hub_db(h),
                           "DELETE FROM lookup_misses WHERE last_ms < ? AND locked_until_ms < ?",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, now - LOOKUP_WINDOW_MS);
        sqlite3_bind_int64(st, 2, now);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    int n = 0;
    int64_t locked = 0;
    if (sqlite3_prepare_v2(hub_db(h),
                           "SELECT misses, locked_until_ms FROM lookup_misses WHERE code = ?", -1,
                           &st, NULL) != SQLITE_OK)
        goto out;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        n = sqlite3_column_int(st, 0);
        locked = sqlite3_column_int64(st, 1);
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc != SQLITE_ROW && rc != SQLITE_DONE)
        goto out;
    if (locked > now) {
        until = locked;
        goto out;
    }
    if (locked != 0)
        n = 0; /* the lock has run out: a fresh count */
    n++;
    locked = n >= LOOKUP_MAX_MISSES ? now + LOOKUP_LOCK_MS : 0;
    if (sqlite3_prepare_v2(hub_db(h),
                           "INSERT OR REPLACE INTO lookup_misses(code, misses, last_ms, "
                           "locked_until_ms) VALUES(?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        goto out;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int(st, 2, n);
    sqlite3_bind_int64(st, 3, now);
    sqlite3_bind_int64(st, 4, locked);
    if (sqlite3_step(st) == SQLITE_DONE) {
        until = 0;
        *misses = n;
    }
out:
    sqlite3_finalize(st);
    hub_unlock(h);
    return until;
}

static void forget(struct hub *h, const char *code)
{
    hub_lock(h);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(hub_db(h), "DELETE FROM lookup_misses WHERE code = ?", -1, &st, NULL) ==
        SQLITE_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
    }
    sqlite3_finalize(st);
    hub_unlock(h);
}

static void locked_answer(struct hub_answer *a, int64_t until, int64_t now, long *retry_s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", "locked");
    cJSON_AddStringToObject(o, "message",
                            "too many wrong phone digits for this code: locked until unlock_ms");
    cJSON_AddNumberToObject(o, "unlock_ms", (double)until);
    char *t = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    a->status = 429;
    a->body = xstrdup(t);
    cJSON_free(t);
    *retry_s = (long)((until - now + 999) / 1000);
}

/* The applicant's phone of a case (the service's first phone field) matches the digits;
 * *status gets the status object (no personal data) when it does. */
static bool digits_match(struct hub *h, const char *code, const char *digits, cJSON **status)
{
    char *full = hub_case_json(h, code);
    cJSON *c = full ? cJSON_Parse(full) : NULL;
    if (full) {
        sodium_memzero(full, strlen(full));
        free(full);
    }
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(c, "form");
    char phone[64] = "";
    for (size_t i = 0; i < hub_service(h)->n_fields && !phone[0]; i++)
        if (hub_service(h)->fields[i].type == FIELD_PHONE) {
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(form, hub_service(h)->fields[i].id);
            if (cJSON_IsString(p))
                str_copy(phone, sizeof phone, p->valuestring);
        }
    size_t pl = strlen(phone);
    /* compared even without a phone, so both paths take the same work */
    char last[5] = "????";
    if (pl >= 4)
        memcpy(last, phone + pl - 4, 4);
    bool ok = sodium_memcmp(last, digits, 4) == 0 && pl >= 4;
    sodium_memzero(phone, sizeof phone);
    if (ok) {
        /* the same object GET /status answers: nothing personal */
        cJSON *o = cJSON_CreateObject();
        static const char *const keep[] = {"code", "state", "submitted_ms", "due", "overdue"};
        for (size_t i = 0; i < sizeof keep / sizeof keep[0]; i++) {
            const cJSON *v = cJSON_GetObjectItemCaseSensitive(c, keep[i]);
            if (v)
                cJSON_AddItemToObject(o, keep[i], cJSON_Duplicate(v, true));
        }
        cJSON *ms = cJSON_AddArrayToObject(o, "matters");
        const cJSON *m;
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(c, "matters"))
        {
            cJSON *x = cJSON_CreateObject();
            static const char *const mk[] = {"matter", "status", "updated_ms"};
            for (size_t i = 0; i < sizeof mk / sizeof mk[0]; i++) {
                const cJSON *v = cJSON_GetObjectItemCaseSensitive(m, mk[i]);
                if (v)
                    cJSON_AddItemToObject(x, mk[i], cJSON_Duplicate(v, true));
            }
            /* the note as the status answer has it: numbers in it masked (server/status.h) */
            const cJSON *note = cJSON_GetObjectItemCaseSensitive(m, "note");
            if (cJSON_IsString(note)) {
                char screened[HUB_NOTE_MAX + 64];
                status_screen_note(note->valuestring, screened, sizeof screened);
                cJSON_AddStringToObject(x, "note", screened);
            }
            cJSON_AddItemToArray(ms, x);
        }
        *status = o;
    }
    cJSON_Delete(c);
    return ok;
}

void lookup_manual(struct hub *h, const char *body, size_t len, struct hub_answer *a, long *retry_s)
{
    memset(a, 0, sizeof *a);
    *retry_s = 0;
    if (!hub_utf8_ok(body, len)) {
        hub_answer_error(a, 400, "bad_request", "the body is not valid UTF-8");
        return;
    }
    cJSON *j = cJSON_ParseWithLength(body, len);
    if (!cJSON_IsObject(j)) {
        hub_answer_error(a, 400, "bad_json", "the body is not a JSON object");
        cJSON_Delete(j);
        return;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, j)
    {
        if (!it->string ||
            (strcmp(it->string, "code") != 0 && strcmp(it->string, "phone_last4") != 0)) {
            hub_answer_error(a, 400, "unknown_field", "a lookup has only code and phone_last4");
            cJSON_Delete(j);
            return;
        }
    }
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(j, "code");
    const cJSON *digits = cJSON_GetObjectItemCaseSensitive(j, "phone_last4");
    char c[TRACKCODE_MAX];
    if (!cJSON_IsString(code) || !trackcode_normalize(code->valuestring, c) ||
        !trackcode_check(c)) {
        hub_answer_error(a, 400, "bad_code", "code is not a valid tracking code");
        cJSON_Delete(j);
        return;
    }
    bool digits_ok = cJSON_IsString(digits) && strlen(digits->valuestring) == 4;
    for (size_t i = 0; digits_ok && i < 4; i++)
        digits_ok = digits->valuestring[i] >= '0' && digits->valuestring[i] <= '9';
    if (!digits_ok) {
        hub_answer_error(a, 400, "bad_field", "phone_last4 must be 4 digits");
        cJSON_Delete(j);
        return;
    }
    int64_t now = hub_now_ms();
    int misses = 0;
    int64_t until = take_attempt(h, c, now, &misses);
    if (until < 0) {
        hub_answer_error(a, 503, "unavailable", "database error, try again");
    } else if (until > 0) {
        locked_answer(a, until, now, retry_s);
    } else {
        cJSON *status = NULL;
        if (digits_match(h, c, digits->valuestring, &status)) {
            forget(h, c);
            char *t = cJSON_PrintUnformatted(status);
            cJSON_Delete(status);
            a->status = 200;
            a->body = xstrdup(t);
            cJSON_free(t);
        } else if (misses >= LOOKUP_MAX_MISSES) {
            log_warn("casehub", "E783: manual lookups of %s locked after %d wrong answers", c,
                     misses);
            locked_answer(a, now + LOOKUP_LOCK_MS, now, retry_s);
        } else {
            hub_answer_error(a, 404, "not_found", "no such case");
        }
    }
    cJSON_Delete(j);
}
