/* tests/fuzz/fuzz_region.c: region tables (app/core/region.c) from arbitrary bytes, then every
 * lookup over what was accepted. Must be accepted or refused with a message, never crash,
 * hang or leak. */
#include <stdint.h>
#include <string.h>

#include "app/core/region.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct region_table *t;
    char err[256] = "";
    enum kerr rc = region_table_parse((const char *)data, size, &t, err, sizeof err);
    if (rc != K_OK) {
        if (err[0] != 'E' || t)
            __builtin_trap();
        return 0;
    }
    const struct region *const *kids;
    size_t n = region_children(t, NULL, &kids);
    size_t seen = 0;
    for (size_t i = 0; i < n; i++) {
        char name[512];
        region_full_name(kids[i], name, sizeof name);
        if (region_find(t, kids[i]->code) != kids[i])
            __builtin_trap();
        const struct region *const *k2;
        size_t m = region_children(t, kids[i]->code, &k2);
        for (size_t j = 0; j < m; j++)
            if (k2[j]->parent != kids[i])
                __builtin_trap();
        seen += 1 + m;
    }
    if (seen > region_count(t))
        __builtin_trap();
    if (size >= 6)
        region_for_id(t, (const char *)data);
    region_table_destroy(t);
    return 0;
}
