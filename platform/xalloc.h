/* platform/xalloc.h: allocation that aborts on out-of-memory, and safe string helpers.
 *
 * Out of memory is not recoverable on a kiosk: the one place that handles it logs and aborts,
 * and systemd restarts the kiosk. Every caller may assume a non-NULL result.
 */
#ifndef PLATFORM_XALLOC_H
#define PLATFORM_XALLOC_H

#include <stdbool.h>
#include <stddef.h>

void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
/* Copy of s (NULL gives NULL). Caller frees. */
char *xstrdup(const char *s);
/* Copy of the first n bytes of s, NUL-terminated. Caller frees. */
char *xstrndup(const char *s, size_t n);
/* printf into a new string. Caller frees. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Copy src into dst of size n, always NUL-terminated; returns false when truncated. */
bool str_copy(char *dst, size_t n, const char *src);
/* Append src to the string in dst of size n; returns false when truncated. */
bool str_append(char *dst, size_t n, const char *src);
/* Parse a whole decimal integer in [min, max]; false on anything else (no atoi). */
bool str_to_long(const char *s, long min, long max, long *out);
/* Zero n bytes at p in a way the compiler may not elide, then free p (NULL is a no-op). */
void free_secure(void *p, size_t n);
/* Zero and free a NUL-terminated string (NULL is a no-op). */
void str_free_secure(char *s);

#endif
