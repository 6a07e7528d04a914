/* tests/server/test_window.c: casehub's service rules, the window (综合受理窗口) role, routing,
 * per-matter deadlines, what each department may see, the audit of views and the screening
 * of staff notes - over real HTTP on loopback against a casehub it starts (docs/casehub.md). */
#include <curl/curl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app/core/trackcode.h"
#include "platform/fsutil.h"
#include "platform/strings.h"
#include "platform/xalloc.h"
#include "tests/app/sync/casehub_run.h"
#include "tests/support/ktest.h"

static struct casehub_run hub;
static char bearer[300];

struct resp {
    long status;
    char body[65536];
    size_t len;
    char location[256];
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
    if (n > 10 && strncasecmp(p, "Location: ", 10) == 0) {
        size_t k = n - 10 < sizeof r->location - 1 ? n - 10 : sizeof r->location - 1;
        memcpy(r->location, p + 10, k);
        r->location[k] = '\0';
        r->location[strcspn(r->location, "\r\n")] = '\0';
    }
    return n;
}

/* One request. kiosk: send the kiosk's bearer token; cookie: "casehub_session=..." or NULL. */
static void req(const char *method, const char *path, const char *ctype, const char *idem,
                const char *body, bool kiosk, const char *cookie, struct resp *r)
{
    memset(r, 0, sizeof *r);
    CURL *c = curl_easy_init();
    char url[512], line[400];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", hub.port, path);
    struct curl_slist *h = NULL;
    if (kiosk)
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
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)strlen(body));
    }
    if (cookie)
        curl_easy_setopt(c, CURLOPT_COOKIE, cookie);
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

static const uint8_t secret[32] = {7, 7, 7};
static int next_seq = 1;

struct kcase {
    char uuid[40];
    char code[TRACKCODE_MAX];
    char token[TRACKCODE_TOKEN_MAX];
};

/* POST a case with these matters and extra form members (a JSON fragment starting with ','
 * or ""); returns the HTTP status, the answer in r. */
static long post_case(struct kcase *k, const char *matters, const char *extra_form, struct resp *r)
{
    int seq = next_seq++;
    snprintf(k->uuid, sizeof k->uuid, "0b8c6f0e-3d1f-4b7e-9a55-%012d", seq);
    trackcode_make(3, seq, k->code);
    trackcode_token(secret, sizeof secret, k->code, k->token);
    char *b = xasprintf("{\"uuid\":\"%s\",\"code\":\"%s\",\"token\":\"%s\",\"kiosk_id\":3,"
                        "\"district\":\"dongsheng\",\"created_ms\":1790000000000,\"matters\":%s,"
                        "\"form\":{\"name\":\"张三明\",\"phone\":\"13812345678\",\"id_number\":"
                        "\"150102199003071234\",\"address\":\"东胜区天骄路1号\""
                        ",\"native_place\":\"内蒙古鄂尔多斯\"%s},\"attachments\":[]}",
                        k->uuid, k->code, k->token, matters, extra_form);
    req("POST", "/api/v1/cases", "application/json", k->uuid, b, true, NULL, r);
    free(b);
    return r->status;
}

/* A case created and completed (no attachments). */
static __attribute__((unused)) bool submit_case(struct kcase *k, const char *matters,
                                                const char *extra_form)
{
    struct resp r;
    if (post_case(k, matters, extra_form, &r) != 201)
        return false;
    char p[200];
    snprintf(p, sizeof p, "/api/v1/cases/%s/complete", k->uuid);
    req("POST", p, "application/json", NULL, "{}", true, NULL, &r);
    return r.status == 200;
}

/* 1: a matter the answers block is refused with a reason; nothing is stored. */
static void test_blocked_matters(void)
{
    static const struct {
        const char *matters, *form;
        long status;
        const char *want;
    } rows[] = {
        /* 1 pension transfer while the funds have not arrived */
        {"[1,6]", ",\"answer.pension_funds\":\"not_arrived\"", 422, "\"matter\":6"},
        /* 2 not eligible: everything is blocked */
        {"[1]", ",\"answer.eligible\":\"no\"", 422, "\"question\":\"eligible\""},
        /* 3 medical transfer while its balance has not arrived */
        {"[7]", ",\"answer.medical_balance\":\"yes\",\"answer.medical_funds\":\"not_arrived\"", 422,
         "\"matter\":7"},
        /* 4 the same answer does not block a matter it does not name */
        {"[1,5]", ",\"answer.pension_funds\":\"not_arrived\"", 201, "\"state\":\"receiving\""},
        /* 5 arrived funds: the transfer may go */
        {"[6]", ",\"answer.pension_funds\":\"arrived\"", 201, "\"state\":\"receiving\""},
        /* 6 a funds answer of a question that does not apply is ignored */
        {"[7]", ",\"answer.medical_balance\":\"no\",\"answer.medical_funds\":\"not_arrived\"", 201,
         "\"state\":\"receiving\""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        long before = casehub_count_cases(&hub);
        struct kcase k;
        struct resp r;
        long st = post_case(&k, rows[i].matters, rows[i].form, &r);
        CHECKF(st == rows[i].status, "row %zu: HTTP %ld (%s)", i + 1, st, r.body);
        CHECKF(has(&r, rows[i].want), "row %zu: %s", i + 1, r.body);
        if (rows[i].status == 422) {
            CHECKF(has(&r, "\"error\":\"matter_blocked\"") && has(&r, "E760"), "row %zu: %s", i + 1,
                   r.body);
            CHECKF(casehub_count_cases(&hub) == before, "row %zu: nothing stored", i + 1);
        }
    }
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
    char data[600];
    snprintf(data, sizeof data, "%s/data", ktest_tmpdir());
    if (casehub_run_start(bin, data, &hub) != 0) {
        CHECK(!"casehub starts");
        return ktest_done();
    }
    snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", hub.token);
    KTEST_RUN(test_blocked_matters);
    casehub_run_stop(&hub);
    curl_global_cleanup();
    return ktest_done();
}
