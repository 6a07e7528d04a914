/* app/core/region.c: GB/T 2260 region table (app layer, core). See region.h.
 *
 * One allocation holds a copy of the text (names point into it); regions sit in one array
 * in code order, so lookups are binary searches; children arrays point into that array. */
#include "app/core/region.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/utf8.h"
#include "platform/xalloc.h"

#define MAX_LINES 100000
#define MAX_NAME  96

struct region_table {
    char *text;             /* copy of the input, names and codes point into it */
    struct region *regions; /* code order */
    size_t count;
    const struct region **kids; /* all children arrays, back to back */
    const struct region **provinces;
    size_t n_provinces;
};

static bool valid_utf8_name(const char *s, size_t len)
{
    if (len == 0 || len > MAX_NAME)
        return false;
    while (len) {
        uint32_t cp;
        size_t k = utf8_decode(s, len, &cp);
        if (!k || cp < 0x20 || cp == 0x7f)
            return false;
        s += k;
        len -= k;
    }
    return true;
}

static enum region_level level_of(size_t len)
{
    switch (len) {
    case 2:
        return REGION_PROVINCE;
    case 4:
        return REGION_CITY;
    case 6:
        return REGION_COUNTY;
    case 9:
        return REGION_TOWN;
    default:
        return 0;
    }
}

static size_t parent_len(enum region_level l)
{
    return l == REGION_TOWN ? 6 : l == REGION_COUNTY ? 4 : l == REGION_CITY ? 2 : 0;
}

static int find_index(const struct region_table *t, const char *code, size_t len)
{
    size_t lo = 0, hi = t->count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *c = t->regions[mid].code;
        int cmp = strncmp(c, code, len);
        if (cmp == 0 && c[len] != '\0')
            cmp = 1;
        if (cmp == 0)
            return (int)mid;
        if (cmp < 0)
            lo = mid + 1;
        else
            hi = mid;
    }
    return -1;
}

static enum kerr fail(char *err, size_t n, size_t line, const char *why)
{
    if (err)
        snprintf(err, n, "E870: line %zu: %s", line, why);
    return K_ERR_INVALID;
}

enum kerr region_table_parse(const char *text, size_t len, struct region_table **out, char *err,
                             size_t n)
{
    *out = NULL;
    struct region_table *t = xcalloc(1, sizeof *t);
    t->text = xcalloc(1, len + 1);
    if (len)
        memcpy(t->text, text, len);
    size_t lines = 0;
    for (size_t i = 0; i < len; i++)
        lines += t->text[i] == '\n';
    lines++;
    enum kerr rc = K_OK;
    if (lines > MAX_LINES) {
        if (err)
            snprintf(err, n, "E870: more than %d lines", MAX_LINES);
        rc = K_ERR_TOO_LARGE;
        goto fail;
    }
    t->regions = xcalloc(lines, sizeof *t->regions);
    size_t *parent_idx = xcalloc(lines, sizeof *parent_idx);

    char *p = t->text, *end = t->text + len;
    for (size_t lineno = 1; p < end; lineno++) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *eol = nl ? nl : end;
        char *next = nl ? nl + 1 : end;
        if (eol > p && eol[-1] == '\r')
            eol--;
        *eol = '\0';
        if (p == eol || *p == '#') {
            p = next;
            continue;
        }
        char *tab = memchr(p, '\t', (size_t)(eol - p));
        if (!tab) {
            rc = fail(err, n, lineno, "no tab between code and name");
            goto fail_idx;
        }
        *tab = '\0';
        size_t clen = (size_t)(tab - p);
        for (size_t i = 0; i < clen; i++)
            if (p[i] < '0' || p[i] > '9') {
                rc = fail(err, n, lineno, "code is not all digits");
                goto fail_idx;
            }
        enum region_level lvl = level_of(clen);
        if (!lvl) {
            rc = fail(err, n, lineno, "code is not 2, 4, 6 or 9 digits");
            goto fail_idx;
        }
        if (!valid_utf8_name(tab + 1, (size_t)(eol - tab - 1))) {
            rc = fail(err, n, lineno, "name empty, too long or not UTF-8 text");
            goto fail_idx;
        }
        if (t->count && strcmp(t->regions[t->count - 1].code, p) >= 0) {
            rc = fail(err, n, lineno, "codes not strictly ascending");
            goto fail_idx;
        }
        struct region *r = &t->regions[t->count];
        r->code = p;
        r->name = tab + 1;
        r->level = lvl;
        if (lvl != REGION_PROVINCE) {
            int pi = find_index(t, p, parent_len(lvl));
            if (pi < 0) {
                rc = fail(err, n, lineno, "parent region missing");
                goto fail_idx;
            }
            parent_idx[t->count] = (size_t)pi;
        }
        t->count++;
        p = next;
    }
    if (t->count == 0) {
        rc = fail(err, n, 1, "no regions");
        goto fail_idx;
    }

    /* Children arrays: count, then fill in code order. */
    size_t *nkids = xcalloc(t->count + 1, sizeof *nkids);
    for (size_t i = 0; i < t->count; i++) {
        if (t->regions[i].level == REGION_PROVINCE)
            t->n_provinces++;
        else
            nkids[parent_idx[i]]++;
    }
    t->kids = xcalloc(t->count + 1, sizeof *t->kids);
    t->provinces = xcalloc(t->n_provinces + 1, sizeof *t->provinces);
    size_t off = 0;
    for (size_t i = 0; i < t->count; i++) {
        t->regions[i].children = nkids[i] ? t->kids + off : NULL;
        off += nkids[i];
    }
    size_t np = 0;
    for (size_t i = 0; i < t->count; i++) {
        struct region *r = &t->regions[i];
        if (r->level == REGION_PROVINCE) {
            t->provinces[np++] = r;
            continue;
        }
        struct region *par = &t->regions[parent_idx[i]];
        r->parent = par;
        ((const struct region **)par->children)[par->n_children++] = r;
    }
    free(nkids);
    free(parent_idx);
    *out = t;
    return K_OK;

fail_idx:
    free(parent_idx);
fail:
    region_table_destroy(t);
    return rc;
}

void region_table_destroy(struct region_table *t)
{
    if (!t)
        return;
    free(t->provinces);
    free(t->kids);
    free(t->regions);
    free(t->text);
    free(t);
}

size_t region_count(const struct region_table *t)
{
    return t->count;
}

/* Short form of code into out (size 10); false for anything that is no code. */
static bool normalise(const char *code, char out[10])
{
    size_t len = strlen(code);
    if (len > 9)
        return false;
    for (size_t i = 0; i < len; i++)
        if (code[i] < '0' || code[i] > '9')
            return false;
    memcpy(out, code, len + 1);
    if (len == 6 && strcmp(code + 2, "0000") == 0)
        out[2] = '\0';
    else if (len == 6 && strcmp(code + 4, "00") == 0)
        out[4] = '\0';
    return level_of(strlen(out)) != 0;
}

const struct region *region_find(const struct region_table *t, const char *code)
{
    char c[10];
    if (!t || !code || !normalise(code, c))
        return NULL;
    int i = find_index(t, c, strlen(c));
    return i < 0 ? NULL : &t->regions[i];
}

size_t region_children(const struct region_table *t, const char *code,
                       const struct region *const **out)
{
    *out = NULL;
    if (!t)
        return 0;
    if (!code || !*code) {
        *out = t->n_provinces ? t->provinces : NULL;
        return t->n_provinces;
    }
    const struct region *r = region_find(t, code);
    if (!r)
        return 0;
    *out = r->children;
    return r->n_children;
}

const struct region *region_for_id(const struct region_table *t, const char *id)
{
    if (!t || !id)
        return NULL;
    char six[7];
    for (int i = 0; i < 6; i++) {
        if (id[i] < '0' || id[i] > '9')
            return NULL;
        six[i] = id[i];
    }
    six[6] = '\0';
    static const size_t lens[] = {6, 4, 2};
    for (size_t k = 0; k < 3; k++) {
        int i = find_index(t, six, lens[k]);
        if (i >= 0)
            return &t->regions[i];
    }
    return NULL;
}

bool region_full_name(const struct region *r, char *out, size_t n)
{
    const struct region *chain[4];
    int depth = 0;
    for (const struct region *x = r; x && depth < 4; x = x->parent)
        chain[depth++] = x;
    if (n)
        out[0] = '\0';
    bool ok = n > 0;
    for (int i = depth - 1; i >= 0; i--) {
        const char *name = chain[i]->name;
        if (strcmp(name, "市辖区") == 0 || strcmp(name, "省直辖县级行政区划") == 0 ||
            strcmp(name, "自治区直辖县级行政区划") == 0)
            continue;
        ok = str_append(out, n, name) && ok;
    }
    return ok;
}
