/* tests/platform/test_utf8.c: the one UTF-8 decoder (platform/utf8.c) and the checks on it. */
#include <string.h>

#include "platform/utf8.h"
#include "tests/support/ktest.h"

static void test_decode(void)
{
    static const struct {
        const char *bytes;
        size_t len;       /* bytes the decoder may read */
        size_t want_n;    /* 0: invalid */
        uint32_t want_cp; /* when valid */
    } rows[] = {
        /* 1 */ {"A", 1, 1, 0x41},
        /* 2 */ {"\xC2\xA9", 2, 2, 0xA9},
        /* 3 */ {"\xE5\x86\x9B", 3, 3, 0x519B}, /* 军 */
        /* 4 */ {"\xF0\x9F\x98\x80", 4, 4, 0x1F600},
        /* 5 */ {"\xC0\xAF", 2, 0, 0},         /* overlong '/' */
        /* 6 */ {"\xE0\x80\xAF", 3, 0, 0},     /* overlong, 3 bytes */
        /* 7 */ {"\xED\xA0\x80", 3, 0, 0},     /* surrogate U+D800 */
        /* 8 */ {"\xF4\x90\x80\x80", 4, 0, 0}, /* above U+10FFFF */
        /* 9 */ {"\xE5\x86", 2, 0, 0},         /* truncated by len */
        /* 10 */ {"\xE5\x86\x9B", 2, 0, 0},    /* the third byte lies beyond len */
        /* 11 */ {"\xE5\x41\x9B", 3, 0, 0},    /* not a continuation */
        /* 12 */ {"\x80", 1, 0, 0},            /* a lone continuation */
        /* 13 */ {"\xFF", 1, 0, 0},
        /* 14 */ {"A", 0, 0, 0},                    /* nothing may be read */
        /* 15 */ {"\xF8\x88\x80\x80\x80", 5, 0, 0}, /* 5-byte form */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint32_t cp = 0xDEAD;
        size_t n = utf8_decode(rows[i].bytes, rows[i].len, &cp);
        CHECKF(n == rows[i].want_n, "row %zu: length %zu", i + 1, n);
        if (rows[i].want_n)
            CHECKF(cp == rows[i].want_cp, "row %zu: U+%04X", i + 1, (unsigned)cp);
        else
            CHECKF(cp == 0xDEAD, "row %zu: cp touched", i + 1);
    }
}

static void test_checks(void)
{
    CHECK_EQ_INT(utf8_count("退役军人"), 4);
    CHECK_EQ_INT(utf8_count(""), 0);
    CHECK_EQ_INT(utf8_count("a\xC0\xAF"), -1);
    CHECK(!utf8_has_control("鄂尔多斯 Ordos", false));
    CHECK(utf8_has_control("a\nb", false));
    CHECK(!utf8_has_control("a\nb", true));
    CHECK(utf8_has_control("a\xC2\x85", true)); /* C1 NEL */
    CHECK(utf8_has_control("a\x7F", true));
    CHECK(utf8_has_control("\xE5\x86", true)); /* invalid counts as control */
}

int main(void)
{
    KTEST_RUN(test_decode);
    KTEST_RUN(test_checks);
    return ktest_done();
}
