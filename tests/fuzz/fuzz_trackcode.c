/* tests/fuzz/fuzz_trackcode.c: what a QR scanner or a person types, parsed as a tracking-code
 * URL or a bare code; a parsed code must check, and the token verification must not crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/trackcode.h"
#include "platform/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = xstrndup((const char *)data, size);
    char code[TRACKCODE_MAX], token[TRACKCODE_TOKEN_MAX];
    bool has_token;
    static const uint8_t secret[] = "fuzz-secret";
    for (int base = 0; base < 2; base++) {
        enum kerr rc = trackcode_parse_url(base ? "https://yjs.ordos.example/s/" : NULL, text, code,
                                           token, &has_token);
        if (rc == K_OK) {
            if (!trackcode_check(code) || strlen(code) != TRACKCODE_COMPACT_LEN)
                __builtin_trap();
            if (has_token && strlen(token) != TRACKCODE_TOKEN_LEN)
                __builtin_trap();
            (void)trackcode_token_verify(secret, sizeof secret - 1, code, token);
        } else if (code[0] || token[0] || has_token) {
            __builtin_trap();
        }
    }
    char norm[TRACKCODE_MAX];
    (void)trackcode_normalize(text, norm);
    free(text);
    return 0;
}
