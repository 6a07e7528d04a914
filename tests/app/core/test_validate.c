/* tests/app/core/test_validate.c: ID numbers, phones, dates and whole forms.
 * Valid ID numbers: the research's vectors (stdnum) and check characters computed with an
 * independent script. */
#include <stdlib.h>
#include <string.h>

#include "app/core/validate.h"
#include "platform/strings.h"
#include "platform/xalloc.h"
#include "tests/support/ktest.h"

static struct service svc;
static const struct cdate today = {2026, 11, 28};

static void test_idnum_rows(void)
{
    static const struct {
        int row;
        const char *in;
        enum idnum_problem want;
        const char *norm;
    } rows[] = {
        {1, "11010519491231002X", IDNUM_OK, "11010519491231002X"},
        {2, "11010519491231002x", IDNUM_OK, "11010519491231002X"},
        {3, "360426199101010071", IDNUM_OK, NULL},
        {4, "120103198806018241", IDNUM_OK, NULL},
        {5, "150602199003071234", IDNUM_OK, NULL},
        {6, "150627199810120036", IDNUM_OK, NULL},
        {7, "150621200402290017", IDNUM_OK, NULL}, /* born on a leap day */
        {8, "150602 19900307 1234", IDNUM_OK, "150602199003071234"},
        {9, "360426199101010072", IDNUM_CHECK, NULL},
        {10, "", IDNUM_EMPTY, NULL},
        {11, "   ", IDNUM_EMPTY, NULL},
        {12, "36042619910101007", IDNUM_LENGTH, NULL},
        {13, "3604261991010100711", IDNUM_LENGTH, NULL},
        {14, "36042619910101X071", IDNUM_CHARS, NULL},
        {15, "3604261991010100A1", IDNUM_CHARS, NULL},
        {16, "X60426199101010071", IDNUM_CHARS, NULL},
        {17, "060426199101010071", IDNUM_REGION, NULL},
        {18, "150621200302290017", IDNUM_BIRTH, NULL},                    /* 2003-02-29 */
        {19, "150621199013010017", IDNUM_BIRTH, NULL},                    /* month 13 */
        {20, "150621189912310017", IDNUM_BIRTH, NULL},                    /* before 1900 */
        {21, "150621202612010017", IDNUM_BIRTH, NULL},                    /* after today */
        {22, "３６０４２６１９９１０１０１００７１", IDNUM_LENGTH, NULL}, /* full-width */
        {23, "36042619910101007\xef", IDNUM_CHARS, NULL},
        {24, NULL, IDNUM_EMPTY, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[IDNUM_BUF] = "junk";
        enum idnum_problem p = idnum_check(rows[i].in, &today, out);
        CHECKF(p == rows[i].want, "row %d: got %d", rows[i].row, (int)p);
        if (p == IDNUM_OK && rows[i].norm)
            CHECKF(strcmp(out, rows[i].norm) == 0, "row %d: %s", rows[i].row, out);
        if (p != IDNUM_OK)
            CHECKF(out[0] == '\0', "row %d: out cleared", rows[i].row);
        if (p != IDNUM_OK)
            CHECKF(idnum_problem_key(p) && tr_has(idnum_problem_key(p)), "row %d: message",
                   rows[i].row);
    }
    /* Every single-digit substitution and every adjacent transposition of different
     * characters in a valid number is caught (ISO 7064 MOD 11-2), unless it breaks the
     * date first. */
    static const char *const valid[] = {"150602199003071234", "360426199101010071",
                                        "11010519491231002X", "120103198806018241"};
    long tried = 0, missed = 0;
    for (size_t v = 0; v < 4; v++) {
        char n[IDNUM_BUF];
        memcpy(n, valid[v], IDNUM_BUF);
        for (int pos = 0; pos < 18; pos++) {
            char orig = n[pos];
            for (const char *c = "0123456789X"; *c; c++) {
                if (*c == orig || (*c == 'X' && pos != 17))
                    continue;
                n[pos] = *c;
                tried++;
                missed += idnum_check(n, &today, NULL) == IDNUM_OK;
            }
            n[pos] = orig;
        }
        for (int pos = 0; pos + 1 < 18; pos++) {
            if (n[pos] == n[pos + 1] || n[pos + 1] == 'X')
                continue;
            char t = n[pos];
            n[pos] = n[pos + 1];
            n[pos + 1] = t;
            tried++;
            missed += idnum_check(n, &today, NULL) == IDNUM_OK;
            n[pos + 1] = n[pos];
            n[pos] = t;
        }
    }
    CHECKF(missed == 0 && tried > 600, "%ld of %ld changes accepted", missed, tried);
}

static void test_idnum_card_rows(void)
{
    static const struct {
        int row;
        const char *num, *birth, *sex;
        enum idnum_problem want;
    } rows[] = {
        {1, "150602199003071234", "19900307", "1", IDNUM_OK},
        {2, "150602199003071234", "19900308", "1", IDNUM_CARD_BIRTH},
        {3, "150602199003071234", "19900307", "2", IDNUM_CARD_SEX},
        {4, "150627199810120036", "19981012", "2", IDNUM_CARD_SEX}, /* 003: odd, a man */
        {5, "120103198806018241", "19880601", "2", IDNUM_OK},       /* 824: even, female */
        {6, "120103198806018241", NULL, NULL, IDNUM_OK},
        {7, "120103198806018241", "", "", IDNUM_OK},
        {8, "120103198806018242", "19880601", "2", IDNUM_CHECK},
        {9, "11010519491231002X", "19491231", "2", IDNUM_OK}, /* 002: even */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        enum idnum_problem p = idnum_check_card(rows[i].num, rows[i].birth, rows[i].sex);
        CHECKF(p == rows[i].want, "row %d: got %d", rows[i].row, (int)p);
    }
    struct cdate b;
    CHECK(idnum_birth("150602199003071234", &b) && b.year == 1990 && b.month == 3 && b.day == 7);
    CHECK(idnum_sex("150602199003071234") == '1');
    CHECK(idnum_sex("120103198806018241") == '2');
    CHECK(idnum_sex("bad") == '\0');
}

static void test_phone_rows(void)
{
    static const struct {
        int row;
        const char *in;
        const char *out; /* NULL = invalid */
    } rows[] = {
        {1, "0477-8575378", "0477-8575378"},
        {2, "04778575378", "0477-8575378"},
        {3, "0477 8575378", "0477-8575378"},
        {4, "13800138000", "13800138000"},
        {5, "138 0013 8000", "13800138000"},
        {6, "010-62345678", "010-62345678"},
        {7, "02162345678", "021-62345678"},
        {8, "12800138000", NULL},   /* no 12x mobiles */
        {9, "1380013800", NULL},    /* 10 digits */
        {10, "138001380001", NULL}, /* 12 digits */
        {11, "138-0013-8000", NULL},
        {12, "047-78575378", NULL}, /* dash in the wrong place */
        {13, "0477-857537", NULL},  /* 6-digit local */
        {14, "0477-857537890", NULL},
        {15, "0477-0575378", NULL}, /* local number starting with 0 */
        {16, "0077-8575378", NULL},
        {17, "", NULL},
        {18, "+8613800138000", NULL},
        {19, "0477—8575378", NULL}, /* em dash as printed in the source */
        {20, "-04778575378", NULL},
        {21, "1380013800a", NULL},
        {22, NULL, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[PHONE_BUF] = "junk";
        bool ok = phone_check(rows[i].in, out);
        CHECKF(ok == (rows[i].out != NULL), "row %d: %s", rows[i].row,
               rows[i].in ? rows[i].in : "(null)");
        if (ok && rows[i].out)
            CHECKF(strcmp(out, rows[i].out) == 0, "row %d: %s", rows[i].row, out);
    }
    /* Every phone in the service definition passes the same check. */
    for (size_t i = 0; i < svc.n_districts; i++)
        CHECKF(!svc.districts[i].phone || phone_check(svc.districts[i].phone, NULL), "%s",
               svc.districts[i].id);
    CHECK(phone_check(svc.supervision_phone, NULL));
}

static size_t fidx(const char *id)
{
    long i = service_field_index(&svc, id);
    CHECKF(i >= 0, "field %s", id);
    return i < 0 ? 0 : (size_t)i;
}

static void test_field_rows(void)
{
    static const struct {
        int row;
        const char *field, *value;
        const char *want; /* NULL = valid, else the exact message */
    } rows[] = {
        {1, "name", "张三", NULL},
        {2, "name", "", "请填写姓名"},
        {3, "name", "   ", "请填写姓名"},
        {4, "name", "阿依古丽·买买提", NULL},
        {5, "name", "张三张三张三张三张三张三张三张三张三张三张三张三张三张三张三张",
         "姓名最多30个字"},
        {6, "name", "张\x01三", "姓名含有无法识别的字符"},
        {7, "name", "\xe5\xbc", "姓名含有无法识别的字符"},
        {8, "sex", "1", NULL},
        {9, "sex", "3", "性别的选项不在列表中，请重新选择"},
        {10, "ethnicity", "02", NULL},
        {11, "ethnicity", "", "请选择民族"},
        {12, "ethnicity", "蒙古族", "民族的选项不在列表中，请重新选择"},
        {13, "enlist_date", "2024-09-10", NULL},
        {14, "enlist_date", "2024-09-31", "入伍时间不是有效日期（年-月-日）"},
        {15, "discharge_date", "2026-11-28", NULL},
        {16, "discharge_date", "2026-11-29", "退役时间不能晚于今天"},
        {17, "discharge_date", "", "请选择退役时间"},
        {18, "phone", "0477-8575378", NULL},
        {19, "phone", "8575378", "联系电话应为11位手机号，或带区号的固定电话（如0477-8575378）"},
        {20, "id_number", "150602199003071234", NULL},
        {21, "id_number", "150602199003071235", "身份证号有误（校验位不符），请逐位核对"},
        {22, "id_number", "15060219900307123", "身份证号应为18位"},
        {23, "relation", "spouse", NULL},
        {24, "relation", "friend", "与落户方关系的选项不在列表中，请重新选择"},
        {25, "address", "内蒙古鄂尔多斯市东胜区某街道1号", NULL},
        {26, "native_place", "", "请填写籍贯"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char msg[VALIDATE_MSG];
        bool ok = validate_field(&svc, fidx(rows[i].field), rows[i].value, today, msg, sizeof msg);
        CHECKF(ok == (rows[i].want == NULL), "row %d: %s", rows[i].row, msg);
        if (!ok && rows[i].want)
            CHECKF(strcmp(msg, rows[i].want) == 0, "row %d: \"%s\"", rows[i].row, msg);
    }
    char msg[VALIDATE_MSG];
    CHECK(!validate_field(&svc, svc.n_fields, "x", today, msg, sizeof msg));
}

static void test_form(void)
{
    const char **v = xcalloc(svc.n_fields, sizeof *v);
    v[fidx("name")] = "张三";
    v[fidx("sex")] = "1";
    v[fidx("ethnicity")] = "02";
    v[fidx("political_status")] = "13";
    v[fidx("education")] = "60";
    v[fidx("marital_status")] = "10";
    v[fidx("enlist_date")] = "2024-09-10";
    v[fidx("discharge_date")] = "2026-09-01";
    v[fidx("phone")] = "13800138000";
    v[fidx("id_number")] = "150602199003071234";
    v[fidx("relation")] = "parent";
    v[fidx("native_place")] = "内蒙古鄂尔多斯";
    v[fidx("household_before")] = "内蒙古鄂尔多斯市东胜区";
    v[fidx("enlist_place")] = "内蒙古鄂尔多斯市东胜区";
    v[fidx("address")] = "内蒙古鄂尔多斯市东胜区某街道1号";
    v[fidx("delivery")] = "sms";
    struct field_error errs[20];
    struct validate_card card = {"19900307", "1"};
    CHECK_EQ_INT(validate_form(&svc, v, &card, today, errs, 20), 0);
    CHECK_EQ_INT(validate_form(&svc, v, NULL, today, errs, 20), 0);

    /* Enlistment after discharge; ID against the card; sex field against the number. */
    v[fidx("enlist_date")] = "2026-09-01";
    size_t n = validate_form(&svc, v, &card, today, errs, 20);
    CHECK_EQ_INT(n, 1);
    CHECK(n >= 1 && errs[0].field == fidx("enlist_date"));
    CHECK(n >= 1 && strcmp(errs[0].msg, "入伍时间应早于退役时间") == 0);
    v[fidx("enlist_date")] = "2024-09-10";

    struct validate_card other = {"19900308", "1"};
    n = validate_form(&svc, v, &other, today, errs, 20);
    CHECK(n == 1 && errs[0].field == fidx("id_number") &&
          strcmp(errs[0].msg, "身份证号与身份证上的出生日期不一致") == 0);
    struct validate_card woman = {"19900307", "2"};
    n = validate_form(&svc, v, &woman, today, errs, 20);
    CHECK(n == 1 && strcmp(errs[0].msg, "身份证号与身份证上的性别不一致") == 0);
    v[fidx("sex")] = "2";
    n = validate_form(&svc, v, NULL, today, errs, 20);
    CHECK(n == 1 && strcmp(errs[0].msg, "身份证号与所填性别不一致") == 0);
    v[fidx("sex")] = "1";

    /* The mailing address is asked, and required, only when the result goes by post. */
    CHECK_EQ_INT(validate_form(&svc, v, NULL, today, errs, 20), 0);
    v[fidx("delivery")] = "mail";
    n = validate_form(&svc, v, NULL, today, errs, 20);
    CHECK(n == 1 && errs[0].field == fidx("mail_address") &&
          strcmp(errs[0].msg, "请填写邮寄地址") == 0);
    v[fidx("mail_address")] = "内蒙古鄂尔多斯市东胜区某街道1号";
    CHECK_EQ_INT(validate_form(&svc, v, NULL, today, errs, 20), 0);
    v[fidx("delivery")] = "sms";
    CHECK(service_field_asked(&svc, fidx("delivery"), v));
    CHECK(!service_field_asked(&svc, fidx("mail_address"), v));
    CHECK(!service_field_asked(&svc, fidx("mail_address"), NULL));

    /* Everything empty: one "required" error per required field asked, in order; max
     * respected. */
    const char **empty = xcalloc(svc.n_fields, sizeof *empty);
    n = validate_form(&svc, empty, NULL, today, errs, 20);
    size_t required = 0;
    for (size_t i = 0; i < svc.n_fields; i++)
        required += svc.fields[i].required && service_field_asked(&svc, i, empty);
    CHECK_EQ_INT(n, required);
    for (size_t i = 0; i + 1 < n && i + 1 < 20; i++)
        CHECK(errs[i].field < errs[i + 1].field);
    CHECK_EQ_INT(validate_form(&svc, empty, NULL, today, errs, 3), required);
    CHECK_EQ_STR(errs[0].msg, "请填写姓名");
    free(empty);
    free(v);
}

int main(void)
{
    char err[512];
    char *dir = xasprintf("%s/assets/ui/strings", ktest_src());
    CHECK(strings_load_dir(dir, err, sizeof err) == K_OK);
    free(dir);
    char *path = xasprintf("%s/assets/services/veteran-discharge.json", ktest_src());
    enum kerr rc = service_load(path, &svc, err, sizeof err);
    free(path);
    CHECKF(rc == K_OK, "%s", err);
    if (rc != K_OK)
        return ktest_done();
    KTEST_RUN(test_idnum_rows);
    KTEST_RUN(test_idnum_card_rows);
    KTEST_RUN(test_phone_rows);
    KTEST_RUN(test_field_rows);
    KTEST_RUN(test_form);
    service_free(&svc);
    strings_unload();
    return ktest_done();
}
