/* tests/fuzz/fuzz_hidpos.c: input reports from a HID-POS scanner (drivers/scanner/assemble.c)
 * as the USB driver hands them over: the input is cut into reports, each prefixed by one
 * length byte (0..64). A scan delivered must fit the buffer; nothing may crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/scanner/assemble.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hidpos_asm a;
    memset(&a, 0, sizeof a);
    char err[200];
    size_t i = 0;
    size_t cap = size ? 16 + data[0] * 4u : 64; /* also a caller buffer smaller than a scan */
    char *buf = malloc(cap);
    while (i < size) {
        int got = data[i++] % (HIDPOS_REPORT_SIZE + 1);
        if ((size_t)got > size - i)
            got = (int)(size - i);
        uint8_t rep[HIDPOS_REPORT_SIZE];
        memcpy(rep, data + i, (size_t)got);
        i += (size_t)got;
        size_t len = 0;
        err[0] = '\0';
        enum kerr e = hidpos_asm_report(&a, rep, got, buf, cap, &len, err, sizeof err);
        if (e == K_OK && (len == 0 || len >= cap || buf[len] != '\0'))
            abort();
        if (e != K_OK && e != K_ERR_TIMEOUT && err[0] != 'E')
            abort();
        if (a.len >= sizeof a.scan)
            abort();
    }
    free(buf);
    return 0;
}
