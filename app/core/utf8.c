/* app/core/utf8.c: UTF-8 validation and counting (app/core, pure). */
#include "app/core/utf8.h"

#include <stdint.h>

/* Decode one code point at s; returns its length (1..4) or 0 when invalid. */
static int decode(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    int n;
    uint32_t v, min;
    if ((s[0] & 0xE0) == 0xC0)
        n = 2, v = s[0] & 0x1Fu, min = 0x80;
    else if ((s[0] & 0xF0) == 0xE0)
        n = 3, v = s[0] & 0x0Fu, min = 0x800;
    else if ((s[0] & 0xF8) == 0xF0)
        n = 4, v = s[0] & 0x07u, min = 0x10000;
    else
        return 0;
    for (int i = 1; i < n; i++) {
        if ((s[i] & 0xC0) != 0x80)
            return 0;
        v = v << 6 | (s[i] & 0x3Fu);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        return 0;
    *cp = v;
    return n;
}

long utf8_count(const char *s)
{
    long n = 0;
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        int k = decode(p, &cp);
        if (!k)
            return -1;
        p += k;
        n++;
    }
    return n;
}

bool utf8_has_control(const char *s, bool allow_newline)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        int k = decode(p, &cp);
        if (!k)
            return true;
        if ((cp < 0x20 && !(allow_newline && cp == '\n')) || (cp >= 0x7F && cp < 0xA0))
            return true;
        p += k;
    }
    return false;
}
