/* app/service/printable.c: untrusted text made safe to show (see printable.h). */
#include "app/service/printable.h"

#include <stdbool.h>
#include <string.h>

char *service_printable(const char *in, size_t len, size_t max_chars, char *out, size_t n)
{
    size_t o = 0, chars = 0, i = 0;
    if (!n)
        return out;
    while (i < len && o + 8 < n) {
        unsigned char c = (unsigned char)in[i];
        size_t l = c < 0x80             ? 1
                   : (c & 0xE0) == 0xC0 ? 2
                   : (c & 0xF0) == 0xE0 ? 3
                   : (c & 0xF8) == 0xF0 ? 4
                                        : 0;
        bool ok = l > 0 && i + l <= len;
        for (size_t k = 1; ok && k < l; k++)
            ok = ((unsigned char)in[i + k] & 0xC0) == 0x80;
        if (ok && l == 2 && c < 0xC2)
            ok = false; /* overlong */
        if (chars == max_chars) {
            memcpy(out + o, "…", 3);
            o += 3;
            break;
        }
        if (!ok || c < 0x20 || c == 0x7F) {
            out[o++] = '?';
            i += ok ? l : 1;
        } else {
            memcpy(out + o, in + i, l);
            o += l;
            i += l;
        }
        chars++;
    }
    out[o] = '\0';
    return out;
}
