/* app/service/printable.c: untrusted text made safe to show (see printable.h). */
#include "app/service/printable.h"

#include <stdbool.h>
#include <string.h>

#include "platform/utf8.h"

char *service_printable(const char *in, size_t len, size_t max_chars, char *out, size_t n)
{
    size_t o = 0, chars = 0, i = 0;
    if (!n)
        return out;
    while (i < len && o + 8 < n) {
        uint32_t c = 0;
        size_t l = utf8_decode(in + i, len - i, &c);
        bool ok = l > 0;
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
