/* app/core/scan.c: classify a scan (see scan.h). Pure. */
#include "app/core/scan.h"

#include <string.h>

const char *scan_token_name(enum scan_token t)
{
    switch (t) {
    case SCAN_TOKEN_OK:
        return "ok";
    case SCAN_TOKEN_BAD:
        return "bad";
    case SCAN_TOKEN_UNCHECKED:
        return "unchecked";
    case SCAN_TOKEN_ABSENT:
    default:
        return "absent";
    }
}

bool scan_usable(const struct scan_result *r)
{
    return r->code[0] && r->token_state != SCAN_TOKEN_BAD;
}

enum kerr scan_parse(const char *base_url_or_NULL, const uint8_t *secret, size_t secret_len,
                     const void *text, size_t len, struct scan_result *r)
{
    memset(r, 0, sizeof *r);
    r->token_state = SCAN_TOKEN_ABSENT;
    r->reason_key = "scanner.not_ours";
    if (len == 0)
        return K_ERR_INVALID;
    if (len > SCAN_TEXT_MAX)
        return K_ERR_TOO_LARGE;
    const unsigned char *b = text;
    char buf[SCAN_TEXT_MAX + 1];
    for (size_t i = 0; i < len; i++) {
        if (b[i] < 0x20 || b[i] > 0x7e)
            return K_ERR_INVALID; /* control bytes, NUL, anything not ASCII */
        buf[i] = (char)b[i];
    }
    buf[len] = '\0';
    char code[TRACKCODE_MAX], token[TRACKCODE_TOKEN_MAX];
    bool has_token = false;
    const char *base = base_url_or_NULL && base_url_or_NULL[0] ? base_url_or_NULL : NULL;
    enum kerr e = trackcode_parse_url(base, buf, code, token, &has_token);
    explicit_bzero(buf, sizeof buf);
    if (e == K_ERR_CHECKSUM) {
        r->reason_key = "scanner.bad_check";
        return e;
    }
    if (e != K_OK)
        return K_ERR_INVALID;
    /* trackcode_parse_url checked the check character; check again so that a change there
     * cannot let a bad code through here */
    if (!trackcode_check(code)) {
        r->reason_key = "scanner.bad_check";
        return K_ERR_CHECKSUM;
    }
    memcpy(r->code, code, sizeof r->code);
    r->reason_key = NULL;
    if (has_token) {
        memcpy(r->token, token, sizeof r->token);
        if (!secret || secret_len == 0)
            r->token_state = SCAN_TOKEN_UNCHECKED;
        else if (trackcode_token_verify(secret, secret_len, code, token))
            r->token_state = SCAN_TOKEN_OK;
        else {
            r->token_state = SCAN_TOKEN_BAD;
            r->reason_key = "scanner.bad_token";
        }
    }
    return K_OK;
}
