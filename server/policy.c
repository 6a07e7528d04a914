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
    char **open; /* section ids open on the case page */
    size_t n_open;
    bool signature; /* sees the applicant's signature (attachment material 0) */
};

struct pol_section {
    char *id;
    char **keys;
    size_t n_keys;
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
    struct pol_section *sections;
    size_t n_sections;
    char **window_open; /* the window's open sections */
    size_t n_window_open;
};

static void free_strv(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

void policy_destroy(struct policy *p)
{
    if (!p)
        return;
    for (size_t i = 0; i < p->n_depts; i++) {
        for (size_t k = 0; k < p->depts[i].n_fields; k++)
            free(p->depts[i].fields[k]);
        free(p->depts[i].fields);
        free(p->depts[i].materials);
        free_strv(p->depts[i].open, p->depts[i].n_open);
    }
    free(p->depts);
    for (size_t i = 0; i < p->n_sections; i++) {
        free(p->sections[i].id);
        free_strv(p->sections[i].keys, p->sections[i].n_keys);
    }
    free(p->sections);
    free_strv(p->window_open, p->n_window_open);
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

/* The case page's own sections, always there: they need no entry in "sections". */
static const char *const builtin_sections[] = {"matters", "pages", "signature", "other", NULL};

static bool section_known(const struct policy *p, const char *id)
{
    for (size_t i = 0; builtin_sections[i]; i++)
        if (strcmp(id, builtin_sections[i]) == 0)
            return true;
    for (size_t i = 0; i < p->n_sections; i++)
        if (strcmp(id, p->sections[i].id) == 0)
            return true;
    return false;
}

static bool id_ok(const char *s)
{
    size_t n = strspn(s, "abcdefghijklmnopqrstuvwxyz_");
    return n > 0 && n < 32 && s[n] == '\0';
}

/* $.sections: [{id, fields}], each form key in at most one section. */
static bool load_sections(struct policy *p, const cJSON *ss, const char *path, char *err,
                          size_t errlen)
{
    static const char *const sk[] = {"id", "fields", NULL};
    const char *bad = NULL;
    if (!ss)
        return true;
    if (!cJSON_IsArray(ss)) {
        snprintf(err, errlen, "E762: %s: $.sections: must be an array", path);
        return false;
    }
    p->sections = xcalloc((size_t)cJSON_GetArraySize(ss) + 1, sizeof *p->sections);
    const cJSON *s;
    cJSON_ArrayForEach(s, ss)
    {
        const cJSON *id = cJSON_GetObjectItemCaseSensitive(s, "id");
        const cJSON *fs = cJSON_GetObjectItemCaseSensitive(s, "fields");
        if (!cJSON_IsObject(s) || !only_keys(s, sk, &bad) || !cJSON_IsString(id) ||
            !id_ok(id->valuestring) || !cJSON_IsArray(fs)) {
            snprintf(err, errlen,
                     "E762: %s: $.sections[%zu]: an object of id (a-z, _) and fields (array)", path,
                     p->n_sections);
            return false;
        }
        if (section_known(p, id->valuestring)) {
            snprintf(err, errlen, "E762: %s: $.sections[%zu]: id \"%.31s\" given twice or reserved",
                     path, p->n_sections, id->valuestring);
            return false;
        }
        struct pol_section *ps = &p->sections[p->n_sections++];
        ps->id = xstrdup(id->valuestring);
        ps->keys = xcalloc((size_t)cJSON_GetArraySize(fs) + 1, sizeof *ps->keys);
        const cJSON *x;
        cJSON_ArrayForEach(x, fs)
        {
            if (!cJSON_IsString(x) || !form_key_known(p->svc, x->valuestring) ||
                policy_section_of(p, x->valuestring) < p->n_sections) {
                snprintf(err, errlen,
                         "E763: %s: $.sections[%zu].fields: \"%.64s\" is no field or answer, or "
                         "is in another section",
                         path, p->n_sections - 1, cJSON_IsString(x) ? x->valuestring : "?");
                return false;
            }
            ps->keys[ps->n_keys++] = xstrdup(x->valuestring);
        }
    }
    return true;
}

/* An "open" list of section ids into *out. */
static bool load_open(const struct policy *p, const cJSON *o, const char *where, const char *path,
                      char ***out, size_t *n, char *err, size_t errlen)
{
    if (!o)
        return true;
    if (!cJSON_IsArray(o)) {
        snprintf(err, errlen, "E762: %s: %s: must be an array of section ids", path, where);
        return false;
    }
    *out = xcalloc((size_t)cJSON_GetArraySize(o) + 1, sizeof **out);
    const cJSON *x;
    cJSON_ArrayForEach(x, o)
    {
        if (!cJSON_IsString(x) || !section_known(p, x->valuestring)) {
            snprintf(err, errlen, "E763: %s: %s: \"%.64s\" is no section", path, where,
                     cJSON_IsString(x) ? x->valuestring : "?");
            return false;
        }
        (*out)[(*n)++] = xstrdup(x->valuestring);
    }
    return true;
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
    static const char *const top[] = {"format",   "service", "departments", "payment_dates",
                                      "sections", "window",  NULL};
    static const char *const dk[] = {"fields", "materials", "open", "signature", NULL};
    static const char *const wk[] = {"open", NULL};
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
    if (!load_sections(p, cJSON_GetObjectItemCaseSensitive(j, "sections"), path, err, errlen))
        goto fail;
    const cJSON *win = cJSON_GetObjectItemCaseSensitive(j, "window");
    if (win && (!cJSON_IsObject(win) || !only_keys(win, wk, &bad))) {
        snprintf(err, errlen, "E762: %s: $.window: an object of open", path);
        goto fail;
    }
    if (!load_open(p, cJSON_GetObjectItemCaseSensitive(win, "open"), "$.window.open", path,
                   &p->window_open, &p->n_window_open, err, errlen))
        goto fail;
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
        const cJSON *sg = cJSON_GetObjectItemCaseSensitive(d, "signature");
        if (sg && !cJSON_IsBool(sg)) {
            snprintf(err, errlen, "E762: %s: $.departments.%.64s.signature: true or false", path,
                     d->string);
            goto fail;
        }
        pd->signature = cJSON_IsTrue(sg);
        char where[120];
        snprintf(where, sizeof where, "$.departments.%.64s.open", d->string);
        if (!load_open(p, cJSON_GetObjectItemCaseSensitive(d, "open"), where, path, &pd->open,
                       &pd->n_open, err, errlen))
            goto fail;
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
    if (material == 0)
        return d && d->signature;
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

size_t policy_section_count(const struct policy *p)
{
    return p ? p->n_sections : 0;
}

const char *policy_section_id(const struct policy *p, size_t i)
{
    return p && i < p->n_sections ? p->sections[i].id : "other";
}

size_t policy_section_of(const struct policy *p, const char *key)
{
    for (size_t i = 0; p && key && i < p->n_sections; i++)
        for (size_t k = 0; k < p->sections[i].n_keys; k++)
            if (strcmp(p->sections[i].keys[k], key) == 0)
                return i;
    return policy_section_count(p);
}

bool policy_section_open(const struct policy *p, const char *dept, const char *section)
{
    if (!p || !dept || !section)
        return false;
    const struct pol_dept *d = strcmp(dept, "window") == 0 ? NULL : dept_of(p, dept);
    char *const *v = d ? d->open : p->window_open;
    size_t n = d ? d->n_open : strcmp(dept, "window") == 0 ? p->n_window_open : 0;
    for (size_t i = 0; i < n; i++)
        if (strcmp(v[i], section) == 0)
            return true;
    return false;
}
