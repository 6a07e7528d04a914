/* app/ctl/sample.c: fictional sample cases (app layer, ctl). See sample.h. */
#include "app/ctl/sample.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/xalloc.h"

static const char *const surnames[] = {"测试", "样例", "演示"};
static const char *const given[] = {"甲", "乙", "丙", "丁"};

void sample_init(struct sample_case *sc, unsigned n, size_t att_bytes, const char *district)
{
    memset(sc, 0, sizeof *sc);
    /* Matters vary with n so that cases differ: 1..8, two or three of them. */
    size_t nm = 2 + n % 2;
    for (size_t i = 0; i < nm; i++)
        sc->matters[i] = (int)((n + i * 3) % 8) + 1;
    /* The service's rules: the subsidy (2) needs the report-in (1); a sample without it would
       be refused by the kiosk's rules and by casehub (422 matter_blocked). */
    bool has1 = false;
    for (size_t i = 0; i < nm; i++)
        has1 = has1 || sc->matters[i] == 1;
    for (size_t i = 0; i < nm && !has1; i++)
        if (sc->matters[i] == 2)
            sc->matters[i] = 1;
    /* An ID-shaped number with the 999 sequence, which no real person is issued. */
    sc->form_json = xasprintf("{\"sample\":true,\"name\":\"%s%s\",\"id_number\":"
                              "\"11010119900101%04u\",\"phone\":\"1380000%04u\","
                              "\"address\":\"示例市示例路%u号\"}",
                              surnames[n % 3], given[n % 4], n % 10000, n % 10000, n % 1000);
    size_t na = att_bytes ? SAMPLE_ATTACH : 0;
    uint32_t x = 2463534242u ^ (n * 2654435761u);
    for (size_t i = 0; i < na; i++) {
        unsigned char *d = xcalloc(att_bytes, 1);
        for (size_t k = 0; k < att_bytes; k++) {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            d[k] = (unsigned char)x;
        }
        if (att_bytes >= 4)
            memcpy(d, "\xff\xd8\xff\xe0", 4); /* looks like a JPEG to a sniffer */
        sc->att_data[i] = d;
        sc->att[i] = (struct store_attachment_in){
            .material = (int)i + 1, .mime = "image/jpeg", .data = d, .len = att_bytes};
    }
    static const unsigned char png_sig[] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    sc->signature = xcalloc(64, 1);
    memcpy(sc->signature, png_sig, sizeof png_sig);
    sc->in = (struct store_case_in){.district = district,
                                    .matters = sc->matters,
                                    .n_matters = nm,
                                    .personal_json = sc->form_json,
                                    .attachments = sc->att,
                                    .n_attachments = na,
                                    .signature_png = sc->signature,
                                    .signature_len = 64,
                                    .actor = "kioskctl"};
}

void sample_finish(struct sample_case *sc)
{
    if (!sc)
        return;
    free(sc->form_json);
    for (size_t i = 0; i < SAMPLE_ATTACH; i++)
        free(sc->att_data[i]);
    free(sc->signature);
    memset(sc, 0, sizeof *sc);
}
