/* app/sync/api.c: casehub protocol, kiosk side (app layer, sync). See docs/api.md. */
#include "app/sync/api.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <sodium.h>

#include "platform/xalloc.h"

/* Classify a completed exchange: 2xx is success; everything else an error with text. */
static void classify(struct api_result *r, enum kerr te, const struct http_resp *hr,
                     const char *what)
{
    r->http_status = hr->status;
    r->retry_after_s = hr->retry_after_s;
    r->error[0] = '\0';
    r->err = K_OK;
    if (te != K_OK) {
        r->err = te;
        snprintf(r->error, sizeof r->error, "E701: %s: %.200s", what, hr->err);
        return;
    }
    if (hr->status >= 200 && hr->status < 300)
        return;
    if (hr->status == 401 || hr->status == 403) {
        r->err = K_ERR_AUTH;
        snprintf(r->error, sizeof r->error, "E702: %s: HTTP %ld (check backend.token)", what,
                 hr->status);
    } else if (hr->status == 409) {
        r->err = K_ERR_CONFLICT;
        snprintf(r->error, sizeof r->error, "E703: %s: HTTP 409 conflict", what);
    } else if (hr->status == 422) {
        /* the backend's rules refuse the case as it is (matter_blocked): sending the same
         * body again can never succeed, so it is set aside like a conflict (docs/api.md) */
        r->err = K_ERR_CONFLICT;
        snprintf(r->error, sizeof r->error, "E707: %s: HTTP 422 refused by the service's rules",
                 what);
    } else if (hr->status >= 400 && hr->status < 500 && hr->status != 408 && hr->status != 429) {
        r->err = K_ERR_PROTOCOL;
        snprintf(r->error, sizeof r->error, "E704: %s: HTTP %ld refused", what, hr->status);
    } else {
        r->err = K_ERR_SERVER;
        snprintf(r->error, sizeof r->error, "E705: %s: HTTP %ld", what, hr->status);
    }
}

static void garbage(struct api_result *r, const char *what)
{
    r->err = K_ERR_PROTOCOL;
    snprintf(r->error, sizeof r->error, "E706: %s: malformed answer from the backend", what);
}

enum kerr api_parse_missing(const char *body, size_t len, const struct store_case *c,
                            bool need[STORE_MAX_ATTACH])
{
    for (size_t i = 0; i < STORE_MAX_ATTACH; i++)
        need[i] = true;
    cJSON *j = cJSON_ParseWithLength(body, len);
    const cJSON *missing = cJSON_GetObjectItemCaseSensitive(j, "missing");
    if (!cJSON_IsArray(missing)) {
        cJSON_Delete(j);
        return K_ERR_PROTOCOL;
    }
    for (size_t i = 0; i < c->n_attachments; i++)
        need[i] = false;
    const cJSON *m;
    cJSON_ArrayForEach(m, missing)
    {
        if (!cJSON_IsString(m))
            continue;
        for (size_t i = 0; i < c->n_attachments; i++)
            if (strcmp(m->valuestring, c->attachments[i].sha256) == 0)
                need[i] = true;
    }
    cJSON_Delete(j);
    return K_OK;
}

void api_signature_hash(const struct store_personal *p, char hex[STORE_SHA256_HEX])
{
    hex[0] = '\0';
    if (!p->signature || !p->signature_len)
        return;
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, p->signature, p->signature_len);
    sodium_bin2hex(hex, STORE_SHA256_HEX, d, sizeof d);
}

/* Whether a create answer lists sha256 hex among its missing blobs (a malformed answer: yes). */
static bool listed_missing(const char *body, size_t len, const char *hex)
{
    cJSON *j = cJSON_ParseWithLength(body, len);
    const cJSON *missing = cJSON_GetObjectItemCaseSensitive(j, "missing");
    bool listed = !cJSON_IsArray(missing);
    const cJSON *m;
    cJSON_ArrayForEach(m, missing)
    {
        listed |= cJSON_IsString(m) && strcmp(m->valuestring, hex) == 0;
    }
    cJSON_Delete(j);
    return listed;
}

void api_create_case(struct http *h, long timeout_ms, const struct store_case *c,
                     const char *qr_token, const struct store_personal *p,
                     bool need[STORE_MAX_ATTACH], bool *need_signature, struct api_result *r)
{
    memset(r, 0, sizeof *r);
    for (size_t i = 0; i < STORE_MAX_ATTACH; i++)
        need[i] = true;
    char sig[STORE_SHA256_HEX];
    api_signature_hash(p, sig);
    *need_signature = sig[0] != '\0';
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "uuid", c->uuid);
    cJSON_AddStringToObject(o, "code", c->code);
    cJSON_AddStringToObject(o, "token", qr_token);
    cJSON_AddNumberToObject(o, "kiosk_id", (double)c->kiosk_id);
    cJSON_AddStringToObject(o, "district", c->district);
    cJSON_AddNumberToObject(o, "created_ms", (double)c->created_ms);
    cJSON *ms = cJSON_AddArrayToObject(o, "matters");
    for (size_t i = 0; i < c->n_matters; i++)
        cJSON_AddItemToArray(ms, cJSON_CreateNumber(c->matters[i].matter));
    cJSON *form = p->form_json ? cJSON_Parse(p->form_json) : NULL;
    if (p->form_json && !form) {
        /* Never send a case without the applicant's answers: keep it queued and say why. */
        cJSON_Delete(o);
        r->err = K_ERR_INVALID;
        snprintf(r->error, sizeof r->error, "E708: create case: the stored form is unreadable");
        return;
    }
    cJSON_AddItemToObject(o, "form", form ? form : cJSON_CreateObject());
    cJSON *as = cJSON_AddArrayToObject(o, "attachments");
    for (size_t i = 0; i < c->n_attachments; i++) {
        cJSON *a = cJSON_CreateObject();
        cJSON_AddNumberToObject(a, "material", c->attachments[i].material);
        cJSON_AddStringToObject(a, "sha256", c->attachments[i].sha256);
        cJSON_AddNumberToObject(a, "size", (double)c->attachments[i].size);
        cJSON_AddStringToObject(a, "mime", c->attachments[i].mime);
        cJSON_AddItemToArray(as, a);
    }
    if (sig[0]) { /* the applicant's signature: material 0, a PNG (docs/api.md) */
        cJSON *a = cJSON_CreateObject();
        cJSON_AddNumberToObject(a, "material", 0);
        cJSON_AddStringToObject(a, "sha256", sig);
        cJSON_AddNumberToObject(a, "size", (double)p->signature_len);
        cJSON_AddStringToObject(a, "mime", "image/png");
        cJSON_AddItemToArray(as, a);
    }
    char *body = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    char hdr[96];
    snprintf(hdr, sizeof hdr, "Idempotency-Key: %s", c->uuid);
    struct http_resp hr;
    enum kerr te = http_request(h, "POST", "/api/v1/cases", hdr, "application/json", body,
                                strlen(body), timeout_ms, &hr);
    str_free_secure(body);
    classify(r, te, &hr, "create case");
    if (r->err == K_OK && api_parse_missing(hr.body, hr.len, c, need) != K_OK)
        garbage(r, "create case");
    if (r->err == K_OK && sig[0])
        *need_signature = listed_missing(hr.body, hr.len, sig);
    http_resp_free(&hr);
}

void api_upload(struct http *h, long timeout_ms, const struct store_case *c,
                const struct store_attachment *a, const uint8_t *data, size_t len,
                struct api_result *r)
{
    memset(r, 0, sizeof *r);
    char path[160];
    snprintf(path, sizeof path, "/api/v1/blobs/%s", a->sha256);
    struct http_resp hr;
    enum kerr te =
        http_request(h, "PUT", path, NULL, "application/octet-stream", data, len, timeout_ms, &hr);
    classify(r, te, &hr, "upload");
    http_resp_free(&hr);
}

void api_finish(struct http *h, long timeout_ms, const struct store_case *c, struct api_result *r)
{
    memset(r, 0, sizeof *r);
    char path[160];
    snprintf(path, sizeof path, "/api/v1/cases/%s/complete", c->uuid);
    struct http_resp hr;
    enum kerr te =
        http_request(h, "POST", path, NULL, "application/json", "{}", 2, timeout_ms, &hr);
    classify(r, te, &hr, "complete case");
    http_resp_free(&hr);
}

void api_alert(struct http *h, long timeout_ms, const char *screen, int64_t at_ms,
               struct api_result *r)
{
    memset(r, 0, sizeof *r);
    bool ok = screen && *screen && strlen(screen) <= 32;
    for (const char *p = screen; ok && *p; p++)
        ok = *p >= 0x20 && *p <= 0x7e && *p != '"' && *p != '\\';
    char body[160];
    int n =
        snprintf(body, sizeof body, "{\"kind\":\"staff_call\",\"screen\":\"%s\",\"at_ms\":%lld}",
                 ok ? screen : "unknown", (long long)at_ms);
    struct http_resp hr;
    enum kerr te = http_request(h, "POST", "/api/v1/alerts", NULL, "application/json", body,
                                (size_t)n, timeout_ms, &hr);
    classify(r, te, &hr, "staff call");
    http_resp_free(&hr);
}

/* A note from the backend into out[API_NOTE_MAX]: cut at a UTF-8 character boundary, control
 * characters (a screen shows it on one line) replaced by spaces. */
static void note_copy(char *out, const char *in)
{
    size_t n = 0;
    for (; in[n] && n + 1 < API_NOTE_MAX; n++)
        out[n] = (unsigned char)in[n] < 0x20 || in[n] == 0x7f ? ' ' : in[n];
    /* cut inside a character (the next byte continues it): end before that character */
    while (n > 0 && ((unsigned char)in[n] & 0xC0) == 0x80)
        n--;
    out[n] = '\0';
}

enum kerr api_parse_status(const char *body, size_t len, struct api_status *st)
{
    memset(st, 0, sizeof *st);
    cJSON *j = cJSON_ParseWithLength(body, len);
    const cJSON *ms = cJSON_GetObjectItemCaseSensitive(j, "matters");
    enum kerr e = K_OK;
    if (!cJSON_IsArray(ms)) {
        e = K_ERR_PROTOCOL;
        goto out;
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, ms)
    {
        const cJSON *num = cJSON_GetObjectItemCaseSensitive(m, "matter");
        const cJSON *s = cJSON_GetObjectItemCaseSensitive(m, "status");
        const cJSON *at = cJSON_GetObjectItemCaseSensitive(m, "updated_ms");
        if (!cJSON_IsNumber(num) || !cJSON_IsString(s) || num->valuedouble < 1 ||
            num->valuedouble > 999 || strlen(s->valuestring) >= sizeof st->matters[0].status) {
            e = K_ERR_PROTOCOL;
            goto out;
        }
        if (st->n_matters == STORE_MAX_MATTERS)
            break;
        struct store_matter *sm = &st->matters[st->n_matters++];
        sm->matter = (int)num->valuedouble;
        str_copy(sm->status, sizeof sm->status, s->valuestring);
        sm->status_ms = cJSON_IsNumber(at) && at->valuedouble > 0 && at->valuedouble < 1e15
                            ? (int64_t)at->valuedouble
                            : 0;
        const cJSON *note = cJSON_GetObjectItemCaseSensitive(m, "note");
        if (cJSON_IsString(note))
            note_copy(st->notes[st->n_matters - 1], note->valuestring);
    }
    st->found = true;
out:
    cJSON_Delete(j);
    if (e)
        memset(st, 0, sizeof *st);
    return e;
}

void api_status(struct http *h, long timeout_ms, const char *code, const char *qr_token,
                struct api_status *st, struct api_result *r)
{
    memset(r, 0, sizeof *r);
    memset(st, 0, sizeof *st);
    char path[160];
    snprintf(path, sizeof path, "/api/v1/status/%s?t=%s", code, qr_token);
    struct http_resp hr;
    enum kerr te = http_request(h, "GET", path, NULL, NULL, NULL, 0, timeout_ms, &hr);
    if (te == K_OK && hr.status == 404) {
        r->http_status = 404;
        r->retry_after_s = -1;
        http_resp_free(&hr);
        return; /* found = false */
    }
    classify(r, te, &hr, "status");
    if (r->err == K_OK && api_parse_status(hr.body, hr.len, st) != K_OK)
        garbage(r, "status");
    http_resp_free(&hr);
}

void api_lookup(struct http *h, long timeout_ms, const char *code, const char *digits,
                struct api_status *st, enum api_lookup_outcome *outcome, int64_t *unlock_ms,
                struct api_result *r)
{
    memset(r, 0, sizeof *r);
    memset(st, 0, sizeof *st);
    *outcome = API_LOOKUP_NO;
    *unlock_ms = 0;
    bool ok = strlen(digits) == 4;
    for (size_t i = 0; ok && i < 4; i++)
        ok = digits[i] >= '0' && digits[i] <= '9';
    char body[96];
    int n = snprintf(body, sizeof body, "{\"code\":\"%s\",\"phone_last4\":\"%s\"}", code,
                     ok ? digits : "????");
    if (!ok || n <= 0 || (size_t)n >= sizeof body) {
        r->err = K_ERR_INVALID;
        snprintf(r->error, sizeof r->error, "E704: lookup: malformed code or digits");
        explicit_bzero(body, sizeof body);
        return;
    }
    struct http_resp hr;
    enum kerr te = http_request(h, "POST", "/api/v1/lookup", NULL, "application/json", body,
                                (size_t)n, timeout_ms, &hr);
    explicit_bzero(body, sizeof body);
    if (te == K_OK && hr.status == 404) {
        r->http_status = 404;
        r->retry_after_s = -1;
        http_resp_free(&hr);
        return; /* unknown code or wrong digits: the same answer */
    }
    if (te == K_OK && hr.status == 429) {
        cJSON *j = cJSON_ParseWithLength(hr.body, hr.len);
        const cJSON *err = cJSON_GetObjectItemCaseSensitive(j, "error");
        const cJSON *until = cJSON_GetObjectItemCaseSensitive(j, "unlock_ms");
        if (cJSON_IsString(err) && strcmp(err->valuestring, "locked") == 0) {
            r->http_status = 429;
            r->retry_after_s = hr.retry_after_s;
            *outcome = API_LOOKUP_LOCKED;
            if (cJSON_IsNumber(until) && until->valuedouble > 0 && until->valuedouble < 1e15)
                *unlock_ms = (int64_t)until->valuedouble;
            cJSON_Delete(j);
            http_resp_free(&hr);
            return;
        }
        cJSON_Delete(j); /* rate_limited: an error like any other 429 */
    }
    classify(r, te, &hr, "lookup");
    if (r->err == K_OK) {
        if (api_parse_status(hr.body, hr.len, st) != K_OK)
            garbage(r, "lookup");
        else
            *outcome = API_LOOKUP_FOUND;
    }
    http_resp_free(&hr);
}
