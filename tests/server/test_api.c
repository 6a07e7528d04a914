/* tests/server/test_api.c: casehub's kiosk API over real HTTP on loopback (docs/api.md).
 * Starts its own casehub on a free port with a temporary data folder. */
#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/core/trackcode.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"
#include "tests/app/sync/casehub_run.h"
#include "tests/support/ktest.h"

static struct casehub_run hub;
static char bearer[300];

struct resp {
    long status;
    char body[8192];
    size_t len;
    char retry_after[32];
};

static size_t on_body(char *p, size_t size, size_t nmemb, void *u)
{
    struct resp *r = u;
    size_t n = size * nmemb;
    size_t room = sizeof r->body - 1 - r->len;
    size_t k = n < room ? n : room;
    memcpy(r->body + r->len, p, k);
    r->len += k;
    r->body[r->len] = '\0';
    return n;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *u)
{
    struct resp *r = u;
    size_t n = size * nmemb;
    if (n > 13 && strncasecmp(p, "Retry-After: ", 13) == 0) {
        size_t k = n - 13 < sizeof r->retry_after - 1 ? n - 13 : sizeof r->retry_after - 1;
        memcpy(r->retry_after, p + 13, k);
        r->retry_after[k] = '\0';
        r->retry_after[strcspn(r->retry_after, "\r\n")] = '\0';
    }
    return n;
}

/* One request; extra headers NULL-terminated. */
static void req(const char *method, const char *path, const char *ctype, const char *idem,
                const void *body, size_t len, bool auth, struct resp *r)
{
    memset(r, 0, sizeof *r);
    CURL *c = curl_easy_init();
    char url[512];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", hub.port, path);
    struct curl_slist *h = NULL;
    char line[400];
    if (auth)
        h = curl_slist_append(h, bearer);
    if (ctype) {
        snprintf(line, sizeof line, "Content-Type: %s", ctype);
        h = curl_slist_append(h, line);
    }
    if (idem) {
        snprintf(line, sizeof line, "Idempotency-Key: %s", idem);
        h = curl_slist_append(h, line);
    }
    h = curl_slist_append(h, "Expect:");
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)len);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 60L);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_slist_free_all(h);
    curl_easy_cleanup(c);
}

static bool has(const struct resp *r, const char *s)
{
    return strstr(r->body, s) != NULL;
}

static const uint8_t secret[32] = {1, 2, 3};
static char page1[] = "page one: pretend JPEG bytes";
static char page2[4096];
static char hex1[65], hex2[65];

static void hex_of(const void *p, size_t n, char out[65])
{
    unsigned char d[32];
    crypto_hash_sha256(d, p, n);
    sodium_bin2hex(out, 65, d, sizeof d);
}

static char *case_body(const char *uuid, const char *code, const char *token, const char *name)
{
    return xasprintf("{\"uuid\":\"%s\",\"code\":\"%s\",\"token\":\"%s\",\"kiosk_id\":3,"
                     "\"district\":\"dongsheng\",\"created_ms\":1790000000000,\"matters\":[1,3],"
                     "\"form\":{\"name\":\"%s\",\"phone\":\"13812345678\",\"id_number\":"
                     "\"150102199003071234\"},\"attachments\":[{\"material\":1,\"sha256\":\"%s\","
                     "\"size\":%zu,\"mime\":\"image/jpeg\"},{\"material\":2,\"sha256\":\"%s\","
                     "\"size\":%zu,\"mime\":\"image/jpeg\"}]}",
                     uuid, code, token, name, hex1, strlen(page1), hex2, sizeof page2);
}

static const char *uuid1 = "0b8c6f0e-3d1f-4b7e-9a55-1c2d3e4f5a6b";
static char code1[TRACKCODE_MAX], tok1[TRACKCODE_TOKEN_MAX];

static void test_refusals(void)
{
    struct resp r;
    char *b = case_body(uuid1, code1, tok1, "张三明");
    /* 1 no token */
    req("POST", "/api/v1/cases", "application/json", uuid1, b, strlen(b), false, &r);
    CHECK_EQ_INT(r.status, 401);
    CHECK(has(&r, "\"error\":\"unauthorized\""));
    /* 2 bad JSON */
    req("POST", "/api/v1/cases", "application/json", uuid1, "{\"uuid\":", 8, true, &r);
    CHECK_EQ_INT(r.status, 400);
    CHECK(has(&r, "bad_json"));
    /* 3 wrong content type */
    req("POST", "/api/v1/cases", "text/plain", uuid1, b, strlen(b), true, &r);
    CHECK_EQ_INT(r.status, 415);
    CHECK(has(&r, "unsupported_media_type"));
    /* 4 unknown field */
    char *extra = xasprintf("{\"colour\":1,%s", b + 1);
    req("POST", "/api/v1/cases", "application/json", uuid1, extra, strlen(extra), true, &r);
    CHECK_EQ_INT(r.status, 400);
    CHECK(has(&r, "unknown_field"));
    free(extra);
    /* 5 oversized */
    size_t big = 300 * 1024;
    char *huge = xcalloc(1, big + 1);
    memset(huge, ' ', big);
    huge[0] = '{';
    huge[big - 1] = '}';
    req("POST", "/api/v1/cases", "application/json", uuid1, huge, big, true, &r);
    CHECK_EQ_INT(r.status, 413);
    CHECK(has(&r, "too_large"));
    free(huge);
    /* 6 key differs from uuid */
    req("POST", "/api/v1/cases", "application/json", "other", b, strlen(b), true, &r);
    CHECK_EQ_INT(r.status, 400);
    /* 7 bad check character */
    char badcode[TRACKCODE_MAX];
    str_copy(badcode, sizeof badcode, code1);
    badcode[strlen(badcode) - 1] = badcode[strlen(badcode) - 1] == '0' ? '1' : '0';
    char *bc = case_body(uuid1, badcode, tok1, "x");
    req("POST", "/api/v1/cases", "application/json", uuid1, bc, strlen(bc), true, &r);
    CHECK_EQ_INT(r.status, 400);
    CHECK(has(&r, "bad_code"));
    free(bc);
    /* 8 matter out of range */
    char *bm = case_body(uuid1, code1, tok1, "x");
    char *p = strstr(bm, "[1,3]");
    p[3] = '9';
    p[2] = '9';
    req("POST", "/api/v1/cases", "application/json", uuid1, bm, strlen(bm), true, &r);
    CHECK_EQ_INT(r.status, 400);
    free(bm);
    /* nothing stored */
    CHECK_EQ_INT(casehub_count_cases(&hub), 0);
    free(b);
}

static void test_create_upload_complete(void)
{
    struct resp r;
    char *b = case_body(uuid1, code1, tok1, "张三明");
    req("POST", "/api/v1/cases", "application/json", uuid1, b, strlen(b), true, &r);
    CHECK_EQ_INT(r.status, 201);
    CHECK(has(&r, hex1) && has(&r, hex2));
    CHECK(has(&r, "\"state\":\"receiving\""));
    req("POST", "/api/v1/cases", "application/json", uuid1, b, strlen(b), true, &r);
    CHECK_EQ_INT(r.status, 200); /* same key, same body */
    CHECK(has(&r, hex1));
    char *b2 = case_body(uuid1, code1, tok1, "李四");
    req("POST", "/api/v1/cases", "application/json", uuid1, b2, strlen(b2), true, &r);
    CHECK_EQ_INT(r.status, 409); /* same key, different body */
    CHECK(has(&r, "conflict"));
    free(b2);
    CHECK_EQ_INT(casehub_count_cases(&hub), 1);

    char path[200];
    snprintf(path, sizeof path, "/api/v1/blobs/%s", hex1);
    req("HEAD", path, NULL, NULL, NULL, 0, true, &r);
    CHECK_EQ_INT(r.status, 404);
    req("PUT", path, "application/octet-stream", NULL, "wrong bytes", 11, true, &r);
    CHECK_EQ_INT(r.status, 400);
    CHECK(has(&r, "hash_mismatch"));
    req("PUT", path, "application/octet-stream", NULL, page1, strlen(page1), true, &r);
    CHECK_EQ_INT(r.status, 201);
    req("PUT", path, "application/octet-stream", NULL, page1, strlen(page1), true, &r);
    CHECK_EQ_INT(r.status, 200);
    req("HEAD", path, NULL, NULL, NULL, 0, true, &r);
    CHECK_EQ_INT(r.status, 200);
    req("GET", path, NULL, NULL, NULL, 0, true, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK(has(&r, "\"size\":28") && !has(&r, "page one"));

    /* complete with a page missing */
    char cp[200];
    snprintf(cp, sizeof cp, "/api/v1/cases/%s/complete", uuid1);
    req("POST", cp, "application/json", NULL, "{\"force\":true}", 14, true, &r);
    CHECK_EQ_INT(r.status, 400);
    CHECK(has(&r, "unknown_field"));
    snprintf(path, sizeof path, "/api/v1/blobs/%s", hex2);
    req("PUT", path, "image/jpeg", NULL, page2, sizeof page2, true, &r);
    CHECK_EQ_INT(r.status, 415);
    req("POST", cp, "application/json", NULL, "{}", 2, true, &r);
    CHECK_EQ_INT(r.status, 409);
    CHECK(has(&r, "incomplete") && has(&r, hex2) && !has(&r, hex1));
    /* the status exists but says receiving */
    snprintf(path, sizeof path, "/api/v1/blobs/%s", hex2);
    req("PUT", path, "application/octet-stream", NULL, page2, sizeof page2, true, &r);
    CHECK_EQ_INT(r.status, 201);
    req("POST", cp, "application/json", NULL, "{}", 2, true, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK(has(&r, "\"state\":\"submitted\""));
    req("POST", cp, "application/json", NULL, "{}", 2, true, &r);
    CHECK_EQ_INT(r.status, 200); /* idempotent */
    req("POST", "/api/v1/cases", "application/json", uuid1, b, strlen(b), true, &r);
    CHECK_EQ_INT(r.status, 200);
    CHECK(has(&r, "\"missing\":[]"));
    free(b);
}

static void test_status(void)
{
    struct resp ok, wrong, none, unknown;
    char path[200];
    snprintf(path, sizeof path, "/api/v1/status/%s?t=%s", code1, tok1);
    req("GET", path, NULL, NULL, NULL, 0, false, &ok);
    CHECK_EQ_INT(ok.status, 200);
    CHECK(has(&ok, "\"matter\":1") && has(&ok, "\"status\":\"submitted\""));
    /* the clock starts when the window verifies the originals: no deadline before */
    CHECK(has(&ok, "\"due\":null") && has(&ok, "\"overdue\":false"));
    CHECK(!has(&ok, "13812345678") && !has(&ok, "张三明")); /* no personal data */
    char badtok[TRACKCODE_TOKEN_MAX];
    str_copy(badtok, sizeof badtok, tok1);
    badtok[0] = badtok[0] == 'A' ? 'B' : 'A';
    snprintf(path, sizeof path, "/api/v1/status/%s?t=%s", code1, badtok);
    req("GET", path, NULL, NULL, NULL, 0, false, &wrong);
    snprintf(path, sizeof path, "/api/v1/status/%s", code1);
    req("GET", path, NULL, NULL, NULL, 0, false, &none);
    char other[TRACKCODE_MAX];
    trackcode_make(3, 999, other);
    snprintf(path, sizeof path, "/api/v1/status/%s?t=%s", other, tok1);
    req("GET", path, NULL, NULL, NULL, 0, false, &unknown);
    CHECK_EQ_INT(wrong.status, 404);
    CHECK_EQ_INT(none.status, 404);
    CHECK_EQ_INT(unknown.status, 404);
    CHECK_EQ_STR(wrong.body, unknown.body);
    CHECK_EQ_STR(none.body, unknown.body);
}

static void test_matter_cli_and_notify(void)
{
    char out[8192];
    /* the window verifies the originals on the submission day (2026-09-21 22:13 Beijing) */
    setenv("CASEHUB_NOW_MS", "1790000000000", 1);
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "case", "verify", code1, NULL), 0);
    unsetenv("CASEHUB_NOW_MS");
    CHECK_EQ_INT(
        casehub_run_cli(&hub, out, sizeof out, "matter", "set", code1, "1", "accepted", NULL), 0);
    CHECK(casehub_run_cli(&hub, out, sizeof out, "matter", "set", code1, "1", "finished", NULL) !=
          0); /* not a status */
    CHECK(casehub_run_cli(&hub, out, sizeof out, "matter", "set", code1, "2", "accepted", NULL) !=
          0); /* not a matter of this case */
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "matter", "set", code1, "1", "completed",
                                 "--note", "已报到", NULL),
                 0);
    /* completed is final */
    CHECK(casehub_run_cli(&hub, out, sizeof out, "matter", "set", code1, "1", "rejected", "--note",
                          "x", NULL) != 0);
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "matter", "set", code1, "3", "supplement",
                                 "--note", "户口注销证明", NULL),
                 0);
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "case", "show", code1, NULL), 0);
    CHECK(strstr(out, "\"status\":\t\"completed\"") != NULL);
    CHECK(strstr(out, "张三明") != NULL); /* the operator sees the form */
    /* the deadline: 27 working days from the verification day (2026-09-21 22:13 Beijing), the
     * same as `kioskctl deadline 2026-09-21` (National Day week not counted); overdue
     * only once today is past it (the clock is moved through CASEHUB_NOW_MS) */
    setenv("CASEHUB_NOW_MS", "1790086400000", 1); /* the next day */
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "case", "show", code1, NULL), 0);
    CHECK(strstr(out, "\"overdue\":\tfalse") != NULL);
    CHECK(strstr(out, "\"due\":\t\"2026-11-04\"") != NULL);
    setenv("CASEHUB_NOW_MS", "1800000000000", 1); /* 2027-01-15 */
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "case", "show", code1, NULL), 0);
    CHECK(strstr(out, "\"overdue\":\ttrue") != NULL);
    unsetenv("CASEHUB_NOW_MS");
    struct resp r;
    char path[200];
    snprintf(path, sizeof path, "/api/v1/status/%s?t=%s", code1, tok1);
    req("GET", path, NULL, NULL, NULL, 0, false, &r);
    CHECK(has(&r, "\"status\":\"completed\"") && has(&r, "已报到"));
    CHECK(has(&r, "\"status\":\"supplement\"") && has(&r, "\"state\":\"in_progress\""));
    /* the notifications reach the log notifier (the server's thread sends them) */
    char logp[700];
    snprintf(logp, sizeof logp, "%s/notifications.log", hub.data);
    char *text = NULL;
    size_t len = 0;
    for (int i = 0; i < 300; i++) {
        free(text);
        text = NULL;
        if (fs_read_file(logp, 1 << 20, &text, &len) == K_OK && strstr(text, "户口注销证明"))
            break;
        struct timespec ts = {0, 50000000};
        nanosleep(&ts, NULL);
    }
    CHECK(text && strstr(text, "13812345678") && strstr(text, "已办结") &&
          strstr(text, "户口注销证明"));
    free(text);
}

struct up {
    int i;
    long status;
};

static void *upload_thread(void *arg)
{
    struct up *u = arg;
    char data[2048];
    memset(data, 'a' + u->i % 4, sizeof data); /* four distinct blobs, each sent by 3 threads */
    char hex[65], path[200];
    hex_of(data, sizeof data, hex);
    snprintf(path, sizeof path, "/api/v1/blobs/%s", hex);
    struct resp r;
    req("PUT", path, "application/octet-stream", NULL, data, sizeof data, true, &r);
    u->status = r.status;
    return NULL;
}

static void test_concurrent_uploads(void)
{
    pthread_t t[12];
    struct up u[12];
    for (int i = 0; i < 12; i++) {
        u[i].i = i;
        pthread_create(&t[i], NULL, upload_thread, &u[i]);
    }
    for (int i = 0; i < 12; i++) {
        pthread_join(t[i], NULL);
        CHECKF(u[i].status == 200 || u[i].status == 201, "thread %d got %ld", i, u[i].status);
    }
    for (int k = 0; k < 4; k++) {
        char data[2048], hex[65], p[900];
        memset(data, 'a' + k, sizeof data);
        hex_of(data, sizeof data, hex);
        snprintf(p, sizeof p, "%s/blobs/%.2s/%s", hub.data, hex, hex);
        char *got = NULL;
        size_t len = 0;
        CHECK(fs_read_file(p, 1 << 20, &got, &len) == K_OK && len == sizeof data &&
              memcmp(got, data, len) == 0);
        free(got);
    }
}

static void test_kill_restart(void)
{
    struct resp r;
    char code[TRACKCODE_MAX], tok[TRACKCODE_TOKEN_MAX];
    const char *uuid = "11111111-2222-4333-8444-555555555555";
    trackcode_make(3, 2, code);
    trackcode_token(secret, sizeof secret, code, tok);
    char *b = case_body(uuid, code, tok, "王五");
    req("POST", "/api/v1/cases", "application/json", uuid, b, strlen(b), true, &r);
    CHECK_EQ_INT(r.status, 201);
    kill(hub.pid, SIGKILL);
    int st;
    waitpid(hub.pid, &st, 0);
    hub.pid = 0;
    char data[512];
    str_copy(data, sizeof data, hub.data);
    char bin[512];
    str_copy(bin, sizeof bin, hub.bin);
    /* casehub_run_start adds kiosk-1 again: revoke the old token first (which also checks
     * that a revoked token is refused below) */
    char out[512];
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "kiosk", "list", NULL), 0);
    CHECK_EQ_STR(out, "kiosk-1\t3\n"); /* bound to the number of its first case */
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "kiosk", "revoke", "kiosk-1", NULL), 0);
    char old[300];
    str_copy(old, sizeof old, bearer);
    CHECK_EQ_INT(casehub_run_start(bin, data, &hub), 0);
    str_copy(bearer, sizeof bearer, old);
    req("POST", "/api/v1/cases", "application/json", uuid, b, strlen(b), true, &r);
    CHECK_EQ_INT(r.status, 401);
    snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", hub.token);
    CHECK_EQ_INT(casehub_count_cases(&hub), 2);
    req("POST", "/api/v1/cases", "application/json", uuid, b, strlen(b), true, &r);
    CHECK_EQ_INT(r.status, 200); /* the same case, found again */
    free(b);
}

static void test_rate_limit(void)
{
    struct resp r;
    char path[200];
    snprintf(path, sizeof path, "/api/v1/status/%s?t=%s", code1, tok1);
    long limited = 0;
    char retry[32] = "";
    for (int i = 0; i < 45 && !limited; i++) {
        req("GET", path, NULL, NULL, NULL, 0, false, &r);
        if (r.status == 429) {
            limited = 1;
            str_copy(retry, sizeof retry, r.retry_after);
        }
    }
    CHECK(limited);
    long s = 0;
    CHECKF(str_to_long(retry, 1, 3600, &s), "Retry-After '%s'", retry);
    snprintf(path, sizeof path, "/s/%s?t=%s", code1, tok1);
    req("GET", path, NULL, NULL, NULL, 0, false, &r);
    CHECK_EQ_INT(r.status, 429); /* the phone page shares the budget */
}

int main(void)
{
    const char *bin = getenv("CASEHUB_BIN");
    if (!bin || !strstr(bin, "casehub") || strstr(bin, "fakehub")) {
        printf("CASEHUB_BIN not set: casehub not built\n");
        return 77;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (sodium_init() < 0)
        return 1;
    memset(page2, 'z', sizeof page2);
    hex_of(page1, strlen(page1), hex1);
    hex_of(page2, sizeof page2, hex2);
    trackcode_make(3, 1, code1);
    trackcode_token(secret, sizeof secret, code1, tok1);
    char data[600];
    snprintf(data, sizeof data, "%s/data", ktest_tmpdir());
    if (casehub_run_start(bin, data, &hub) != 0) {
        CHECK(!"casehub starts");
        return ktest_done();
    }
    snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", hub.token);
    KTEST_RUN(test_refusals);
    KTEST_RUN(test_create_upload_complete);
    KTEST_RUN(test_status);
    KTEST_RUN(test_matter_cli_and_notify);
    KTEST_RUN(test_concurrent_uploads);
    KTEST_RUN(test_kill_restart);
    KTEST_RUN(test_rate_limit);
    casehub_run_stop(&hub);
    curl_global_cleanup();
    return ktest_done();
}
