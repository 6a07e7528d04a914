/* tests/fuzz/fuzz_scan.c: anything a scanner may deliver, classified by app/core/scan.c, and
 * the same bytes typed into the keyboard-wedge decoder as key events. A code accepted must
 * check; the token states must be consistent; nothing may crash or read out of bounds. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/scan.h"
#include "drivers/scanner/wedge.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static const uint8_t secret[32] = "fuzz-secret-fuzz-secret-fuzz-se";
    struct scan_result r;
    for (int v = 0; v < 3; v++) {
        const char *base = v == 0 ? NULL : v == 1 ? "https://yjs.ordos.example/s/" : "";
        enum kerr e =
            scan_parse(base, v == 2 ? NULL : secret, v == 2 ? 0 : sizeof secret, data, size, &r);
        if (e == K_OK) {
            if (!trackcode_check(r.code) || strlen(r.code) != TRACKCODE_COMPACT_LEN)
                abort();
            if ((r.token_state == SCAN_TOKEN_ABSENT) != (r.token[0] == '\0'))
                abort();
            if (v == 2 && (r.token_state == SCAN_TOKEN_OK || r.token_state == SCAN_TOKEN_BAD))
                abort();
            if (scan_usable(&r) != (r.token_state != SCAN_TOKEN_BAD))
                abort();
        } else if (r.code[0] || !r.reason_key || scan_usable(&r)) {
            abort();
        }
    }
    /* wedge: bytes as (code, value, gap) triples */
    struct wedge w;
    wedge_init(&w, 64, 100);
    char out[WEDGE_BUF];
    int64_t t = 0;
    for (size_t i = 0; i + 2 < size; i += 3) {
        size_t len = 0;
        t += data[i + 2];
        enum wedge_result x = wedge_feed(&w, 1 /* EV_KEY */, data[i], (int)(data[i + 1] % 3), t,
                                         out, sizeof out, &len);
        if (x == WEDGE_SCAN && (len == 0 || len > 64 || strlen(out) != len))
            abort();
        (void)wedge_idle(&w, t);
    }
    return 0;
}
