/* tests/fuzz/fuzz_config.c: a configuration file from anywhere (platform/config.c
 * config_parse): accepted, or refused with a numbered message and left at the defaults; what
 * was accepted reads back and saves to text that parses to the same values. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct kconfig c;
    char err[700] = "";
    enum kerr rc = config_parse(&c, "fuzz.conf", (const char *)data, size, err, sizeof err);
    if (rc != K_OK) {
        if (!strstr(err, "E1"))
            abort();
        struct kconfig d;
        config_defaults(&d);
        char a[1100], b[1100];
        for (const struct config_key *k = config_keys; k->key; k++) {
            config_get(&c, k->key, a, sizeof a);
            config_get(&d, k->key, b, sizeof b);
            if (strcmp(a, b) != 0)
                abort(); /* a refused file must leave the defaults */
        }
        config_finish(&d);
    } else {
        /* every value read back parses again to itself (set one by one into one
         * configuration: each key is checked on its own, without a fresh set of defaults per
         * key, which made this target slow) */
        struct kconfig e;
        config_defaults(&e);
        for (const struct config_key *k = config_keys; k->key; k++) {
            char v[1100], w[1100];
            config_get(&c, k->key, v, sizeof v);
            if (config_set(&e, k->key, v, err, sizeof err) != K_OK)
                abort();
            config_get(&e, k->key, w, sizeof w);
            if (strcmp(v, w) != 0)
                abort();
        }
        config_finish(&e);
    }
    config_finish(&c);
    return 0;
}
