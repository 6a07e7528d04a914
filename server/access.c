/* server/access.c: case views per role, and the audit of views (server/). See access.h. */
#include "server/access.h"

#include <cjson/cJSON.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/core/trackcode.h"
#include "platform/log.h"
#include "platform/xalloc.h"
#include "server/policy.h"
#include "server/status.h"
#include "server/window.h"

void access_audit(struct hub *h, const char *user, const char *dept, const char *code,
                  const char *what, bool allowed)
{
    char c[TRACKCODE_MAX] = "";
    if (!code || !trackcode_normalize(code, c))
        snprintf(c, sizeof c, "?");
    hub_lock(h);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(hub_db(h),
                           "INSERT INTO access_log(at_ms, user, department, code, what, allowed) "
                           "VALUES(?,?,?,?,?,?)",
                           -1, &st, NULL) == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, hub_now_ms());
        sqlite3_bind_text(st, 2, user ? user : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, dept ? dept : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, c, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, what, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 6, allowed);
        if (sqlite3_step(st) != SQLITE_DONE)
            log_error("casehub", "E768: audit row not written: %s", sqlite3_errmsg(hub_db(h)));
    }
    sqlite3_finalize(st);
    hub_unlock(h);
}

char *access_audit_text(struct hub *h, const char *code)
{
    char c[TRACKCODE_MAX] = "";
    if (code && !trackcode_normalize(code, c))
        return xstrdup("");
    size_t cap = 1024, len = 0;
    char *out = xcalloc(1, cap);
    hub_lock(h);
    sqlite3_stmt *st = NULL;
    sqlite3_prepare_v2(hub_db(h),
                       code ? "SELECT at_ms, user, department, code, what, allowed FROM "
                              "access_log WHERE code = ? ORDER BY id"
                            : "SELECT at_ms, user, department, code, what, allowed FROM "
                              "access_log ORDER BY id",
                       -1, &st, NULL);
    if (st && code)
        sqlite3_bind_text(st, 1, c, -1, SQLITE_TRANSIENT);
    while (st && sqlite3_step(st) == SQLITE_ROW) {
        time_t s = (time_t)(sqlite3_column_int64(st, 0) / 1000) + 8 * 3600;
        struct tm tm;
        gmtime_r(&s, &tm);
        char when[32], grouped[TRACKCODE_MAX] = "", line[512];
        strftime(when, sizeof when, "%Y-%m-%d %H:%M:%S", &tm);
        trackcode_group((const char *)sqlite3_column_text(st, 3), grouped);
        int k = snprintf(line, sizeof line, "%s\t%s\t%s\t%s\t%s\t%s\n", when,
                         (const char *)sqlite3_column_text(st, 1),
                         (const char *)sqlite3_column_text(st, 2),
                         grouped[0] ? grouped : (const char *)sqlite3_column_text(st, 3),
                         (const char *)sqlite3_column_text(st, 4),
                         sqlite3_column_int(st, 5) ? "allowed" : "refused");
        size_t n = k > 0 ? (size_t)k < sizeof line ? (size_t)k : sizeof line - 1 : 0;
        if (len + n + 1 > cap) {
            cap = (len + n + 1) * 2;
            out = xrealloc(out, cap);
        }
        memcpy(out + len, line, n);
        len += n;
        out[len] = '\0';
    }
    sqlite3_finalize(st);
    hub_unlock(h);
    return out;
}

/* Whether the case object o holds a matter of dept. */
static bool holds_matter(const cJSON *o, const char *dept)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "matters"))
    {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(m, "department");
        if (cJSON_IsString(d) && strcmp(d->valuestring, dept) == 0)
            return true;
    }
    return false;
}

static bool dept_matter(const cJSON *o, const char *dept, int num)
{
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "matters"))
    {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(m, "department");
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(m, "matter");
        if (cJSON_IsString(d) && cJSON_IsNumber(n) && n->valueint == num)
            return strcmp(d->valuestring, dept) == 0;
    }
    return false;
}

/* A department's view: its fields and materials, its matters' history; other departments'
 * notes screened. */
static void filter_department(struct hub *h, cJSON *o, const char *dept)
{
    cJSON *form = cJSON_GetObjectItemCaseSensitive(o, "form");
    cJSON *f = form ? form->child : NULL;
    int hidden = 0;
    while (f) {
        cJSON *next = f->next;
        if (!policy_field_visible(hub_policy(h), dept, f->string)) {
            /* counted for the page's 另有 N 项: the applicant's fields and answers, not the
             * kiosk's own keys (signature hash, materials on paper) */
            hidden += f->string && (service_field(hub_service(h), f->string) ||
                                    strncmp(f->string, "answer.", 7) == 0);
            cJSON_Delete(cJSON_DetachItemViaPointer(form, f));
        }
        f = next;
    }
    cJSON_AddNumberToObject(o, "hidden_fields", hidden);
    cJSON *atts = cJSON_GetObjectItemCaseSensitive(o, "attachments");
    cJSON *a = atts ? atts->child : NULL;
    while (a) {
        cJSON *next = a->next;
        const cJSON *mat = cJSON_GetObjectItemCaseSensitive(a, "material");
        if (!cJSON_IsNumber(mat) || !policy_material_visible(hub_policy(h), dept, mat->valueint))
            cJSON_Delete(cJSON_DetachItemViaPointer(atts, a));
        a = next;
    }
    /* other departments' matters: status only, their notes as the applicant sees them */
    cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "matters"))
    {
        const cJSON *d = cJSON_GetObjectItemCaseSensitive(m, "department");
        const cJSON *note = cJSON_GetObjectItemCaseSensitive(m, "note");
        if (cJSON_IsString(d) && strcmp(d->valuestring, dept) != 0 && cJSON_IsString(note)) {
            char screened[HUB_NOTE_MAX + 64];
            status_screen_note(note->valuestring, screened, sizeof screened);
            cJSON_ReplaceItemInObjectCaseSensitive(m, "note", cJSON_CreateString(screened));
        }
    }
    cJSON *hist = cJSON_GetObjectItemCaseSensitive(o, "history");
    cJSON *x = hist ? hist->child : NULL;
    while (x) {
        cJSON *next = x->next;
        const cJSON *n = cJSON_GetObjectItemCaseSensitive(x, "matter");
        if (!cJSON_IsNumber(n) || !dept_matter(o, dept, n->valueint))
            cJSON_Delete(cJSON_DetachItemViaPointer(hist, x));
        x = next;
    }
}

/* The parsed full case and whether dept may see it; *status as access_case_view. */
static cJSON *load_checked(struct hub *h, const char *code, const char *dept, int *status)
{
    char *full = hub_case_json(h, code);
    cJSON *o = full ? cJSON_Parse(full) : NULL;
    if (full) {
        sodium_memzero(full, strlen(full));
        free(full);
    }
    const cJSON *state = cJSON_GetObjectItemCaseSensitive(o, "state");
    if (!o || !cJSON_IsString(state) || strcmp(state->valuestring, "receiving") == 0) {
        *status = 404;
    } else if (window_is(dept)) {
        *status = 200;
    } else if (!holds_matter(o, dept)) {
        *status = 403;
    } else if (!cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(o, "verified_ms"))) {
        *status = 409;
    } else {
        filter_department(h, o, dept);
        *status = 200;
    }
    if (*status != 200) {
        cJSON_Delete(o);
        return NULL;
    }
    return o;
}

char *access_case_view(struct hub *h, const char *code, const char *user, const char *dept,
                       const char *what, int *status)
{
    cJSON *o = load_checked(h, code, dept, status);
    if (*status != 404)
        access_audit(h, user, dept, code, what, o != NULL);
    if (!o)
        return NULL;
    cJSON_AddStringToObject(o, "view", window_is(dept) ? "window" : "department");
    char *t = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    char *r = xstrdup(t);
    sodium_memzero(t, strlen(t));
    cJSON_free(t);
    return r;
}

/* Whether sha256 is the applicant's signature (attachment material 0) of case code, looked up
 * in the whole case: a refused look is audited by what it asked for. */
static bool is_signature(struct hub *h, const char *code, const char *sha256)
{
    char *full = hub_case_json(h, code);
    cJSON *o = full ? cJSON_Parse(full) : NULL;
    if (full) {
        sodium_memzero(full, strlen(full));
        free(full);
    }
    bool sig = false;
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "attachments"))
    {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(x, "sha256");
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(x, "material");
        sig |= cJSON_IsString(s) && strcmp(s->valuestring, sha256) == 0 && cJSON_IsNumber(m) &&
               m->valueint == 0;
    }
    cJSON_Delete(o);
    return sig;
}

bool access_page_allowed(struct hub *h, const char *code, const char *user, const char *dept,
                         const char *sha256, char *mime, size_t mn)
{
    int status = 0;
    cJSON *o = load_checked(h, code, dept, &status);
    bool listed = false;
    const cJSON *x;
    cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "attachments"))
    {
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(x, "sha256");
        const cJSON *m = cJSON_GetObjectItemCaseSensitive(x, "mime");
        if (cJSON_IsString(s) && strcmp(s->valuestring, sha256) == 0 && cJSON_IsString(m)) {
            listed = true;
            snprintf(mime, mn, "%s", m->valuestring);
        }
    }
    cJSON_Delete(o);
    if (status != 404)
        access_audit(h, user, dept, code, is_signature(h, code, sha256) ? "signature" : "page",
                     listed);
    return listed;
}
