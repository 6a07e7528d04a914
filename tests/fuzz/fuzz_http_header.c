/* tests/fuzz/fuzz_http_header.c: header lines from a backend, as the kiosk's HTTP client
 * reads them (app/sync/http.c http_parse_retry_after): each line of the input is one header.
 * A Retry-After read must be a delay of 0..86400 s; nothing may crash or read past a line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/sync/http.h"
#include "platform/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    size_t i = 0;
    while (i < size) {
        const uint8_t *nl = memchr(data + i, '\n', size - i);
        size_t end = nl ? (size_t)(nl - data) + 1 : size;
        /* a private copy of exactly the line, as curl hands it over (not NUL-terminated) */
        char *line = xcalloc(end - i ? end - i : 1, 1);
        memcpy(line, data + i, end - i);
        long secs = -1;
        if (http_parse_retry_after(line, end - i, 1767225600, &secs) && (secs < 0 || secs > 86400))
            abort();
        free(line);
        i = end;
    }
    return 0;
}
