/* tests/app/core/test_trackcode.c: tracking codes, check character, tokens and URLs. */
#include <stdint.h>
#include <string.h>

#include "app/core/trackcode.h"
#include "tests/support/ktest.h"

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

static void test_make_rows(void)
{
    static const struct {
        int row;
        long kiosk, seq;
        enum kerr rc;
        const char *want; /* NULL: only check form */
    } rows[] = {
        {1, 1, 0, K_OK, NULL},
        {2, 1, 1, K_OK, NULL},
        {3, 99999, 123456, K_OK, NULL},
        {4, TRACKCODE_KIOSK_MAX, TRACKCODE_SEQ_MAX, K_OK, NULL},
        {5, 0, 1, K_ERR_INVALID, ""},
        {6, -1, 1, K_ERR_INVALID, ""},
        {7, TRACKCODE_KIOSK_MAX + 1, 1, K_ERR_INVALID, ""},
        {8, 1, -1, K_ERR_INVALID, ""},
        {9, 1, TRACKCODE_SEQ_MAX + 1, K_ERR_INVALID, ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char out[TRACKCODE_MAX];
        enum kerr rc = trackcode_make(rows[i].kiosk, rows[i].seq, out);
        CHECKF(rc == rows[i].rc, "row %d: rc %s", rows[i].row, kerr_name(rc));
        if (rows[i].want) {
            CHECKF(strcmp(out, rows[i].want) == 0, "row %d: %s", rows[i].row, out);
            continue;
        }
        CHECKF(strlen(out) == 14 && out[5] == '-' && out[9] == '-' && out[0] == 'K',
               "row %d: grouped form %s", rows[i].row, out);
        CHECKF(trackcode_check(out), "row %d: %s checks", rows[i].row, out);
        long k = -1, s = -1;
        CHECKF(trackcode_split(out, &k, &s) && k == rows[i].kiosk && s == rows[i].seq,
               "row %d: split %ld %ld", rows[i].row, k, s);
        char compact[TRACKCODE_MAX];
        CHECKF(trackcode_normalize(out, compact) && strlen(compact) == 12, "row %d", rows[i].row);
        /* Every character is ASCII A-Z0-9. */
        for (const char *p = compact; *p; p++)
            CHECKF((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9'), "row %d: char %c",
                   rows[i].row, *p);
    }
    /* Known value, computed by hand: K + 0001 + 000001, check c = 2*h. */
    char a[TRACKCODE_MAX], b[TRACKCODE_MAX];
    trackcode_make(1, 1, a);
    trackcode_make(2, 1, b);
    CHECK(strncmp(a, "K0001-000-001", 13) == 0);
    CHECK(strcmp(a, b) != 0);
}

static void test_normalize_rows(void)
{
    char good[TRACKCODE_MAX], compact[TRACKCODE_MAX];
    trackcode_make(37, 4242, good);
    trackcode_normalize(good, compact);
    char lower[TRACKCODE_MAX], spaced[TRACKCODE_MAX * 2];
    for (size_t i = 0; i <= strlen(good); i++)
        lower[i] = (char)(good[i] >= 'A' && good[i] <= 'Z' ? good[i] + 32 : good[i]);
    size_t n = 0;
    for (size_t i = 0; compact[i]; i++) {
        spaced[n++] = compact[i];
        if (i % 2)
            spaced[n++] = ' ';
    }
    spaced[n] = '\0';
    static const struct {
        int row;
        const char *in;
        bool ok;
    } fixed[] = {
        {1, "", false},
        {2, "K", false},
        {3, "K0001-000-001", false},     /* too short */
        {4, "K0001-000-0010X", false},   /* too long */
        {5, "A0001-000-0010", false},    /* not K */
        {6, "K0001-000-001U", false},    /* U is not in the alphabet */
        {7, "K0001_000_0010", false},    /* underscore */
        {8, "K0001-000-001\xe4", false}, /* non-ASCII */
        {9, "K000l-0OO-00iO", true},     /* l, O, i read as 1, 0, 1 */
    };
    for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) {
        char out[TRACKCODE_MAX];
        bool ok = trackcode_normalize(fixed[i].in, out);
        CHECKF(ok == fixed[i].ok, "row %d: %s", fixed[i].row, fixed[i].in);
        if (!ok)
            CHECKF(out[0] == '\0', "row %d: out cleared", fixed[i].row);
    }
    char out[TRACKCODE_MAX];
    CHECK(trackcode_normalize("K000l-0OO-00iO", out) && strcmp(out, "K00010000010") == 0);
    CHECK(trackcode_normalize(lower, out) && strcmp(out, compact) == 0);
    CHECK(trackcode_normalize(spaced, out) && strcmp(out, compact) == 0);
    CHECK(trackcode_check(lower));
    CHECK(trackcode_check(spaced));
    CHECK(trackcode_check(compact));
    CHECK(!trackcode_normalize(NULL, out));
    CHECK(!trackcode_check(NULL));
    char g[TRACKCODE_MAX];
    CHECK(trackcode_group(compact, g) && strcmp(g, good) == 0);
}

/* For many codes: every substitution of every character by every other alphabet character,
 * and every transposition of adjacent different characters, is detected. */
static void test_check_char_exhaustive(void)
{
    long codes = 0, subs = 0, swaps = 0, missed = 0;
    for (long k = 1; k <= 99999; k += 997) {
        for (long s = 0; s <= TRACKCODE_SEQ_MAX; s += 10737421) {
            char g[TRACKCODE_MAX], c[TRACKCODE_MAX];
            trackcode_make(k, s, g);
            trackcode_normalize(g, c);
            codes++;
            for (int pos = 0; pos < 12; pos++) {
                char orig = c[pos];
                for (int a = 0; a < 32; a++) {
                    if (alphabet[a] == orig)
                        continue;
                    c[pos] = alphabet[a];
                    subs++;
                    if (trackcode_check(c)) {
                        missed++;
                        CHECKF(false, "substitution undetected: %s", c);
                    }
                }
                c[pos] = orig;
            }
            for (int pos = 0; pos + 1 < 12; pos++) {
                if (c[pos] == c[pos + 1])
                    continue;
                char t = c[pos];
                c[pos] = c[pos + 1];
                c[pos + 1] = t;
                swaps++;
                if (trackcode_check(c)) {
                    missed++;
                    CHECKF(false, "transposition undetected: %s", c);
                }
                c[pos + 1] = c[pos];
                c[pos] = t;
            }
            CHECKF(trackcode_check(c), "restored %s", c);
        }
    }
    fprintf(stderr, "checked %ld codes, %ld substitutions, %ld transpositions, %ld missed\n", codes,
            subs, swaps, missed);
    CHECK(codes > 1000 && missed == 0);
    /* And the same over every pair of characters at every position of a synthetic string:
     * (a,b) -> (b,a) for all a != b, independent of the code's content. */
    long pairs = 0;
    for (int pos = 1; pos + 1 < 11; pos++)
        for (int a = 0; a < 32; a++)
            for (int b = 0; b < 32; b++) {
                if (a == b)
                    continue;
                char c[13] = "K0000000000";
                c[pos] = alphabet[a];
                c[pos + 1] = alphabet[b];
                /* complete with a valid check char */
                char probe[13];
                int found = 0;
                for (int x = 0; x < 32; x++) {
                    memcpy(probe, c, 11);
                    probe[11] = alphabet[x];
                    probe[12] = '\0';
                    if (trackcode_check(probe))
                        found++, c[11] = alphabet[x];
                }
                c[12] = '\0';
                CHECKF(found == 1, "exactly one check char for %s (%d)", c, found);
                char t = c[pos];
                c[pos] = c[pos + 1];
                c[pos + 1] = t;
                pairs++;
                if (trackcode_check(c))
                    CHECKF(false, "pair transposition undetected %s", c);
            }
    CHECK(pairs == 9 * 32 * 31);
}

static void test_tokens(void)
{
    const uint8_t secret[] = "kiosk-7-secret-0123456789abcdef";
    const uint8_t other[] = "kiosk-8-secret-0123456789abcdef";
    char code[TRACKCODE_MAX], tok[TRACKCODE_TOKEN_MAX], tok2[TRACKCODE_TOKEN_MAX];
    trackcode_make(7, 1234, code);
    trackcode_token(secret, sizeof secret - 1, code, tok);
    CHECK_EQ_INT(strlen(tok), TRACKCODE_TOKEN_LEN);
    CHECK(trackcode_token_verify(secret, sizeof secret - 1, code, tok));
    /* Same token for the compact and lower-case forms. */
    char compact[TRACKCODE_MAX];
    trackcode_normalize(code, compact);
    trackcode_token(secret, sizeof secret - 1, compact, tok2);
    CHECK_EQ_STR(tok, tok2);
    char lower[TRACKCODE_TOKEN_MAX];
    for (int i = 0; i <= TRACKCODE_TOKEN_LEN; i++)
        lower[i] = (char)(tok[i] >= 'A' && tok[i] <= 'Z' ? tok[i] + 32 : tok[i]);
    CHECK(trackcode_token_verify(secret, sizeof secret - 1, code, lower));
    /* Another secret, another token. */
    trackcode_token(other, sizeof other - 1, code, tok2);
    CHECK(strcmp(tok, tok2) != 0);
    CHECK(!trackcode_token_verify(other, sizeof other - 1, code, tok));
    /* Any character of the token changed to any other: rejected. */
    long tries = 0, bad = 0;
    for (int pos = 0; pos < TRACKCODE_TOKEN_LEN; pos++) {
        for (int a = 0; a < 32; a++) {
            char t[TRACKCODE_TOKEN_MAX];
            memcpy(t, tok, sizeof t);
            if (t[pos] == alphabet[a])
                continue;
            t[pos] = alphabet[a];
            tries++;
            if (trackcode_token_verify(secret, sizeof secret - 1, code, t))
                bad++;
        }
    }
    CHECKF(bad == 0 && tries == 16 * 31, "%ld of %ld changed tokens accepted", bad, tries);
    /* Any character of the code changed: rejected (even a code with a valid check char). */
    for (long s = 0; s < 200; s++) {
        char c2[TRACKCODE_MAX];
        trackcode_make(7, s, c2);
        if (s == 1234)
            continue;
        CHECKF(!trackcode_token_verify(secret, sizeof secret - 1, c2, tok), "seq %ld", s);
    }
    for (int pos = 0; pos < 12; pos++)
        for (int a = 0; a < 32; a++) {
            char c2[TRACKCODE_MAX];
            memcpy(c2, compact, sizeof c2);
            if (c2[pos] == alphabet[a])
                continue;
            c2[pos] = alphabet[a];
            CHECKF(!trackcode_token_verify(secret, sizeof secret - 1, c2, tok), "code %s", c2);
        }
    /* Wrong lengths and characters. */
    char shortt[TRACKCODE_TOKEN_MAX];
    memcpy(shortt, tok, sizeof shortt);
    shortt[15] = '\0';
    CHECK(!trackcode_token_verify(secret, sizeof secret - 1, code, shortt));
    char longt[TRACKCODE_TOKEN_MAX + 2];
    snprintf(longt, sizeof longt, "%sA", tok);
    CHECK(!trackcode_token_verify(secret, sizeof secret - 1, code, longt));
    CHECK(!trackcode_token_verify(secret, sizeof secret - 1, code, ""));
    CHECK(!trackcode_token_verify(secret, sizeof secret - 1, code, NULL));
    CHECK(!trackcode_token_verify(secret, sizeof secret - 1, "garbage", tok));
    /* Tokens differ across codes (no collisions among 2000 codes). */
    static char toks[2000][TRACKCODE_TOKEN_MAX];
    int dup = 0;
    for (int i = 0; i < 2000; i++) {
        char c2[TRACKCODE_MAX];
        trackcode_make(3, i, c2);
        trackcode_token(secret, sizeof secret - 1, c2, toks[i]);
        for (int j = 0; j < i; j++)
            if (strcmp(toks[i], toks[j]) == 0)
                dup++;
    }
    CHECK_EQ_INT(dup, 0);
}

static void test_url_rows(void)
{
    const char *base = "https://yjs.ordos.example/s/";
    const uint8_t secret[] = "s3cret";
    char code[TRACKCODE_MAX], compact[TRACKCODE_MAX], tok[TRACKCODE_TOKEN_MAX];
    trackcode_make(1, 42, code);
    trackcode_normalize(code, compact);
    trackcode_token(secret, 6, code, tok);
    char url[256];
    CHECK(trackcode_url(base, compact, tok, url, sizeof url) == K_OK);
    char want[256];
    snprintf(want, sizeof want, "%s%s?t=%s", base, code, tok);
    CHECK_EQ_STR(url, want);
    char small[20];
    CHECK(trackcode_url(base, code, tok, small, sizeof small) == K_ERR_TOO_LARGE);
    CHECK(small[0] == '\0');
    char scratch[256];
    CHECK(trackcode_url("", code, tok, scratch, sizeof scratch) == K_ERR_INVALID);
    CHECK(trackcode_url(NULL, code, tok, scratch, sizeof scratch) == K_ERR_INVALID);
    CHECK(trackcode_url(base, "K0001-000-0000", tok, scratch, sizeof scratch) == K_ERR_INVALID ||
          trackcode_check("K0001-000-0000"));
    CHECK(trackcode_url(base, code, "short", scratch, sizeof scratch) == K_ERR_INVALID);

    char bad_check[TRACKCODE_MAX];
    memcpy(bad_check, code, sizeof bad_check);
    bad_check[13] = bad_check[13] == 'A' ? 'B' : 'A';
    char url_lower[256], url_cr[300], url_other[256], url_bad[256], url_junk[300];
    for (size_t i = 0; i <= strlen(url); i++)
        url_lower[i] = (char)(url[i] >= 'A' && url[i] <= 'Z' ? url[i] + 32 : url[i]);
    snprintf(url_cr, sizeof url_cr, "  %s\r\n", url);
    snprintf(url_other, sizeof url_other, "https://evil.example/s/%s?t=%s", code, tok);
    snprintf(url_bad, sizeof url_bad, "%s%s?t=%s", base, bad_check, tok);
    snprintf(url_junk, sizeof url_junk, "%s%s?t=%s&x=1", base, code, tok);
    char url_notok[256], url_badtok[256];
    snprintf(url_notok, sizeof url_notok, "%s%s", base, code);
    snprintf(url_badtok, sizeof url_badtok, "%s%s?t=%.10s", base, code, tok);

    static char longjunk[2000];
    memset(longjunk, 'K', sizeof longjunk - 1);
    const struct {
        int row;
        const char *base;
        const char *text;
        enum kerr rc;
        bool has_token;
    } rows[] = {
        {1, base, url, K_OK, true},
        {2, base, url_lower, K_OK, true},
        {3, base, url_cr, K_OK, true},
        {4, base, code, K_OK, false},
        {5, base, compact, K_OK, false},
        {6, NULL, url, K_OK, true},
        {7, NULL, url_other, K_OK, true},
        {8, base, url_other, K_ERR_INVALID, false},
        {9, base, url_bad, K_ERR_CHECKSUM, false},
        {10, base, bad_check, K_ERR_CHECKSUM, false},
        {11, base, url_junk, K_ERR_INVALID, false},
        {12, base, url_notok, K_OK, false},
        {13, base, url_badtok, K_ERR_INVALID, false},
        {14, base, "", K_ERR_INVALID, false},
        {15, base, "   ", K_ERR_INVALID, false},
        {16, base, "https://", K_ERR_INVALID, false},
        {17, NULL, "https://host", K_ERR_INVALID, false},
        {18, base, longjunk, K_ERR_INVALID, false},
        {19, base, "hello world", K_ERR_INVALID, false},
        {20, base, NULL, K_ERR_INVALID, false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char c[TRACKCODE_MAX], t[TRACKCODE_TOKEN_MAX];
        bool ht = true;
        enum kerr rc = trackcode_parse_url(rows[i].base, rows[i].text, c, t, &ht);
        CHECKF(rc == rows[i].rc, "row %d: %s", rows[i].row, kerr_name(rc));
        CHECKF(ht == rows[i].has_token, "row %d: has_token", rows[i].row);
        if (rc == K_OK)
            CHECKF(strcmp(c, compact) == 0, "row %d: code %s", rows[i].row, c);
        else
            CHECKF(c[0] == '\0' && t[0] == '\0', "row %d: code and token cleared", rows[i].row);
        if (rc == K_OK && ht)
            CHECKF(strcmp(t, tok) == 0 && trackcode_token_verify(secret, 6, c, t),
                   "row %d: token %s", rows[i].row, t);
    }
}

int main(void)
{
    KTEST_RUN(test_make_rows);
    KTEST_RUN(test_normalize_rows);
    KTEST_RUN(test_check_char_exhaustive);
    KTEST_RUN(test_tokens);
    KTEST_RUN(test_url_rows);
    return ktest_done();
}
