/* platform/utf8.h: the one UTF-8 decoder, and the checks built on it (platform layer, pure).
 *
 * Strict UTF-8 (RFC 3629): overlong forms, surrogates (U+D800..U+DFFF), values above
 * U+10FFFF and truncated sequences are invalid. Every module that walks UTF-8 text by code
 * point uses utf8_decode(); none keeps its own copy. No I/O, no allocation; any thread.
 */
#ifndef PLATFORM_UTF8_H
#define PLATFORM_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Decode the code point at s, of which len bytes may be read (len 0 reads nothing). Returns
 * its length in bytes (1..4) and sets *cp, or 0 when the bytes are not a valid sequence
 * (then *cp is untouched). A NUL byte decodes as U+0000 of length 1. */
size_t utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Number of code points in s, or -1 when s is not valid UTF-8. */
long utf8_count(const char *s);
/* True when s has a control character (C0, DEL or C1); newline too unless allow_newline.
 * Invalid UTF-8 counts as a control (true). */
bool utf8_has_control(const char *s, bool allow_newline);

#endif
