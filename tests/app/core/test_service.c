/* tests/app/core/test_service.c: the service-definition loader, on the shipped file and on
 * broken copies of it (each must be rejected with the right number and JSON path). */
#include <stdlib.h>
#include <string.h>

#include "app/core/service.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"
#include "tests/support/ktest.h"

static char *shipped;
static size_t shipped_len;

static void load_shipped(void)
{
    char *path = xasprintf("%s/assets/services/veteran-discharge.json", ktest_src());
    CHECK(fs_read_file(path, SERVICE_FILE_MAX, &shipped, &shipped_len) == K_OK);
    free(path);
}

static void test_shipped_file(void)
{
    struct service s;
    char err[512];
    char *path = xasprintf("%s/assets/services/veteran-discharge.json", ktest_src());
    enum kerr rc = service_load(path, &s, err, sizeof err);
    free(path);
    CHECKF(rc == K_OK, "%s", err);
    if (rc != K_OK)
        return;
    CHECK_EQ_STR(s.id, "veteran-discharge");
    CHECK_EQ_INT(s.n_fields, 17); /* the 15 of 附件1, the delivery way and the post address */
    CHECK_EQ_INT(s.n_matters, 8);
    CHECK_EQ_INT(s.n_materials, 12);
    CHECK_EQ_INT(s.n_departments, 4);
    CHECK_EQ_INT(s.n_districts, 10);
    CHECK_EQ_INT(s.time_limit_days, 27);
    CHECK_EQ_STR(s.supervision_phone, "0477-8581708");
    CHECK_EQ_INT(s.n_delivery, 4);
    /* Pictures (app/ui/picture.h): the apply tile's icon and one per matter, by name. */
    CHECK_EQ_STR(s.icon, "icon-apply");
    for (size_t i = 0; i < s.n_matters; i++)
        CHECKF(s.matters[i].icon && s.matters[i].icon[0], "matter %zu has no icon", i);
    CHECK_EQ_STR(s.matters[0].icon, "icon-report");
    /* The plan gives no city-level phone: none is invented. */
    CHECK(service_district(&s, "city") && service_district(&s, "city")->phone == NULL);
    CHECK_EQ_STR(service_district(&s, "uxin")->phone, "0477-7581914");
    /* The subsidy needs 报到接收 and promises its payment date; 不办理此项 declines. */
    const struct service_matter *sub = service_matter(&s, "subsidy");
    CHECK(sub && sub->n_requires == 1 && sub->requires[0] == 0 && sub->promise[0]);
    const struct service_question *pf = service_question(&s, "pension_funds");
    CHECK(pf && service_answer(pf, "not_needed") && service_answer(pf, "not_needed")->declines);
    CHECK(pf && !service_answer(pf, "not_arrived")->declines);
    /* Every material number 1..12 present, in order. */
    for (int i = 0; i < 12; i++)
        CHECKF(s.materials[i].number == i + 1, "material %d", i + 1);
    /* The 15 form labels of the source, in its order. */
    static const char *const labels[] = {
        "姓名",
        "性别",
        "民族",
        "政治面貌",
        "文化程度",
        "婚姻状况",
        "入伍时间",
        "退役时间",
        "联系电话",
        "身份证号",
        "与落户方关系",
        "籍贯",
        "入伍前户口所在地",
        "入伍地",
        "家庭住址",
    };
    for (size_t i = 0; i < 15; i++)
        CHECKF(strcmp(s.fields[i].label, labels[i]) == 0, "field %zu: %s", i, s.fields[i].label);
    /* Ethnicities: 56 + 97 + 98, codes two digits, 02 = 蒙古族. */
    const struct service_option_list *eth = service_list(&s, "ethnicity");
    CHECK(eth && eth->n_options == 58);
    CHECK(eth && strcmp(service_option(eth, "02")->label, "蒙古族") == 0);
    CHECK(eth && service_option(eth, "97") && service_option(eth, "98"));
    CHECK(eth && !service_option(eth, "57"));
    /* Districts and phones from the source. */
    static const struct {
        const char *id, *name, *phone;
    } d[] = {
        {"dongsheng", "东胜区", "0477-8575378"}, {"kangbashi", "康巴什区", "0477-8575003"},
        {"uxin", "乌审旗", "0477-7581914"},      {"dalad", "达拉特旗", "0477-2258313"},
        {"jungar", "准格尔旗", "0477-4898116"},  {"otog_front", "鄂托克前旗", "0477-7882809"},
        {"hanggin", "杭锦旗", "0477-2276472"},   {"ejin_horo", "伊金霍洛旗", "0477-8960012"},
        {"otog", "鄂托克旗", "0477-6286049"},
    };
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) {
        const struct service_district *x = service_district(&s, d[i].id);
        CHECKF(x && strcmp(x->name, d[i].name) == 0 && strcmp(x->phone, d[i].phone) == 0,
               "district %s", d[i].id);
    }
    CHECK(service_district(&s, "city") != NULL);
    /* Matters and departments. */
    const struct service_matter *m = service_matter(&s, "pension_transfer");
    CHECK(m && strcmp(service_matter_department(&s, m)->id, "hrss") == 0);
    CHECK(service_matter(&s, "id_card") && service_matter(&s, "id_card")->in_person);
    CHECK(service_matter(&s, "nope") == NULL);
    CHECK_EQ_INT(service_matter_index(&s, "report_in"), 0);
    /* Field details. */
    const struct service_field *f = service_field(&s, "enlist_date");
    CHECK(f && f->type == FIELD_DATE && f->before == service_field_index(&s, "discharge_date"));
    f = service_field(&s, "id_number");
    CHECK(f && f->type == FIELD_ID_NUMBER && f->card_field && !f->card_editable);
    f = service_field(&s, "address");
    CHECK(f && f->input == INPUT_ADDRESS && f->card_editable);
    CHECK(service_field(&s, "relation")->type == FIELD_RELATION);
    /* Receipt wording. */
    for (const char *const *k = service_receipt_label_keys; *k; k++)
        CHECKF(service_receipt_label(&s, *k) != NULL, "label %s", *k);
    for (const char *const *k = service_receipt_line_keys; *k; k++)
        CHECKF(service_receipt_line(&s, *k) != NULL, "line %s", *k);
    CHECK(service_receipt_label(&s, "nope") == NULL);
    CHECK(strstr(s.commitment_text, "自行承担相应责任") != NULL);
    /* Colour capture: the ID card is the one grey-scale document. */
    CHECK(!service_material(&s, "identity")->colour);
    CHECK(service_material_by_number(&s, 4)->colour);
    service_free(&s);
    service_free(&s); /* twice is safe */
}

/* Apply one textual replacement to the shipped file and load it. */
static enum kerr load_mutated(const char *find, const char *repl, char *err, size_t errlen,
                              bool *found)
{
    char *at = strstr(shipped, find);
    *found = at != NULL;
    if (!at)
        return K_OK;
    size_t fl = strlen(find), rl = strlen(repl);
    size_t n = shipped_len - fl + rl;
    char *buf = xcalloc(n + 1, 1);
    size_t pre = (size_t)(at - shipped);
    memcpy(buf, shipped, pre);
    memcpy(buf + pre, repl, rl);
    memcpy(buf + pre + rl, at + fl, shipped_len - pre - fl);
    struct service s;
    enum kerr rc = service_load_mem("svc.json", buf, n, &s, err, errlen);
    service_free(&s);
    free(buf);
    return rc;
}

static void test_broken_rows(void)
{
    static const struct {
        int row;
        const char *find, *repl, *want;
    } rows[] = {
        {1, "\"format\": 1", "\"format\": 2", "E809: svc.json: $.format:"},
        {2, "\"format\": 1,", "", "E802: svc.json: $.format: missing"},
        {3, "\"type\": \"date\"", "\"type\": \"datum\"",
         "E804: svc.json: $.fields[6].type: must be one of"},
        {4, "\"options\": \"ethnicity\"", "\"options\": \"ethnic\"",
         "E805: svc.json: $.fields[2].options: no option list \"ethnic\""},
        {5, "\"department\": \"police\"", "\"department\": \"polis\"",
         "E805: svc.json: $.matters[2].department: no department \"polis\""},
        {6, "{\"matter\": \"medical_transfer\"}", "{\"matter\": \"medical\"}",
         "E805: svc.json: $.materials[8].needed_when.matter: no matter \"medical\""},
        {7, "\"is\": \"relative\"", "\"is\": \"cousin\"",
         "E805: svc.json: $.materials[6].needed_when.all[1].answer.is: question \"settle_by\" has "
         "no answer \"cousin\""},
        {8, "\"phone\": \"0477-2258313\"", "\"phone\": \"2258313\"",
         "E804: svc.json: $.districts[4].phone: not a phone number"},
        {9, "\"id\": \"uxin\"", "\"id\": \"dongsheng\"",
         "E806: svc.json: $.districts[3]: district \"dongsheng\" defined twice"},
        {10, "\"working_days\": 27", "\"working_days\": \"27\"",
         "E803: svc.json: $.time_limit.working_days: must be a number"},
        {11, "\"working_days\": 27", "\"working_days\": 27.5",
         "E804: svc.json: $.time_limit.working_days: must be a whole number"},
        {12, "\"qr_hint\"", "\"qr_hint_x\"", "E802: svc.json: $.receipt.lines.qr_hint: missing"},
        {13, "\"label\": \"姓名\",", "\"label\": \"姓名\", \"colour\": true,",
         "E807: svc.json: $.fields[0].colour: unknown key"},
        {14, "\"blocks\": [\"pension_transfer\"]", "\"blocks\": [\"pension\"]",
         "E805: svc.json: $.questions[3].answers[1].blocks[0]: no matter \"pension\""},
        {15, "\"number\": 12,", "\"number\": 11,",
         "E806: svc.json: $.materials[11].number: material number 11 given twice"},
        {16, "\"format\": 1,", "\"format\": 1,,", "E801: svc.json: line 2 column"},
        {17, "\"before\": \"discharge_date\"", "\"before\": \"phone\"",
         "E804: svc.json: $.fields[6].before: \"phone\" is not another date field"},
        {18, "{\"code\": \"02\", \"label\": \"蒙古族\"}",
         "{\"code\": \"01\", \"label\": \"蒙古族\"}",
         "E806: svc.json: $.option_lists[1].options[1]: option code \"01\" given twice"},
        {19, "\"needed_when\": \"always\"", "\"needed_when\": \"sometimes\"",
         "E803: svc.json: $.materials[0].needed_when: a condition is"},
        {20, "\"id\": \"veterans\"", "\"id\": \"Veterans\"",
         "E804: svc.json: $.departments[0].id: an id is"},
        {21, "\"title\": \"性别\"", "\"title\": \"\"",
         "E804: svc.json: $.option_lists[0].title: must not be empty"},
        {22, "\"reason\": \"尚未完成预备役登记\"", "\"reason\": \"\"",
         "E802: svc.json: $.questions[1].answers[1].reason: an answer that blocks"},
        {23, "\"ask_when\": {\"matter\": \"household\"}",
         "\"ask_when\": {\"matter\": \"household\", \"any\": []}",
         "E803: svc.json: $.questions[6].ask_when: a condition is"},
        {24, "\"input\": \"person_name\"", "\"input\": \"pinyin\"",
         "E804: svc.json: $.fields[0].input: must be one of"},
        {25, "\"input\": \"phone\", \"required\"", "\"required\"",
         "E802: svc.json: $.fields[8].input: a phone field needs an input kind"},
        {26, "\"options\": \"sex\"", "\"options\": \"sex\", \"input\": \"digits\"",
         "E804: svc.json: $.fields[1].input: a choice field is picked"},
        {27, "\"label\": \"姓名\"", "\"label\": \"姓\\u0001名\"",
         "E804: svc.json: $.fields[0].label: contains a control character"},
        {28, "\"supervision_phone\": \"0477-8581708\"", "\"supervision_phone\": 4778581708",
         "E803: svc.json: $.supervision_phone: must be a string"},
        {29, "\"districts\": [", "\"districts\": {}, \"x\": [", "E807: svc.json: $.x: unknown key"},
        {30, "\"id\": \"veteran-discharge\"", "\"id\": \"veteran-discharge\", \"id\": \"x\"",
         "E806: svc.json: $.id: key given twice"},
        /* issue 16: requires, declines, defaults, only_when, a district without a phone */
        {31, "\"requires\": [\"report_in\"]", "\"requires\": [\"report\"]",
         "E805: svc.json: $.matters[1].requires[0]: no matter \"report\""},
        {32, "\"requires\": [\"report_in\"]", "\"requires\": [\"subsidy\"]",
         "E804: svc.json: $.matters[1].requires: a matter cannot require itself"},
        {33, "\"requires_reason\": \"补助金在报到当日受理，须同时选择“退役士兵报到接收”\",", "",
         "E802: svc.json: $.matters[1].requires_reason: a matter that requires others"},
        {34, "\"default\": \"sms\"", "\"default\": \"fax\"",
         "E805: svc.json: $.fields[15].default: no option \"fax\""},
        {35, "{\"field\": \"delivery\", \"is\": \"mail\"}",
         "{\"field\": \"deliver\", \"is\": \"mail\"}",
         "E805: svc.json: $.fields[16].only_when: no field \"deliver\""},
        {36, "{\"field\": \"delivery\", \"is\": \"mail\"}",
         "{\"field\": \"delivery\", \"is\": \"fax\"}",
         "E805: svc.json: $.fields[16].only_when: no option \"fax\""},
        {37, "{\"field\": \"delivery\", \"is\": \"mail\"}",
         "{\"field\": \"mail_address\", \"is\": \"x\"}",
         "E804: svc.json: $.fields[16].only_when: \"mail_address\" must be an earlier field"},
        {38, "\"phone\": null", "\"phone\": 5",
         "E803: svc.json: $.districts[0].phone: must be a string"},
        {39, "\"declines\": true", "\"declines\": \"yes\"",
         "E803: svc.json: $.questions[3].answers[2].declines:"},
        {40, "\"settle_by\": \"residence\"}", "\"settle_by\": \"house\"}",
         "E805: svc.json: $.option_lists[6].options[0].settle_by: question \"settle_by\" has no "
         "answer \"house\""},
        {41, "\"icon\": \"icon-report\"", "\"icon\": \"../../etc/x\"",
         "E804: svc.json: $.matters[0].icon: a picture name is"},
        {42, "\"icon\": \"icon-apply\"", "\"icon\": \"Icon.png\"",
         "E804: svc.json: $.icon: a picture name is"},
        {43, "\"icon\": \"icon-apply\"", "\"icon\": 7", "E803: svc.json: $.icon: must be a string"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char err[512] = "";
        bool found;
        enum kerr rc = load_mutated(rows[i].find, rows[i].repl, err, sizeof err, &found);
        CHECKF(found, "row %d: pattern not in the shipped file", rows[i].row);
        if (!found)
            continue;
        CHECKF(rc == K_ERR_INVALID, "row %d: rc %s", rows[i].row, kerr_name(rc));
        CHECKF(strncmp(err, rows[i].want, strlen(rows[i].want)) == 0, "row %d: got \"%s\"",
               rows[i].row, err);
    }
}

static void test_edge_inputs(void)
{
    static const struct {
        int row;
        const char *json;
        const char *want;
    } rows[] = {
        {1, "", "E801: m: line 1 column 1"},
        {2, "[]", "E803: m: $: must be an object"},
        {3, "{}", "E802: m: $.format: missing"},
        {4, "{\"format\": 1}", "E802: m: $.id: missing"},
        {5, "null", "E803: m: $: must be an object"},
        {6, "{\"format\": 1e300}", "E804: m: $.format: must be a whole number"},
        {7, "{\"format\": 1} trailing", "E801: m: line 1 column 15"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct service s;
        char err[512] = "";
        enum kerr rc =
            service_load_mem("m", rows[i].json, strlen(rows[i].json), &s, err, sizeof err);
        CHECKF(rc == K_ERR_INVALID, "row %d", rows[i].row);
        CHECKF(strncmp(err, rows[i].want, strlen(rows[i].want)) == 0, "row %d: got \"%s\"",
               rows[i].row, err);
        service_free(&s);
    }
    /* A NUL byte inside. */
    struct service s;
    char err[256];
    CHECK(service_load_mem("m", "{\"a\0\": 1}", 9, &s, err, sizeof err) == K_ERR_INVALID);
    CHECK(strstr(err, "E801") != NULL);
    /* Missing file. */
    CHECK(service_load("/nonexistent/x.json", &s, err, sizeof err) != K_OK);
    CHECK(strncmp(err, "E808: /nonexistent/x.json", 25) == 0);
    /* Deep nesting in a condition is refused, not recursed into forever. */
    char *deep = xasprintf("%s", shipped);
    char *at = strstr(deep, "\"needed_when\": \"always\"");
    if (at) {
        size_t pre = (size_t)(at - deep);
        char nest[2048] = "\"needed_when\": ";
        for (int i = 0; i < 20; i++)
            str_append(nest, sizeof nest, "{\"not\": ");
        str_append(nest, sizeof nest, "\"always\"");
        for (int i = 0; i < 20; i++)
            str_append(nest, sizeof nest, "}");
        char *buf =
            xasprintf("%.*s%s%s", (int)pre, deep, nest, at + strlen("\"needed_when\": \"always\""));
        CHECK(service_load_mem("m", buf, strlen(buf), &s, err, sizeof err) == K_ERR_INVALID);
        CHECKF(strstr(err, "nested deeper") != NULL, "%s", err);
        free(buf);
    }
    free(deep);
}

int main(void)
{
    load_shipped();
    KTEST_RUN(test_shipped_file);
    KTEST_RUN(test_broken_rows);
    KTEST_RUN(test_edge_inputs);
    free(shipped);
    return ktest_done();
}
