/* app/core/scan.h: what a scan means to the kiosk: this system's receipt QR or a bare
 * tracking code, or nothing (app/core, pure).
 *
 * A scan is untrusted bytes from a scanner (or typed by a person). Accepted are exactly:
 *   - the receipt QR URL "<qr.base_url><CODE>?t=<TOKEN>" (app/core/trackcode.h), and
 *   - a bare tracking code, grouped or compact (as a phone's scanner app or a person gives).
 * Everything else is rejected before any further look: an empty scan, more than
 * SCAN_TEXT_MAX bytes, any byte outside printable ASCII (receipts hold ASCII only), a URL of
 * another base, anything else. A code whose check character fails is rejected with its own
 * message. When the caller holds the kiosk's QR secret, a token is verified (constant time);
 * without the secret it is reported as not checked. The scan is never opened, executed or
 * logged: this module only computes.
 *
 * Pure functions: no I/O, no allocation, thread-safe.
 */
#ifndef APP_CORE_SCAN_H
#define APP_CORE_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/trackcode.h"
#include "platform/err.h"

#define SCAN_TEXT_MAX 400 /* bytes; a receipt URL is far shorter */

enum scan_token {
    SCAN_TOKEN_ABSENT,    /* a bare code, or a URL without t= */
    SCAN_TOKEN_OK,        /* verified under the secret */
    SCAN_TOKEN_BAD,       /* present, but not this code's token under the secret */
    SCAN_TOKEN_UNCHECKED, /* present, no secret to check it with */
};

struct scan_result {
    char code[TRACKCODE_MAX];        /* compact code when the code is valid, else "" */
    char token[TRACKCODE_TOKEN_MAX]; /* upper-case token as given, "" when absent */
    enum scan_token token_state;
    /* String-catalogue key of the message for a person when the scan is not usable
     * (assets/ui/strings/scanner.json), NULL when it is. */
    const char *reason_key;
};

/* Parse len bytes of text (need not be NUL-terminated; may hold anything). base_url_or_NULL
 * is qr.base_url ("" or NULL: any http(s) URL ending in the code is taken as ours); secret may
 * be NULL (secret_len 0). Returns K_OK when the code is valid (its check character matches),
 * whatever the token state; K_ERR_TOO_LARGE, K_ERR_INVALID (not ours) or K_ERR_CHECKSUM
 * (check character) otherwise. r is always filled; r->reason_key is also set for a valid code
 * with a bad token. */
enum kerr scan_parse(const char *base_url_or_NULL, const uint8_t *secret, size_t secret_len,
                     const void *text, size_t len, struct scan_result *r);
/* True when r may be used to show a case: the code is valid and its token, when there is a
 * token, is not known to be bad. */
bool scan_usable(const struct scan_result *r);
/* "absent", "ok", "bad", "unchecked". */
const char *scan_token_name(enum scan_token t);

#endif
