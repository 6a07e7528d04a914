/* app/receipt/sample.c: fictional receipts (app layer, receipt). */
#include "app/receipt/sample.h"

#include <stdio.h>
#include <string.h>

#include "app/core/trackcode.h"

void receipt_sample_init(struct receipt_sample *s, enum receipt_sample_kind kind,
                         const struct service *svc, const char *base_url)
{
    memset(s, 0, sizeof(*s));
    static const uint8_t demo_secret[] = "kiosk demo secret, not for use";
    char compact[TRACKCODE_MAX], token[TRACKCODE_TOKEN_MAX];
    if (trackcode_make(7, 1000 + (long)kind, compact) != K_OK)
        snprintf(compact, sizeof(compact), "INVALID");
    if (!trackcode_group(compact, s->code))
        snprintf(s->code, sizeof(s->code), "%s", compact);
    trackcode_token(demo_secret, sizeof(demo_secret) - 1, compact, token);
    if (trackcode_url(base_url && *base_url ? base_url : "https://kiosk.example.cn/s/", compact,
                      token, s->url, sizeof(s->url)) != K_OK)
        snprintf(s->url, sizeof(s->url), "https://kiosk.example.cn/s/%s", compact);
    struct receipt_case *c = &s->c;
    c->code = s->code;
    c->qr_url = s->url;
    c->day = (struct cdate){2026, 11, 12};
    c->hour = 10;
    c->minute = 5;
    c->matters = s->matters;
    c->materials = s->materials;
    c->delivery = NULL;
    size_t nm = svc->n_matters < 64 ? svc->n_matters : 64;
    size_t nt = svc->n_materials < 64 ? svc->n_materials : 64;
    const char *district = svc->n_districts ? svc->districts[0].id : "";
    switch (kind) {
    case RECEIPT_SAMPLE_ONE:
        c->name = "张三明";
        c->n_matters = nm ? 1 : 0;
        s->matters[0] = 0;
        c->n_materials = nt ? 1 : 0;
        s->materials[0] = nt ? svc->materials[0].number : 0;
        break;
    case RECEIPT_SAMPLE_ALL:
    case RECEIPT_SAMPLE_BEYOND:
        c->name = "李四海";
        c->n_matters = nm;
        for (size_t i = 0; i < nm; i++)
            s->matters[i] = i;
        c->n_materials = nt;
        for (size_t i = 0; i < nt; i++)
            s->materials[i] = svc->materials[i].number;
        if (svc->n_delivery > 1)
            c->delivery = svc->delivery[svc->n_delivery - 1].id;
        if (kind == RECEIPT_SAMPLE_BEYOND)
            c->day = (struct cdate){2026, 12, 20};
        break;
    case RECEIPT_SAMPLE_LONG:
        c->name = "阿拉坦其其格·乌日根巴雅尔图";
        c->n_matters = nm < 3 ? nm : 3;
        for (size_t i = 0; i < c->n_matters; i++)
            s->matters[i] = nm - 1 - i;
        c->n_materials = nt < 6 ? nt : 6;
        for (size_t i = 0; i < c->n_materials; i++)
            s->materials[i] = svc->materials[nt - 1 - i].number;
        if (svc->n_districts)
            district = svc->districts[svc->n_districts - 1].id;
        break;
    case RECEIPT_SAMPLE_RARE:
        c->name = "堃明\xF0\xA0\xAE\xB7"; /* masked 堃*𠮷: 堃 is in GBK, U+20BB7 is not */
        c->n_matters = nm < 2 ? nm : 2;
        for (size_t i = 0; i < c->n_matters; i++)
            s->matters[i] = i;
        c->n_materials = nt < 2 ? nt : 2;
        for (size_t i = 0; i < c->n_materials; i++)
            s->materials[i] = svc->materials[i].number;
        break;
    }
    c->district = district;
}
