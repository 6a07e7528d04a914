/* tests/fuzz/fuzz_api_missing.c: the create-case answer parser against arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "app/sync/api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct store_case c;
    if (!c.n_attachments) {
        c.n_attachments = 3;
        for (int i = 0; i < 3; i++)
            memset(c.attachments[i].sha256, 'a' + i, 64);
    }
    bool need[STORE_MAX_ATTACH];
    api_parse_missing((const char *)data, size, &c, need);
    return 0;
}
