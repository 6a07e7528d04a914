/* tests/server/test_window.c: casehub's service rules, the window (综合受理窗口) role, routing,
 * per-matter deadlines, what each department may see, the audit of views and the screening
 * of staff notes - over real HTTP on loopback against a casehub it starts (docs/casehub.md). */
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
#include "tests/server/hubproc.h"
#include "tests/support/ktest.h"

static struct casehub_run hub;
static char bearer[300];

struct resp {
    long status;
    char body[sizeof(struct hresp){0}.body];
    size_t len;
    char location[256];
    char cookie[160]; /* "casehub_session=..." from Set-Cookie */
};

static bool want_json; /* send Accept: application/json */

/* One request through hubproc's client (tests/server/hubproc.h). kiosk: send the kiosk's
 * bearer token; cookie: "casehub_session=..." or NULL. A body that fills the client's buffer
 * fails the test: a cut page could hide what the checks look for. */
static void req(const char *method, const char *path, const char *ctype, const char *idem,
                const char *body, bool kiosk, const char *cookie, struct resp *r)
{
    memset(r, 0, sizeof *r);
    char ct[200], id[200], ck[200];
    const char *extra[8];
    size_t n = 0;
    if (kiosk)
        extra[n++] = bearer;
    if (ctype) {
        snprintf(ct, sizeof ct, "Content-Type: %s", ctype);
        extra[n++] = ct;
    }
    if (idem) {
        snprintf(id, sizeof id, "Idempotency-Key: %s", idem);
        extra[n++] = id;
    }
    if (cookie) {
        snprintf(ck, sizeof ck, "Cookie: %s", cookie);
        extra[n++] = ck;
    }
    if (want_json)
        extra[n++] = "Accept: application/json";
    extra[n] = NULL;
    struct hubproc hp = {.port = hub.port};
    struct hresp *h = xcalloc(1, sizeof *h);
    hreq_do(&hp,
            &(struct hreq){.method = method,
                           .path = path,
                           .extra = extra,
                           .body = body,
                           .body_len = body ? strlen(body) : 0,
                           .timeout_s = 60},
            h);
    CHECKF(h->len + 1 < sizeof h->body, "%s %s: the answer is larger than the client's buffer",
           method, path);
    r->status = h->status;
    memcpy(r->body, h->body, h->len + 1);
    r->len = h->len;
    hresp_header(h, "Location", r->location, sizeof r->location);
    char sc[400];
    if (hresp_header(h, "Set-Cookie", sc, sizeof sc) && strncmp(sc, "casehub_session=", 16) == 0)
        snprintf(r->cookie, sizeof r->cookie, "%.*s", (int)strcspn(sc, ";"), sc);
    free(h);
}

static bool has(const struct resp *r, const char *s)
{
    return strstr(r->body, s) != NULL;
}

/* Whether needle occurs in [from, to). */
static bool has_between(const char *from, const char *to, const char *needle)
{
    size_t n = strlen(needle);
    for (const char *p = from; p && to && p + n <= to; p++)
        if (memcmp(p, needle, n) == 0)
            return true;
    return false;
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
static bool submit_case(struct kcase *k, const char *matters, const char *extra_form)
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

/* ---- staff ---- */

struct staff {
    char cookie[160];
    char csrf[40];
};

static void add_user(const char *name, const char *dept)
{
    char out[512];
    CHECKF(casehub_run_cli(&hub, out, sizeof out, "user", "add", name, "--department", dept,
                           "--password", "a good password", NULL) == 0,
           "user add %s %s", name, dept);
}

static void login(struct staff *s, const char *name)
{
    struct resp r;
    char body[200];
    snprintf(body, sizeof body, "user=%s&password=a+good+password", name);
    req("POST", "/console/login", "application/x-www-form-urlencoded", NULL, body, false, NULL, &r);
    CHECKF(r.status == 303 && r.cookie[0], "login %s: %ld", name, r.status);
    snprintf(s->cookie, sizeof s->cookie, "%s", r.cookie);
    req("GET", "/console/", NULL, NULL, NULL, false, s->cookie, &r);
    const char *v = strstr(r.body, "name=\"csrf\" value=\"");
    s->csrf[0] = '\0';
    if (v)
        snprintf(s->csrf, sizeof s->csrf, "%.32s", v + strlen("name=\"csrf\" value=\""));
}

static void page(const struct staff *s, const char *path, struct resp *r)
{
    req("GET", path, NULL, NULL, NULL, false, s->cookie, r);
}

/* POST a console form (fields url-encoded by the caller, csrf added). */
static void act(const struct staff *s, const char *path, const char *fields, struct resp *r)
{
    char *body = xasprintf("csrf=%s%s%s", s->csrf, fields[0] ? "&" : "", fields);
    req("POST", path, "application/x-www-form-urlencoded", NULL, body, false, s->cookie, r);
    free(body);
}

static void status_of(const struct kcase *k, struct resp *r)
{
    char p[200];
    snprintf(p, sizeof p, "/api/v1/status/%s?t=%s", k->code, k->token);
    req("GET", p, NULL, NULL, NULL, false, NULL, r);
}

static struct staff win, vet, pol, hr;

/* 2: the window verifies the originals, which routes the matters; before that departments
 * neither list, open nor act on the case; the window's supplement note reaches the applicant. */
static void test_window_routes(void)
{
    struct kcase k;
    struct resp r;
    char path[200];
    CHECK(submit_case(&k, "[1,3]", ",\"answer.settle_by\":\"residence\""));
    snprintf(path, sizeof path, "/console/case/%s", k.code);
    /* 1 not routed: departments do not see it */
    page(&vet, "/console/", &r);
    CHECK(r.status == 200 && !has(&r, k.code));
    page(&vet, path, &r);
    CHECKF(r.status == 409 && !has(&r, "150102199003071234"), "vet before routing: %ld", r.status);
    status_of(&k, &r);
    CHECK(has(&r, "\"matter\":1,\"status\":\"submitted\"") && has(&r, "\"due\":null") &&
          has(&r, "\"verified_ms\":null"));
    /* 2 a department cannot act before routing */
    char mp[200];
    snprintf(mp, sizeof mp, "/console/case/%s/matter/1", k.code);
    act(&vet, mp, "action=accepted", &r);
    status_of(&k, &r);
    CHECK(has(&r, "\"matter\":1,\"status\":\"submitted\""));
    /* 3 the window lists and opens it, whole */
    page(&win, "/console/", &r);
    CHECK(r.status == 200 && has(&r, k.code));
    page(&win, path, &r);
    CHECK(r.status == 200 && has(&r, "150102199003071234") && has(&r, "id=\"verify\""));
    /* 4 the window asks for a supplement with a note: the applicant sees the note */
    snprintf(mp, sizeof mp, "/console/case/%s/matter/3", k.code);
    act(&win, mp,
        "action=supplement&note=%E8%AF%B7%E6%90%BA%E5%B8%A6%E6%88%B7%E5%8F%A3%E6%B3%A8%E9%94%80%E8%"
        "AF%81%E6%98%8E%E5%8E%9F%E4%BB%B6",
        &r);
    CHECKF(r.status == 303 && !strstr(r.location, "failed"), "window supplement: %ld %s", r.status,
           r.location);
    status_of(&k, &r);
    CHECK(has(&r, "\"matter\":3,\"status\":\"supplement\"") && has(&r, "请携带户口注销证明原件"));
    char pp[200];
    snprintf(pp, sizeof pp, "/s/%s?t=%s", k.code, k.token);
    req("GET", pp, NULL, NULL, NULL, false, NULL, &r);
    CHECK(r.status == 200 && has(&r, "需补正的材料：请携带户口注销证明原件"));
    CHECK(has(&r, tr("status.supplement")) && has(&r, tr("status.submitted")));
    /* 5 a department cannot verify */
    snprintf(mp, sizeof mp, "/console/case/%s/verify", k.code);
    act(&vet, mp, "", &r);
    CHECK(r.status == 403);
    status_of(&k, &r);
    CHECK(has(&r, "\"verified_ms\":null"));
    /* 6 the window verifies: every open matter is routed and the clock starts */
    act(&win, mp, "", &r);
    CHECKF(r.status == 303 && !strstr(r.location, "failed"), "verify: %ld %s", r.status,
           r.location);
    status_of(&k, &r);
    CHECK(has(&r, "\"matter\":1,\"status\":\"routed\"") &&
          has(&r, "\"matter\":3,\"status\":\"routed\"") && has(&r, "\"verified_ms\":1") &&
          has(&r, "\"due\":\"20"));
    act(&win, mp, "", &r); /* only once */
    CHECK(strstr(r.location, "failed") != NULL);
    /* 7 now the department lists, opens and accepts its matter */
    page(&vet, "/console/", &r);
    CHECK(has(&r, k.code));
    page(&vet, path, &r);
    CHECK(r.status == 200 && has(&r, "id=\"do-1-accepted\"") && !has(&r, "id=\"do-3-"));
    snprintf(mp, sizeof mp, "/console/case/%s/matter/1", k.code);
    act(&vet, mp, "action=accepted", &r);
    status_of(&k, &r);
    CHECK(has(&r, "\"matter\":1,\"status\":\"accepted\""));
    /* 8 the window no longer asks for supplements on a routed case */
    snprintf(mp, sizeof mp, "/console/case/%s/matter/3", k.code);
    act(&win, mp, "action=supplement&note=x", &r);
    CHECK(strstr(r.location, "failed") != NULL);
    /* 9 the applicant is told by SMS that the case is routed */
    char logp[700], *text = NULL;
    size_t len = 0;
    snprintf(logp, sizeof logp, "%s/notifications.log", hub.data);
    for (int i = 0; i < 200; i++) {
        free(text);
        text = NULL;
        if (fs_read_file(logp, 1 << 20, &text, &len) == K_OK && strstr(text, tr("status.routed")))
            break;
        struct timespec ts = {0, 50000000};
        nanosleep(&ts, NULL);
    }
    CHECK(text && strstr(text, tr("status.routed")) && strstr(text, "请携带户口注销证明原件"));
    free(text);
}

/* 3: deadlines count from the verification: 27 working days (the calendar tables: National
 * Day week not counted), the subsidy's payment by 31 July of the next year; in the status API,
 * the console and the phone page. */
static void test_deadlines(void)
{
    struct kcase k;
    struct resp r;
    CHECK(submit_case(&k, "[1,2]", ""));
    char out[8192];
    /* the window's API: a program asks for JSON; a department is refused */
    struct kcase k2;
    CHECK(submit_case(&k2, "[1]", ""));
    char vp[200];
    snprintf(vp, sizeof vp, "/console/case/%s/verify", k2.code);
    want_json = true;
    act(&vet, vp, "", &r);
    CHECKF(r.status == 403 && has(&r, "\"error\":\"forbidden\""), "%ld %s", r.status, r.body);
    act(&win, vp, "", &r);
    CHECKF(r.status == 200 && has(&r, "\"state\":\"in_progress\"") &&
               has(&r, "\"matter\":1,\"status\":\"routed\"") && has(&r, "\"due\":\"20") &&
               !has(&r, "张三明") && !has(&r, "150102199003071234"),
           "%ld %s", r.status, r.body);
    act(&win, vp, "", &r);
    CHECKF(r.status == 409 && has(&r, "\"error\":\"conflict\""), "%ld %s", r.status, r.body);
    want_json = false;
    /* verified 2026-09-21 22:13 Beijing (the same day as `kioskctl deadline 2026-09-21`) */
    setenv("CASEHUB_NOW_MS", "1790000000000", 1);
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "case", "verify", k.code, NULL), 0);
    unsetenv("CASEHUB_NOW_MS");
    status_of(&k, &r);
    CHECKF(has(&r, "\"verified_ms\":1790000000000") && has(&r, "\"due\":\"2026-11-04\""), "%s",
           r.body);
    CHECK(has(&r, "\"matter\":2,\"status\":\"routed\"") && has(&r, "\"pay_by\":\"2027-07-31\""));
    /* only the subsidy has a payment date */
    const char *m1 = strstr(r.body, "\"matter\":1,");
    const char *m2 = strstr(r.body, "\"matter\":2,");
    CHECK(m1 && m2 && m1 < m2 && !has_between(m1, m2, "pay_by"));
    /* today (the real clock, December 2026) is past 2026-11-04: overdue, matter by matter */
    CHECK(has(&r, "\"overdue\":true"));
    char p[200];
    snprintf(p, sizeof p, "/console/case/%s", k.code);
    page(&vet, p, &r);
    CHECK(r.status == 200 && has(&r, "id=\"due-1\" class=\"overdue\"") && has(&r, "2026-11-04") &&
          has(&r, "id=\"pay-2\"") && has(&r, "2027-07-31"));
    snprintf(p, sizeof p, "/s/%s?t=%s", k.code, k.token);
    req("GET", p, NULL, NULL, NULL, false, NULL, &r);
    CHECK(r.status == 200 && has(&r, "2026-11-04") && has(&r, "2027-07-31"));
    /* a completed matter is never overdue */
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "matter", "set", k.code, "1", "completed",
                                 "--note", "已报到", NULL),
                 0);
    status_of(&k, &r);
    m1 = strstr(r.body, "\"matter\":1,");
    m2 = strstr(r.body, "\"matter\":2,");
    CHECK(m1 && m2 && has_between(m1, m2, "\"overdue\":false"));
}

/* Upload a blob. */
static void put_blob(const char *data)
{
    unsigned char d[32];
    char hex[65], p[200];
    crypto_hash_sha256(d, (const unsigned char *)data, strlen(data));
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    snprintf(p, sizeof p, "/api/v1/blobs/%s", hex);
    struct resp r;
    req("PUT", p, "application/octet-stream", NULL, data, true, NULL, &r);
    CHECKF(r.status == 200 || r.status == 201, "upload: %ld", r.status);
}

static void hex_of(const char *data, char hex[65])
{
    unsigned char d[32];
    crypto_hash_sha256(d, (const unsigned char *)data, strlen(data));
    sodium_bin2hex(hex, 65, d, sizeof d);
}

/* 4: a department sees only routed cases that hold one of its matters, only the fields and
 * pages its policy lists; the window sees all; every view is audited. */
static void test_access(void)
{
    static const char page_vet[] = "reserve certificate page";        /* material 1: veterans */
    static const char page_pol[] = "deregistration certificate page"; /* material 8: police */
    char hv[65], hp[65];
    hex_of(page_vet, hv);
    hex_of(page_pol, hp);
    struct kcase k;
    struct resp r;
    int seq = next_seq++;
    snprintf(k.uuid, sizeof k.uuid, "0b8c6f0e-3d1f-4b7e-9a55-%012d", seq);
    trackcode_make(3, seq, k.code);
    trackcode_token(secret, sizeof secret, k.code, k.token);
    char *b =
        xasprintf("{\"uuid\":\"%s\",\"code\":\"%s\",\"token\":\"%s\",\"kiosk_id\":3,"
                  "\"district\":\"dongsheng\",\"created_ms\":1790000000000,\"matters\":[1,3],"
                  "\"form\":{\"name\":\"张三明\",\"phone\":\"13812345678\",\"id_number\":"
                  "\"150102199003071234\",\"address\":\"东胜区天骄路1号\",\"education\":\"20\","
                  "\"enlist_place\":\"包头市\",\"answer.settle_by\":\"residence\"},"
                  "\"attachments\":[{\"material\":1,\"sha256\":\"%s\",\"size\":%zu,\"mime\":"
                  "\"image/png\"},{\"material\":8,\"sha256\":\"%s\",\"size\":%zu,\"mime\":"
                  "\"image/png\"}]}",
                  k.uuid, k.code, k.token, hv, strlen(page_vet), hp, strlen(page_pol));
    char path[200], bp[300];
    snprintf(path, sizeof path, "/console/case/%s", k.code);
    req("POST", "/api/v1/cases", "application/json", k.uuid, b, true, NULL, &r);
    free(b);
    CHECK_EQ_INT(r.status, 201);
    /* 1 a case still receiving pages: nobody opens it */
    page(&win, path, &r);
    CHECK_EQ_INT(r.status, 404);
    page(&pol, path, &r);
    CHECK(r.status == 404 && !has(&r, "150102199003071234"));
    put_blob(page_vet);
    put_blob(page_pol);
    char cp[200];
    snprintf(cp, sizeof cp, "/api/v1/cases/%s/complete", k.uuid);
    req("POST", cp, "application/json", NULL, "{}", true, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    /* 2 complete but not routed: departments are refused, the window is not */
    page(&pol, path, &r);
    CHECK(r.status == 409 && !has(&r, "150102199003071234"));
    snprintf(bp, sizeof bp, "/console/blob/%s?case=%s", hp, k.code);
    page(&pol, bp, &r);
    CHECK(r.status == 404 && !has(&r, page_pol));
    page(&win, path, &r);
    CHECK(r.status == 200 && has(&r, "150102199003071234") && has(&r, "包头市"));
    char vp[200];
    snprintf(vp, sizeof vp, "/console/case/%s/verify", k.code);
    act(&win, vp, "", &r);
    CHECK(r.status == 303 && !strstr(r.location, "failed"));
    /* 3 a department without a matter in the case sees nothing of it */
    page(&hr, path, &r);
    CHECK(r.status == 403 && !has(&r, "150102199003071234") && !has(&r, "张三明"));
    snprintf(bp, sizeof bp, "/console/blob/%s?case=%s", hv, k.code);
    page(&hr, bp, &r);
    CHECK(r.status == 404 && !has(&r, page_vet));
    /* 4 the police see their fields (address, how the household settles), not the others */
    page(&pol, path, &r);
    CHECK(r.status == 200 && has(&r, "150102199003071234") && has(&r, "东胜区天骄路1号"));
    CHECK(has(&r, "以合法稳定住所恢复户口") && !has(&r, "包头市") &&
          has(&r, "id=\"hidden-fields\""));
    CHECK(has(&r, hp) && !has(&r, hv)); /* only the police's material */
    snprintf(bp, sizeof bp, "/console/blob/%s?case=%s", hp, k.code);
    page(&pol, bp, &r);
    CHECK(r.status == 200 && has(&r, page_pol));
    snprintf(bp, sizeof bp, "/console/blob/%s?case=%s", hv, k.code);
    page(&pol, bp, &r);
    CHECK(r.status == 404 && !has(&r, page_vet));
    /* 5 veterans: the place of enlistment, not the household's settling */
    page(&vet, path, &r);
    CHECK(r.status == 200 && has(&r, "包头市") && !has(&r, "以合法稳定住所恢复户口") &&
          has(&r, hv) && !has(&r, hp));
    /* 6 the window sees everything, after routing too */
    page(&win, path, &r);
    CHECK(r.status == 200 && has(&r, "包头市") && has(&r, "以合法稳定住所恢复户口") &&
          has(&r, hv) && has(&r, hp) && !has(&r, "id=\"hidden-fields\""));
    /* 7 every look is audited: who, which case, allowed or refused */
    char out[16384];
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "audit", k.code, NULL), 0);
    CHECK(strstr(out, "\tpol\tpolice\t") != NULL);
    CHECK(strstr(out, "\thr\thrss\t") && strstr(out, "\tvet\tveterans\t") &&
          strstr(out, "\twin\twindow\t"));
    CHECK(strstr(out, "\tcase\trefused") && strstr(out, "\tcase\tallowed") &&
          strstr(out, "\tpage\tallowed") && strstr(out, "\tpage\trefused"));
    char grouped[TRACKCODE_MAX];
    trackcode_group(k.code, grouped);
    CHECK(strstr(out, grouped) != NULL);
    int rows = 0;
    for (const char *x = out; (x = strchr(x, '\n')); x++)
        rows++;
    CHECKF(rows == 10, "audit rows: %d\n%s", rows, out);
}

/* 5: numbers in staff notes are masked for the applicant (status API, phone page, SMS); staff
 * are warned and still see what they wrote. */
static void test_note_screening(void)
{
    struct kcase k;
    struct resp r;
    CHECK(submit_case(&k, "[1,3]", ",\"answer.settle_by\":\"relative\""));
    char p[200];
    snprintf(p, sizeof p, "/console/case/%s/verify", k.code);
    act(&win, p, "", &r);
    /* 补交户口注销证明，联系13912345678或0477-8581234，核对150102199003071234 */
    snprintf(p, sizeof p, "/console/case/%s/matter/3", k.code);
    act(&pol, p,
        "action=supplement&note=%E8%A1%A5%E4%BA%A4%E6%88%B7%E5%8F%A3%E6%B3%A8%E9%94%80%E8%AF%81"
        "%E6%98%8E%EF%BC%8C%E8%81%94%E7%B3%BB13912345678%E6%88%960477-8581234%EF%BC%8C%E6%A0%B8"
        "%E5%AF%B9150102199003071234",
        &r);
    CHECKF(r.status == 303 && strstr(r.location, "masked=1"), "%ld %s", r.status, r.location);
    char loc[256];
    snprintf(loc, sizeof loc, "%s", r.location);
    page(&pol, loc, &r);
    CHECK(has(&r, "id=\"flash\"") && has(&r, tr("casehub.console.note_masked")));
    CHECK(has(&r, "13912345678")); /* staff see the note as written */
    CHECK(has(&r, tr("casehub.console.note_hint")));
    /* another department sees the police's note as the applicant does */
    snprintf(p, sizeof p, "/console/case/%s", k.code);
    page(&vet, p, &r);
    CHECK(r.status == 200 && has(&r, "139****5678") && !has(&r, "13912345678"));
    status_of(&k, &r);
    CHECKF(has(&r, "补交户口注销证明，联系139****5678或047*****1234，核对1501**********1234"), "%s",
           r.body);
    CHECK(!has(&r, "13912345678") && !has(&r, "8581234") && !has(&r, "150102199003071234"));
    snprintf(p, sizeof p, "/s/%s?t=%s", k.code, k.token);
    req("GET", p, NULL, NULL, NULL, false, NULL, &r);
    CHECK(has(&r, "139****5678") && !has(&r, "13912345678") && !has(&r, "150102199003071234"));
    char logp[700], *text = NULL;
    size_t len = 0;
    snprintf(logp, sizeof logp, "%s/notifications.log", hub.data);
    for (int i = 0; i < 200; i++) {
        free(text);
        text = NULL;
        if (fs_read_file(logp, 1 << 20, &text, &len) == K_OK && strstr(text, "139****5678"))
            break;
        struct timespec ts = {0, 50000000};
        nanosleep(&ts, NULL);
    }
    CHECK(text && strstr(text, "139****5678") && !strstr(text, "13912345678") &&
          !strstr(text, "150102199003071234"));
    free(text);
    /* an action without numbers in its note gives no warning */
    snprintf(p, sizeof p, "/console/case/%s/matter/3", k.code);
    act(&pol, p, "action=accepted", &r);
    CHECK(r.status == 303 && !strstr(r.location, "masked"));
}

/* The text a person reads on a page: tags, the style sheet and attribute values dropped. */
static void visible_text(const char *html, char *out, size_t n)
{
    size_t o = 0;
    const char *style = strstr(html, "<style>");
    const char *style_end = style ? strstr(style, "</style>") : NULL;
    for (const char *p = html; *p && o + 1 < n; p++) {
        if (p == style && style_end) {
            p = style_end + strlen("</style>") - 1;
            continue;
        }
        if (*p == '<') {
            const char *gt = strchr(p, '>');
            if (!gt)
                break;
            p = gt;
            out[o++] = ' ';
            continue;
        }
        out[o++] = *p;
    }
    out[o] = '\0';
}

/* 6: a kiosk's staff call (POST /api/v1/alerts) reaches the window's to-do page naming the
 * kiosk; bad bodies and calls without a token are refused; 已处理 removes it; departments see
 * no alerts and cannot acknowledge them. */
static void test_alerts(void)
{
    static const struct {
        const char *body;
        long status;
        const char *want;
    } bad[] = {
        /* 1 not JSON */
        {"{\"kind\":", 400, "bad_json"},
        /* 2 unknown kind */
        {"{\"kind\":\"fire\",\"screen\":\"home\",\"at_ms\":1}", 400, "bad_kind"},
        /* 3 screen too long (33) */
        {"{\"kind\":\"staff_call\",\"screen\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\",\"at_ms\":1}",
         400, "bad_screen"},
        /* 4 screen not printable ASCII */
        {"{\"kind\":\"staff_call\",\"screen\":\"\u9996\u9875\",\"at_ms\":1}", 400, "bad_screen"},
        /* 5 extra field */
        {"{\"kind\":\"staff_call\",\"screen\":\"home\",\"at_ms\":1,\"x\":1}", 400, "unknown_field"},
        /* 6 missing at_ms */
        {"{\"kind\":\"staff_call\",\"screen\":\"home\"}", 400, "missing_field"},
        /* 7 fractional time */
        {"{\"kind\":\"staff_call\",\"screen\":\"home\",\"at_ms\":1.5}", 400, "bad_time"},
        /* 8 empty screen */
        {"{\"kind\":\"staff_call\",\"screen\":\"\",\"at_ms\":1}", 400, "bad_screen"},
    };
    struct resp r;
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        req("POST", "/api/v1/alerts", "application/json", NULL, bad[i].body, true, NULL, &r);
        CHECKF(r.status == bad[i].status && has(&r, bad[i].want), "bad %zu: %ld %s", i + 1,
               r.status, r.body);
    }
    page(&win, "/console/", &r);
    CHECKF(!has(&r, "kiosk-1") && !has(&r, "id=\"alerts\""), "no alert yet: %s", r.body);
    /* without a token */
    req("POST", "/api/v1/alerts", "application/json", NULL,
        "{\"kind\":\"staff_call\",\"screen\":\"home\",\"at_ms\":1790000000000}", false, NULL, &r);
    CHECKF(r.status == 401, "no token: %ld", r.status);
    page(&win, "/console/", &r);
    CHECKF(!has(&r, "kiosk-1"), "unauthorized call not shown");
    /* a valid one */
    req("POST", "/api/v1/alerts", "application/json", NULL,
        "{\"kind\":\"staff_call\",\"screen\":\"<b>form\",\"at_ms\":1790000000000}", true, NULL, &r);
    CHECKF(r.status == 201 && has(&r, "\"id\":"), "valid: %ld %s", r.status, r.body);
    page(&win, "/console/", &r);
    CHECKF(r.status == 200 && has(&r, "id=\"alerts\"") &&
               has(&r, "<span class=\"alert-kiosk\">kiosk-1</span>") && has(&r, "已处理"),
           "window sees the alert: %s", r.body);
    /* the screen in words: a name casehub does not know is not shown as sent */
    CHECKF(has(&r, tr("casehub.screen.unknown")) && !has(&r, "<b>form") && !has(&r, "b&gt;form"),
           "unknown screen: %s", r.body);
    /* a second press from the materials screen: its Chinese name, not the kiosk's id */
    req("POST", "/api/v1/alerts", "application/json", NULL,
        "{\"kind\":\"staff_call\",\"screen\":\"materials\",\"at_ms\":1790000001000}", true, NULL,
        &r);
    CHECKF(r.status == 201 || r.status == 200, "refresh: %ld %s", r.status, r.body);
    page(&win, "/console/", &r);
    char *text = xcalloc(1, sizeof r.body);
    visible_text(r.body, text, sizeof r.body);
    CHECKF(strstr(text, tr("casehub.screen.materials")) && !strstr(text, "materials"),
           "known screen: %s", text);
    free(text);
    /* a department sees no alert and cannot acknowledge it */
    page(&vet, "/console/", &r);
    CHECKF(!has(&r, "kiosk-1"), "department page has no alert");
    const char *f = strstr(r.body, "action=\"/console/alert/");
    CHECK(f == NULL);
    page(&win, "/console/", &r);
    f = strstr(r.body, "action=\"/console/alert/");
    char path[80] = "";
    if (f)
        snprintf(path, sizeof path, "%.*s", (int)strcspn(f + 8, "\""), f + 8);
    CHECKF(path[0], "ack form present");
    act(&vet, path, "", &r);
    CHECKF(r.status == 403, "department ack refused: %ld", r.status);
    /* a stale form is refused */
    req("POST", path, "application/x-www-form-urlencoded", NULL, "csrf=nope", false, win.cookie,
        &r);
    CHECKF(r.status == 403, "stale csrf: %ld", r.status);
    page(&win, "/console/", &r);
    CHECKF(has(&r, "alert-kiosk"), "still open after refused acks");
    /* 已处理 */
    act(&win, path, "", &r);
    CHECKF(r.status == 303, "ack: %ld", r.status);
    page(&win, "/console/", &r);
    CHECKF(!has(&r, "kiosk-1") && !has(&r, "id=\"alerts\""), "gone after ack: %s", r.body);
}

/* Whether s holds a run of at least n hex digits with a letter among them (a hash or a
 * token; identity-card numbers and case codes are digits only). */
static bool hex_run(const char *s, size_t n)
{
    size_t run = 0;
    bool letter = false;
    for (; *s; s++) {
        bool digit = *s >= '0' && *s <= '9', hl = *s >= 'a' && *s <= 'f';
        run = digit || hl ? run + 1 : 0;
        letter = run ? letter || hl : false;
        if (run >= n && letter)
            return true;
    }
    return false;
}

/* Whether the console page has the visible 退出登录 form, posting the session's CSRF token. */
static bool has_logout(const struct resp *r, const struct staff *s)
{
    const char *f = strstr(r->body, "<form method=\"post\" action=\"/console/logout\"");
    const char *end = f ? strstr(f, "</form>") : NULL;
    char tok[80];
    snprintf(tok, sizeof tok, "name=\"csrf\" value=\"%s\"", s->csrf);
    return f && end && has_between(f, end, tok) &&
           has_between(f, end, tr("casehub.console.logout")) &&
           has_between(f, end, "id=\"logout\"");
}

/* 7: staff read Chinese only: every form key by its label (fields) or question (answers) and
 * every value by its option's text; the kiosk's own keys in words, no hash as text; materials
 * by name and page count; the page's sections collapsible, the department's part open; a
 * 退出登录 button on every console page. */
static void test_console_words(void)
{
    static const char pg1[] = "discharge certificate page 1",
                      pg2[] = "discharge certificate page 2", pg8[] = "police page";
    char h1[65], h2[65], h8[65];
    hex_of(pg1, h1);
    hex_of(pg2, h2);
    hex_of(pg8, h8);
    struct kcase k;
    struct resp r;
    int seq = next_seq++;
    snprintf(k.uuid, sizeof k.uuid, "0b8c6f0e-3d1f-4b7e-9a55-%012d", seq);
    trackcode_make(3, seq, k.code);
    trackcode_token(secret, sizeof secret, k.code, k.token);
    char *b = xasprintf(
        "{\"uuid\":\"%s\",\"code\":\"%s\",\"token\":\"%s\",\"kiosk_id\":3,"
        "\"district\":\"dongsheng\",\"created_ms\":1790000000000,\"matters\":[1,3],"
        "\"form\":{\"name\":\"张三明\",\"sex\":\"1\",\"phone\":\"13812345678\",\"id_number\":"
        "\"150102199003071234\",\"address\":\"东胜区天骄路1号\",\"answer.eligible\":\"yes\","
        "\"answer.settle_by\":\"residence\",\"signature_sha256\":\"%s\","
        "\"materials_missing\":\"1,4\"},"
        "\"attachments\":[{\"material\":2,\"sha256\":\"%s\",\"size\":%zu,\"mime\":\"image/png\"},"
        "{\"material\":2,\"sha256\":\"%s\",\"size\":%zu,\"mime\":\"image/png\"},"
        "{\"material\":8,\"sha256\":\"%s\",\"size\":%zu,\"mime\":\"image/png\"}]}",
        k.uuid, k.code, k.token, h8, h1, strlen(pg1), h2, strlen(pg2), h8, strlen(pg8));
    req("POST", "/api/v1/cases", "application/json", k.uuid, b, true, NULL, &r);
    free(b);
    CHECK_EQ_INT(r.status, 201);
    put_blob(pg1);
    put_blob(pg2);
    put_blob(pg8);
    char p[200], *text = xcalloc(1, sizeof r.body);
    snprintf(p, sizeof p, "/api/v1/cases/%s/complete", k.uuid);
    req("POST", p, "application/json", NULL, "{}", true, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    snprintf(p, sizeof p, "/console/case/%s", k.code);
    page(&win, p, &r);
    CHECK_EQ_INT(r.status, 200);
    visible_text(r.body, text, sizeof r.body);
    static const char *const never[] = {"answer.",  "signature_sha256", "materials_missing",
                                        "eligible", "settle_by",        "residence",
                                        "yes",      "sha256",           "image/png"};
    for (size_t i = 0; i < sizeof never / sizeof never[0]; i++)
        CHECKF(!strstr(text, never[i]), "row %zu: \"%s\" shown to staff", i + 1, never[i]);
    CHECKF(!hex_run(text, 16), "no hash as text");
    char line[200];
    static const char *const shown[] = {
        "您是否为退役后落户在鄂尔多斯市行政区域内的自主就业退役士兵？",
        "以合法稳定住所恢复户口",
        "性别",
        "男",
        "退伍证",
        "预备役登记证明",
        "部队行政介绍信",
        "入伍前户口所在地公安派出所出具的户口注销证明"};
    for (size_t i = 0; i < sizeof shown / sizeof shown[0]; i++)
        CHECKF(strstr(text, shown[i]) != NULL, "row %zu: \"%s\" not shown", i + 1, shown[i]);
    CHECK(strstr(text, tr_fmt(line, sizeof line, "casehub.console.page_count", "2",
                              (const char *)NULL)) != NULL);
    CHECK(strstr(text, tr("casehub.console.materials_on_paper")) != NULL);
    /* sections: collapsible, with a summary; the window's part open */
    CHECK(has(&r, "<details id=\"sec-matters\" open>") &&
          has(&r, "<details id=\"sec-pages\" open>"));
    CHECK(has(&r, "<details id=\"sec-person\" open>") && has(&r, "<summary>"));
    CHECK(has(&r, "<details id=\"sec-answers\""));
    CHECK(has_logout(&r, &win));
    snprintf(p, sizeof p, "/console/case/%s/verify", k.code);
    act(&win, p, "", &r);
    CHECK(r.status == 303 && !strstr(r.location, "failed"));
    /* the police: their sections open, the veterans' part of the form collapsed or absent */
    snprintf(p, sizeof p, "/console/case/%s", k.code);
    page(&pol, p, &r);
    CHECK_EQ_INT(r.status, 200);
    visible_text(r.body, text, sizeof r.body);
    CHECK(strstr(text, "以合法稳定住所恢复户口") && !strstr(text, "residence") &&
          !strstr(text, "settle_by"));
    CHECK(has(&r, "<details id=\"sec-household\" open>"));
    /* withheld: the one answer not theirs (the kiosk's own keys are no information withheld) */
    CHECK(strstr(text, tr_fmt(line, sizeof line, "casehub.console.hidden_fields", "1",
                              (const char *)NULL)) != NULL);
    CHECK(!hex_run(text, 16) && !strstr(text, "eligible"));
    CHECK(has_logout(&r, &pol));
    /* 退出登录 on every console page: lists, refusals, unknown pages */
    page(&pol, "/console/", &r);
    CHECK(r.status == 200 && has_logout(&r, &pol));
    page(&win, "/console/", &r);
    CHECK(r.status == 200 && has_logout(&r, &win));
    page(&hr, p, &r);
    CHECK(r.status == 403 && has_logout(&r, &hr));
    page(&pol, "/console/nowhere", &r);
    CHECK(r.status == 404 && has_logout(&r, &pol));
    page(&pol, "/console/case/NOSUCHCODE", &r);
    CHECK(r.status == 404 && has_logout(&r, &pol));
    free(text);
}

/* 8: the applicant's signature (attachment material 0, a PNG) is shown on the case page to the
 * window and to departments whose policy allows it ("signature": true), fetched through the
 * console's audited blob route; other departments neither see nor fetch it; the API takes one
 * PNG signature at most. */
static void test_signature(void)
{
    static const char sig[] = "\x89PNG signature strokes", pg[] = "discharge certificate";
    char hs[65], hp[65];
    hex_of(sig, hs);
    hex_of(pg, hp);
    static const struct {
        const char *atts;
        long status;
    } rows[] = {
        /* 1 a JPEG signature is refused */
        {"[{\"material\":0,\"sha256\":\"SHA\",\"size\":5,\"mime\":\"image/jpeg\"}]", 400},
        /* 2 two signatures are refused */
        {"[{\"material\":0,\"sha256\":\"SHA\",\"size\":5,\"mime\":\"image/png\"},"
         "{\"material\":0,\"sha256\":\"SHA\",\"size\":5,\"mime\":\"image/png\"}]",
         400},
        /* 3 a negative material is refused */
        {"[{\"material\":-1,\"sha256\":\"SHA\",\"size\":5,\"mime\":\"image/png\"}]", 400},
    };
    struct resp r;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct kcase k;
        int seq = next_seq++;
        snprintf(k.uuid, sizeof k.uuid, "0b8c6f0e-3d1f-4b7e-9a55-%012d", seq);
        trackcode_make(3, seq, k.code);
        trackcode_token(secret, sizeof secret, k.code, k.token);
        char atts[600];
        size_t o = 0;
        for (const char *x = rows[i].atts; *x && o + 65 < sizeof atts;) {
            if (strncmp(x, "SHA", 3) == 0) {
                memcpy(atts + o, hs, 64);
                o += 64;
                x += 3;
            } else {
                atts[o++] = *x++;
            }
        }
        atts[o] = '\0';
        char *b = xasprintf("{\"uuid\":\"%s\",\"code\":\"%s\",\"token\":\"%s\",\"kiosk_id\":3,"
                            "\"district\":\"dongsheng\",\"created_ms\":1790000000000,\"matters\":"
                            "[1],\"form\":{\"name\":\"张三明\"},\"attachments\":%s}",
                            k.uuid, k.code, k.token, atts);
        req("POST", "/api/v1/cases", "application/json", k.uuid, b, true, NULL, &r);
        free(b);
        CHECKF(r.status == rows[i].status, "row %zu: %ld %s", i + 1, r.status, r.body);
    }
    struct kcase k;
    int seq = next_seq++;
    snprintf(k.uuid, sizeof k.uuid, "0b8c6f0e-3d1f-4b7e-9a55-%012d", seq);
    trackcode_make(3, seq, k.code);
    trackcode_token(secret, sizeof secret, k.code, k.token);
    char *b = xasprintf(
        "{\"uuid\":\"%s\",\"code\":\"%s\",\"token\":\"%s\",\"kiosk_id\":3,"
        "\"district\":\"dongsheng\",\"created_ms\":1790000000000,\"matters\":[1,3],"
        "\"form\":{\"name\":\"张三明\",\"answer.settle_by\":\"residence\",\"signature_sha256\":"
        "\"%s\"},\"attachments\":[{\"material\":2,\"sha256\":\"%s\",\"size\":%zu,\"mime\":"
        "\"image/png\"},{\"material\":0,\"sha256\":\"%s\",\"size\":%zu,\"mime\":\"image/png\"}]}",
        k.uuid, k.code, k.token, hp, hp, strlen(pg), hs, strlen(sig));
    req("POST", "/api/v1/cases", "application/json", k.uuid, b, true, NULL, &r);
    free(b);
    CHECKF(r.status == 201 && has(&r, hs), "the signature is asked for: %ld %s", r.status, r.body);
    put_blob(pg);
    char p[200], sp[300];
    snprintf(p, sizeof p, "/api/v1/cases/%s/complete", k.uuid);
    req("POST", p, "application/json", NULL, "{}", true, NULL, &r);
    CHECKF(r.status == 409 || r.status == 400 || r.status == 422,
           "not complete without the signature: %ld", r.status);
    put_blob(sig);
    req("POST", p, "application/json", NULL, "{}", true, NULL, &r);
    CHECK_EQ_INT(r.status, 200);
    snprintf(p, sizeof p, "/console/case/%s", k.code);
    snprintf(sp, sizeof sp, "/console/blob/%s?case=%s", hs, k.code);
    page(&win, p, &r);
    CHECK(r.status == 200 && has(&r, "<details id=\"sec-signature\" open>"));
    CHECK(has(&r, "<img id=\"signature\"") && has(&r, sp));
    CHECK(!has(&r, "0. ")); /* the signature is no material */
    page(&win, sp, &r);
    CHECK(r.status == 200 && has(&r, "PNG signature strokes"));
    snprintf(p, sizeof p, "/console/case/%s/verify", k.code);
    act(&win, p, "", &r);
    CHECK(r.status == 303 && !strstr(r.location, "failed"));
    snprintf(p, sizeof p, "/console/case/%s", k.code);
    /* veterans: the policy shows them the signature */
    page(&vet, p, &r);
    CHECK(r.status == 200 && has(&r, "<img id=\"signature\"") && has(&r, sp));
    page(&vet, sp, &r);
    CHECK(r.status == 200 && has(&r, "PNG signature strokes"));
    /* police: it does not */
    page(&pol, p, &r);
    CHECK(r.status == 200 && !has(&r, "id=\"signature\"") && !has(&r, hs) &&
          !has(&r, "sec-signature"));
    page(&pol, sp, &r);
    CHECK(r.status == 404 && !has(&r, "PNG signature strokes"));
    /* every look at it is audited as such */
    char out[16384];
    CHECK_EQ_INT(casehub_run_cli(&hub, out, sizeof out, "audit", k.code, NULL), 0);
    CHECK(strstr(out, "\tvet\tveterans\t") && strstr(out, "\tsignature\tallowed") &&
          strstr(out, "\tpol\tpolice\t") && strstr(out, "\tsignature\trefused"));
}

int main(void)
{
    const char *bin = getenv("CASEHUB_BIN");
    if (!bin || !strstr(bin, "casehub") || strstr(bin, "fakehub")) {
        printf("CASEHUB_BIN not set: casehub not built\n");
        return 77;
    }
    if (sodium_init() < 0)
        return 1;
    char data[600];
    snprintf(data, sizeof data, "%s/data", ktest_tmpdir());
    if (casehub_run_start(bin, data, &hub) != 0) {
        CHECK(!"casehub starts");
        return ktest_done();
    }
    snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", hub.token);
    char sdir[600], err[300];
    snprintf(sdir, sizeof sdir, "%s/assets/ui/strings", ktest_src());
    CHECK(strings_load_dir(sdir, err, sizeof err) == K_OK);
    KTEST_RUN(test_blocked_matters);
    add_user("win", "window");
    add_user("vet", "veterans");
    add_user("pol", "police");
    add_user("hr", "hrss");
    login(&win, "win");
    login(&vet, "vet");
    login(&pol, "pol");
    login(&hr, "hr");
    KTEST_RUN(test_window_routes);
    KTEST_RUN(test_deadlines);
    KTEST_RUN(test_access);
    KTEST_RUN(test_note_screening);
    KTEST_RUN(test_alerts);
    KTEST_RUN(test_console_words);
    KTEST_RUN(test_signature);
    casehub_run_stop(&hub);
    return ktest_done();
}
