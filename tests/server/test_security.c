/* tests/server/test_security.c: the access holes of issue #17 in casehub, each probed over
 * real HTTP on loopback against a casehub this test starts (docs/casehub.md "Security"):
 * kiosk tokens bound to their kiosk number, login and sessions, response headers, request
 * validation (form keys, UTF-8, created_ms), Retry-After floors, the manual lookup lock,
 * the keyed rate limiter with trusted proxies and the per-account login throttle. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/core/trackcode.h"
#include "platform/xalloc.h"
#include "tests/server/hubproc.h"
#include "tests/support/ktest.h"

static const char *bin;
static struct hubproc hub;
static char token1[200], token7[200]; /* kiosk-1 (bound by first use), hall-7 (--number 7) */
static const uint8_t secret[32] = {7, 1, 7};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* The last line of a CLI output (a kiosk token). */
static void last_line(char *out, char *tok, size_t n)
{
    size_t l = strlen(out);
    while (l && (out[l - 1] == '\n' || out[l - 1] == ' '))
        out[--l] = '\0';
    char *nl = strrchr(out, '\n');
    str_copy(tok, n, nl ? nl + 1 : out);
}

/* A case body for kiosk number `kiosk`, sequence `seq`, with form members `form` (JSON text
 * without braces) and created_ms `created`; uuid derived from kiosk and seq. */
static char *case_body(long kiosk, long seq, const char *form, long long created, char uuid[37])
{
    char code[TRACKCODE_MAX], tok[TRACKCODE_TOKEN_MAX];
    trackcode_make(kiosk, seq, code);
    trackcode_token(secret, sizeof secret, code, tok);
    snprintf(uuid, 37, "%08lx-0000-4000-8000-%012lx", kiosk, seq);
    return xasprintf("{\"uuid\":\"%s\",\"code\":\"%s\",\"token\":\"%s\",\"kiosk_id\":%ld,"
                     "\"district\":\"dongsheng\",\"created_ms\":%lld,\"matters\":[1],"
                     "\"form\":{%s},\"attachments\":[]}",
                     uuid, code, tok, kiosk, created, form);
}

static const char *plain_form = "\"name\":\"张三明\",\"phone\":\"13812345678\"";

/* POST /api/v1/cases with the token. */
static void post_case(const char *token, const char *body, size_t len, const char *uuid,
                      struct hresp *r)
{
    char auth[300], idem[100];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    snprintf(idem, sizeof idem, "Idempotency-Key: %s", uuid);
    const char *hdr[] = {auth, idem, "Content-Type: application/json", NULL};
    struct hreq q = {
        .method = "POST", .path = "/api/v1/cases", .extra = hdr, .body = body, .body_len = len};
    hreq_do(&hub, &q, r);
}

/* ---- item 2: a kiosk token is bound to its kiosk number ---- */

static void test_kiosk_binding(void)
{
    struct hresp r;
    char uuid[37];
    /* 1 kiosk-1 (added without a number) is bound by its first case, kiosk 3 */
    char *b = case_body(3, 1, plain_form, now_ms(), uuid);
    post_case(token1, b, strlen(b), uuid, &r);
    CHECK_EQ_INT(r.status, 201);
    free(b);
    /* 2 the same token may not create a case under kiosk 5's number */
    b = case_body(5, 1, plain_form, now_ms(), uuid);
    post_case(token1, b, strlen(b), uuid, &r);
    CHECK_EQ_INT(r.status, 403);
    CHECK(strstr(r.body, "\"error\":\"forbidden\"") != NULL);
    free(b);
    /* 3 hall-7 was added with --number 7: kiosk 3's code is refused, its own accepted */
    b = case_body(3, 2, plain_form, now_ms(), uuid);
    post_case(token7, b, strlen(b), uuid, &r);
    CHECK_EQ_INT(r.status, 403);
    free(b);
    b = case_body(7, 1, plain_form, now_ms(), uuid);
    post_case(token7, b, strlen(b), uuid, &r);
    CHECK_EQ_INT(r.status, 201);
    free(b);
    /* 4 nothing of the refused ones was stored */
    char out[4096];
    CHECK_EQ_INT(hubproc_cli(&hub, NULL, out, sizeof out, "case", "count", NULL), 0);
    CHECK_EQ_STR(out, "2\n");
    /* 5 the list shows the numbers; a second kiosk cannot take number 7 */
    CHECK_EQ_INT(hubproc_cli(&hub, NULL, out, sizeof out, "kiosk", "list", NULL), 0);
    CHECK_EQ_STR(out, "hall-7\t7\nkiosk-1\t3\n");
    CHECK(hubproc_cli(&hub, NULL, out, sizeof out, "kiosk", "add", "hall-7b", "--number", "7",
                      NULL) != 0);
}

/* ---- item 4: login, sessions, users, headers, cookies ---- */

/* POST /console/login as user from a source address; extra headers may be NULL. */
static void login(const char *user, const char *pw, const char *from, const char *const *extra,
                  struct hresp *r)
{
    char body[300];
    snprintf(body, sizeof body, "user=%s&password=%s", user, pw);
    const char *hdr[8] = {"Content-Type: application/x-www-form-urlencoded"};
    for (size_t i = 0; extra && extra[i] && i < 6; i++)
        hdr[i + 1] = extra[i];
    struct hreq q = {.method = "POST",
                     .path = "/console/login",
                     .from = from,
                     .extra = hdr,
                     .body = body,
                     .body_len = strlen(body)};
    hreq_do(&hub, &q, r);
}

/* The session cookie a login answer set into out ("" when none). */
static void cookie_of(const struct hresp *r, char *out, size_t n)
{
    char sc[400] = "";
    out[0] = '\0';
    if (!hresp_header(r, "Set-Cookie", sc, sizeof sc))
        return;
    const char *v = strstr(sc, "casehub_session=");
    if (!v)
        return;
    v += strlen("casehub_session=");
    size_t k = strcspn(v, ";");
    if (k >= n)
        k = n - 1;
    memcpy(out, v, k);
    out[k] = '\0';
}

/* GET (or POST with a form body) a console path with a session cookie. */
static void console_req(const char *method, const char *path, const char *session, const char *form,
                        struct hresp *r)
{
    char ck[200];
    snprintf(ck, sizeof ck, "Cookie: casehub_session=%s", session);
    const char *hdr[] = {ck, "Content-Type: application/x-www-form-urlencoded", NULL};
    struct hreq q = {.method = method,
                     .path = path,
                     .extra = hdr,
                     .body = form,
                     .body_len = form ? strlen(form) : 0};
    hreq_do(&hub, &q, r);
}

static double median3(double a, double b, double c)
{
    return a > b ? (b > c ? b : (a > c ? c : a)) : (a > c ? a : (b > c ? c : b));
}

static void test_login_constant_work(void)
{
    struct hresp r;
    double known[3], unknown[3];
    char from[32];
    for (int i = 0; i < 3; i++) {
        snprintf(from, sizeof from, "127.0.4.%d", i + 1);
        login("li", "wrong-password", from, NULL, &r);
        CHECK_EQ_INT(r.status, 401);
        known[i] = r.seconds;
        login("nobody-here", "wrong-password", from, NULL, &r);
        CHECK_EQ_INT(r.status, 401);
        unknown[i] = r.seconds;
    }
    double k = median3(known[0], known[1], known[2]);
    double u = median3(unknown[0], unknown[1], unknown[2]);
    /* an argon2id verification each: an unknown name must not answer much faster */
    CHECKF(u >= 0.5 * k, "unknown user %.3f s, known user with a wrong password %.3f s", u, k);
}

static void test_sessions_and_users(void)
{
    struct hresp r;
    char sess[100], out[1024];
    /* 1 a session works */
    login("wang", "correct+horse+battery", "127.0.5.1", NULL, &r);
    CHECK_EQ_INT(r.status, 303);
    cookie_of(&r, sess, sizeof sess);
    CHECK(strlen(sess) == 64);
    console_req("GET", "/console/", sess, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    /* 2 a password change ends it */
    CHECK_EQ_INT(hubproc_cli(&hub, "another good password\n", out, sizeof out, "user", "add",
                             "wang", "--department", "veterans", NULL),
                 0);
    console_req("GET", "/console/", sess, NULL, &r);
    CHECK_EQ_INT(r.status, 303);
    login("wang", "correct+horse+battery", "127.0.5.1", NULL, &r);
    CHECK_EQ_INT(r.status, 401);
    /* 3 disable ends the session and refuses the right password; enable lets in again */
    login("wang", "another+good+password", "127.0.5.1", NULL, &r);
    CHECK_EQ_INT(r.status, 303);
    cookie_of(&r, sess, sizeof sess);
    CHECK_EQ_INT(hubproc_cli(&hub, NULL, out, sizeof out, "user", "disable", "wang", NULL), 0);
    console_req("GET", "/console/", sess, NULL, &r);
    CHECK_EQ_INT(r.status, 303);
    login("wang", "another+good+password", "127.0.5.1", NULL, &r);
    CHECK_EQ_INT(r.status, 401);
    CHECK_EQ_INT(hubproc_cli(&hub, NULL, out, sizeof out, "user", "enable", "wang", NULL), 0);
    login("wang", "another+good+password", "127.0.5.1", NULL, &r);
    CHECK_EQ_INT(r.status, 303);
    cookie_of(&r, sess, sizeof sess);
    /* 4 logout needs the form's CSRF token: without it nothing happens */
    console_req("POST", "/console/logout", sess, "csrf=0123", &r);
    CHECK_EQ_INT(r.status, 403);
    console_req("GET", "/console/", sess, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    /* 5 remove ends the session; an unknown name fails clearly */
    CHECK_EQ_INT(hubproc_cli(&hub, NULL, out, sizeof out, "user", "remove", "wang", NULL), 0);
    console_req("GET", "/console/", sess, NULL, &r);
    CHECK_EQ_INT(r.status, 303);
    login("wang", "another+good+password", "127.0.5.1", NULL, &r);
    CHECK_EQ_INT(r.status, 401);
    CHECK(hubproc_cli(&hub, NULL, out, sizeof out, "user", "remove", "wang", NULL) != 0);
    CHECK(hubproc_cli(&hub, NULL, out, sizeof out, "user", "disable", "ghost", NULL) != 0);
}

static void test_headers_and_cookie(void)
{
    struct hresp r;
    char v[400];
    /* 1 every kind of answer carries the headers: page, redirect, API JSON, API error */
    const char *paths[] = {"/console/login", "/console/", "/api/v1/health", "/api/v1/nothing"};
    for (size_t i = 0; i < 4; i++) {
        struct hreq q = {.path = paths[i]};
        hreq_do(&hub, &q, &r);
        CHECKF(hresp_header(&r, "Content-Security-Policy", v, sizeof v) &&
                   strstr(v, "frame-ancestors 'none'") && strstr(v, "default-src 'none'"),
               "row %zu: CSP '%s'", i + 1, v);
        CHECKF(hresp_header(&r, "Referrer-Policy", v, sizeof v) && strcmp(v, "no-referrer") == 0,
               "row %zu: Referrer-Policy", i + 1);
        CHECKF(hresp_header(&r, "X-Content-Type-Options", v, sizeof v) && strcmp(v, "nosniff") == 0,
               "row %zu: X-Content-Type-Options", i + 1);
    }
    /* 2 the cookie is Secure only when a trusted proxy (127.0.0.2) says the browser used TLS */
    const char *https[] = {"X-Forwarded-Proto: https", NULL};
    struct {
        const char *from;
        const char *const *extra;
        bool secure;
    } rows[] = {
        {"127.0.0.2", https, true},  /* trusted proxy, https */
        {"127.0.0.2", NULL, false},  /* trusted proxy, plain http */
        {"127.0.0.3", https, false}, /* anyone else cannot claim it */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        login("li", "li+password+ok", rows[i].from, rows[i].extra, &r);
        CHECKF(r.status == 303, "row %zu: %ld", i + 1, r.status);
        bool secure = hresp_header(&r, "Set-Cookie", v, sizeof v) && strstr(v, "; Secure");
        CHECKF(secure == rows[i].secure, "row %zu: Set-Cookie '%s'", i + 1, v);
    }
}

/* ---- item 5: request validation, Retry-After, the manual lookup lock ---- */

static void test_form_keys(void)
{
    struct {
        const char *form;
        int status;
        const char *says;
    } rows[] = {
        {"\"name\":\"张三\",\"colour\":\"red\"", 400, "'colour' is not a field"},
        {"\"name\":\"张三\",\"answer.nonsense\":\"yes\"", 400, "unknown_field"},
        {"\"name\":\"张三\",\"sample\":\"x\"", 400, "unknown_field"}, /* boolean only */
        {"\"name\":\"张三\",\"answer.eligible\":\"yes\",\"phone\":\"13800001111\"", 201, ""},
        {"\"name\":\"张三\",\"sample\":true", 201, ""},
        {"\"name\":\"张三\",\"materials_missing\":\"1,<b>\"", 400, "unknown_field"},
        {"\"name\":\"张三\",\"signature_sha256\":\"abc\"", 400, "unknown_field"},
        {"\"name\":\"张三\",\"materials_missing\":\"3,5\",\"signature_sha256\":\"\"", 201, ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct hresp r;
        char uuid[37];
        char *b = case_body(3, 100 + (long)i, rows[i].form, now_ms(), uuid);
        post_case(token1, b, strlen(b), uuid, &r);
        CHECKF(r.status == rows[i].status && strstr(r.body, rows[i].says), "row %zu: %ld %s", i + 1,
               r.status, r.body);
        free(b);
    }
}

static void test_utf8(void)
{
    /* 1..3 a case whose form holds a lone byte, an overlong '/', a UTF-16 surrogate */
    const char *bad[] = {"\"name\":\"\xff\"", "\"name\":\"\xc0\xaf\"", "\"name\":\"\xed\xa0\x80\""};
    for (size_t i = 0; i < 3; i++) {
        struct hresp r;
        char uuid[37];
        char *b = case_body(3, 200 + (long)i, bad[i], now_ms(), uuid);
        post_case(token1, b, strlen(b), uuid, &r);
        CHECKF(r.status == 400, "row %zu: %ld %s", i + 1, r.status, r.body);
        free(b);
    }
    /* 4 a console form with an invalid byte (percent-encoded) */
    struct hresp r;
    login("li%FF", "li+password+ok", "127.0.7.1", NULL, &r);
    CHECKF(r.status == 400, "row 4: %ld", r.status);
    /* 5 a complete body with one */
    char auth[300];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token1);
    const char *hdr[] = {auth, "Content-Type: application/json", NULL};
    struct hreq q = {.method = "POST",
                     .path = "/api/v1/cases/00000003-0000-4000-8000-000000000001/complete",
                     .extra = hdr,
                     .body = "{\"\xfe\":1}",
                     .body_len = 6};
    hreq_do(&hub, &q, &r);
    CHECKF(r.status == 400 && strstr(r.body, "UTF-8"), "row 5: %ld %s", r.status, r.body);
}

static void test_created_ms(void)
{
    struct {
        long long offset_ms;
        int status;
    } rows[] = {
        {3600000LL, 400},               /* an hour ahead */
        {-6LL * 366 * 86400000LL, 400}, /* six years ago */
        {60000LL, 201},                 /* a minute ahead: clocks differ a little */
        {-300LL * 86400000LL, 201},     /* a case queued for 300 days */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct hresp r;
        char uuid[37];
        char *b = case_body(3, 300 + (long)i, plain_form, now_ms() + rows[i].offset_ms, uuid);
        post_case(token1, b, strlen(b), uuid, &r);
        CHECKF(r.status == rows[i].status, "row %zu: %ld %s", i + 1, r.status, r.body);
        free(b);
    }
}

static void lookup_req(const char *code, const char *digits, const char *from, struct hresp *r)
{
    char auth[300], body[200];
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token1);
    snprintf(body, sizeof body, "{\"code\":\"%s\",\"phone_last4\":\"%s\"}", code, digits);
    const char *hdr[] = {auth, "Content-Type: application/json", NULL};
    struct hreq q = {.method = "POST",
                     .path = "/api/v1/lookup",
                     .from = from,
                     .extra = hdr,
                     .body = body,
                     .body_len = strlen(body)};
    hreq_do(&hub, &q, r);
}

static void test_manual_lookup(void)
{
    struct hresp r;
    char code[TRACKCODE_MAX], other[TRACKCODE_MAX], from[32], v[64];
    trackcode_make(3, 1, code); /* phone 13812345678 */
    trackcode_make(3, 999, other);
    /* 1 four wrong answers are plain misses; the right one then answers the status */
    for (int i = 0; i < 4; i++) {
        snprintf(from, sizeof from, "127.0.8.%d", i + 1);
        lookup_req(code, "0000", from, &r);
        CHECKF(r.status == 404, "miss %d: %ld %s", i + 1, r.status, r.body);
    }
    lookup_req(code, "5678", "127.0.8.10", &r);
    CHECKF(r.status == 200 && strstr(r.body, "\"matters\"") && strstr(r.body, "\"state\""),
           "right digits: %ld %s", r.status, r.body);
    CHECK(!strstr(r.body, "1381234") && !strstr(r.body, "张三明")); /* nothing personal */
    /* 2 a success resets the count; five misses then lock the code, right digits included */
    for (int i = 0; i < 5; i++) {
        snprintf(from, sizeof from, "127.0.8.%d", 20 + i);
        lookup_req(code, "1234", from, &r);
        CHECKF(r.status == (i < 4 ? 404 : 429), "miss %d: %ld %s", i + 1, r.status, r.body);
    }
    CHECK(strstr(r.body, "\"error\":\"locked\"") && strstr(r.body, "\"unlock_ms\":"));
    long ra = 0;
    CHECK(hresp_header(&r, "Retry-After", v, sizeof v) && str_to_long(v, 3000, 3600, &ra));
    lookup_req(code, "5678", "127.0.8.30", &r);
    CHECKF(r.status == 429 && strstr(r.body, "locked"), "locked: %ld %s", r.status, r.body);
    /* 3 an unknown code answers like wrong digits; other codes are not locked */
    lookup_req(other, "5678", "127.0.8.31", &r);
    CHECK_EQ_INT(r.status, 404);
    /* 4 malformed lookups */
    lookup_req("K0003-000-01", "5678", "127.0.8.32", &r);
    CHECK_EQ_INT(r.status, 400);
    lookup_req(code, "56a8", "127.0.8.33", &r);
    CHECK_EQ_INT(r.status, 400);
}

/* A second casehub with options of its own on a fresh data folder (name), the same kiosk
 * tokens not included. */
static int start_other(struct hubproc *h, const char *name, const char *const *opts)
{
    char data[600];
    snprintf(data, sizeof data, "%s/%s", ktest_tmpdir(), name);
    return hubproc_start(h, bin, data, opts);
}

static void test_retry_after_floor(void)
{
    /* 120 lookups a minute refill one every half second: the computed wait is under a second,
     * which a kiosk would take literally; casehub never says less than 2 */
    struct hubproc h2;
    const char *opts[] = {"--status-rate", "120", NULL};
    if (start_other(&h2, "floor", opts) != 0) {
        CHECK(!"second casehub starts");
        return;
    }
    char path[100], code[TRACKCODE_MAX], v[32] = "";
    trackcode_make(3, 1, code);
    snprintf(path, sizeof path, "/api/v1/status/%s?t=AAAAAAAAAAAAAAAA", code);
    struct hresp r;
    int limited = 0;
    for (int i = 0; i < 400 && limited < 3; i++) {
        struct hreq q = {.path = path, .from = "127.0.9.1"};
        hreq_do(&h2, &q, &r);
        if (r.status == 429) {
            limited++;
            long s = 0;
            CHECKF(hresp_header(&r, "Retry-After", v, sizeof v) && str_to_long(v, 2, 3600, &s),
                   "429 %d: Retry-After '%s'", limited, v);
        }
    }
    CHECK_EQ_INT(limited, 3);
    hubproc_stop(&h2);
}

/* ---- item 3: rate limits ---- */

/* The slot the old limiter (a fixed table of 1024, unkeyed BLAKE2b of the raw IPv4 address)
 * put an address in. */
static unsigned old_slot(const char *ip)
{
    unsigned char key[16] = {0}, hk[8];
    inet_pton(AF_INET, ip, key);
    crypto_generichash(hk, sizeof hk, key, sizeof key, NULL, 0);
    return (unsigned)(hk[0] | hk[1] << 8) % 1024;
}

static long status_from(const char *from, const char *const *extra)
{
    char path[100], code[TRACKCODE_MAX];
    trackcode_make(3, 1, code);
    snprintf(path, sizeof path, "/api/v1/status/%s?t=AAAAAAAAAAAAAAAA", code);
    struct hresp r;
    struct hreq q = {.path = path, .from = from, .extra = extra};
    hreq_do(&hub, &q, &r);
    return r.status;
}

/* Requests from `from` until the first 429 (at most 60); the number of 404s before it. */
static int drain(const char *from, const char *const *extra)
{
    int n = 0;
    for (int i = 0; i < 60; i++) {
        long st = status_from(from, extra);
        if (st == 429)
            return n;
        n++;
    }
    return -1;
}

static void test_rate_collision(void)
{
    /* two addresses the old table put in one slot: one must not reset the other's bucket */
    char a[32] = "", b[32] = "";
    for (int i = 1; i < 255 && !b[0]; i++)
        for (int j = i + 1; j < 255 && !b[0]; j++) {
            char x[32], y[32];
            snprintf(x, sizeof x, "127.0.30.%d", i);
            snprintf(y, sizeof y, "127.0.30.%d", j);
            if (old_slot(x) == old_slot(y)) {
                str_copy(a, sizeof a, x);
                str_copy(b, sizeof b, y);
            }
        }
    CHECK(b[0] != '\0');
    CHECK_EQ_INT(drain(a, NULL), 30); /* the burst of --status-rate 30 */
    CHECK_EQ_INT(status_from(b, NULL), 404);
    CHECKF(status_from(a, NULL) == 429, "%s drained, %s asked once: %s must still wait", a, b, a);
}

static void test_trusted_proxy(void)
{
    /* 1 behind the trusted proxy 127.0.0.2, clients are told apart by X-Forwarded-For */
    const char *c1[] = {"X-Forwarded-For: 10.1.1.1", NULL};
    const char *c2[] = {"X-Forwarded-For: 10.1.1.2", NULL};
    const char *forged[] = {"X-Forwarded-For: 10.1.1.2", "X-Forwarded-For: 10.1.1.1", NULL};
    CHECK_EQ_INT(drain("127.0.0.2", c1), 30);
    /* 2 a client's own X-Forwarded-For before the proxy's does not get it a fresh budget */
    CHECK_EQ_INT(status_from("127.0.0.2", forged), 429);
    CHECK_EQ_INT(status_from("127.0.0.2", c2), 404);
    /* 3 from anyone else the header is ignored: changing it does not help */
    int n = 0;
    for (int i = 0; i < 60; i++) {
        char x[64];
        snprintf(x, sizeof x, "X-Forwarded-For: 10.2.0.%d", i + 1);
        const char *h[] = {x, NULL};
        if (status_from("127.0.31.1", h) == 429)
            break;
        n++;
    }
    CHECK_EQ_INT(n, 30);
}

static void test_account_lockout(void)
{
    struct hresp r;
    char from[32], v[32];
    /* 1 five wrong passwords from five addresses lock the account for a minute */
    for (int i = 0; i < 5; i++) {
        snprintf(from, sizeof from, "127.0.40.%d", i + 1);
        login("zhao", "wrong+password", from, NULL, &r);
        CHECKF(r.status == 401, "failure %d: %ld", i + 1, r.status);
    }
    login("zhao", "zhao+password+ok", "127.0.40.20", NULL, &r);
    CHECKF(r.status == 429, "locked account, right password: %ld", r.status);
    long ra = 0;
    CHECK(hresp_header(&r, "Retry-After", v, sizeof v) && str_to_long(v, 50, 60, &ra));
    CHECK(strstr(r.body, "锁定") != NULL);
    /* 2 an unknown name locks the same way (no telling which names exist) */
    for (int i = 0; i < 5; i++) {
        snprintf(from, sizeof from, "127.0.41.%d", i + 1);
        login("ghost", "wrong+password", from, NULL, &r);
        CHECK_EQ_INT(r.status, 401);
    }
    login("ghost", "wrong+password", "127.0.41.20", NULL, &r);
    CHECK_EQ_INT(r.status, 429);
    /* 3 other accounts are not affected */
    login("li", "li+password+ok", "127.0.41.21", NULL, &r);
    CHECK_EQ_INT(r.status, 303);
}

int main(void)
{
    bin = getenv("CASEHUB_BIN");
    if (!bin || !strstr(bin, "casehub")) {
        printf("CASEHUB_BIN not set: casehub not built\n");
        return 77;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (sodium_init() < 0)
        return 1;
    char data[600], out[4096];
    snprintf(data, sizeof data, "%s/data", ktest_tmpdir());
    str_copy(hub.bin, sizeof hub.bin, bin);
    str_copy(hub.data, sizeof hub.data, data);
    CHECK_EQ_INT(hubproc_cli(&hub, NULL, out, sizeof out, "kiosk", "add", "kiosk-1", NULL), 0);
    last_line(out, token1, sizeof token1);
    CHECK_EQ_INT(
        hubproc_cli(&hub, NULL, out, sizeof out, "kiosk", "add", "hall-7", "--number", "7", NULL),
        0);
    last_line(out, token7, sizeof token7);
    CHECK_EQ_INT(hubproc_cli(&hub, "correct horse battery\n", out, sizeof out, "user", "add",
                             "wang", "--department", "veterans", NULL),
                 0);
    CHECK_EQ_INT(hubproc_cli(&hub, "li password ok\n", out, sizeof out, "user", "add", "li",
                             "--department", "police", NULL),
                 0);
    CHECK_EQ_INT(hubproc_cli(&hub, "zhao password ok\n", out, sizeof out, "user", "add", "zhao",
                             "--department", "hrss", NULL),
                 0);
    const char *opts[] = {"--trusted-proxy", "127.0.0.2", NULL};
    if (hubproc_start(&hub, bin, data, opts) != 0) {
        CHECK(!"casehub starts");
        return ktest_done();
    }
    KTEST_RUN(test_kiosk_binding);
    KTEST_RUN(test_login_constant_work);
    KTEST_RUN(test_sessions_and_users);
    KTEST_RUN(test_headers_and_cookie);
    KTEST_RUN(test_form_keys);
    KTEST_RUN(test_utf8);
    KTEST_RUN(test_created_ms);
    KTEST_RUN(test_manual_lookup);
    KTEST_RUN(test_retry_after_floor);
    KTEST_RUN(test_rate_collision);
    KTEST_RUN(test_trusted_proxy);
    KTEST_RUN(test_account_lockout);
    hubproc_stop(&hub);
    curl_global_cleanup();
    return ktest_done();
}
