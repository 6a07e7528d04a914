/* server/web.c: routing, request bodies, the kiosk API, the console and the phone page. */
#include "server/web.h"

#include <arpa/inet.h>
#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "app/core/trackcode.h"
#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"
#include "server/html.h"

#define RL_SLOTS 1024

struct bucket {
    unsigned char addr[16];
    double tokens;
    int64_t at_ms;
};

struct web {
    struct MHD_Daemon *d;
    struct hub *h;
    int per_minute;
    int port; /* the bound port (the one chosen when --listen asked for 0) */
    pthread_mutex_t rl_lock;
    struct bucket rl[RL_SLOTS];
};

enum body_kind { BODY_NONE, BODY_MEM, BODY_BLOB };

struct req {
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

/* ---- responses ---- */

static enum MHD_Result send_body(struct MHD_Connection *c, int status, const char *type,
                                 const char *body, size_t len, const char *retry_after)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(len, (void *)body, MHD_RESPMEM_MUST_COPY);
    if (!r)
        return MHD_NO;
    MHD_add_response_header(r, "Content-Type", type);
    MHD_add_response_header(r, "Cache-Control", "no-store");
    MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
    if (retry_after)
        MHD_add_response_header(r, "Retry-After", retry_after);
    if (status == 401)
        MHD_add_response_header(r, "WWW-Authenticate", "Bearer");
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)status, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_json(struct MHD_Connection *c, int status, const char *body)
{
    return send_body(c, status, "application/json", body, strlen(body), status == 503 ? "5" : NULL);
}

static enum MHD_Result send_error(struct MHD_Connection *c, int status, const char *code,
                                  const char *msg)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "error", code);
    cJSON_AddStringToObject(o, "message", msg);
    char *t = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    enum MHD_Result r = send_json(c, status, t);
    cJSON_free(t);
    return r;
}

static enum MHD_Result send_answer(struct MHD_Connection *c, struct hub_answer *a)
{
    enum MHD_Result r = send_json(c, a->status, a->body ? a->body : "{}");
    free(a->body);
    a->body = NULL;
    return r;
}

static enum MHD_Result redirect(struct MHD_Connection *c, const char *to, const char *cookie)
{
    struct MHD_Response *r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    MHD_add_response_header(r, "Location", to);
    if (cookie)
        MHD_add_response_header(r, "Set-Cookie", cookie);
    enum MHD_Result ret = MHD_queue_response(c, 303, r);
    MHD_destroy_response(r);
    return ret;
}

static enum MHD_Result send_html(struct MHD_Connection *c, int status, char *page)
{
    enum MHD_Result r = send_body(c, status, "text/html; charset=utf-8", page, strlen(page), NULL);
    free(page);
    return r;
}

/* ---- rate limit (token bucket per client address) ---- */

static bool rate_ok(struct web *w, struct MHD_Connection *c, long *retry_s)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    unsigned char key[16] = {0};
    if (ci && ci->client_addr) {
        const struct sockaddr *sa = ci->client_addr;
        if (sa->sa_family == AF_INET)
            memcpy(key, &((const struct sockaddr_in *)(const void *)sa)->sin_addr, 4);
        else if (sa->sa_family == AF_INET6)
            memcpy(key, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
    }
    unsigned char hk[8];
    crypto_generichash(hk, sizeof hk, key, sizeof key, NULL, 0);
    size_t slot = (size_t)(hk[0] | hk[1] << 8) % RL_SLOTS;
    int64_t now = hub_now_ms();
    double cap = w->per_minute, rate = w->per_minute / 60000.0;
    pthread_mutex_lock(&w->rl_lock);
    struct bucket *b = &w->rl[slot];
    if (memcmp(b->addr, key, sizeof key) != 0 || b->at_ms == 0) {
        memcpy(b->addr, key, sizeof key);
        b->tokens = cap;
        b->at_ms = now;
    }
    b->tokens += (double)(now - b->at_ms) * rate;
    if (b->tokens > cap)
        b->tokens = cap;
    b->at_ms = now;
    bool ok = b->tokens >= 1.0;
    if (ok)
        b->tokens -= 1.0;
    else
        *retry_s = (long)((1.0 - b->tokens) / rate / 1000.0) + 1;
    pthread_mutex_unlock(&w->rl_lock);
    return ok;
}

/* ---- helpers ---- */

static const char *header(struct MHD_Connection *c, const char *name)
{
    return MHD_lookup_connection_value(c, MHD_HEADER_KIND, name);
}

static bool content_type_is(struct MHD_Connection *c, const char *want)
{
    const char *t = header(c, "Content-Type");
    if (!t)
        return false;
    size_t n = strlen(want);
    return strncasecmp(t, want, n) == 0 && (t[n] == '\0' || t[n] == ';' || t[n] == ' ');
}

static bool kiosk_auth(struct web *w, struct MHD_Connection *c, char *name, size_t n)
{
    const char *a = header(c, "Authorization");
    if (!a || strncasecmp(a, "Bearer ", 7) != 0)
        return false;
    return hub_kiosk_auth(w->h, a + 7, name, n) == K_OK;
}

/* Cookie "casehub_session" of the request, or NULL. */
static const char *session_cookie(struct MHD_Connection *c)
{
    return MHD_lookup_connection_value(c, MHD_COOKIE_KIND, "casehub_session");
}

static void csrf_of(const char *session, char out[33])
{
    unsigned char d[16];
    crypto_generichash(d, sizeof d, (const unsigned char *)session, strlen(session),
                       (const unsigned char *)"casehub-csrf-key-0123456789abcdef", 32);
    sodium_bin2hex(out, 33, d, sizeof d);
}

/* Value of key in an application/x-www-form-urlencoded body into out (decoded); false when
 * absent. */
static bool form_value(const char *body, size_t len, const char *key, char *out, size_t n)
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

/* ---- body collection ---- */

static void req_free(struct req *q)
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

static void on_complete(void *cls, struct MHD_Connection *c, void **con_cls,
                        enum MHD_RequestTerminationCode toe)
{
    (void)cls;
    (void)c;
    (void)toe;
    req_free(*con_cls);
    *con_cls = NULL;
}

static void body_feed(struct req *q, const char *data, size_t n)
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

static enum MHD_Result api_blob(struct web *w, struct MHD_Connection *c, const char *method,
                                const char *hex_in, struct req *q)
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
        struct MHD_Response *r =
            MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
        char sz[32];
        snprintf(sz, sizeof sz, "%lld", size);
        MHD_add_response_header(r, "X-Blob-Size", sz);
        enum MHD_Result ret = MHD_queue_response(c, 200, r);
        MHD_destroy_response(r);
        return ret;
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
    snprintf(dir, sizeof dir, "%s/%.2s", w->h->blobdir, hex);
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

static enum MHD_Result api(struct web *w, struct MHD_Connection *c, const char *url,
                           const char *method, struct req *q)
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
        if (!rate_ok(w, c, &retry)) {
            char ra[32];
            snprintf(ra, sizeof ra, "%ld", retry);
            return send_body(
                c, 429, "application/json",
                "{\"error\":\"rate_limited\",\"message\":\"too many lookups\"}",
                strlen("{\"error\":\"rate_limited\",\"message\":\"too many lookups\"}"), ra);
        }
        struct hub_answer a;
        hub_status_json(w->h, rest + 7, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "t"),
                        &a);
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

/* Prepare the body of a request on its first call; returns false after queuing an error. */
static bool api_first(struct web *w, struct MHD_Connection *c, const char *url, const char *method,
                      struct req *q, enum MHD_Result *ret)
{
    bool has_body = strcmp(method, "POST") == 0 || strcmp(method, "PUT") == 0;
    if (!has_body)
        return true;
    const char *cl = header(c, "Content-Length");
    long len = -1;
    if (!cl || !str_to_long(cl, 0, 0x7fffffffL, &len)) {
        *ret = send_error(c, 411, "length_required", "send a Content-Length (no chunked bodies)");
        return false;
    }
    bool blob = strncmp(url, "/api/v1/blobs/", 14) == 0 && strcmp(method, "PUT") == 0;
    bool is_case = strcmp(url, "/api/v1/cases") == 0;
    bool is_console = strncmp(url, "/console/", 9) == 0;
    q->limit = blob ? HUB_MAX_BLOB : is_case ? HUB_MAX_CASE_BODY : HUB_MAX_SMALL;
    if (is_console)
        q->limit = 16384;
    if ((size_t)len > q->limit) {
        *ret = send_error(c, 413, "too_large", "the body is larger than this request allows");
        return false;
    }
    if (!is_console) {
        char kiosk[128];
        if (!kiosk_auth(w, c, kiosk, sizeof kiosk)) {
            *ret = send_error(c, 401, "unauthorized", "a valid kiosk bearer token is required");
            return false;
        }
        const char *want = blob ? "application/octet-stream" : "application/json";
        bool empty_ok = !blob && !is_case && len == 0;
        if (!empty_ok && !content_type_is(c, want)) {
            *ret = send_error(c, 415, "unsupported_media_type",
                              blob ? "use Content-Type: application/octet-stream"
                                   : "use Content-Type: application/json");
            return false;
        }
    } else if (!content_type_is(c, "application/x-www-form-urlencoded")) {
        *ret = send_error(c, 415, "unsupported_media_type", "forms only");
        return false;
    }
    if (blob) {
        char hex[65];
        if (!hub_hex64(url + 14, hex)) {
            *ret = send_error(c, 400, "bad_hash", "the path must end in 64 hex characters");
            return false;
        }
        snprintf(q->tmp, sizeof q->tmp, "%s/upload-XXXXXX", w->h->blobdir);
        q->fd = mkstemp(q->tmp);
        if (q->fd < 0) {
            *ret = send_error(c, 503, "unavailable", "cannot store blobs now");
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

static enum MHD_Result phone_page(struct web *w, struct MHD_Connection *c, const char *code)
{
    long retry = 0;
    if (!rate_ok(w, c, &retry)) {
        char ra[32];
        snprintf(ra, sizeof ra, "%ld", retry);
        char *p = html_message(tr("casehub.phone.rate_limited"));
        enum MHD_Result r = send_body(c, 429, "text/html; charset=utf-8", p, strlen(p), ra);
        free(p);
        return r;
    }
    struct hub_answer a;
    hub_status_json(w->h, code, MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "t"), &a);
    if (a.status != 200) {
        free(a.body);
        return send_html(c, 404, html_message(tr("casehub.phone.not_found")));
    }
    /* the masked name needs the form: fetch it from the full record */
    char *full = hub_case_json(w->h, code);
    char masked[128] = "";
    cJSON *fj = cJSON_Parse(full ? full : "{}");
    const cJSON *name =
        cJSON_GetObjectItemCaseSensitive(cJSON_GetObjectItemCaseSensitive(fj, "form"), "name");
    if (cJSON_IsString(name))
        log_mask_name(name->valuestring, masked, sizeof masked);
    cJSON_Delete(fj);
    if (full) {
        sodium_memzero(full, strlen(full));
        free(full);
    }
    char *page = html_phone(&w->h->svc, a.body, masked);
    free(a.body);
    return send_html(c, 200, page);
}

static enum MHD_Result console(struct web *w, struct MHD_Connection *c, const char *url,
                               const char *method, struct req *q)
{
    const char *path = url + strlen("/console");
    if (strcmp(path, "/login") == 0) {
        if (strcmp(method, "GET") == 0)
            return send_html(c, 200, html_login(false));
        if (strcmp(method, "POST") != 0)
            return send_error(c, 405, "method_not_allowed", "GET or POST");
        long retry = 0;
        if (!rate_ok(w, c, &retry)) { /* password guessing shares the lookup budget */
            char ra[32];
            snprintf(ra, sizeof ra, "%ld", retry);
            char *p = html_message(tr("casehub.phone.rate_limited"));
            enum MHD_Result r = send_body(c, 429, "text/html; charset=utf-8", p, strlen(p), ra);
            free(p);
            return r;
        }
        char user[80] = "", pw[300] = "", sess[80];
        form_value(q->buf ? q->buf : "", q->len, "user", user, sizeof user);
        form_value(q->buf ? q->buf : "", q->len, "password", pw, sizeof pw);
        enum kerr e = hub_login(w->h, user, pw, sess, sizeof sess);
        sodium_memzero(pw, sizeof pw);
        if (e != K_OK)
            return send_html(c, 401, html_login(true));
        char cookie[200];
        snprintf(cookie, sizeof cookie,
                 "casehub_session=%s; Path=/console; HttpOnly; SameSite=Strict; Max-Age=28800",
                 sess);
        return redirect(c, "/console/", cookie);
    }
    char user[80], dept[80];
    const char *sess = session_cookie(c);
    if (hub_session(w->h, sess, user, sizeof user, dept, sizeof dept) != K_OK)
        return redirect(c, "/console/login", NULL);
    char csrf[33];
    csrf_of(sess, csrf);
    if (strcmp(path, "/logout") == 0 && strcmp(method, "POST") == 0) {
        hub_logout(w->h, sess);
        return redirect(c, "/console/login",
                        "casehub_session=; Path=/console; HttpOnly; SameSite=Strict; Max-Age=0");
    }
    if (strcmp(path, "/") == 0 || path[0] == '\0') {
        char *todo = hub_todo_json(w->h, dept);
        char *p = html_todo(&w->h->svc, user, dept, todo, csrf);
        free(todo);
        return send_html(c, 200, p);
    }
    if (strncmp(path, "/blob/", 6) == 0 && strcmp(method, "GET") == 0) {
        /* ?case=CODE: staff see blobs of cases that have a matter of their department */
        const char *code = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "case");
        char hex[65] = ""; /* stays "" for a path that is not 64 hex digits (fuzz_casehub_http) */
        char *cj = code ? hub_case_json(w->h, code) : NULL;
        cJSON *o = cJSON_Parse(cj ? cj : "{}");
        bool allowed = false;
        const char *mime = "application/octet-stream";
        if (hub_hex64(path + 6, hex)) {
            const cJSON *x;
            cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "matters"))
            {
                const cJSON *d = cJSON_GetObjectItemCaseSensitive(x, "department");
                allowed |= cJSON_IsString(d) && strcmp(d->valuestring, dept) == 0;
            }
            bool listed = false;
            cJSON_ArrayForEach(x, cJSON_GetObjectItemCaseSensitive(o, "attachments"))
            {
                const cJSON *s = cJSON_GetObjectItemCaseSensitive(x, "sha256");
                if (cJSON_IsString(s) && strcmp(s->valuestring, hex) == 0) {
                    listed = true;
                    const cJSON *m = cJSON_GetObjectItemCaseSensitive(x, "mime");
                    if (cJSON_IsString(m) && strcmp(m->valuestring, "image/png") == 0)
                        mime = "image/png";
                    else if (cJSON_IsString(m) && strcmp(m->valuestring, "image/jpeg") == 0)
                        mime = "image/jpeg";
                    else if (cJSON_IsString(m))
                        mime = "application/pdf";
                }
            }
            allowed &= listed;
        }
        cJSON_Delete(o);
        free(cj);
        char p[800];
        hub_blob_path(w->h, hex, p, sizeof p);
        char *data = NULL;
        size_t len = 0;
        if (!allowed || fs_read_file(p, HUB_MAX_BLOB, &data, &len) != K_OK)
            return send_error(c, 404, "not_found", "no such blob");
        struct MHD_Response *r = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
        MHD_add_response_header(r, "Content-Type", mime);
        MHD_add_response_header(r, "Cache-Control", "private, no-store");
        MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
        enum MHD_Result ret = MHD_queue_response(c, 200, r);
        MHD_destroy_response(r);
        return ret;
    }
    if (strncmp(path, "/case/", 6) == 0) {
        char code[TRACKCODE_MAX + 8];
        const char *rest = path + 6;
        const char *slash = strchr(rest, '/');
        size_t cl = slash ? (size_t)(slash - rest) : strlen(rest);
        if (cl >= sizeof code)
            return send_html(c, 404, html_message(tr("casehub.console.no_case")));
        memcpy(code, rest, cl);
        code[cl] = '\0';
        char flash[300] = "";
        if (slash && strcmp(method, "POST") == 0 && strncmp(slash, "/matter/", 8) == 0) {
            long matter = 0;
            char action[32] = "", note[HUB_NOTE_MAX + 1] = "", token[40] = "";
            const char *b = q->buf ? q->buf : "";
            form_value(b, q->len, "action", action, sizeof action);
            form_value(b, q->len, "note", note, sizeof note);
            form_value(b, q->len, "csrf", token, sizeof token);
            if (!hub_streq_ct(token, csrf))
                return send_error(c, 403, "forbidden", "stale form, reload the page");
            if (!str_to_long(slash + 8, 1, 999, &matter))
                return send_error(c, 404, "not_found", "no such matter");
            char err[300];
            enum kerr e =
                hub_matter_set(w->h, code, (int)matter, action, note, user, dept, err, sizeof err);
            char to[200];
            snprintf(to, sizeof to, "/console/case/%s%s", code, e == K_OK ? "" : "?failed=1");
            if (e != K_OK)
                log_warn("casehub", "console action refused: %s", err);
            return redirect(c, to, NULL);
        }
        if (MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "failed"))
            str_copy(flash, sizeof flash, tr("casehub.console.action_failed"));
        char *cj = hub_case_json(w->h, code);
        if (!cj)
            return send_html(c, 404, html_message(tr("casehub.console.no_case")));
        char *p = html_case(&w->h->svc, user, dept, cj, csrf, flash);
        sodium_memzero(cj, strlen(cj));
        free(cj);
        return send_html(c, 200, p);
    }
    return send_html(c, 404, html_message(tr("casehub.console.not_found")));
}

/* ---- dispatcher ---- */

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    struct web *w = cls;
    struct req *q = *con_cls;
    if (!q) {
        q = xcalloc(1, sizeof *q);
        q->fd = -1;
        *con_cls = q;
        bool api_path = strncmp(url, "/api/v1/", 8) == 0;
        bool console_path = strncmp(url, "/console/", 9) == 0 || strcmp(url, "/console") == 0;
        if (api_path || console_path) {
            enum MHD_Result ret = MHD_YES;
            if (!api_first(w, c, url, method, q, &ret))
                return ret;
        }
        return MHD_YES;
    }
    if (*upload_size) {
        body_feed(q, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    if (q->too_big)
        return send_error(c, 413, "too_large", "the body is larger than this request allows");
    if (strncmp(url, "/api/v1/", 8) == 0)
        return api(w, c, url, method, q);
    if (strncmp(url, "/s/", 3) == 0 && strcmp(method, "GET") == 0)
        return phone_page(w, c, url + 3);
    if (strcmp(url, "/console") == 0 || strcmp(url, "/") == 0)
        return redirect(c, "/console/", NULL);
    if (strncmp(url, "/console/", 9) == 0)
        return console(w, c, url, method, q);
    return send_error(c, 404, "not_found", "no such path");
}

struct web *web_start(struct hub *h, const struct web_options *o)
{
    char host[64];
    const char *colon = strrchr(o->listen, ':');
    long port;
    if (!colon || (size_t)(colon - o->listen) >= sizeof host ||
        !str_to_long(colon + 1, 0, 65535, &port)) {
        fprintf(stderr, "E740: --listen wants ADDR:PORT, not %s\n", o->listen);
        return NULL;
    }
    memcpy(host, o->listen, (size_t)(colon - o->listen));
    host[colon - o->listen] = '\0';
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        fprintf(stderr, "E740: --listen address %s is not an IPv4 address\n", host);
        return NULL;
    }
    struct web *w = xcalloc(1, sizeof *w);
    w->h = h;
    w->per_minute = o->status_per_minute > 0 ? o->status_per_minute : 30;
    pthread_mutex_init(&w->rl_lock, NULL);
    w->d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0,
                            NULL, NULL, handle, w, MHD_OPTION_SOCK_ADDR, &sa,
                            MHD_OPTION_THREAD_POOL_SIZE, 4u, MHD_OPTION_NOTIFY_COMPLETED,
                            on_complete, NULL, MHD_OPTION_CONNECTION_TIMEOUT, 60u,
                            MHD_OPTION_CONNECTION_LIMIT, 512u, MHD_OPTION_END);
    if (!w->d) {
        fprintf(stderr, "E741: cannot listen on %s: %s\n", o->listen, strerror(errno));
        pthread_mutex_destroy(&w->rl_lock);
        free(w);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(w->d, MHD_DAEMON_INFO_BIND_PORT);
    w->port = di ? (int)di->port : (int)port;
    return w;
}

int web_port(const struct web *w)
{
    return w->port;
}

void web_stop(struct web *w)
{
    if (!w)
        return;
    MHD_stop_daemon(w->d);
    pthread_mutex_destroy(&w->rl_lock);
    free(w);
}
