/* app/ctl/sample.h: fictional sample cases for kioskctl submit-sample, tests and benchmarks
 * (app layer, ctl). Every name and number is invented; nothing resembles a real person. */
#ifndef APP_CTL_SAMPLE_H
#define APP_CTL_SAMPLE_H

#include <stddef.h>

#include "app/store/store.h"

#define SAMPLE_ATTACH 3

/* A sample case; owns its buffers (sample_finish frees them). */
struct sample_case {
    struct store_case_in in;
    int matters[3];
    char *form_json;
    struct store_attachment_in att[SAMPLE_ATTACH];
    unsigned char *att_data[SAMPLE_ATTACH];
    unsigned char *signature;
};

/* Build sample number n (deterministic per n) with SAMPLE_ATTACH attachments of att_bytes
 * bytes each (0: none) for district. */
void sample_init(struct sample_case *sc, unsigned n, size_t att_bytes, const char *district);
void sample_finish(struct sample_case *sc);

#endif
