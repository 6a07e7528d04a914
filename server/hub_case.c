/* server/hub_case.c: case intake: POST /api/v1/cases checked strictly, and the kiosk's completion
 * (server/). */
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

/* ---- cases ---- */

static bool uuid_ok(const char *s)
{
    if (strlen(s) != 36)
        return false;
    for (int i = 0; i < 36; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            return false;
    }
    return true;
}

static bool token_ok(const char *t)
{
    static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    if (strlen(t) != TRACKCODE_TOKEN_LEN)
        return false;
    for (size_t i = 0; t[i]; i++)
        if (!strchr(alphabet, toupper((unsigned char)t[i])))
            return false;
    return true;
}

static bool is_int(const cJSON *j, double lo, double hi)
{
    return cJSON_IsNumber(j) && j->valuedouble >= lo && j->valuedouble <= hi &&
           j->valuedouble == (double)(long long)j->valuedouble;
}

static bool keys_known(const cJSON *o, const char *const *keys, char *bad, size_t n)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, o)
    {
        bool found = false;
        for (size_t i = 0; keys[i]; i++)
            if (it->string && strcmp(it->string, keys[i]) == 0)
                found = true;
        if (!found) {
            snprintf(bad, n, "field '%.64s' is not known here", it->string ? it->string : "");
            return false;
        }
    }
    return true;
}

/* Missing blobs of a case as a JSON array (lock held). */
static cJSON *missing_of(struct hub *h, long long case_id)
{
    cJSON *arr = cJSON_CreateArray();
    sqlite3_stmt *st =
        hub_prep(h, "SELECT DISTINCT sha256 FROM case_attachments WHERE case_id = ? ORDER BY idx");
    if (!st)
        return arr;
    sqlite3_bind_int64(st, 1, case_id);
    while (sqlite3_step(st) == SQLITE_ROW) {
        const char *s = (const char *)sqlite3_column_text(st, 0);
        if (!hub_blob_has(h, s, NULL))
            cJSON_AddItemToArray(arr, cJSON_CreateString(s));
    }
    sqlite3_finalize(st);
    return arr;
}

static const char *const case_keys[] = {"uuid",       "code",    "token", "kiosk_id",    "district",
                                        "created_ms", "matters", "form",  "attachments", NULL};
static const char *const att_keys[] = {"material", "sha256", "size", "mime", NULL};

/* Keys the kiosk adds to the answers (app/screens/submit.c, app/ctl/sample.c), with the one
 * shape each may take. */
static bool meta_key_ok(const cJSON *item)
{
    const char *k = item->string;
    const char *v = cJSON_IsString(item) ? item->valuestring : NULL;
    if (strcmp(k, "sample") == 0) /* kioskctl's sample cases */
        return cJSON_IsBool(item);
    if (strcmp(k, "signature_sha256") == 0) { /* what the applicant's signature confirms */
        char hex[65];
        return v && (!v[0] || hub_hex64(v, hex));
    }
    if (strcmp(k, "materials_missing") == 0) /* material numbers brought on paper, "1,2" */
        return v && strspn(v, "0123456789,") == strlen(v);
    return false;
}

/* A form key the service definition knows: a field id, "answer.<question id>" (the kiosk's
 * answers to the service's questions, session_form_json) or one of the kiosk's own keys
 * (meta_key_ok). */
static bool form_key_known(const struct service *svc, const cJSON *item)
{
    const char *k = item->string;
    if (!k)
        return false;
    if (service_field(svc, k))
        return true;
    if (strncmp(k, "answer.", 7) == 0) {
        for (size_t i = 0; i < svc->n_questions; i++)
            if (strcmp(svc->questions[i].id, k + 7) == 0)
                return true;
        return false;
    }
    return meta_key_ok(item);
}

/* Strict check of a case body; on failure fills a (400) and returns false. */
static bool check_case(struct hub *h, const cJSON *j, const char *idem, struct hub_answer *a)
{
    char bad[160];
    if (!cJSON_IsObject(j)) {
        hub_answer_error(a, 400, "bad_json", "the body is not a JSON object");
        return false;
    }
    if (!keys_known(j, case_keys, bad, sizeof bad)) {
        hub_answer_error(a, 400, "unknown_field", bad);
        return false;
    }
    for (size_t i = 0; case_keys[i]; i++)
        if (!cJSON_GetObjectItemCaseSensitive(j, case_keys[i])) {
            snprintf(bad, sizeof bad, "field '%s' is required", case_keys[i]);
            hub_answer_error(a, 400, "missing_field", bad);
            return false;
        }
    const cJSON *uuid = cJSON_GetObjectItemCaseSensitive(j, "uuid");
    const cJSON *code = cJSON_GetObjectItemCaseSensitive(j, "code");
    const cJSON *tok = cJSON_GetObjectItemCaseSensitive(j, "token");
    const cJSON *kid = cJSON_GetObjectItemCaseSensitive(j, "kiosk_id");
    const cJSON *dis = cJSON_GetObjectItemCaseSensitive(j, "district");
    const cJSON *cms = cJSON_GetObjectItemCaseSensitive(j, "created_ms");
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(j, "matters");
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(j, "form");
    const cJSON *atts = cJSON_GetObjectItemCaseSensitive(j, "attachments");
    if (!cJSON_IsString(uuid) || !uuid_ok(uuid->valuestring)) {
        hub_answer_error(a, 400, "bad_field", "uuid must be a UUID (8-4-4-4-12 hex)");
        return false;
    }
    if (!idem || strcmp(idem, uuid->valuestring) != 0) {
        hub_answer_error(a, 400, "bad_request", "Idempotency-Key must be present and equal uuid");
        return false;
    }
    long kiosk_num, seq;
    if (!is_int(kid, 1, TRACKCODE_KIOSK_MAX)) {
        hub_answer_error(a, 400, "bad_field", "kiosk_id must be an integer 1..1048575");
        return false;
    }
    if (!cJSON_IsString(code) || !trackcode_split(code->valuestring, &kiosk_num, &seq)) {
        hub_answer_error(a, 400, "bad_code", "code is not a valid tracking code");
        return false;
    }
    if (kiosk_num != (long)kid->valuedouble) {
        hub_answer_error(a, 400, "bad_code", "the code's kiosk number is not kiosk_id");
        return false;
    }
    if (!cJSON_IsString(tok) || !token_ok(tok->valuestring)) {
        hub_answer_error(a, 400, "bad_field", "token must be 16 Crockford base-32 characters");
        return false;
    }
    if (!cJSON_IsString(dis) || !service_district(&h->svc, dis->valuestring)) {
        hub_answer_error(a, 400, "bad_field", "district is not a district of the service");
        return false;
    }
    if (!is_int(cms, 1, 1e15)) {
        hub_answer_error(a, 400, "bad_field", "created_ms must be a positive integer");
        return false;
    }
    if (!cJSON_IsArray(ms) || cJSON_GetArraySize(ms) < 1 ||
        cJSON_GetArraySize(ms) > (int)h->svc.n_matters) {
        hub_answer_error(a, 400, "bad_field", "matters must list 1..N matter numbers");
        return false;
    }
    bool seen[64] = {false};
    const cJSON *m;
    cJSON_ArrayForEach(m, ms)
    {
        if (!is_int(m, 1, (double)h->svc.n_matters) || h->svc.n_matters > 64 ||
            seen[(int)m->valuedouble - 1]) {
            hub_answer_error(a, 400, "bad_field", "matters must be distinct numbers 1..N");
            return false;
        }
        seen[(int)m->valuedouble - 1] = true;
    }
    if (!cJSON_IsObject(form) || cJSON_GetArraySize(form) > 200) {
        hub_answer_error(a, 400, "bad_field", "form must be an object of at most 200 answers");
        return false;
    }
    const cJSON *f;
    cJSON_ArrayForEach(f, form)
    {
        if (!form_key_known(&h->svc, f)) {
            snprintf(bad, sizeof bad, "form field '%.64s' is not a field of the service definition",
                     f->string ? f->string : "");
            hub_answer_error(a, 400, "unknown_field", bad);
            return false;
        }
        if (!(cJSON_IsString(f) && strlen(f->valuestring) <= 2000) && !cJSON_IsBool(f) &&
            !cJSON_IsNumber(f)) {
            hub_answer_error(a, 400, "bad_field", "form values must be strings of <= 2000 bytes");
            return false;
        }
    }
    if (!cJSON_IsArray(atts) || cJSON_GetArraySize(atts) > HUB_MAX_ATTACH) {
        hub_answer_error(a, 400, "bad_field", "attachments must be an array of at most 64");
        return false;
    }
    const cJSON *at;
    int signatures = 0;
    cJSON_ArrayForEach(at, atts)
    {
        char hex[65];
        if (!cJSON_IsObject(at) || !keys_known(at, att_keys, bad, sizeof bad)) {
            hub_answer_error(a, 400, "unknown_field", cJSON_IsObject(at) ? bad : "bad attachment");
            return false;
        }
        const cJSON *mat = cJSON_GetObjectItemCaseSensitive(at, "material");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(at, "sha256");
        const cJSON *sz = cJSON_GetObjectItemCaseSensitive(at, "size");
        const cJSON *mime = cJSON_GetObjectItemCaseSensitive(at, "mime");
        /* material 0: the applicant's signature, one PNG at most (docs/api.md) */
        bool sig = is_int(mat, 0, 0);
        if (sig && (signatures++ || !cJSON_IsString(mime) ||
                    strcmp(mime->valuestring, "image/png") != 0)) {
            hub_answer_error(a, 400, "bad_field", "one signature (material 0) at most, a PNG");
            return false;
        }
        if (!sig &&
            (!is_int(mat, 1, 999) || !service_material_by_number(&h->svc, (int)mat->valuedouble))) {
            hub_answer_error(a, 400, "bad_field", "attachment material is not a material number");
            return false;
        }
        if (!cJSON_IsString(sha) || !hub_hex64(sha->valuestring, hex)) {
            hub_answer_error(a, 400, "bad_hash", "attachment sha256 must be 64 hex characters");
            return false;
        }
        if (!is_int(sz, 1, HUB_MAX_BLOB)) {
            hub_answer_error(a, 400, "bad_field", "attachment size must be 1..33554432");
            return false;
        }
        if (!cJSON_IsString(mime) || (strcmp(mime->valuestring, "image/jpeg") != 0 &&
                                      strcmp(mime->valuestring, "image/png") != 0 &&
                                      strcmp(mime->valuestring, "application/pdf") != 0)) {
            hub_answer_error(a, 400, "bad_field", "attachment mime must be image/jpeg|png or pdf");
            return false;
        }
    }
    return true;
}

/* The service's rules on the answers: a case that asks for a matter its own answers block
 * is refused (422 matter_blocked), so that nothing the plan forbids enters a to-do list. */
static bool check_rules(struct hub *h, const cJSON *j, struct hub_answer *a)
{
    struct caserules_block why;
    if (!caserules_blocked(&h->svc, cJSON_GetObjectItemCaseSensitive(j, "form"),
                           cJSON_GetObjectItemCaseSensitive(j, "matters"), &why))
        return true;
    char msg[300];
    const char *mid = why.matter ? h->svc.matters[why.matter - 1].id : "*";
    snprintf(msg, sizeof msg, "E760: the answer %.64s=%.64s blocks matter %d (%.64s)",
             why.question ? why.question : "?", why.answer ? why.answer : "?", why.matter, mid);
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", "matter_blocked");
    cJSON_AddStringToObject(o, "message", msg);
    cJSON_AddNumberToObject(o, "matter", why.matter);
    cJSON_AddStringToObject(o, "question", why.question ? why.question : "");
    hub_answer_json(a, 422, o);
    return false;
}

long long hub_case_id_by(struct hub *h, const char *col, const char *val, char *body_hash,
                         char *kiosk, size_t kn)
{
    char sql[128];
    snprintf(sql, sizeof sql, "SELECT id, body_hash, kiosk FROM cases WHERE %s = ?", col);
    sqlite3_stmt *st = hub_prep(h, sql);
    long long id = 0;
    if (!st)
        return -1;
    sqlite3_bind_text(st, 1, val, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) == SQLITE_ROW) {
        id = sqlite3_column_int64(st, 0);
        if (body_hash)
            str_copy(body_hash, 65, (const char *)sqlite3_column_text(st, 1));
        if (kiosk)
            str_copy(kiosk, kn, (const char *)sqlite3_column_text(st, 2));
    }
    sqlite3_finalize(st);
    return id;
}

static cJSON *create_answer(struct hub *h, long long id, const char *uuid, const char *code)
{
    cJSON *o = cJSON_CreateObject();
    char grouped[TRACKCODE_MAX];
    trackcode_group(code, grouped);
    cJSON_AddStringToObject(o, "uuid", uuid);
    cJSON_AddStringToObject(o, "code", grouped);
    cJSON *miss = missing_of(h, id);
    sqlite3_stmt *st = hub_prep(h, "SELECT completed_ms FROM cases WHERE id = ?");
    bool done = false;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        done = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
        sqlite3_finalize(st);
    }
    cJSON_AddStringToObject(o, "state", done ? "submitted" : "receiving");
    cJSON_AddItemToObject(o, "missing", miss);
    return o;
}

/* A kiosk token creates cases only under its own kiosk number: the number given at `kiosk add
 * --number`, else the one of its first case (bound then, unless another kiosk holds it).
 * Lock held. K_OK, K_ERR_AUTH (another kiosk's number) or K_ERR_DB. */
static enum kerr kiosk_number_ok(struct hub *h, const char *kiosk, long number)
{
    sqlite3_stmt *st = hub_prep(h, "SELECT number FROM kiosks WHERE name = ?");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_text(st, 1, kiosk, -1, SQLITE_TRANSIENT);
    int rc = sqlite3_step(st);
    bool bound = rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL;
    long long have = bound ? sqlite3_column_int64(st, 0) : 0;
    sqlite3_finalize(st);
    if (rc != SQLITE_ROW)
        return rc == SQLITE_DONE ? K_ERR_AUTH : K_ERR_DB; /* revoked meanwhile */
    if (bound)
        return have == number ? K_OK : K_ERR_AUTH;
    st = hub_prep(h, "UPDATE kiosks SET number = ? WHERE name = ? AND number IS NULL");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, number);
    sqlite3_bind_text(st, 2, kiosk, -1, SQLITE_TRANSIENT);
    rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc == SQLITE_CONSTRAINT)
        return K_ERR_AUTH; /* another kiosk has this number */
    if (rc != SQLITE_DONE)
        return K_ERR_DB;
    log_info("casehub", "kiosk %s bound to number %ld by its first case", kiosk, number);
    return K_OK;
}

void hub_case_create(struct hub *h, const char *kiosk, const char *idem_key, const char *body,
                     size_t len, struct hub_answer *a)
{
    memset(a, 0, sizeof *a);
    if (!hub_utf8_ok(body, len)) {
        hub_answer_error(a, 400, "bad_request", "the body is not valid UTF-8");
        return;
    }
    cJSON *j = cJSON_ParseWithLength(body, len);
    if (!j) {
        hub_answer_error(a, 400, "bad_json", "the body is not valid JSON");
        return;
    }
    if (!check_case(h, j, idem_key, a) || !check_rules(h, j, a)) {
        cJSON_Delete(j);
        return;
    }
    char body_hash[65], old_hash[65] = "";
    hub_sha256_hex(body, len, body_hash);
    const char *uuid = cJSON_GetObjectItemCaseSensitive(j, "uuid")->valuestring;
    char code[TRACKCODE_MAX], tokn[TRACKCODE_MAX];
    trackcode_normalize(cJSON_GetObjectItemCaseSensitive(j, "code")->valuestring, code);
    /* tokens are compared upper-case: normalise the same way as codes (no dashes) */
    const char *tok = cJSON_GetObjectItemCaseSensitive(j, "token")->valuestring;
    size_t k = 0;
    for (; tok[k] && k + 1 < sizeof tokn; k++)
        tokn[k] = (char)toupper((unsigned char)tok[k]);
    tokn[k] = '\0';
    char tok_hash[65];
    hub_sha256_hex(tokn, strlen(tokn), tok_hash);

    pthread_mutex_lock(&h->lock);
    enum kerr ke = kiosk_number_ok(
        h, kiosk, (long)cJSON_GetObjectItemCaseSensitive(j, "kiosk_id")->valuedouble);
    if (ke != K_OK) {
        if (ke == K_ERR_AUTH)
            hub_answer_error(a, 403, "forbidden",
                             "the code's kiosk number is not this kiosk token's number");
        else
            hub_answer_error(a, 503, "unavailable", "database error");
        goto out;
    }
    long long id = hub_case_id_by(h, "uuid", uuid, old_hash, NULL, 0);
    if (id > 0) {
        if (strcmp(old_hash, body_hash) != 0)
            hub_answer_error(a, 409, "conflict",
                             "this Idempotency-Key was used with a different body");
        else
            hub_answer_json(a, 200, create_answer(h, id, uuid, code));
        goto out;
    }
    /* a new case's submission time must be plausible against the time it arrives (retries of
     * an accepted one are answered above whatever their age): it sets the deadline */
    int64_t created = (int64_t)cJSON_GetObjectItemCaseSensitive(j, "created_ms")->valuedouble;
    int64_t received = hub_now_ms();
    if (id == 0 && created > received + HUB_CREATED_AHEAD_MS) {
        hub_answer_error(a, 400, "bad_field",
                         "created_ms is more than 15 minutes ahead of casehub's clock (check the "
                         "kiosk's clock)");
        goto out;
    }
    if (id == 0 && created < received - HUB_CREATED_AGE_MS) {
        hub_answer_error(a, 400, "bad_field", "created_ms is more than 5 years before now");
        goto out;
    }
    if (id < 0 || hub_case_id_by(h, "code", code, NULL, NULL, 0) != 0) {
        if (id < 0)
            hub_answer_error(a, 503, "unavailable", "database error");
        else
            hub_answer_error(a, 409, "conflict", "this code belongs to another case");
        goto out;
    }
    if (!hub_exec(h, "BEGIN IMMEDIATE")) {
        hub_answer_error(a, 503, "unavailable", "database busy");
        goto out;
    }
    int64_t now = hub_now_ms();
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(j, "form");
    char *form_text = cJSON_PrintUnformatted(form);
    sqlite3_stmt *st = hub_prep(h, "INSERT INTO cases(uuid, code, kiosk, kiosk_id, district, "
                                   "created_ms, received_ms, token_hash, body_hash, form_json) "
                                   "VALUES(?,?,?,?,?,?,?,?,?,?)");
    bool ok = st != NULL && form_text != NULL && strlen(form_text) <= HUB_MAX_FORM;
    if (ok) {
        sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, code, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, kiosk, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(
            st, 4, (sqlite3_int64)cJSON_GetObjectItemCaseSensitive(j, "kiosk_id")->valuedouble);
        sqlite3_bind_text(st, 5, cJSON_GetObjectItemCaseSensitive(j, "district")->valuestring, -1,
                          SQLITE_TRANSIENT);
        sqlite3_bind_int64(
            st, 6, (sqlite3_int64)cJSON_GetObjectItemCaseSensitive(j, "created_ms")->valuedouble);
        sqlite3_bind_int64(st, 7, now);
        sqlite3_bind_text(st, 8, tok_hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 9, body_hash, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 10, form_text, -1, SQLITE_TRANSIENT);
        ok = sqlite3_step(st) == SQLITE_DONE;
    }
    bool form_too_big = form_text && strlen(form_text) > HUB_MAX_FORM;
    cJSON_free(form_text);
    sqlite3_finalize(st);
    id = sqlite3_last_insert_rowid(h->db);
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(j, "matters"))
    {
        if (!ok)
            break;
        int num = (int)m->valuedouble;
        const struct service_matter *sm = &h->svc.matters[num - 1];
        const struct service_department *d = service_matter_department(&h->svc, sm);
        st =
            hub_prep(h, "INSERT INTO case_matters(case_id, matter, department, status, updated_ms) "
                        "VALUES(?,?,?, 'submitted', ?)");
        ok = st != NULL;
        if (ok) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int(st, 2, num);
            sqlite3_bind_text(st, 3, d ? d->id : "", -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 4, now);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
    }
    int idx = 0;
    const cJSON *at;
    cJSON_ArrayForEach(at, cJSON_GetObjectItemCaseSensitive(j, "attachments"))
    {
        if (!ok)
            break;
        char hex[65];
        hub_hex64(cJSON_GetObjectItemCaseSensitive(at, "sha256")->valuestring, hex);
        st = hub_prep(h, "INSERT INTO case_attachments(case_id, idx, material, sha256, size, mime) "
                         "VALUES(?,?,?,?,?,?)");
        ok = st != NULL;
        if (ok) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int(st, 2, idx++);
            sqlite3_bind_int(st, 3,
                             (int)cJSON_GetObjectItemCaseSensitive(at, "material")->valuedouble);
            sqlite3_bind_text(st, 4, hex, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(
                st, 5, (sqlite3_int64)cJSON_GetObjectItemCaseSensitive(at, "size")->valuedouble);
            sqlite3_bind_text(st, 6, cJSON_GetObjectItemCaseSensitive(at, "mime")->valuestring, -1,
                              SQLITE_TRANSIENT);
            ok = sqlite3_step(st) == SQLITE_DONE;
        }
        sqlite3_finalize(st);
    }
    if (ok && hub_exec(h, "COMMIT")) {
        hub_answer_json(a, 201, create_answer(h, id, uuid, code));
    } else {
        hub_exec(h, "ROLLBACK");
        if (form_too_big)
            hub_answer_error(a, 400, "bad_field", "form is larger than 64 KiB");
        else
            hub_answer_error(a, 503, "unavailable", "database error, try again");
    }
out:
    pthread_mutex_unlock(&h->lock);
    cJSON_Delete(j);
}

void hub_case_complete(struct hub *h, const char *kiosk, const char *uuid, struct hub_answer *a)
{
    memset(a, 0, sizeof *a);
    char owner[128] = "", code[TRACKCODE_MAX];
    pthread_mutex_lock(&h->lock);
    long long id = uuid_ok(uuid) ? hub_case_id_by(h, "uuid", uuid, NULL, owner, sizeof owner) : 0;
    if (id <= 0) {
        hub_answer_error(a, id < 0 ? 503 : 404, id < 0 ? "unavailable" : "not_found",
                         "no such case");
        goto out;
    }
    if (strcmp(owner, kiosk) != 0) {
        hub_answer_error(a, 403, "forbidden", "the case belongs to another kiosk");
        goto out;
    }
    cJSON *miss = missing_of(h, id);
    if (cJSON_GetArraySize(miss) > 0) {
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "error", "incomplete");
        cJSON_AddStringToObject(o, "message", "attachments are missing");
        cJSON_AddItemToObject(o, "missing", miss);
        hub_answer_json(a, 409, o);
        goto out;
    }
    cJSON_Delete(miss);
    sqlite3_stmt *st =
        hub_prep(h, "UPDATE cases SET completed_ms = ? WHERE id = ? AND completed_ms "
                    "IS NULL");
    bool ok = false;
    if (st) {
        sqlite3_bind_int64(st, 1, hub_now_ms());
        sqlite3_bind_int64(st, 2, id);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    }
    st = hub_prep(h, "SELECT code FROM cases WHERE id = ?");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        if (sqlite3_step(st) == SQLITE_ROW)
            trackcode_group((const char *)sqlite3_column_text(st, 0), code);
        sqlite3_finalize(st);
    }
    if (!ok) {
        hub_answer_error(a, 503, "unavailable", "database error, try again");
        goto out;
    }
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "uuid", uuid);
    cJSON_AddStringToObject(o, "code", code);
    cJSON_AddStringToObject(o, "state", "submitted");
    hub_answer_json(a, 200, o);
out:
    pthread_mutex_unlock(&h->lock);
}
