/* tests/server/test_security.c: the access holes of issue #17 in casehub, each probed over
 * real HTTP on loopback against a casehub this test starts (docs/casehub.md "Security"):
 * kiosk tokens bound to their kiosk number, login and sessions, response headers, request
 * validation (form keys, UTF-8, created_ms), Retry-After floors, the manual lookup lock,
 * the keyed rate limiter with trusted proxies and the per-account login throttle. */
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
    const char *opts[] = {"--trusted-proxy", "127.0.0.2", NULL};
    if (hubproc_start(&hub, bin, data, opts) != 0) {
        CHECK(!"casehub starts");
        return ktest_done();
    }
    KTEST_RUN(test_kiosk_binding);
    KTEST_RUN(test_login_constant_work);
    KTEST_RUN(test_sessions_and_users);
    KTEST_RUN(test_headers_and_cookie);
    hubproc_stop(&hub);
    curl_global_cleanup();
    return ktest_done();
}
