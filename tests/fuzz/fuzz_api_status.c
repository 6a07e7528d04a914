/* tests/fuzz/fuzz_api_status.c: the status answer parser against arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>

#include "app/sync/api.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct api_status st;
    api_parse_status((const char *)data, size, &st);
    return 0;
}
