/* platform/xalloc.c: aborting allocators and bounded string helpers (platform layer). */
#include "platform/xalloc.h"

#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void oom(void)
{
    fputs("kiosk: out of memory\n", stderr);
    abort();
}

void *xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *xrealloc(void *p, size_t size)
{
    void *q = realloc(p, size ? size : 1);
    if (!q)
        oom();
    return q;
}

char *xstrdup(const char *s)
{
    if (!s)
        return NULL;
    return xstrndup(s, strlen(s));
}

char *xstrndup(const char *s, size_t n)
{
    size_t len = strnlen(s, n);
    char *p = xcalloc(len + 1, 1);
    memcpy(p, s, len);
    return p;
}

char *xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        oom();
    char *p = xcalloc((size_t)n + 1, 1);
    va_start(ap, fmt);
    vsnprintf(p, (size_t)n + 1, fmt, ap);
    va_end(ap);
    return p;
}

bool str_copy(char *dst, size_t n, const char *src)
{
    if (n == 0)
        return false;
    size_t len = strlen(src);
    bool fits = len < n;
    if (!fits)
        len = n - 1;
    memcpy(dst, src, len);
    dst[len] = '\0';
    return fits;
}

bool str_append(char *dst, size_t n, const char *src)
{
    size_t used = strnlen(dst, n);
    if (used >= n)
        return false;
    return str_copy(dst + used, n - used, src);
}

bool str_to_long(const char *s, long min, long max, long *out)
{
    if (!s || !*s)
        return false;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno || *end != '\0' || v < min || v > max)
        return false;
    *out = v;
    return true;
}

void free_secure(void *p, size_t n)
{
    if (!p)
        return;
    explicit_bzero(p, n);
    free(p);
}

void str_free_secure(char *s)
{
    if (s)
        free_secure(s, strlen(s));
}
