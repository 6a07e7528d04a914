/* server/router.c: routing, request bodies, the kiosk API, the console and the phone page,
 * transport-free (server/router.h); server/web.c puts it on libmicrohttpd. */
#include "server/router.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "app/core/trackcode.h"
#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"
#include "server/access.h"
#include "server/alerts.h"
#include "server/html.h"
#include "server/lookup.h"
#include "server/proxy.h"
#include "server/ratelimit.h"
#include "server/status.h"
#include "server/window.h"

/* Entries of the per-address and per-account tables (a few hundred KiB each). */
#define RL_SLOTS 8192

struct router {
    struct hub *h;
    int per_minute;
    struct proxy_list proxies;    /* --trusted-proxy */
    bool secure_cookies;          /* --secure-cookies: always mark the session cookie Secure */
    struct ratelimit *by_addr;    /* status lookups, manual lookups, logins: per client */
    struct ratelimit *by_account; /* failed logins per account name: escalating lockout */
};

enum body_kind { BODY_NONE, BODY_MEM, BODY_BLOB };

struct router_body {
    enum body_kind kind;
    size_t limit;
    char *buf;
    size_t len;
    bool too_big;
    int fd;
    char tmp[800];
    crypto_hash_sha256_state sha;
    bool io_error;
};

/* One request being answered: what came in, where the answer goes. */
struct call {
    const struct router_request *q;
    struct router_answer *a;
};

/* ---- responses ---- */

static void add_header(struct call *c, const char *name, const char *value)
{
    struct router_answer *a = c->a;
    if (a->n_headers == ROUTER_MAX_HEADERS)
        abort(); /* a programming error: no answer has that many */
    a->headers[a->n_headers].name = name;
    a->headers[a->n_headers].value = xstrdup(value);
    a->n_headers++;
}

/* The answer's status and body (taking data, which may be NULL when len is 0). */
static int answer(struct call *c, int status, char *data, size_t len)
{
    c->a->status = status;
    free(c->a->body);
    c->a->body = data;
    c->a->len = len;
    return status;
}

/* Every answer: no framing, no referrer leaving casehub (console URLs carry case codes, the
 * phone page's its QR token), no MIME sniffing, nothing but our own inline CSS, forms and
 * images (docs/casehub.md "Security"). */
static void security_headers(struct call *c)
{
    add_header(c, "Content-Security-Policy",
               "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
               "form-action 'self'; frame-ancestors 'none'; base-uri 'none'");
    add_header(c, "X-Frame-Options", "DENY");
    add_header(c, "Referrer-Policy", "no-referrer");
    add_header(c, "X-Content-Type-Options", "nosniff");
}

static int send_body(struct call *c, int status, const char *type, const char *body, size_t len,
                     const char *retry_after)
{
    char *copy = NULL;
    if (len) {
        copy = xcalloc(1, len);
        memcpy(copy, body, len);
    }
    add_header(c, "Content-Type", type);
    add_header(c, "Cache-Control", "no-store");
    security_headers(c);
    if (retry_after)
        add_header(c, "Retry-After", retry_after);
    if (status == 401)
        add_header(c, "WWW-Authenticate", "Bearer");
    return answer(c, status, copy, len);
}

/* Retry-After seconds as sent: never below the kiosk's first backoff step, never above an
 * hour (HUB_RETRY_AFTER_MIN_S, docs/api.md "Errors"). */
static const char *retry_text(long s, char out[24])
{
    if (s < HUB_RETRY_AFTER_MIN_S)
        s = HUB_RETRY_AFTER_MIN_S;
    if (s > HUB_RETRY_AFTER_MAX_S)
        s = HUB_RETRY_AFTER_MAX_S;
    snprintf(out, 24, "%ld", s);
    return out;
}

static int send_json(struct call *c, int status, const char *body)
{
    return send_body(c, status, "application/json", body, strlen(body), status == 503 ? "5" : NULL);
}

static int send_error(struct call *c, int status, const char *code, const char *msg)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", code);
    cJSON_AddStringToObject(o, "message", msg);
    char *t = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    int r = send_json(c, status, t);
    cJSON_free(t);
    return r;
}

static int send_answer(struct call *c, struct hub_answer *a)
{
    int r = send_json(c, a->status, a->body ? a->body : "{}");
    free(a->body);
    a->body = NULL;
    return r;
}

static int redirect(struct call *c, const char *to, const char *cookie)
{
    security_headers(c);
    add_header(c, "Location", to);
    if (cookie)
        add_header(c, "Set-Cookie", cookie);
    return answer(c, 303, NULL, 0);
}

static int send_html(struct call *c, int status, char *page)
{
    int r = send_body(c, status, "text/html; charset=utf-8", page, strlen(page), NULL);
    free(page);
    return r;
}

/* ---- the request ---- */

const char *router_lookup(const struct router_pair *pairs, size_t n, const char *name)
{
    for (size_t i = 0; i < n; i++)
        if (pairs[i].name && strcasecmp(pairs[i].name, name) == 0)
            return pairs[i].value;
    return NULL;
}

static const char *header(struct call *c, const char *name)
{
    return router_lookup(c->q->headers, c->q->n_headers, name);
}

static const char *query_arg(struct call *c, const char *name)
{
    return router_lookup(c->q->query, c->q->n_query, name);
}

/* ---- the client behind trusted proxies ---- */

struct joined {
    char text[1024];
    bool overflow;
};

/* Every value of a request header, in order, comma-joined into j (a header sent several
 * times is read whole, so a client's own X-Forwarded-For cannot hide the proxy's). */
static void all_values(struct call *c, const char *name, struct joined *j)
{
    j->text[0] = '\0';
    j->overflow = false;
    for (size_t i = 0; i < c->q->n_headers; i++) {
        const char *key = c->q->headers[i].name, *value = c->q->headers[i].value;
        if (!key || !value || strcasecmp(key, name) != 0)
            continue;
        size_t have = strlen(j->text), n = strlen(value);
        if (have + n + 2 >= sizeof j->text) {
            j->overflow = true;
            continue;
        }
        if (have) {
            j->text[have++] = ',';
            j->text[have] = '\0';
        }
        memcpy(j->text + have, value, n + 1);
    }
}

/* The client's address (16-byte form): the peer, or what trusted proxies say it is. */
static void client_of(struct router *w, struct call *c, unsigned char client[16])
{
    const unsigned char *peer = c->q->peer;
    if (!proxy_trusted(&w->proxies, peer)) {
        memcpy(client, peer, 16);
        return;
    }
    struct joined j;
    all_values(c, "X-Forwarded-For", &j);
    /* an overlong list keeps only its right end trustworthy: fall back to the peer */
    proxy_client(&w->proxies, peer, j.overflow || !j.text[0] ? NULL : j.text, client);
}

/* Whether the browser reached casehub over TLS: --secure-cookies, or a trusted proxy says
 * X-Forwarded-Proto: https. casehub itself speaks plain HTTP only. */
static bool served_over_tls(struct router *w, struct call *c)
{
    if (w->secure_cookies)
        return true;
    struct joined j;
    all_values(c, "X-Forwarded-Proto", &j);
    return !j.overflow && proxy_https(&w->proxies, c->q->peer, j.text[0] ? j.text : NULL);
}

/* ---- rate limit (token bucket per client address) ---- */

static bool rate_ok(struct router *w, struct call *c, long *retry_s)
{
    unsigned char key[16];
    client_of(w, c, key);
    return ratelimit_take(w->by_addr, key, hub_now_ms(), retry_s);
}

/* The lockout key of an account name (names need not exist: unknown ones lock alike). */
static void account_key(const char *user, unsigned char key[16])
{
    crypto_generichash(key, 16, (const unsigned char *)user, strlen(user),
                       (const unsigned char *)"casehub-account", 15);
}

/* ---- helpers ---- */

static bool content_type_is(struct call *c, const char *want)
{
    const char *t = header(c, "Content-Type");
    if (!t)
        return false;
    size_t n = strlen(want);
    return strncasecmp(t, want, n) == 0 && (t[n] == '\0' || t[n] == ';' || t[n] == ' ');
}

static bool kiosk_auth(struct router *w, struct call *c, char *name, size_t n)
{
    const char *a = header(c, "Authorization");
    if (!a || strncasecmp(a, "Bearer ", 7) != 0)
        return false;
    return hub_kiosk_auth(w->h, a + 7, name, n) == K_OK;
}

/* Cookie "casehub_session" of the request, or NULL. */
static const char *session_cookie(struct call *c)
{
    return router_lookup(c->q->cookies, c->q->n_cookies, "casehub_session");
}

void router_csrf_of(const char *session, char out[33])
{
    unsigned char d[16];
    crypto_generichash(d, sizeof d, (const unsigned char *)session, strlen(session),
                       (const unsigned char *)"casehub-csrf-key-0123456789abcdef", 32);
    sodium_bin2hex(out, 33, d, sizeof d);
}

bool router_form_value(const char *body, size_t len, const char *key, char *out, size_t n)
{
    size_t kl = strlen(key);
    size_t i = 0;
    while (i < len) {
        size_t end = i;
        while (end < len && body[end] != '&')
            end++;
        if (end - i > kl && strncmp(body + i, key, kl) == 0 && body[i + kl] == '=') {
            size_t o = 0;
            for (size_t p = i + kl + 1; p < end && o + 1 < n; p++) {
                char ch = body[p];
                if (ch == '+') {
                    ch = ' ';
                } else if (ch == '%' && p + 2 < end && isxdigit((unsigned char)body[p + 1]) &&
                           isxdigit((unsigned char)body[p + 2])) {
                    char hx[3] = {body[p + 1], body[p + 2], 0};
                    ch = (char)strtol(hx, NULL, 16);
                    p += 2;
                }
                out[o++] = ch;
            }
            out[o] = '\0';
            return true;
        }
        i = end + 1;
    }
    return false;
}

bool router_form_ok(const char *body, size_t len)
{
    if (!hub_utf8_ok(body, len))
        return false;
    char *dec = xcalloc(1, len + 1);
    bool ok = true;
    size_t o = 0;
    for (size_t p = 0; p <= len && ok; p++) {
        if (p == len || body[p] == '&' || body[p] == '=') {
            dec[o] = '\0';
            ok = hub_utf8_ok(dec, o);
            o = 0;
            continue;
        }
        char ch = body[p];
        if (ch == '+') {
            ch = ' ';
        } else if (ch == '%') {
            if (p + 2 >= len || !isxdigit((unsigned char)body[p + 1]) ||
                !isxdigit((unsigned char)body[p + 2])) {
                ok = false;
                break;
            }
            char hx[3] = {body[p + 1], body[p + 2], 0};
            ch = (char)strtol(hx, NULL, 16);
            p += 2;
        }
        dec[o++] = ch;
    }
    free(dec);
    return ok;
}

/* ---- body collection ---- */

void router_body_free(struct router_body *q)
{
    if (!q)
        return;
    if (q->fd >= 0) {
        close(q->fd);
        unlink(q->tmp);
    }
    free(q->buf);
    free(q);
}

void router_body_feed(struct router_body *q, const char *data, size_t n)
{
    if (q->too_big || q->io_error)
        return;
    if (q->len + n > q->limit) {
        q->too_big = true;
        return;
    }
    if (q->kind == BODY_MEM) {
        q->buf = xrealloc(q->buf, q->len + n + 1);
        memcpy(q->buf + q->len, data, n);
        q->buf[q->len + n] = '\0';
    } else {
        crypto_hash_sha256_update(&q->sha, (const unsigned char *)data, n);
        size_t off = 0;
        while (off < n) {
            ssize_t wr = write(q->fd, data + off, n - off);
            if (wr < 0 && errno == EINTR)
                continue;
            if (wr <= 0) {
                q->io_error = true;
                return;
            }
            off += (size_t)wr;
        }
    }
    q->len += n;
}

/* ---- API handlers ---- */

static int api_blob(struct router *w, struct call *c, const char *method, const char *hex_in,
                    struct router_body *q)
{
    char hex[65];
    if (!hub_hex64(hex_in, hex))
        return send_error(c, 400, "bad_hash", "the path must end in 64 hex characters");
    long long size = 0;
    bool has = hub_blob_has(w->h, hex, &size);
    char body[160];
    snprintf(body, sizeof body, "{\"sha256\":\"%s\",\"size\":%lld}", hex, size);
    if (strcmp(method, "HEAD") == 0) {
        if (!has)
            return send_body(c, 404, "application/json", "", 0, NULL);
        char sz[32];
        snprintf(sz, sizeof sz, "%lld", size);
        add_header(c, "X-Blob-Size", sz);
        security_headers(c);
        return answer(c, 200, NULL, 0);
    }
    if (strcmp(method, "GET") == 0)
        return has ? send_json(c, 200, body) : send_error(c, 404, "not_found", "no such blob");
    /* PUT, body complete */
    if (q->io_error)
        return send_error(c, 503, "unavailable", "could not write the blob, try again");
    unsigned char d[32];
    crypto_hash_sha256_final(&q->sha, d);
    char got[65];
    sodium_bin2hex(got, sizeof got, d, sizeof d);
    if (strcmp(got, hex) != 0 || q->len == 0)
        return send_error(c, 400, "hash_mismatch", "the bytes do not hash to the path's sha256");
    if (fsync(q->fd) != 0) {
        return send_error(c, 503, "unavailable", "could not sync the blob, try again");
    }
    close(q->fd);
    q->fd = -1;
    char final[800], dir[700];
    hub_blob_path(w->h, hex, final, sizeof final);
    snprintf(dir, sizeof dir, "%s/%.2s", hub_blobdir(w->h), hex);
    fs_mkdir_p(dir, 0700);
    bool existed = hub_blob_has(w->h, hex, NULL);
    if (existed) {
        unlink(q->tmp);
    } else if (rename(q->tmp, final) != 0 || fs_sync_dir(dir) != K_OK) {
        unlink(q->tmp);
        return send_error(c, 503, "unavailable", "could not store the blob, try again");
    }
    snprintf(body, sizeof body, "{\"sha256\":\"%s\",\"size\":%zu}", hex, q->len);
    return send_json(c, existed ? 200 : 201, body);
}

static int send_rate_limited(struct call *c, long retry)
{
    static const char body[] = "{\"error\":\"rate_limited\",\"message\":\"too many lookups\"}";
    char ra[24];
    return send_body(c, 429, "application/json", body, strlen(body), retry_text(retry, ra));
}

static int api(struct router *w, struct call *c, const char *url, const char *method,
               struct router_body *q)
{
    const char *rest = url + strlen("/api/v1/");
    if (strcmp(rest, "health") == 0) {
        /* kioskctl doctor: reachability and clock skew (MHD adds the Date header). No kiosk
         * token needed and nothing about cases in the answer. */
        if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0)
            return send_error(c, 405, "method_not_allowed", "use GET");
        if (hub_case_count(w->h) < 0) {
            static const char down[] = "{\"error\":\"unavailable\",\"message\":\"database not "
                                       "available\"}";
            return send_body(c, 503, "application/json", down, strlen(down), "5");
        }
        char body[128];
        snprintf(body, sizeof body, "{\"status\":\"ok\",\"api\":\"v1\",\"time_ms\":%lld}",
                 (long long)hub_now_ms());
        return send_json(c, 200, body);
    }
    if (strncmp(rest, "status/", 7) == 0) {
        if (strcmp(method, "GET") != 0)
            return send_error(c, 405, "method_not_allowed", "use GET");
        long retry = 0;
        if (!rate_ok(w, c, &retry))
            return send_rate_limited(c, retry);
        struct hub_answer a;
        hub_status_json(w->h, rest + 7, query_arg(c, "t"), &a);
        return send_answer(c, &a);
    }
    char kiosk[128];
    if (!kiosk_auth(w, c, kiosk, sizeof kiosk))
        return send_error(c, 401, "unauthorized", "a valid kiosk bearer token is required");
    if (strcmp(rest, "cases") == 0) {
        if (strcmp(method, "POST") != 0)
            return send_error(c, 405, "method_not_allowed", "use POST");
        struct hub_answer a;
        hub_case_create(w->h, kiosk, header(c, "Idempotency-Key"), q->buf ? q->buf : "", q->len,
                        &a);
        return send_answer(c, &a);
    }
    if (strcmp(rest, "alerts") == 0) { /* a staff call (server/alerts.h) */
        if (strcmp(method, "POST") != 0)
            return send_error(c, 405, "method_not_allowed", "use POST");
        struct hub_answer a;
        alerts_post(w->h, kiosk, q->buf ? q->buf : "", q->len, &a);
        return send_answer(c, &a);
    }
    if (strcmp(rest, "lookup") == 0) {
        if (strcmp(method, "POST") != 0)
            return send_error(c, 405, "method_not_allowed", "use POST");
        long retry = 0;
        if (!rate_ok(w, c, &retry))
            return send_rate_limited(c, retry);
        struct hub_answer a;
        lookup_manual(w->h, q->buf ? q->buf : "", q->len, &a, &retry);
        if (a.status != 429)
            return send_answer(c, &a);
        char ra[24];
        int r =
            send_body(c, 429, "application/json", a.body, strlen(a.body), retry_text(retry, ra));
        free(a.body);
        return r;
    }
    if (strncmp(rest, "cases/", 6) == 0) {
        const char *uuid = rest + 6;
        const char *slash = strchr(uuid, '/');
        if (!slash || strcmp(slash, "/complete") != 0 || slash - uuid > 40)
            return send_error(c, 404, "not_found", "no such path");
        if (strcmp(method, "POST") != 0)
            return send_error(c, 405, "method_not_allowed", "use POST");
        char u[41];
        memcpy(u, uuid, (size_t)(slash - uuid));
        u[slash - uuid] = '\0';
        if (q->len) { /* the body is {} (or nothing): anything else is refused */
            if (!hub_utf8_ok(q->buf, q->len))
                return send_error(c, 400, "bad_request", "the body is not valid UTF-8");
            cJSON *j = cJSON_ParseWithLength(q->buf, q->len);
            bool empty = cJSON_IsObject(j) && cJSON_GetArraySize(j) == 0;
            bool parsed = j != NULL;
            cJSON_Delete(j);
            if (!empty)
                return parsed ? send_error(c, 400, "unknown_field", "the body must be {}")
                              : send_error(c, 400, "bad_json", "the body is not valid JSON");
        }
        struct hub_answer a;
        hub_case_complete(w->h, kiosk, u, &a);
        return send_answer(c, &a);
    }
    if (strncmp(rest, "blobs/", 6) == 0)
        return api_blob(w, c, method, rest + 6, q);
    return send_error(c, 404, "not_found", "no such path");
}

/* Prepare the body of a request on its first call; returns false after answering (an error). */
static bool api_first(struct router *w, struct call *c, const char *url, const char *method,
                      struct router_body *q)
{
    bool has_body = strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0;
    if (!has_body)
        return true;
    const char *cl = header(c, "Content-Length");
    long len = -1;
    if (!cl || !str_to_long(cl, 0, 0x7fffffffL, &len)) {
        send_error(c, 411, "length_required", "send a Content-Length (no chunked bodies)");
        return false;
    }
    bool blob = strncmp(url, "/api/v1/blobs/", 14) == 0 && strcmp(method, "PUT") == 0;
    bool is_case = strcmp(url, "/api/v1/cases") == 0;
    bool is_console = strncmp(url, "/console/", 9) == 0;
    q->limit = blob ? HUB_MAX_BLOB : is_case ? HUB_MAX_CASE_BODY : HUB_MAX_SMALL;
    if (is_console)
        q->limit = 16384;
    if ((size_t)len > q->limit) {
        send_error(c, 413, "too_large", "the body is larger than this request allows");
        return false;
    }
    if (!is_console) {
        char kiosk[128];
        if (!kiosk_auth(w, c, kiosk, sizeof kiosk)) {
            send_error(c, 401, "unauthorized", "a valid kiosk bearer token is required");
            return false;
        }
        const char *want = blob ? "application/octet-stream" : "application/json";
        bool empty_ok = !blob && !is_case && len == 0;
        if (!empty_ok && !content_type_is(c, want)) {
            send_error(c, 415, "unsupported_media_type",
                       blob ? "use Content-Type: application/octet-stream"
                            : "use Content-Type: application/json");
            return false;
        }
    } else if (!content_type_is(c, "application/x-www-form-urlencoded")) {
        send_error(c, 415, "unsupported_media_type", "forms only");
        return false;
    }
    if (blob) {
        char hex[65];
        if (!hub_hex64(url + 14, hex)) {
            send_error(c, 400, "bad_hash", "the path must end in 64 hex characters");
            return false;
        }
        snprintf(q->tmp, sizeof q->tmp, "%s/upload-XXXXXX", hub_blobdir(w->h));
        q->fd = mkstemp(q->tmp);
        if (q->fd < 0) {
            send_error(c, 503, "unavailable", "cannot store blobs now");
            return false;
        }
        crypto_hash_sha256_init(&q->sha);
        q->kind = BODY_BLOB;
    } else {
        q->kind = BODY_MEM;
    }
    return true;
}

/* ---- console and phone page ---- */

static int send_html_limited(struct call *c, long retry)
{
    char ra[24];
    char *p = html_message(tr("casehub.phone.rate_limited"));
    int r = send_body(c, 429, "text/html; charset=utf-8", p, strlen(p), retry_text(retry, ra));
    free(p);
    return r;
}

static int phone_page(struct router *w, struct call *c, const char *code)
{
    long retry = 0;
    if (!rate_ok(w, c, &retry))
        return send_html_limited(c, retry);
    struct hub_answer a;
    hub_status_json(w->h, code, query_arg(c, "t"), &a);
    if (a.status != 200) {
        free(a.body);
        return send_html(c, 404, html_message(tr("casehub.phone.not_found")));
    }
    /* the masked name needs the form: fetch it from the full record */
    char *full = hub_case_json(w->h, code);
    char masked[128] = "", district[64] = "";
    cJSON *fj = cJSON_Parse(full ? full : "{}");
    const cJSON *name =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(fj, "form"), "name");
    if (cJSON_IsString(name))
        log_mask_name(name->valuestring, masked, sizeof masked);
    const cJSON *dis = cJSON_GetObjectItemCaseSensitive(fj, "district");
    if (cJSON_IsString(dis))
        str_copy(district, sizeof district, dis->valuestring);
    cJSON_Delete(fj);
    if (full) {
        sodium_memzero(full, strlen(full));
        free(full);
    }
    char *page = html_phone(hub_service(w->h), a.body, masked, district);
    free(a.body);
    return send_html(c, 200, page);
}

/* s[0..n) has only the characters of a tracking code, grouped or not. */
static bool code_chars_ok(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'A' && s[i] <= 'Z') ||
              (s[i] >= 'a' && s[i] <= 'z') || s[i] == '-'))
            return false;
    return true;
}

/* Who is looking at a console page, for its top bar. */
struct staff_page {
    const struct service *svc;
    const char *user, *dept, *csrf;
};

/* A console message page (catalogue key) with the staff's top bar and 退出登录. */
static char *staff_message(const struct staff_page *sp, const char *key)
{
    return html_console_message(sp->svc, sp->user, sp->dept, sp->csrf, tr(key));
}

/* The verification's JSON answer (docs/casehub.md, "The window's API"). */
static int verify_json(struct router *w, struct call *c, const char *code)
{
    char *cj = hub_case_json(w->h, code); /* only its non-personal members are answered */
    cJSON *o = cJSON_Parse(cj ? cj : "{}");
    if (cj) {
        sodium_memzero(cj, strlen(cj));
        free(cj);
    }
    cJSON *a = cJSON_CreateObject();
    static const char *const keep[] = {"code", "state", "verified_ms", "due", "matters", NULL};
    for (size_t i = 0; keep[i]; i++) {
        const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, keep[i]);
        if (x)
            cJSON_AddItemToObject(a, keep[i], cJSON_Duplicate(x, true));
    }
    cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(a, "matters"))
        cJSON_DeleteItemFromObjectCaseSensitive(m, "note");
    cJSON_Delete(o);
    char *t = cJSON_PrintUnformatted(a);
    cJSON_Delete(a);
    int r = send_json(c, 200, t);
    cJSON_free(t);
    return r;
}

/* POST /console/case/CODE/verify: the window marks the originals verified. A browser's form
 * gets a redirect; a program that asks for JSON (Accept: application/json) gets the routed
 * case or an error object. */
static int console_verify(struct router *w, struct call *c, const char *code, const char *user,
                          const char *dept, const char *csrf, struct router_body *q)
{
    const char *accept = header(c, "Accept");
    bool json = accept && strstr(accept, "application/json") != NULL;
    char token[40] = "", err[300];
    router_form_value(q->buf ? q->buf : "", q->len, "csrf", token, sizeof token);
    if (!hub_streq_ct(token, csrf))
        return send_error(c, 403, "forbidden", "stale form, reload the page");
    if (!window_is(dept))
        return json ? send_error(c, 403, "forbidden", "only the window verifies originals")
                    : send_html(c, 403,
                                html_console_message(hub_service(w->h), user, dept, csrf,
                                                     tr("casehub.console.window_only")));
    enum kerr e = hub_case_verify(w->h, code, user, err, sizeof err);
    if (e != K_OK)
        log_warn("casehub", "verification refused: %s", err);
    if (json)
        return e == K_OK              ? verify_json(w, c, code)
               : e == K_ERR_STATE     ? send_error(c, 409, "conflict", "already verified")
               : e == K_ERR_NOT_FOUND ? send_error(c, 404, "not_found", "no complete case")
                                      : send_error(c, 503, "unavailable", "database error");
    char to[200];
    snprintf(to, sizeof to, "/console/case/%s%s", code, e == K_OK ? "" : "?failed=1");
    return redirect(c, to, NULL);
}

static int console(struct router *w, struct call *c, const char *url, const char *method,
                   struct router_body *q)
{
    const char *path = url + strlen("/console");
    if (strcmp(path, "/login") == 0) {
        if (strcmp(method, "GET") == 0)
            return send_html(c, 200, html_login(false));
        if (strcmp(method, "POST") != 0)
            return send_error(c, 405, "method_not_allowed", "GET or POST");
        long retry = 0;
        if (!rate_ok(w, c, &retry)) /* password guessing shares the lookup budget */
            return send_html_limited(c, retry);
        char user[80] = "", pw[300] = "", sess[80];
        router_form_value(q->buf ? q->buf : "", q->len, "user", user, sizeof user);
        router_form_value(q->buf ? q->buf : "", q->len, "password", pw, sizeof pw);
        unsigned char acct[16];
        account_key(user, acct);
        int64_t locked = ratelimit_locked(w->by_account, acct, hub_now_ms());
        if (locked > 0) { /* the password is not even looked at */
            sodium_memzero(pw, sizeof pw);
            char ra[24];
            char *p = html_message(tr("casehub.console.login_locked"));
            int r = send_body(c, 429, "text/html; charset=utf-8", p, strlen(p),
                              retry_text((long)((locked + 999) / 1000), ra));
            free(p);
            return r;
        }
        enum kerr e = hub_login(w->h, user, pw, sess, sizeof sess);
        sodium_memzero(pw, sizeof pw);
        if (e != K_OK) {
            int64_t lock = ratelimit_fail(w->by_account, acct, hub_now_ms());
            if (lock > 0)
                log_warn("casehub", "E784: console logins of one account locked for %lld s",
                         (long long)(lock / 1000));
            return send_html(c, 401, html_login(true));
        }
        ratelimit_clear(w->by_account, acct, hub_now_ms());
        char cookie[200];
        snprintf(cookie, sizeof cookie,
                 "casehub_session=%s; Path=/console; HttpOnly; SameSite=Strict; Max-Age=28800%s",
                 sess, served_over_tls(w, c) ? "; Secure" : "");
        return redirect(c, "/console/", cookie);
    }
    char user[80], dept[80];
    const char *sess = session_cookie(c);
    if (hub_session(w->h, sess, user, sizeof user, dept, sizeof dept) != K_OK)
        return redirect(c, "/console/login", NULL);
    char csrf[33];
    router_csrf_of(sess, csrf);
    struct staff_page sp = {hub_service(w->h), user, dept, csrf};
    if (strcmp(path, "/logout") == 0 && strcmp(method, "POST") == 0) {
        /* a cross-site form must not be able to log staff out (and in as someone else) */
        char token[40] = "";
        router_form_value(q->buf ? q->buf : "", q->len, "csrf", token, sizeof token);
        if (!hub_streq_ct(token, csrf))
            return send_error(c, 403, "forbidden", "stale form, reload the page");
        hub_logout(w->h, sess);
        return redirect(c, "/console/login",
                        served_over_tls(w, c) ? "casehub_session=; Path=/console; HttpOnly; "
                                                "SameSite=Strict; Max-Age=0; Secure"
                                              : "casehub_session=; Path=/console; HttpOnly; "
                                                "SameSite=Strict; Max-Age=0");
    }
    if (strcmp(path, "/") == 0 || path[0] == '\0') {
        bool win = window_is(dept);
        char *todo = win ? hub_window_todo_json(w->h) : hub_todo_json(w->h, dept);
        char *alerts = win ? alerts_open_json(w->h) : NULL;
        char *p = win ? html_window_todo(hub_service(w->h), user, todo, alerts, csrf)
                      : html_todo(hub_service(w->h), user, dept, todo, csrf);
        free(alerts);
        free(todo);
        return send_html(c, 200, p);
    }
    if (strncmp(path, "/alert/", 7) == 0 && strcmp(method, "POST") == 0) {
        /* 已处理 on a staff call: window users only (server/alerts.h) */
        char token[40] = "";
        long id = 0;
        router_form_value(q->buf ? q->buf : "", q->len, "csrf", token, sizeof token);
        if (!hub_streq_ct(token, csrf))
            return send_error(c, 403, "forbidden", "stale form, reload the page");
        if (!window_is(dept))
            return send_html(c, 403, staff_message(&sp, "casehub.console.forbidden"));
        if (!str_to_long(path + 7, 1, 0x7fffffffL, &id))
            return send_error(c, 404, "not_found", "no such alert");
        if (alerts_ack(w->h, id, user) != K_OK)
            log_warn("casehub", "alert %ld was not open (handled already?)", id);
        return redirect(c, "/console/", NULL);
    }
    if (strncmp(path, "/blob/", 6) == 0 && strcmp(method, "GET") == 0) {
        /* ?case=CODE: the pages staff may see of a case they may open (server/access.h) */
        const char *code = query_arg(c, "case");
        char hex[65] = "", mtype[64] = ""; /* hex stays "" for a bad path (fuzz_casehub_http) */
        bool allowed = code && hub_hex64(path + 6, hex) &&
                       access_page_allowed(w->h, code, user, dept, hex, mtype, sizeof mtype);
        const char *mime = strcmp(mtype, "image/png") == 0    ? "image/png"
                           : strcmp(mtype, "image/jpeg") == 0 ? "image/jpeg"
                                                              : "application/pdf";
        if (!allowed)
            return send_error(c, 404, "not_found", "no such blob");
        char p[800];
        hub_blob_path(w->h, hex, p, sizeof p);
        char *data = NULL;
        size_t len = 0;
        if (!allowed || fs_read_file(p, HUB_MAX_BLOB, &data, &len) != K_OK)
            return send_error(c, 404, "not_found", "no such blob");
        add_header(c, "Content-Type", mime);
        add_header(c, "Cache-Control", "private, no-store");
        security_headers(c);
        return answer(c, 200, data, len);
    }
    if (strncmp(path, "/case/", 6) == 0) {
        char code[TRACKCODE_MAX + 8];
        const char *rest = path + 6;
        const char *slash = strchr(rest, '/');
        size_t cl = slash ? (size_t)(slash - rest) : strlen(rest);
        /* a code is letters, digits and dashes: anything else (CR, LF, '?' decoded from the
         * URL) names no case and must not reach the Location of a redirect (fuzzing); nor
         * does an empty one */
        if (cl == 0 || cl >= sizeof code || !code_chars_ok(rest, cl))
            return send_html(c, 404, staff_message(&sp, "casehub.console.no_case"));
        memcpy(code, rest, cl);
        code[cl] = '\0';
        char flash[600] = "";
        if (slash && strcmp(method, "POST") == 0 && strcmp(slash, "/verify") == 0)
            return console_verify(w, c, code, user, dept, csrf, q);
        if (slash && strcmp(method, "POST") == 0 && strncmp(slash, "/matter/", 8) == 0) {
            long matter = 0;
            char action[32] = "", note[HUB_NOTE_MAX + 1] = "", token[40] = "";
            const char *b = q->buf ? q->buf : "";
            router_form_value(b, q->len, "action", action, sizeof action);
            router_form_value(b, q->len, "note", note, sizeof note);
            router_form_value(b, q->len, "csrf", token, sizeof token);
            if (!hub_streq_ct(token, csrf))
                return send_error(c, 403, "forbidden", "stale form, reload the page");
            if (!str_to_long(slash + 8, 1, 999, &matter))
                return send_error(c, 404, "not_found", "no such matter");
            char err[300];
            enum kerr e =
                hub_matter_set(w->h, code, (int)matter, action, note, user, dept, err, sizeof err);
            char to[200], screened[HUB_NOTE_MAX + 64];
            /* the note reaches the applicant screened: tell staff what was masked */
            bool masked = e == K_OK && status_screen_note(note, screened, sizeof screened) > 0;
            snprintf(to, sizeof to, "/console/case/%s%s", code,
                     e != K_OK ? "?failed=1"
                     : masked  ? "?masked=1"
                               : "");
            if (e != K_OK)
                log_warn("casehub", "console action refused: %s", err);
            return redirect(c, to, NULL);
        }
        if (query_arg(c, "failed"))
            str_copy(flash, sizeof flash, tr("casehub.console.action_failed"));
        if (query_arg(c, "masked"))
            str_copy(flash, sizeof flash, tr("casehub.console.note_masked"));
        int vs = 0;
        char *cj = access_case_view(w->h, code, user, dept, "case", &vs);
        if (!cj)
            return send_html(c, vs,
                             staff_message(&sp, vs == 409   ? "casehub.console.not_routed"
                                                : vs == 403 ? "casehub.console.forbidden"
                                                            : "casehub.console.no_case"));
        char *p = html_case(hub_service(w->h), hub_policy(w->h), user, dept, cj, csrf, flash);
        sodium_memzero(cj, strlen(cj));
        free(cj);
        return send_html(c, 200, p);
    }
    return send_html(c, 404, staff_message(&sp, "casehub.console.not_found"));
}

/* ---- dispatcher ---- */

bool router_begin(struct router *w, const struct router_request *rq, struct router_body **body,
                  struct router_answer *a)
{
    memset(a, 0, sizeof *a);
    struct router_body *q = xcalloc(1, sizeof *q);
    q->fd = -1;
    *body = q;
    const char *url = rq->path, *method = rq->method;
    bool api_path = strncmp(url, "/api/v1/", 8) == 0;
    bool console_path = strncmp(url, "/console/", 9) == 0 || strcmp(url, "/console") == 0;
    struct call call = {rq, a};
    return !(api_path || console_path) || api_first(w, &call, url, method, q);
}

void router_finish(struct router *w, const struct router_request *rq, struct router_body *q,
                   struct router_answer *a)
{
    memset(a, 0, sizeof *a);
    struct call call = {rq, a}, *c = &call;
    const char *url = rq->path, *method = rq->method;
    if (q->too_big) {
        send_error(c, 413, "too_large", "the body is larger than this request allows");
        return;
    }
    if (strncmp(url, "/api/v1/", 8) == 0)
        api(w, c, url, method, q);
    else if (strncmp(url, "/s/", 3) == 0 && strcmp(method, "GET") == 0)
        phone_page(w, c, url + 3);
    else if (strcmp(url, "/console") == 0 || strcmp(url, "/") == 0)
        redirect(c, "/console/", NULL);
    else if (strncmp(url, "/console/", 9) == 0 && q->len && !router_form_ok(q->buf, q->len))
        send_error(c, 400, "bad_request", "the form is not valid UTF-8");
    else if (strncmp(url, "/console/", 9) == 0)
        console(w, c, url, method, q);
    else
        send_error(c, 404, "not_found", "no such path");
}

void router_answer_free(struct router_answer *a)
{
    for (size_t i = 0; i < a->n_headers; i++)
        free(a->headers[i].value);
    free(a->body);
    memset(a, 0, sizeof *a);
}

struct router *router_create(struct hub *h, const struct router_options *o)
{
    if (lookup_init(h) != K_OK) {
        fprintf(stderr, "E722: database schema: lookup_misses\n");
        return NULL;
    }
    struct router *w = xcalloc(1, sizeof *w);
    w->h = h;
    w->per_minute = o->status_per_minute > 0 ? o->status_per_minute : 30;
    w->secure_cookies = o->secure_cookies;
    char perr[200];
    if (proxy_parse(o->trusted_proxies, &w->proxies, perr, sizeof perr) != K_OK) {
        fprintf(stderr, "%s\n", perr);
        free(w);
        return NULL;
    }
    w->by_addr = ratelimit_create(RL_SLOTS, w->per_minute, w->per_minute);
    w->by_account = ratelimit_create(RL_SLOTS, 1, 1);
    return w;
}

void router_destroy(struct router *w)
{
    if (!w)
        return;
    ratelimit_destroy(w->by_addr);
    ratelimit_destroy(w->by_account);
    free(w);
}
