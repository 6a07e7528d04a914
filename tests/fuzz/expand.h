/* tests/fuzz/expand.h: the placeholders of the casehub fuzz targets. In an input, "@X" stands
 * for subs[X] when that is set (a kiosk token, a session cookie, a CSRF token...), so that the
 * fuzzer gets past authentication; anything else is copied as it is. Header-only: each fuzz
 * target is one file. */
#ifndef TESTS_FUZZ_EXPAND_H
#define TESTS_FUZZ_EXPAND_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "platform/xalloc.h"

/* The expanded input (NUL-terminated, free() it) and its length in *len. subs is indexed by
 * the byte after '@'; NULL entries are not placeholders. */
static inline char *fuzz_expand(const uint8_t *data, size_t size, const char *const subs[128],
                                size_t *len)
{
    size_t longest = 1;
    for (size_t c = 0; c < 128; c++)
        if (subs[c] && strlen(subs[c]) > longest)
            longest = strlen(subs[c]);
    /* a placeholder is two bytes: no byte of the input grows past longest */
    char *out = xcalloc(size * longest + 1, 1);
    size_t n = 0;
    for (size_t i = 0; i < size; i++) {
        const char *sub = NULL;
        if (data[i] == '@' && i + 1 < size && data[i + 1] < 128)
            sub = subs[data[i + 1]];
        if (sub) {
            size_t l = strlen(sub);
            memcpy(out + n, sub, l);
            n += l;
            i++;
        } else {
            out[n++] = (char)data[i];
        }
    }
    *len = n;
    return out;
}

#endif
