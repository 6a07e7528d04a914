/* tests/platform/test_linebreak.c: Chinese line breaking (GB/T 15834, W3C clreq): the cases
 * found on the screens and the receipt, each a numbered row. Widths: a Chinese character or
 * mark is 10 units, an ASCII character 5, so a width of 70 holds seven Chinese characters. */
#include "platform/linebreak.h"

#include <stdlib.h>
#include <string.h>

#include "tests/support/ktest.h"

static int measure(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    int w = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80)
            w += 5;
        else if ((c & 0xC0) != 0x80)
            w += 10;
    }
    return w;
}

static size_t calls;

static int counting_measure(void *ctx, const char *s, size_t n)
{
    calls++;
    return measure(ctx, s, n);
}

static const char regions[] = "# test\n15\t内蒙古自治区\n1506\t鄂尔多斯市\n150603\t康巴什区\n"
                              "150621\t达拉特旗\n1101\t市辖区\n";

static const struct {
    const char *text;
    int first_w, rest_w;
    bool dict;
    const char *want; /* lines joined by '|' */
} rows[] = {
    /* 1 */ {"请您携带身份证。", 70, 70, false, "请您携带身|份证。"},
    /* 2 */ {"请填写姓名，性别", 50, 50, false, "请填写姓|名，性别"},
    /* 3 */ {"是否需要？是的", 40, 40, false, "是否需|要？是的"},
    /* 4 */ {"请阅读（办理须知）", 40, 40, false, "请阅读|（办理|须知）"},
    /* 5 */ {"退役军人年度", 50, 50, false, "退役军人|年度"},
    /* 6 */ {"携带身份证（原件）", 80, 80, false, "携带身份证|（原件）"},
    /* 7 */ {"咨询电话：0477-8575378", 85, 85, false, "咨询电话：|0477-8575378"},
    /* 8 */ {"内蒙古自治区鄂尔多斯市康巴什区", 120, 120, true, "内蒙古自治区鄂尔多斯市|康巴什区"},
    /* 9 */ {"请您稍候……", 50, 50, false, "请您|稍候……"},
    /* 10 */ {"第一行\n第二行", 0, 0, false, "第一行|第二行"},
    /* 11 */ {"hello world", 30, 30, false, "hello|world"},
    /* 12 */ {"0477857537800000", 30, 30, false, "047785|753780|0000"},
    /* 13 */ {"一二三四五六", 20, 40, false, "一二|三四五六"},
    /* 14 */ {"", 50, 50, false, ""},
    /* 15 */ {"住址：达拉特旗树林召镇", 50, 50, true, "住址：|达拉特旗树|林召镇"},
    /* 16 */ {"办理时限：2024.12.31前", 90, 90, false, "办理时限：|2024.12.31前"},
    /* 17 */ {"请看《须知》", 30, 40, false, "请看|《须知》"},
    /* 18 */ {"如有错误请到窗口办理。", 100, 100, false, "如有错误请到窗口|办理。"},
    /* 19 */ {"✓ 已选择", 0, 0, false, "✓ 已选择"},
};

static void test_rows(void)
{
    struct linebreak_dict *d = linebreak_dict_create();
    CHECK(linebreak_dict_add_regions(d, regions, strlen(regions)) > 0);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        size_t n = 0;
        struct linebreak_line *l = linebreak_lines(rows[i].text, rows[i].first_w, rows[i].rest_w,
                                                   measure, NULL, rows[i].dict ? d : NULL, &n);
        char got[512] = "";
        size_t o = 0;
        for (size_t k = 0; k < n && o + 2 < sizeof got; k++) {
            if (k)
                got[o++] = '|';
            size_t len = l[k].end - l[k].start;
            if (o + len + 1 >= sizeof got)
                break;
            memcpy(got + o, rows[i].text + l[k].start, len);
            o += len;
            got[o] = '\0';
        }
        CHECKF(strcmp(got, rows[i].want) == 0, "row %zu: \"%s\" != \"%s\"", i + 1, got,
               rows[i].want);
        free(l);
    }
    linebreak_dict_destroy(d);
}

static void test_dict(void)
{
    struct linebreak_dict *d = linebreak_dict_create();
    /* 内蒙古自治区 + 内蒙古, 鄂尔多斯市 + 鄂尔多斯, 康巴什区 + 康巴什, 达拉特旗 + 达拉特;
     * 市辖区 is a placeholder, not a name. */
    CHECK_EQ_INT(linebreak_dict_add_regions(d, regions, strlen(regions)), 8);
    CHECK_EQ_INT(linebreak_dict_count(d), 8);
    linebreak_dict_add(d, "康巴什区", strlen("康巴什区")); /* a repeat is not counted twice */
    linebreak_dict_add(d, "区", strlen("区"));             /* one character: not a word */
    CHECK_EQ_INT(linebreak_dict_count(d), 8);
    linebreak_dict_destroy(d);
    linebreak_dict_destroy(NULL);
}

/* A long paragraph (a notice's text) is broken with a few measurements a line, not one per
 * code point of each line (each shapes the whole line so far: quadratic in its length). */
static void test_measure_calls(void)
{
    char text[4096] = "";
    size_t o = 0;
    for (int i = 0; i < 300; i++) {
        const char *u = i % 17 == 16 ? "，" : (i % 41 == 40 ? "2024.12" : "军");
        size_t len = strlen(u);
        memcpy(text + o, u, len);
        o += len;
    }
    text[o] = '\0';
    size_t n = 0;
    calls = 0;
    struct linebreak_line *l = linebreak_lines(text, 250, 250, counting_measure, NULL, NULL, &n);
    CHECK(n >= 12);
    CHECKF(calls <= 5 * n + 10, "%zu measurements for %zu lines", calls, n);
    /* Every line fits and the same text breaks as it did one code point at a time. */
    for (size_t k = 0; k < n; k++)
        CHECKF(measure(NULL, text + l[k].start, l[k].end - l[k].start) <= 250, "line %zu", k);
    CHECK_EQ_INT(l[n - 1].end, o);
    free(l);
    /* A label or a button that fits on its line is measured once. */
    calls = 0;
    l = linebreak_lines("内蒙古自治区鄂尔多斯市康巴什区", 300, 300, counting_measure, NULL, NULL,
                        &n);
    CHECK(n == 1 && calls == 1);
    free(l);
}

static void test_invalid_utf8(void)
{
    /* Stray bytes are single characters; the breaker never reads past the end. */
    const char bad[] = "\xE4\xBD\xA0\xFF\xE5\xA5\xBD\xE4\xBD";
    size_t n = 0;
    struct linebreak_line *l = linebreak_lines(bad, 10, 10, measure, NULL, NULL, &n);
    CHECK(n >= 2);
    CHECK_EQ_INT(l[n - 1].end, strlen(bad));
    free(l);
}

int main(void)
{
    KTEST_RUN(test_rows);
    KTEST_RUN(test_dict);
    KTEST_RUN(test_invalid_utf8);
    KTEST_RUN(test_measure_calls);
    return ktest_done();
}
