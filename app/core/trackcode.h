/* app/core/trackcode.h: tracking codes, their check character, QR tokens and URLs (app/core).
 *
 * A tracking code is "K" + the kiosk number (4 base-32 digits) + the kiosk's sequence number
 * (6 base-32 digits) + one check character: 12 characters, unique across kiosks without
 * coordination (kiosk.id is unique in the city, the sequence is unique per kiosk). The
 * alphabet is Crockford's base 32 ("0123456789ABCDEFGHJKMNPQRSTVWXYZ": no I, L, O, U, so that
 * nothing read aloud or copied by hand is ambiguous); on input O is read as 0 and I, L as 1.
 *
 * Display (grouped) form: "KKKKK-SSS-SSSC", e.g. "K0001-000-01A7"; the compact form drops
 * the dashes. The check character is computed over the field GF(32) (polynomial
 * x^5 + x^2 + 1): h = 0; for each character value v: h = 2*h + v; the check c makes the
 * final h zero. Because the field has no zero divisors and 2 != 1, every single substitution
 * and every adjacent transposition changes the final value (tests/app/core/test_trackcode.c
 * proves it exhaustively over many codes).
 *
 * The QR holds "<qr.base_url><GROUPED CODE>?t=<TOKEN>". TOKEN is HMAC-SHA256 (libsodium) of
 * the compact code under a per-kiosk secret, truncated to 80 bits and written as 16 base-32
 * characters; it makes status lookups unguessable. Verification is constant-time.
 *
 * Pure functions: no I/O, no allocation, thread-safe.
 */
#ifndef APP_CORE_TRACKCODE_H
#define APP_CORE_TRACKCODE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/err.h"

#define TRACKCODE_MAX         32       /* buffer size for a code, grouped or compact, incl. NUL */
#define TRACKCODE_TOKEN_MAX   24       /* buffer size for a token incl. NUL */
#define TRACKCODE_COMPACT_LEN 12       /* characters in the compact form */
#define TRACKCODE_TOKEN_LEN   16       /* characters in a token */
#define TRACKCODE_KIOSK_MAX   1048575L /* 32^4 - 1 */
#define TRACKCODE_SEQ_MAX     1073741823L /* 32^6 - 1 */

/* The grouped display code for (kiosk_id, seq) into out. K_ERR_INVALID when kiosk_id is not in
 * 1..TRACKCODE_KIOSK_MAX or seq not in 0..TRACKCODE_SEQ_MAX (out is then ""). */
enum kerr trackcode_make(long kiosk_id, long seq, char out[TRACKCODE_MAX]);
/* Strip spaces and dashes, upper-case, read O as 0 and I/L as 1, into the compact form.
 * False (out "") when the result is not 12 characters of the alphabet starting with K. The
 * check character is not verified here (see trackcode_check). */
bool trackcode_normalize(const char *in, char out[TRACKCODE_MAX]);
/* True when code (grouped or compact, any case) is well formed and its check char matches. */
bool trackcode_check(const char *code);
/* Grouped display form of a well-formed code (any form) into out; false when malformed. */
bool trackcode_group(const char *code, char out[TRACKCODE_MAX]);
/* Kiosk number and sequence of a valid code; false when the code fails trackcode_check. */
bool trackcode_split(const char *code, long *kiosk_id, long *seq);
/* The token for code (any form; it is normalized first) under secret. A malformed code gives
 * the token of its raw bytes, which never verifies against a normalized one. */
void trackcode_token(const uint8_t *secret, size_t secret_len, const char *code,
                     char out[TRACKCODE_TOKEN_MAX]);
/* Constant-time check that token (any case) is the token of code under secret. */
bool trackcode_token_verify(const uint8_t *secret, size_t secret_len, const char *code,
                            const char *token);
/* "<base_url><GROUPED CODE>?t=<TOKEN>" into out (size n). K_ERR_INVALID for a malformed or
 * failing code, a token that is not TRACKCODE_TOKEN_LEN alphabet characters, or an empty
 * base_url; K_ERR_TOO_LARGE when n is too small. */
enum kerr trackcode_url(const char *base_url, const char *code, const char *token, char *out,
                        size_t n);
/* Parse what a scanner or a person gave: "<base_url><CODE>?t=<TOKEN>" or a bare code (grouped
 * or compact; surrounding white space is ignored). With base_url_or_NULL set, a URL must start
 * with it (compared case-insensitively: some scanners change case); with NULL any http(s) URL whose
 * last path segment is the code is taken. code receives the compact form; token the upper-case
 * token ("" and *has_token false for a bare code or a URL without t=).
 * K_ERR_INVALID when malformed or of another base, K_ERR_CHECKSUM when the check char fails. */
enum kerr trackcode_parse_url(const char *base_url_or_NULL, const char *text,
                              char code[TRACKCODE_MAX], char token[TRACKCODE_TOKEN_MAX],
                              bool *has_token);

#endif
