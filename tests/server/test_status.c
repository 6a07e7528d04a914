/* tests/server/test_status.c: the screening of staff notes and casehub's policy file
 * (server/status.c, server/policy.c), table-driven. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fsutil.h"
#include "server/policy.h"
#include "server/status.h"
#include "tests/support/ktest.h"

static void test_screen_note(void)
{
    static const struct {
        const char *in, *out;
        int masked;
    } rows[] = {
        /* 1 */ {"请携带退伍证原件", "请携带退伍证原件", 0},
        /* 2 */ {"电话13912345678", "电话139****5678", 1},
        /* 3 */ {"身份证150102199003071234核对", "身份证1501**********1234核对", 1},
        /* 4 */ {"15010219900307123X", "1501**********123X", 1},
        /* 5 */ {"0477-8581234或04778581234", "047*****1234或047****1234", 2},
        /* 6 a 19-digit number is neither */ {"1234567890123456789", "1234567890123456789", 0},
        /* 7 inside a longer number: not alone */ {"9913912345678", "9913912345678", 0},
        /* 8 12 digits starting 1 */ {"139123456789", "139123456789", 0},
        /* 9 two numbers */
        {"13812345678,150102199003071234", "138****5678,1501**********1234", 2},
        /* 10 empty */ {"", "", 0},
        /* 11 a date is not a phone */ {"2026-12-06", "2026-12-06", 0},
        /* 12 landline too short */ {"0477-12345", "0477-12345", 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[256];
        int n = status_screen_note(rows[i].in, out, sizeof out);
        CHECKF(strcmp(out, rows[i].out) == 0 && n == rows[i].masked, "row %zu: '%s' (%d)", i + 1,
               out, n);
    }
    /* a small buffer: always terminated, never a half-masked number */
    char small[8];
    status_screen_note("13912345678", small, sizeof small);
    CHECK(strlen(small) < sizeof small && !strstr(small, "5678"));
}

static void test_policy(void)
{
    char path[600], err[400];
    snprintf(path, sizeof path, "%s/assets/services/veteran-discharge.json", ktest_src());
    struct service svc;
    CHECK(service_load(path, &svc, err, sizeof err) == K_OK);
    snprintf(path, sizeof path, "%s/assets/casehub/veteran-discharge.json", ktest_src());
    struct policy *p = NULL;
    CHECKF(policy_load(path, &svc, &p, err, sizeof err) == K_OK, "%s", err);
    CHECK(policy_field_visible(p, "police", "address") &&
          policy_field_visible(p, "police", "id_number"));
    CHECK(!policy_field_visible(p, "police", "enlist_place") &&
          !policy_field_visible(p, "hrss", "answer.settle_by"));
    CHECK(!policy_field_visible(p, "window", "name")); /* the window is not filtered here */
    CHECK(policy_material_visible(p, "police", 8) && !policy_material_visible(p, "police", 1));
    CHECK(policy_material_visible(p, "veterans", 0) && !policy_material_visible(p, "police", 0));
    struct cdate d;
    long sub = service_matter_index(&svc, "subsidy");
    CHECK(policy_payment_date(p, (size_t)sub, (struct cdate){2026, 12, 30}, &d) && d.year == 2027 &&
          d.month == 7 && d.day == 31);
    CHECK(!policy_payment_date(p, 0, (struct cdate){2026, 12, 30}, &d));
    /* the case page's sections: where a key goes, which are open for whom */
    size_t hh = policy_section_of(p, "answer.settle_by");
    CHECK(hh < policy_section_count(p) && strcmp(policy_section_id(p, hh), "household") == 0);
    CHECK(policy_section_of(p, "signature_sha256") == policy_section_count(p));
    CHECK_EQ_STR(policy_section_id(p, policy_section_count(p)), "other");
    CHECK(policy_section_open(p, "police", "household") &&
          !policy_section_open(p, "veterans", "household"));
    CHECK(policy_section_open(p, "window", "person") && !policy_section_open(p, "army", "person"));
    policy_destroy(p);
    static const struct {
        const char *json, *code;
    } bad[] = {
        /* 1 */ {"[]", "E762"},
        /* 2 */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{},\"x\":1}", "E762"},
        /* 3 */ {"{\"format\":2,\"service\":\"veteran-discharge\",\"departments\":{}}", "E762"},
        /* 4 */ {"{\"format\":1,\"service\":\"other\",\"departments\":{}}", "E762"},
        /* 5 */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{\"army\":"
         "{\"fields\":[],\"materials\":[]}}}",
         "E763"},
        /* 6 */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{\"police\":"
         "{\"fields\":[\"colour\"],\"materials\":[]}}}",
         "E763"},
        /* 7 */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{\"police\":"
         "{\"fields\":[\"answer.nope\"],\"materials\":[]}}}",
         "E763"},
        /* 8 */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{\"police\":"
         "{\"fields\":[],\"materials\":[99]}}}",
         "E763"},
        /* 9 */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{},"
         "\"payment_dates\":{\"nope\":{\"year_offset\":1,\"month\":7,\"day\":31}}}",
         "E763"},
        /* 10 */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{},"
         "\"payment_dates\":{\"subsidy\":{\"year_offset\":1,\"month\":2,\"day\":30}}}",
         "E764"},
        /* 11 */ {"not json", "E762"},
        /* 12 a key in two sections */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{},\"sections\":"
         "[{\"id\":\"a\",\"fields\":[\"name\"]},{\"id\":\"b\",\"fields\":[\"name\"]}]}",
         "E763"},
        /* 13 a section id given twice */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{},\"sections\":"
         "[{\"id\":\"a\",\"fields\":[]},{\"id\":\"a\",\"fields\":[]}]}",
         "E762"},
        /* 14 a reserved id */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{},\"sections\":"
         "[{\"id\":\"pages\",\"fields\":[]}]}",
         "E762"},
        /* 15 an id that is no identifier */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{},\"sections\":"
         "[{\"id\":\"<b>\",\"fields\":[]}]}",
         "E762"},
        /* 16 a department opens a section that does not exist */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{\"police\":"
         "{\"fields\":[],\"materials\":[],\"open\":[\"nope\"]}}}",
         "E763"},
        /* 17 the window's open list is no array */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{},\"window\":"
         "{\"open\":\"person\"}}",
         "E762"},
        /* 18 an unknown key of the window */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{},\"window\":"
         "{\"fields\":[]}}",
         "E762"},
        /* 19 signature is true or false */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{\"police\":"
         "{\"fields\":[],\"materials\":[],\"signature\":\"yes\"}}}",
         "E762"},
        /* 20 a section's key the service does not know */
        {"{\"format\":1,\"service\":\"veteran-discharge\",\"departments\":{},\"sections\":"
         "[{\"id\":\"a\",\"fields\":[\"colour\"]}]}",
         "E763"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        snprintf(path, sizeof path, "%s/policy-%zu.json", ktest_tmpdir(), i);
        FILE *f = fopen(path, "w");
        fputs(bad[i].json, f);
        fclose(f);
        err[0] = '\0';
        p = NULL;
        CHECKF(policy_load(path, &svc, &p, err, sizeof err) != K_OK && !p &&
                   strstr(err, bad[i].code),
               "row %zu: %s", i + 1, err);
    }
    CHECK(policy_load("/nonexistent/policy.json", &svc, &p, err, sizeof err) == K_ERR_IO &&
          strstr(err, "E761"));
    service_free(&svc);
}

int main(void)
{
    KTEST_RUN(test_screen_note);
    KTEST_RUN(test_policy);
    return ktest_done();
}
