/* platform/utf8.c: UTF-8 decoding, validation and counting (platform layer, pure). */
#include "platform/utf8.h"

#include <string.h>

size_t utf8_decode(const char *str, size_t len, uint32_t *cp)
{
    const unsigned char *s = (const unsigned char *)str;
    if (len == 0)
        return 0;
    if (s[0] < 0x80) {
        *cp = s[0];
        return 1;
    }
    size_t n;
    uint32_t v, min;
    if ((s[0] & 0xE0) == 0xC0)
        n = 2, v = s[0] & 0x1Fu, min = 0x80;
    else if ((s[0] & 0xF0) == 0xE0)
        n = 3, v = s[0] & 0x0Fu, min = 0x800;
    else if ((s[0] & 0xF8) == 0xF0)
        n = 4, v = s[0] & 0x07u, min = 0x10000;
    else
        return 0;
    if (n > len)
        return 0;
    for (size_t i = 1; i < n; i++) {
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
    size_t left = strlen(s);
    while (left) {
        uint32_t cp;
        size_t k = utf8_decode(s, left, &cp);
        if (!k)
            return -1;
        s += k;
        left -= k;
        n++;
    }
    return n;
}

bool utf8_has_control(const char *s, bool allow_newline)
{
    size_t left = strlen(s);
    while (left) {
        uint32_t cp;
        size_t k = utf8_decode(s, left, &cp);
        if (!k)
            return true;
        if ((cp < 0x20 && !(allow_newline && cp == '\n')) || (cp >= 0x7F && cp < 0xA0))
            return true;
        s += k;
        left -= k;
    }
    return false;
}
