/* tests/fuzz/fuzz_cdc.c: bytes from a scanner's serial port (drivers/scanner/assemble.c) as
 * the CDC driver reads them, in chunks of the sizes a read() may return (the first byte of
 * the input picks them). Every line delivered is non-empty, has no CR/LF and fits. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/scanner/assemble.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!size)
        return 0;
    size_t chunk = 1 + data[0] % 64;
    struct cdc_line l;
    memset(&l, 0, sizeof l);
    for (size_t off = 1; off < size; off += chunk) {
        size_t n = size - off < chunk ? size - off : chunk;
        uint8_t *in = malloc(n);
        memcpy(in, data + off, n);
        size_t pos = 0;
        for (;;) {
            bool dropped = false;
            bool ended = cdc_line_take(&l, in, n, &pos, &dropped);
            if (pos > n || l.len >= sizeof l.line)
                abort();
            if (!ended)
                break;
            if (!dropped) {
                if (l.len == 0 || memchr(l.line, '\r', l.len) || memchr(l.line, '\n', l.len))
                    abort();
                l.len = 0;
            }
        }
        free(in);
    }
    return 0;
}
