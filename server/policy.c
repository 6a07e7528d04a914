/* server/policy.c: casehub's per-service policy file (server/). See policy.h. */
#include "server/policy.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fsutil.h"
#include "platform/xalloc.h"

struct pol_dept {
    size_t dept; /* index into svc->departments */
    char **fields;
    size_t n_fields;
    int *materials;
    size_t n_materials;
};

struct pol_pay {
    bool set;
    int year_offset, month, day;
};

struct policy {
    const struct service *svc;
    struct pol_dept *depts;
    size_t n_depts;
    struct pol_pay *pay; /* per matter */
};

void policy_destroy(struct policy *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_depts; i++) {
        for (size_t k = 0; k < p->depts[i].n_fields; k++)
            free(p->depts[i].fields[k]);
        free(p->depts[i].fields);
        free(p->depts[i].materials);
    }
    free(p->depts);
    free(p->pay);
    free(p);
}

static bool only_keys(const cJSON *o, const char *const *keys, const char **bad)
{
    const cJSON *it;
    cJSON_ArrayForEach(it, o)
    {
        bool ok = false;
        for (size_t i = 0; keys[i]; i++)
            ok |= it->string && strcmp(it->string, keys[i]) == 0;
        if (!ok) {
            *bad = it->string ? it->string : "";
            return false;
        }
    }
    return true;
}

static bool form_key_known(const struct service *svc, const char *k)
{
    if (strncmp(k, "answer.", 7) == 0)
        return service_question(svc, k + 7) != NULL;
    return service_field(svc, k) != NULL;
}

static bool small_int(const cJSON *j, int lo, int hi)
{
    return cJSON_IsNumber(j) && j->valuedouble >= lo && j->valuedouble <= hi &&
           j->valuedouble == (double)(int)j->valuedouble;
}

enum kerr policy_load(const char *path, const struct service *svc, struct policy **out, char *err,
                      size_t errlen)
{
    *out = NULL;
    char *text = NULL;
    size_t len = 0;
    if (fs_read_file(path, 1u << 20, &text, &len) != K_OK) {
        snprintf(err, errlen, "E761: cannot read the casehub policy %s", path);
        return K_ERR_IO;
    }
    cJSON *j = cJSON_ParseWithLength(text, len);
    free(text);
    struct policy *p = xcalloc(1, sizeof *p);
    p->svc = svc;
    p->pay = xcalloc(svc->n_matters + 1, sizeof *p->pay);
    enum kerr e = K_ERR_INVALID;
    const char *bad = NULL;
    static const char *const top[] = {"format", "service", "departments", "payment_dates", NULL};
    static const char *const dk[] = {"fields", "materials", NULL};
    static const char *const pk[] = {"year_offset", "month", "day", NULL};
    if (!cJSON_IsObject(j)) {
        snprintf(err, errlen, "E762: %s: $: not a JSON object", path);
        goto fail;
    }
    if (!only_keys(j, top, &bad)) {
        snprintf(err, errlen, "E762: %s: $.%.64s: unknown key", path, bad);
        goto fail;
    }
    const cJSON *fmt = cJSON_GetObjectItemCaseSensitive(j, "format");
    const cJSON *sid = cJSON_GetObjectItemCaseSensitive(j, "service");
    if (!small_int(fmt, 1, 1) || !cJSON_IsString(sid) || strcmp(sid->valuestring, svc->id) != 0) {
        snprintf(err, errlen, "E762: %s: $: format must be 1 and service \"%s\"", path, svc->id);
        goto fail;
    }
    const cJSON *ds = cJSON_GetObjectItemCaseSensitive(j, "departments");
    if (!cJSON_IsObject(ds)) {
        snprintf(err, errlen, "E762: %s: $.departments: must be an object", path);
        goto fail;
    }
    p->depts = xcalloc((size_t)cJSON_GetArraySize(ds) + 1, sizeof *p->depts);
    const cJSON *d;
    cJSON_ArrayForEach(d, ds)
    {
        const struct service_department *sd = service_department(svc, d->string);
        if (!sd) {
            snprintf(err, errlen, "E763: %s: $.departments.%.64s: no such department", path,
                     d->string);
            goto fail;
        }
        if (!cJSON_IsObject(d) || !only_keys(d, dk, &bad)) {
            snprintf(err, errlen, "E762: %s: $.departments.%.64s: an object of fields, materials",
                     path, d->string);
            goto fail;
        }
        struct pol_dept *pd = &p->depts[p->n_depts++];
        pd->dept = (size_t)(sd - svc->departments);
        const cJSON *fs = cJSON_GetObjectItemCaseSensitive(d, "fields");
        const cJSON *ms = cJSON_GetObjectItemCaseSensitive(d, "materials");
        if (!cJSON_IsArray(fs) || !cJSON_IsArray(ms)) {
            snprintf(err, errlen, "E762: %s: $.departments.%.64s: fields and materials are arrays",
                     path, d->string);
            goto fail;
        }
        pd->fields = xcalloc((size_t)cJSON_GetArraySize(fs) + 1, sizeof *pd->fields);
        pd->materials = xcalloc((size_t)cJSON_GetArraySize(ms) + 1, sizeof *pd->materials);
        const cJSON *x;
        cJSON_ArrayForEach(x, fs)
        {
            if (!cJSON_IsString(x) || !form_key_known(svc, x->valuestring)) {
                snprintf(err, errlen,
                         "E763: %s: $.departments.%.64s.fields: \"%.64s\" is no field or answer",
                         path, d->string, cJSON_IsString(x) ? x->valuestring : "?");
                goto fail;
            }
            pd->fields[pd->n_fields++] = xstrdup(x->valuestring);
        }
        cJSON_ArrayForEach(x, ms)
        {
            if (!small_int(x, 1, 999) || !service_material_by_number(svc, (int)x->valuedouble)) {
                snprintf(err, errlen, "E763: %s: $.departments.%.64s.materials: no such material",
                         path, d->string);
                goto fail;
            }
            pd->materials[pd->n_materials++] = (int)x->valuedouble;
        }
    }
    const cJSON *pays = cJSON_GetObjectItemCaseSensitive(j, "payment_dates");
    const cJSON *pm;
    cJSON_ArrayForEach(pm, pays)
    {
        long mi = service_matter_index(svc, pm->string);
        if (mi < 0) {
            snprintf(err, errlen, "E763: %s: $.payment_dates.%.64s: no such matter", path,
                     pm->string);
            goto fail;
        }
        const cJSON *yo = cJSON_GetObjectItemCaseSensitive(pm, "year_offset");
        const cJSON *mo = cJSON_GetObjectItemCaseSensitive(pm, "month");
        const cJSON *dy = cJSON_GetObjectItemCaseSensitive(pm, "day");
        if (!cJSON_IsObject(pm) || !only_keys(pm, pk, &bad) || !small_int(yo, 0, 5) ||
            !small_int(mo, 1, 12) || !small_int(dy, 1, 31) ||
            !cdate_valid(2000, mo->valueint, dy->valueint)) {
            snprintf(err, errlen,
                     "E764: %s: $.payment_dates.%.64s: {year_offset 0..5, month, day} of a date",
                     path, pm->string);
            goto fail;
        }
        p->pay[mi] = (struct pol_pay){true, yo->valueint, mo->valueint, dy->valueint};
    }
    cJSON_Delete(j);
    *out = p;
    return K_OK;
fail:
    cJSON_Delete(j);
    policy_destroy(p);
    return e;
}

static const struct pol_dept *dept_of(const struct policy *p, const char *dept)
{
    if (!p || !dept)
        return NULL;
    for (size_t i = 0; i < p->n_depts; i++)
        if (strcmp(p->svc->departments[p->depts[i].dept].id, dept) == 0)
            return &p->depts[i];
    return NULL;
}

bool policy_field_visible(const struct policy *p, const char *dept, const char *key)
{
    const struct pol_dept *d = dept_of(p, dept);
    for (size_t i = 0; d && key && i < d->n_fields; i++)
        if (strcmp(d->fields[i], key) == 0)
            return true;
    return false;
}

bool policy_material_visible(const struct policy *p, const char *dept, int material)
{
    const struct pol_dept *d = dept_of(p, dept);
    for (size_t i = 0; d && i < d->n_materials; i++)
        if (d->materials[i] == material)
            return true;
    return false;
}

bool policy_payment_date(const struct policy *p, size_t mi, struct cdate verified,
                         struct cdate *out)
{
    if (!p || mi >= p->svc->n_matters || !p->pay[mi].set)
        return false;
    const struct pol_pay *y = &p->pay[mi];
    out->year = verified.year + y->year_offset;
    out->month = y->month;
    out->day = y->day;
    /* a 29 February in a year without one becomes the 28th */
    while (out->day > 28 && !cdate_valid(out->year, out->month, out->day))
        out->day--;
    return true;
}
