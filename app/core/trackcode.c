/* app/core/trackcode.c: tracking codes, check character, tokens, URLs (app/core, pure).
 * See trackcode.h for the format and why the check character catches what it catches. */
#include "app/core/trackcode.h"

#include <ctype.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

static const char alphabet[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/* Value 0..31 of an upper-case alphabet character, or -1. */
static int value_of(char c)
{
    const char *p = c ? strchr(alphabet, c) : NULL;
    return p ? (int)(p - alphabet) : -1;
}

/* Multiplication by 2 in GF(32) modulo x^5 + x^2 + 1. */
static unsigned times2(unsigned h)
{
    h <<= 1;
    if (h & 32u)
        h ^= 0x25u;
    return h;
}

/* The running check value over n alphabet characters. */
static unsigned fold(const char *s, size_t n)
{
    unsigned h = 0;
    for (size_t i = 0; i < n; i++)
        h = times2(h) ^ (unsigned)value_of(s[i]);
    return h;
}

static void put_base32(char *out, long v, int digits)
{
    for (int i = digits - 1; i >= 0; i--) {
        out[i] = alphabet[v & 31];
        v >>= 5;
    }
}

static void group(const char *compact, char out[TRACKCODE_MAX])
{
    snprintf(out, TRACKCODE_MAX, "%.5s-%.3s-%.4s", compact, compact + 5, compact + 8);
}

enum kerr trackcode_make(long kiosk_id, long seq, char out[TRACKCODE_MAX])
{
    out[0] = '\0';
    if (kiosk_id < 1 || kiosk_id > TRACKCODE_KIOSK_MAX || seq < 0 || seq > TRACKCODE_SEQ_MAX)
        return K_ERR_INVALID;
    char c[TRACKCODE_COMPACT_LEN + 1];
    c[0] = 'K';
    put_base32(c + 1, kiosk_id, 4);
    put_base32(c + 5, seq, 6);
    c[11] = alphabet[times2(fold(c, 11))];
    c[12] = '\0';
    group(c, out);
    return K_OK;
}

bool trackcode_normalize(const char *in, char out[TRACKCODE_MAX])
{
    size_t n = 0;
    out[0] = '\0';
    if (!in)
        return false;
    for (const char *p = in; *p; p++) {
        char c = *p;
        if (c == ' ' || c == '-')
            continue;
        c = (char)toupper((unsigned char)c);
        if (c == 'O')
            c = '0';
        else if (c == 'I' || c == 'L')
            c = '1';
        if (value_of(c) < 0 || n >= TRACKCODE_COMPACT_LEN) {
            out[0] = '\0';
            return false;
        }
        out[n++] = c;
    }
    out[n] = '\0';
    if (n != TRACKCODE_COMPACT_LEN || out[0] != 'K') {
        out[0] = '\0';
        return false;
    }
    return true;
}

bool trackcode_check(const char *code)
{
    char c[TRACKCODE_MAX];
    return trackcode_normalize(code, c) && fold(c, TRACKCODE_COMPACT_LEN) == 0;
}

bool trackcode_group(const char *code, char out[TRACKCODE_MAX])
{
    char c[TRACKCODE_MAX];
    if (!trackcode_normalize(code, c)) {
        out[0] = '\0';
        return false;
    }
    group(c, out);
    return true;
}

bool trackcode_split(const char *code, long *kiosk_id, long *seq)
{
    char c[TRACKCODE_MAX];
    if (!trackcode_normalize(code, c) || fold(c, TRACKCODE_COMPACT_LEN) != 0)
        return false;
    long k = 0, s = 0;
    for (int i = 1; i < 5; i++)
        k = k * 32 + value_of(c[i]);
    for (int i = 5; i < 11; i++)
        s = s * 32 + value_of(c[i]);
    *kiosk_id = k;
    *seq = s;
    return true;
}

void trackcode_token(const uint8_t *secret, size_t secret_len, const char *code,
                     char out[TRACKCODE_TOKEN_MAX])
{
    char c[TRACKCODE_MAX];
    const char *msg = trackcode_normalize(code, c) ? c : (code ? code : "");
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, secret, secret_len);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)msg, strlen(msg));
    crypto_auth_hmacsha256_final(&st, mac);
    /* 16 characters x 5 bits = the first 80 bits of the MAC. */
    for (int i = 0; i < TRACKCODE_TOKEN_LEN; i++) {
        int bit = i * 5;
        unsigned v = ((unsigned)mac[bit / 8] << 8 | mac[bit / 8 + 1]) >> (11 - bit % 8);
        out[i] = alphabet[v & 31];
    }
    out[TRACKCODE_TOKEN_LEN] = '\0';
    sodium_memzero(mac, sizeof mac);
    sodium_memzero(&st, sizeof st);
}

/* Upper-cased copy of a token into out; false unless it is TRACKCODE_TOKEN_LEN alphabet chars. */
static bool token_normalize(const char *in, char out[TRACKCODE_TOKEN_MAX])
{
    size_t n = 0;
    out[0] = '\0';
    if (!in)
        return false;
    for (; in[n]; n++) {
        if (n >= TRACKCODE_TOKEN_LEN)
            return false;
        char c = (char)toupper((unsigned char)in[n]);
        if (value_of(c) < 0)
            return false;
        out[n] = c;
    }
    out[n] = '\0';
    return n == TRACKCODE_TOKEN_LEN;
}

bool trackcode_token_verify(const uint8_t *secret, size_t secret_len, const char *code,
                            const char *token)
{
    char want[TRACKCODE_TOKEN_MAX], got[TRACKCODE_TOKEN_MAX];
    if (!trackcode_check(code) || !token_normalize(token, got))
        return false;
    trackcode_token(secret, secret_len, code, want);
    bool ok = sodium_memcmp(want, got, TRACKCODE_TOKEN_LEN) == 0;
    sodium_memzero(want, sizeof want);
    return ok;
}

enum kerr trackcode_url(const char *base_url, const char *code, const char *token, char *out,
                        size_t n)
{
    char g[TRACKCODE_MAX], t[TRACKCODE_TOKEN_MAX];
    if (n)
        out[0] = '\0';
    if (!base_url || !*base_url || !trackcode_check(code) || !token_normalize(token, t))
        return K_ERR_INVALID;
    trackcode_group(code, g);
    int w = snprintf(out, n, "%s%s?t=%s", base_url, g, t);
    if (w < 0 || (size_t)w >= n) {
        if (n)
            out[0] = '\0';
        return K_ERR_TOO_LARGE;
    }
    return K_OK;
}

static bool has_prefix_ci(const char *s, const char *prefix)
{
    return strncasecmp(s, prefix, strlen(prefix)) == 0;
}

static enum kerr parse_url(const char *base_url_or_NULL, const char *text, char code[TRACKCODE_MAX],
                           char token[TRACKCODE_TOKEN_MAX], bool *has_token);

enum kerr trackcode_parse_url(const char *base_url_or_NULL, const char *text,
                              char code[TRACKCODE_MAX], char token[TRACKCODE_TOKEN_MAX],
                              bool *has_token)
{
    enum kerr rc = parse_url(base_url_or_NULL, text, code, token, has_token);
    if (rc != K_OK) {
        /* Nothing half-parsed leaks out of a failure. */
        code[0] = '\0';
        token[0] = '\0';
        *has_token = false;
    }
    return rc;
}

static enum kerr parse_url(const char *base_url_or_NULL, const char *text, char code[TRACKCODE_MAX],
                           char token[TRACKCODE_TOKEN_MAX], bool *has_token)
{
    code[0] = '\0';
    token[0] = '\0';
    *has_token = false;
    if (!text)
        return K_ERR_INVALID;
    /* Trim white space (scanners append CR/LF or tabs). */
    while (*text && isspace((unsigned char)*text))
        text++;
    size_t len = strlen(text);
    while (len && isspace((unsigned char)text[len - 1]))
        len--;
    if (len == 0 || len > 512)
        return K_ERR_INVALID;
    char buf[513];
    memcpy(buf, text, len);
    buf[len] = '\0';

    const char *rest = buf;
    bool is_url = has_prefix_ci(buf, "http://") || has_prefix_ci(buf, "https://");
    if (is_url) {
        if (base_url_or_NULL && *base_url_or_NULL) {
            if (!has_prefix_ci(buf, base_url_or_NULL))
                return K_ERR_INVALID;
            rest = buf + strlen(base_url_or_NULL);
        } else {
            const char *q = strchr(buf, '?');
            const char *end = q ? q : buf + len;
            const char *slash = NULL;
            for (const char *p = buf + (buf[4] == 's' || buf[4] == 'S' ? 8 : 7); p < end; p++)
                if (*p == '/')
                    slash = p;
            if (!slash)
                return K_ERR_INVALID;
            rest = slash + 1;
        }
    }
    /* rest is CODE or CODE?t=TOKEN (only with a URL). */
    char cpart[TRACKCODE_MAX * 2];
    const char *q = strchr(rest, '?');
    size_t clen = q ? (size_t)(q - rest) : strlen(rest);
    if (clen >= sizeof cpart)
        return K_ERR_INVALID;
    memcpy(cpart, rest, clen);
    cpart[clen] = '\0';
    if (q) {
        if (!is_url || !has_prefix_ci(q, "?t="))
            return K_ERR_INVALID;
        if (!token_normalize(q + 3, token))
            return K_ERR_INVALID;
        *has_token = true;
    }
    if (!trackcode_normalize(cpart, code)) {
        token[0] = '\0';
        *has_token = false;
        return K_ERR_INVALID;
    }
    if (fold(code, TRACKCODE_COMPACT_LEN) != 0) {
        code[0] = '\0';
        token[0] = '\0';
        *has_token = false;
        return K_ERR_CHECKSUM;
    }
    return K_OK;
}
