/* tests/fuzz/fuzz_service.c: the service-definition loader on arbitrary bytes.
 * Any input must give K_OK or a clean error with a message, never a crash or a leak. */
#include <stdint.h>
#include <string.h>

#include "app/core/service.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct service s;
    char err[512];
    enum kerr rc = service_load_mem("fuzz.json", (const char *)data, size, &s, err, sizeof err);
    if (rc != K_OK && err[0] != 'E')
        __builtin_trap();
    if (rc == K_OK) {
        /* Walk what was loaded so that dangling references would be touched. */
        for (size_t i = 0; i < s.n_matters; i++)
            if (!service_matter_department(&s, &s.matters[i]))
                __builtin_trap();
        for (size_t i = 0; i < s.n_fields; i++)
            if (s.fields[i].options && s.fields[i].options->n_options == 0)
                __builtin_trap();
    }
    service_free(&s);
    return 0;
}
