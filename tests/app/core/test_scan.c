/* tests/app/core/test_scan.c: app/core/scan.c, what a scan means: this system's receipt QR
 * or a bare code, with check character and token, everything else rejected. Table-driven. */
#include <stdio.h>
#include <string.h>

#include "app/core/scan.h"
#include "tests/support/ktest.h"

#define BASE "https://yjs.ordos.example/s/"

static const uint8_t secret[32] = "0123456789abcdef0123456789abcde";

struct row {
    int n;
    const char *base; /* NULL: any http(s) URL */
    bool with_secret;
    const char *text; /* "%C" = a valid grouped code, "%T" = its token, "%W" = a wrong token */
    enum kerr want;
    const char *want_code; /* compact, or "" */
    enum scan_token want_token;
    const char *want_reason;
};

static void expand(const char *tmpl, const char *code, const char *tok, const char *wrong,
                   char *out, size_t n)
{
    out[0] = '\0';
    size_t o = 0;
    for (const char *p = tmpl; *p && o + 40 < n; p++) {
        if (p[0] == '%' && (p[1] == 'C' || p[1] == 'T' || p[1] == 'W')) {
            const char *s = p[1] == 'C' ? code : p[1] == 'T' ? tok : wrong;
            size_t l = strlen(s);
            memcpy(out + o, s, l);
            o += l;
            p++;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
}

static void table(void)
{
    char code[TRACKCODE_MAX], compact[TRACKCODE_MAX], tok[TRACKCODE_TOKEN_MAX],
        wrong[TRACKCODE_TOKEN_MAX];
    CHECK(trackcode_make(7, 1234, code) == K_OK);
    CHECK(trackcode_normalize(code, compact));
    trackcode_token(secret, sizeof secret, code, tok);
    memcpy(wrong, tok, sizeof wrong);
    wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
    /* a code whose check character is off by one substitution */
    char badcheck[TRACKCODE_MAX];
    memcpy(badcheck, code, sizeof badcheck);
    size_t bl = strlen(badcheck);
    badcheck[bl - 1] = badcheck[bl - 1] == '0' ? '1' : '0';
    char badurl[200];
    snprintf(badurl, sizeof badurl, BASE "%s?t=%s", badcheck, tok);

    const struct row rows[] = {
        {1, BASE, true, BASE "%C?t=%T", K_OK, compact, SCAN_TOKEN_OK, NULL},
        {2, BASE, true, BASE "%C?t=%W", K_OK, compact, SCAN_TOKEN_BAD, "scanner.bad_token"},
        {3, BASE, false, BASE "%C?t=%T", K_OK, compact, SCAN_TOKEN_UNCHECKED, NULL},
        {4, BASE, true, "%C", K_OK, compact, SCAN_TOKEN_ABSENT, NULL},
        {5, BASE, true, "  %C  ", K_OK, compact, SCAN_TOKEN_ABSENT, NULL},
        {6, NULL, true, "https://other.example/a/b/%C?t=%T", K_OK, compact, SCAN_TOKEN_OK, NULL},
        {7, BASE, true, "https://evil.example/s/%C?t=%T", K_ERR_INVALID, "", SCAN_TOKEN_ABSENT,
         "scanner.not_ours"},
        {8, BASE, true, "javascript:alert(1)", K_ERR_INVALID, "", SCAN_TOKEN_ABSENT,
         "scanner.not_ours"},
        {9, BASE, true, "4006381333931", K_ERR_INVALID, "", SCAN_TOKEN_ABSENT, "scanner.not_ours"},
        {10, BASE, true, "", K_ERR_INVALID, "", SCAN_TOKEN_ABSENT, "scanner.not_ours"},
        {11, BASE, true, "WIFI:S:net;T:WPA;P:pw;;", K_ERR_INVALID, "", SCAN_TOKEN_ABSENT,
         "scanner.not_ours"},
        {12, BASE, true, "%C\t", K_ERR_INVALID, "", SCAN_TOKEN_ABSENT, "scanner.not_ours"},
        {13, BASE, true, "受理编号%C", K_ERR_INVALID, "", SCAN_TOKEN_ABSENT, "scanner.not_ours"},
        {14, "", true, BASE "%C?t=%T", K_OK, compact, SCAN_TOKEN_OK, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct row *r = &rows[i];
        char text[600];
        expand(r->text, code, tok, wrong, text, sizeof text);
        struct scan_result res;
        enum kerr e = scan_parse(r->base, r->with_secret ? secret : NULL,
                                 r->with_secret ? sizeof secret : 0, text, strlen(text), &res);
        CHECKF(e == r->want, "row %d: %s, want %s", r->n, kerr_name(e), kerr_name(r->want));
        CHECKF(strcmp(res.code, r->want_code) == 0, "row %d: code \"%s\"", r->n, res.code);
        CHECKF(res.token_state == r->want_token, "row %d: token %s", r->n,
               scan_token_name(res.token_state));
        CHECKF(
            (res.reason_key == NULL && r->want_reason == NULL) ||
                (res.reason_key && r->want_reason && strcmp(res.reason_key, r->want_reason) == 0),
            "row %d: reason %s", r->n, res.reason_key ? res.reason_key : "(none)");
        CHECKF(scan_usable(&res) == (e == K_OK && r->want_token != SCAN_TOKEN_BAD), "row %d", r->n);
    }

    /* the check character: a bare code and a URL with one wrong character */
    struct scan_result res;
    CHECK_EQ_INT(scan_parse(BASE, secret, sizeof secret, badcheck, strlen(badcheck), &res),
                 K_ERR_CHECKSUM);
    CHECK_EQ_STR(res.reason_key, "scanner.bad_check");
    CHECK_EQ_STR(res.code, "");
    CHECK_EQ_INT(scan_parse(BASE, secret, sizeof secret, badurl, strlen(badurl), &res),
                 K_ERR_CHECKSUM);
    CHECK(!scan_usable(&res));
}

static void hostile_bytes(void)
{
    char code[TRACKCODE_MAX];
    CHECK(trackcode_make(3, 99, code) == K_OK);
    struct scan_result res;
    /* a NUL inside: the part before it must not be taken */
    char withnul[64];
    size_t l = strlen(code);
    memcpy(withnul, code, l);
    withnul[l] = '\0';
    memcpy(withnul + l + 1, "XYZ", 3);
    CHECK_EQ_INT(scan_parse(BASE, NULL, 0, withnul, l + 4, &res), K_ERR_INVALID);
    CHECK_EQ_STR(res.reason_key, "scanner.not_ours");
    /* too long: even a valid code padded with spaces past the limit */
    char big[SCAN_TEXT_MAX + 2];
    memset(big, ' ', sizeof big);
    memcpy(big, code, l);
    CHECK_EQ_INT(scan_parse(BASE, NULL, 0, big, sizeof big, &res), K_ERR_TOO_LARGE);
    CHECK_EQ_STR(res.reason_key, "scanner.not_ours");
    CHECK_EQ_INT(scan_parse(BASE, NULL, 0, big, SCAN_TEXT_MAX, &res), K_OK);
    /* bytes >= 0x80 and DEL */
    char hi[32];
    memcpy(hi, code, l);
    hi[l] = (char)0x7f;
    CHECK_EQ_INT(scan_parse(BASE, NULL, 0, hi, l + 1, &res), K_ERR_INVALID);
    hi[l] = (char)0xff;
    CHECK_EQ_INT(scan_parse(BASE, NULL, 0, hi, l + 1, &res), K_ERR_INVALID);
    CHECK_EQ_STR(scan_token_name(SCAN_TOKEN_ABSENT), "absent");
    CHECK_EQ_STR(scan_token_name(SCAN_TOKEN_OK), "ok");
    CHECK_EQ_STR(scan_token_name(SCAN_TOKEN_BAD), "bad");
}

int main(void)
{
    KTEST_RUN(table);
    KTEST_RUN(hostile_bytes);
    return ktest_done();
}
