/* app/receipt/sample.h: fictional receipts for kioskctl, tests and the benchmark (app layer,
 * receipt). Every name and code is invented. */
#ifndef APP_RECEIPT_SAMPLE_H
#define APP_RECEIPT_SAMPLE_H

#include "app/receipt/receipt.h"

enum receipt_sample_kind {
    RECEIPT_SAMPLE_ONE,    /* one matter, one material */
    RECEIPT_SAMPLE_ALL,    /* all matters of the definition, every material */
    RECEIPT_SAMPLE_LONG,   /* a long name, a far district, several matters */
    RECEIPT_SAMPLE_RARE,   /* a rare (GBK) character and one outside the font */
    RECEIPT_SAMPLE_BEYOND, /* submitted late in the last year the calendar knows */
};

/* Owns the values a sample case points to. */
struct receipt_sample {
    struct receipt_case c;
    size_t matters[64];
    int materials[64];
    char code[32], url[256];
};

/* Fill s with sample kind for svc (matters and materials taken from the definition, so any
 * definition works); the QR URL is base_url + the code + a token under a fixed demo secret. */
void receipt_sample_init(struct receipt_sample *s, enum receipt_sample_kind kind,
                         const struct service *svc, const char *base_url);

#endif
