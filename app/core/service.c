/* app/core/service.c: loading and validating a service definition (app/core).
 *
 * The loader walks the JSON with a path string ("$.fields[3].type") so that every error names
 * the place. References (a field's option list, a matter's department, a condition's matter
 * or answer) are resolved to indices here, once; nothing later looks anything up by text
 * except the public lookup helpers. Error numbers: E801 syntax, E802 missing key, E803 wrong
 * type, E804 bad value, E805 unknown reference, E806 duplicate id, E807 unknown key, E808
 * unreadable file, E809 unsupported format version, E810 too many entries.
 */
#include "app/core/service.h"

#include <cJSON.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/utf8.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"

#define MAX_ENTRIES    1000 /* per array */
#define MAX_TEXT       4000 /* bytes in one text */
#define MAX_COND_DEPTH 8

const char *const service_receipt_label_keys[] = {
    "code",     "name",     "district", "submitted", "matters", "materials",
    "deadline", "delivery", "consult",  "supervise", NULL,
};
const char *const service_receipt_line_keys[] = {
    "deadline", "deadline_unsure", "materials_at_window", "qr_hint", "keep", NULL,
};

struct ctx {
    struct service *svc;
    const char *name;
    char *err;
    size_t errlen;
    bool failed;
};

/* ---- allocation tracking -------------------------------------------------------------- */

static void *track(struct service *svc, void *p)
{
    if (svc->n_allocs_ == svc->cap_allocs_) {
        svc->cap_allocs_ = svc->cap_allocs_ ? svc->cap_allocs_ * 2 : 64;
        svc->allocs_ = xrealloc(svc->allocs_, svc->cap_allocs_ * sizeof *svc->allocs_);
    }
    svc->allocs_[svc->n_allocs_++] = p;
    return p;
}

static void *alloc(struct ctx *c, size_t n, size_t size)
{
    return track(c->svc, xcalloc(n ? n : 1, size));
}

static char *dup(struct ctx *c, const char *s)
{
    return track(c->svc, xstrdup(s));
}

void service_free(struct service *svc)
{
    if (!svc)
        return;
    for (size_t i = 0; i < svc->n_allocs_; i++)
        free(svc->allocs_[i]);
    free(svc->allocs_);
    memset(svc, 0, sizeof *svc);
}

/* ---- errors ----------------------------------------------------------------------------- */

__attribute__((format(printf, 4, 5))) static bool fail(struct ctx *c, int code, const char *path,
                                                       const char *fmt, ...)
{
    if (c->failed)
        return false;
    c->failed = true;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (c->errlen)
        snprintf(c->err, c->errlen, "E%03d: %s: %s: %s", code, c->name, path, msg);
    return false;
}

/* path + "." + key, or path + "[i]" */
static void sub_key(char *out, size_t n, const char *path, const char *key)
{
    str_copy(out, n, path);
    str_append(out, n, ".");
    str_append(out, n, key);
}

static void sub_idx(char *out, size_t n, const char *path, size_t i)
{
    char idx[32];
    snprintf(idx, sizeof idx, "[%zu]", i);
    str_copy(out, n, path);
    str_append(out, n, idx);
}

#define PATH_MAX_ 256

/* ---- typed getters ---------------------------------------------------------------------- */

static bool check_keys(struct ctx *c, const cJSON *obj, const char *path,
                       const char *const *allowed)
{
    for (const cJSON *it = obj->child; it; it = it->next) {
        if (!it->string)
            continue;
        if (it->string[0] == '_')
            continue; /* comments */
        bool ok = false;
        for (const char *const *a = allowed; *a && !ok; a++)
            ok = strcmp(*a, it->string) == 0;
        if (!ok) {
            char p[PATH_MAX_];
            sub_key(p, sizeof p, path, it->string);
            return fail(c, 807, p, "unknown key");
        }
        /* Duplicate keys: cJSON keeps both; the first would silently win. */
        for (const cJSON *o = obj->child; o != it; o = o->next)
            if (o->string && strcmp(o->string, it->string) == 0) {
                char p[PATH_MAX_];
                sub_key(p, sizeof p, path, it->string);
                return fail(c, 806, p, "key given twice");
            }
    }
    return true;
}

static bool want_object(struct ctx *c, const cJSON *v, const char *path)
{
    return cJSON_IsObject(v) ? true : fail(c, 803, path, "must be an object");
}

static const cJSON *member(struct ctx *c, const cJSON *obj, const char *path, const char *key,
                           bool required)
{
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);
    if (!v && required) {
        char p[PATH_MAX_];
        sub_key(p, sizeof p, path, key);
        fail(c, 802, p, "missing");
    }
    return v;
}

/* A text: a JSON string of valid UTF-8 without control characters (newlines allowed in long
 * texts), at most MAX_TEXT bytes, non-empty unless allow_empty. Absent and optional gives def.
 */
static bool get_text(struct ctx *c, const cJSON *obj, const char *path, const char *key,
                     bool required, bool allow_empty, const char *def, char **out)
{
    char p[PATH_MAX_];
    sub_key(p, sizeof p, path, key);
    const cJSON *v = member(c, obj, path, key, required);
    if (!v) {
        if (c->failed)
            return false;
        *out = def ? dup(c, def) : NULL;
        return true;
    }
    if (!cJSON_IsString(v) || !v->valuestring)
        return fail(c, 803, p, "must be a string");
    const char *s = v->valuestring;
    if (strlen(s) > MAX_TEXT)
        return fail(c, 804, p, "longer than %d bytes", MAX_TEXT);
    if (utf8_count(s) < 0)
        return fail(c, 804, p, "not valid UTF-8");
    if (utf8_has_control(s, true))
        return fail(c, 804, p, "contains a control character");
    if (!*s && !allow_empty)
        return fail(c, 804, p, "must not be empty");
    *out = dup(c, s);
    return true;
}

/* An id: 1..32 characters of a-z, 0-9, '_' and '-'. */
static bool get_id(struct ctx *c, const cJSON *obj, const char *path, const char *key, char **out)
{
    if (!get_text(c, obj, path, key, true, false, NULL, out))
        return false;
    size_t n = strlen(*out);
    bool ok = n <= 32;
    for (const char *s = *out; *s && ok; s++)
        ok = (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-';
    if (!ok) {
        char p[PATH_MAX_];
        sub_key(p, sizeof p, path, key);
        return fail(c, 804, p, "an id is 1 to 32 characters of a-z, 0-9, _ and -");
    }
    return true;
}

/* A picture's name (app/ui/picture.h), optional ("" when absent): 1..48 characters of a-z,
 * 0-9, '-' and '_', so that it can only name a file in assets/ui/pictures. */
static bool get_picture(struct ctx *c, const cJSON *obj, const char *path, const char *key,
                        char **out)
{
    if (!get_text(c, obj, path, key, false, false, "", out))
        return false;
    size_t n = strlen(*out);
    bool ok = n <= 48;
    for (const char *s = *out; *s && ok; s++)
        ok = (*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-';
    if (!ok) {
        char p[PATH_MAX_];
        sub_key(p, sizeof p, path, key);
        return fail(c, 804, p, "a picture name is 1 to 48 characters of a-z, 0-9, _ and -");
    }
    return true;
}

static bool get_bool(struct ctx *c, const cJSON *obj, const char *path, const char *key, bool def,
                     bool *out)
{
    const cJSON *v = member(c, obj, path, key, false);
    if (!v) {
        *out = def;
        return true;
    }
    if (!cJSON_IsBool(v)) {
        char p[PATH_MAX_];
        sub_key(p, sizeof p, path, key);
        return fail(c, 803, p, "must be true or false");
    }
    *out = cJSON_IsTrue(v);
    return true;
}

static bool get_int(struct ctx *c, const cJSON *obj, const char *path, const char *key,
                    bool required, int def, int min, int max, int *out)
{
    char p[PATH_MAX_];
    sub_key(p, sizeof p, path, key);
    const cJSON *v = member(c, obj, path, key, required);
    if (!v) {
        *out = def;
        return !c->failed;
    }
    if (!cJSON_IsNumber(v))
        return fail(c, 803, p, "must be a number");
    double d = v->valuedouble;
    if (!(d >= min && d <= max) || d != (double)(int)d)
        return fail(c, 804, p, "must be a whole number from %d to %d", min, max);
    *out = (int)d;
    return true;
}

/* An array member with 1..MAX_ENTRIES entries (min_n may be 0). */
static const cJSON *get_array(struct ctx *c, const cJSON *obj, const char *path, const char *key,
                              bool required, size_t min_n, size_t *n)
{
    char p[PATH_MAX_];
    sub_key(p, sizeof p, path, key);
    *n = 0;
    const cJSON *v = member(c, obj, path, key, required);
    if (!v)
        return NULL;
    if (!cJSON_IsArray(v)) {
        fail(c, 803, p, "must be an array");
        return NULL;
    }
    size_t k = (size_t)cJSON_GetArraySize(v);
    if (k > MAX_ENTRIES) {
        fail(c, 810, p, "more than %d entries", MAX_ENTRIES);
        return NULL;
    }
    if (k < min_n) {
        fail(c, 804, p, "needs at least %zu entr%s", min_n, min_n == 1 ? "y" : "ies");
        return NULL;
    }
    *n = k;
    return v;
}

static bool choice(struct ctx *c, const char *path, const char *key, const char *value,
                   const char *const *names, int *out)
{
    for (int i = 0; names[i]; i++)
        if (strcmp(names[i], value) == 0) {
            *out = i;
            return true;
        }
    char p[PATH_MAX_], list[256] = "";
    sub_key(p, sizeof p, path, key);
    for (int i = 0; names[i]; i++) {
        if (i)
            str_append(list, sizeof list, "|");
        str_append(list, sizeof list, names[i]);
    }
    return fail(c, 804, p, "must be one of %s", list);
}

/* ---- pieces ----------------------------------------------------------------------------- */

static bool phone_ok(const char *s)
{
    /* 11-digit mobile, or area code (3-4 digits starting 0) '-' 7-8 digits. The definition's
     * own phones are checked with the same rule that validates applicants' input. */
    size_t n = strlen(s);
    if (n == 11 && s[0] == '1') {
        for (size_t i = 0; i < n; i++)
            if (s[i] < '0' || s[i] > '9')
                return false;
        return true;
    }
    const char *dash = strchr(s, '-');
    if (!dash || s[0] != '0')
        return false;
    size_t a = (size_t)(dash - s), b = n - a - 1;
    if (a < 3 || a > 4 || b < 7 || b > 8)
        return false;
    for (size_t i = 0; i < n; i++)
        if (i != a && (s[i] < '0' || s[i] > '9'))
            return false;
    return true;
}

static bool get_phone(struct ctx *c, const cJSON *obj, const char *path, const char *key,
                      char **out)
{
    if (!get_text(c, obj, path, key, true, false, NULL, out))
        return false;
    if (!phone_ok(*out)) {
        char p[PATH_MAX_];
        sub_key(p, sizeof p, path, key);
        return fail(c, 804, p, "not a phone number (0477-8575378 or 11 digits)");
    }
    return true;
}

static long find_matter(const struct service *s, const char *id)
{
    for (size_t i = 0; i < s->n_matters; i++)
        if (strcmp(s->matters[i].id, id) == 0)
            return (long)i;
    return -1;
}

static long find_question(const struct service *s, const char *id)
{
    for (size_t i = 0; i < s->n_questions; i++)
        if (strcmp(s->questions[i].id, id) == 0)
            return (long)i;
    return -1;
}

static bool parse_cond(struct ctx *c, const cJSON *v, const char *path, int depth,
                       struct service_cond *out)
{
    char p[PATH_MAX_];
    memset(out, 0, sizeof *out);
    if (depth > MAX_COND_DEPTH)
        return fail(c, 804, path, "condition nested deeper than %d", MAX_COND_DEPTH);
    if (cJSON_IsString(v) && strcmp(v->valuestring, "always") == 0) {
        out->kind = COND_ALWAYS;
        return true;
    }
    if (!cJSON_IsObject(v) || !v->child || v->child->next)
        return fail(c, 803, path,
                    "a condition is \"always\" or an object with one key: matter, answer, all, "
                    "any or not");
    const cJSON *x = v->child;
    sub_key(p, sizeof p, path, x->string);
    if (strcmp(x->string, "matter") == 0) {
        if (!cJSON_IsString(x))
            return fail(c, 803, p, "must be a matter id");
        long m = find_matter(c->svc, x->valuestring);
        if (m < 0)
            return fail(c, 805, p, "no matter \"%s\"", x->valuestring);
        out->kind = COND_MATTER;
        out->index = (size_t)m;
        return true;
    }
    if (strcmp(x->string, "answer") == 0) {
        static const char *const keys[] = {"question", "is", NULL};
        char *qid, *val;
        if (!want_object(c, x, p) || !check_keys(c, x, p, keys) ||
            !get_id(c, x, p, "question", &qid) || !get_text(c, x, p, "is", true, false, NULL, &val))
            return false;
        long q = find_question(c->svc, qid);
        char pq[PATH_MAX_];
        sub_key(pq, sizeof pq, p, "question");
        if (q < 0)
            return fail(c, 805, pq, "no question \"%s\"", qid);
        if (!service_answer(&c->svc->questions[q], val)) {
            sub_key(pq, sizeof pq, p, "is");
            return fail(c, 805, pq, "question \"%s\" has no answer \"%s\"", qid, val);
        }
        out->kind = COND_ANSWER;
        out->index = (size_t)q;
        out->value = val;
        return true;
    }
    if (strcmp(x->string, "all") == 0 || strcmp(x->string, "any") == 0) {
        if (!cJSON_IsArray(x) || cJSON_GetArraySize(x) < 1 || cJSON_GetArraySize(x) > 64)
            return fail(c, 803, p, "must be an array of 1 to 64 conditions");
        out->kind = strcmp(x->string, "all") == 0 ? COND_ALL : COND_ANY;
        out->n_sub = (size_t)cJSON_GetArraySize(x);
        out->sub = alloc(c, out->n_sub, sizeof *out->sub);
        size_t i = 0;
        for (const cJSON *e = x->child; e; e = e->next, i++) {
            char pe[PATH_MAX_];
            sub_idx(pe, sizeof pe, p, i);
            if (!parse_cond(c, e, pe, depth + 1, &out->sub[i]))
                return false;
        }
        return true;
    }
    if (strcmp(x->string, "not") == 0) {
        out->kind = COND_NOT;
        out->n_sub = 1;
        out->sub = alloc(c, 1, sizeof *out->sub);
        return parse_cond(c, x, p, depth + 1, out->sub);
    }
    return fail(c, 804, p, "unknown condition (matter, answer, all, any, not)");
}

/* Resolve a list of matter ids ("*" = all) at obj.key into indices. */
static bool matter_refs(struct ctx *c, const cJSON *obj, const char *path, const char *key,
                        bool allow_all, bool *all, size_t **out, size_t *n)
{
    size_t k;
    char p[PATH_MAX_];
    sub_key(p, sizeof p, path, key);
    const cJSON *arr = get_array(c, obj, path, key, false, 0, &k);
    *n = 0;
    *out = NULL;
    if (all)
        *all = false;
    if (!arr)
        return !c->failed;
    *out = alloc(c, k, sizeof **out);
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        char pe[PATH_MAX_];
        sub_idx(pe, sizeof pe, p, i);
        if (!cJSON_IsString(e))
            return fail(c, 803, pe, "must be a matter id");
        if (allow_all && strcmp(e->valuestring, "*") == 0) {
            *all = true;
            continue;
        }
        long m = find_matter(c->svc, e->valuestring);
        if (m < 0)
            return fail(c, 805, pe, "no matter \"%s\"", e->valuestring);
        (*out)[(*n)++] = (size_t)m;
    }
    return true;
}

#define DUP_CHECK(arr, n, idfield, path, what)                                                     \
    for (size_t j_ = 0; j_ < (n); j_++)                                                            \
        if (strcmp((arr)[j_].idfield, (arr)[n].idfield) == 0)                                      \
            return fail(c, 806, path, what " \"%s\" defined twice", (arr)[n].idfield);

static bool parse_departments(struct ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"id", "name", "full_name", NULL};
    size_t n;
    const cJSON *arr = get_array(c, root, "$", "departments", true, 1, &n);
    if (!arr)
        return false;
    struct service *s = c->svc;
    s->departments = alloc(c, n, sizeof *s->departments);
    for (const cJSON *e = arr->child; e; e = e->next) {
        char p[PATH_MAX_];
        sub_idx(p, sizeof p, "$.departments", s->n_departments);
        struct service_department *d = &s->departments[s->n_departments];
        if (!want_object(c, e, p) || !check_keys(c, e, p, keys) || !get_id(c, e, p, "id", &d->id) ||
            !get_text(c, e, p, "name", true, false, NULL, &d->name) ||
            !get_text(c, e, p, "full_name", false, false, d->name, &d->full_name))
            return false;
        DUP_CHECK(s->departments, s->n_departments, id, p, "department");
        s->n_departments++;
    }
    return true;
}

static bool parse_districts(struct ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"id", "name", "level", "phone", NULL};
    static const char *const levels[] = {"city", "district", "banner", NULL};
    size_t n;
    const cJSON *arr = get_array(c, root, "$", "districts", true, 1, &n);
    if (!arr)
        return false;
    struct service *s = c->svc;
    s->districts = alloc(c, n, sizeof *s->districts);
    for (const cJSON *e = arr->child; e; e = e->next) {
        char p[PATH_MAX_];
        int lv;
        sub_idx(p, sizeof p, "$.districts", s->n_districts);
        struct service_district *d = &s->districts[s->n_districts];
        if (!want_object(c, e, p) || !check_keys(c, e, p, keys) || !get_id(c, e, p, "id", &d->id) ||
            !get_text(c, e, p, "name", true, false, NULL, &d->name) ||
            !get_text(c, e, p, "level", true, false, NULL, &d->level) ||
            !choice(c, p, "level", d->level, levels, &lv))
            return false;
        /* "phone": null says the source gives no number (nothing is invented). */
        const cJSON *ph = cJSON_GetObjectItemCaseSensitive(e, "phone");
        if (cJSON_IsNull(ph))
            d->phone = NULL;
        else if (!get_phone(c, e, p, "phone", &d->phone))
            return false;
        DUP_CHECK(s->districts, s->n_districts, id, p, "district");
        s->n_districts++;
    }
    return true;
}

static bool parse_lists(struct ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"id", "title", "standard", "options", NULL};
    static const char *const okeys[] = {"code", "label", "settle_by", NULL};
    size_t n;
    const cJSON *arr = get_array(c, root, "$", "option_lists", true, 0, &n);
    if (!arr)
        return !c->failed;
    struct service *s = c->svc;
    s->lists = alloc(c, n, sizeof *s->lists);
    for (const cJSON *e = arr->child; e; e = e->next) {
        char p[PATH_MAX_], po[PATH_MAX_];
        sub_idx(p, sizeof p, "$.option_lists", s->n_lists);
        struct service_option_list *l = &s->lists[s->n_lists];
        size_t k;
        if (!want_object(c, e, p) || !check_keys(c, e, p, keys) || !get_id(c, e, p, "id", &l->id) ||
            !get_text(c, e, p, "title", true, false, NULL, &l->title) ||
            !get_text(c, e, p, "standard", false, true, "", &l->standard))
            return false;
        DUP_CHECK(s->lists, s->n_lists, id, p, "option list");
        const cJSON *opts = get_array(c, e, p, "options", true, 1, &k);
        if (!opts)
            return false;
        sub_key(po, sizeof po, p, "options");
        l->options = alloc(c, k, sizeof *l->options);
        for (const cJSON *o = opts->child; o; o = o->next) {
            char pp[PATH_MAX_];
            sub_idx(pp, sizeof pp, po, l->n_options);
            struct service_option *op = &l->options[l->n_options];
            if (!want_object(c, o, pp) || !check_keys(c, o, pp, okeys) ||
                !get_text(c, o, pp, "code", true, false, NULL, &op->code) ||
                !get_text(c, o, pp, "label", true, false, NULL, &op->label) ||
                !get_text(c, o, pp, "settle_by", false, false, NULL, &op->settle_by))
                return false;
            for (size_t j = 0; j < l->n_options; j++) {
                if (strcmp(l->options[j].code, op->code) == 0)
                    return fail(c, 806, pp, "option code \"%s\" given twice", op->code);
                if (strcmp(l->options[j].label, op->label) == 0)
                    return fail(c, 806, pp, "option label \"%s\" given twice", op->label);
            }
            l->n_options++;
        }
        s->n_lists++;
    }
    return true;
}

static bool parse_fields(struct ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"id",        "label",   "type",    "input",  "required",
                                       "max_len",   "options", "id_card", "before", "not_future",
                                       "only_when", "default", NULL};
    static const char *const wkeys[] = {"field", "is", NULL};
    static const char *const types[] = {"text",      "choice", "date",     "phone",
                                        "id_number", "region", "relation", NULL};
    static const char *const inputs[] = {"none",   "person_name", "address", "free_text",
                                         "digits", "phone",       NULL};
    static const char *const card_fields[] = {"name",    "sex",       "ethnicity", "birth",
                                              "address", "id_number", NULL};
    static const char *const ckeys[] = {"field", "editable", NULL};
    size_t n;
    const cJSON *arr = get_array(c, root, "$", "fields", true, 1, &n);
    if (!arr)
        return false;
    struct service *s = c->svc;
    s->fields = alloc(c, n, sizeof *s->fields);
    char **befores = alloc(c, n, sizeof *befores);
    char **whens = alloc(c, n, sizeof *whens);
    for (const cJSON *e = arr->child; e; e = e->next) {
        char p[PATH_MAX_], pk[PATH_MAX_];
        sub_idx(p, sizeof p, "$.fields", s->n_fields);
        struct service_field *f = &s->fields[s->n_fields];
        char *type, *input, *list = NULL;
        int t = 0, in = 0;
        if (!want_object(c, e, p) || !check_keys(c, e, p, keys) || !get_id(c, e, p, "id", &f->id) ||
            !get_text(c, e, p, "label", true, false, NULL, &f->label) ||
            !get_text(c, e, p, "type", true, false, NULL, &type) ||
            !choice(c, p, "type", type, types, &t) ||
            !get_text(c, e, p, "input", false, false, "none", &input) ||
            !choice(c, p, "input", input, inputs, &in) ||
            !get_bool(c, e, p, "required", false, &f->required) ||
            !get_int(c, e, p, "max_len", false, 0, 1, 1000, &f->max_len) ||
            !get_text(c, e, p, "options", false, false, NULL, &list) ||
            !get_text(c, e, p, "before", false, false, NULL, &befores[s->n_fields]) ||
            !get_bool(c, e, p, "not_future", false, &f->not_future) ||
            !get_text(c, e, p, "default", false, false, NULL, &f->default_value))
            return false;
        DUP_CHECK(s->fields, s->n_fields, id, p, "field");
        f->type = (enum field_type)t;
        f->input = (enum field_input)in;
        f->before = -1;
        f->only_when_field = -1;
        const cJSON *w = member(c, e, p, "only_when", false);
        if (w) {
            sub_key(pk, sizeof pk, p, "only_when");
            if (!want_object(c, w, pk) || !check_keys(c, w, pk, wkeys) ||
                !get_text(c, w, pk, "field", true, false, NULL, &whens[s->n_fields]) ||
                !get_text(c, w, pk, "is", true, false, NULL, &f->only_when_value))
                return false;
        } else if (c->failed) {
            return false;
        }
        bool listed = f->type == FIELD_CHOICE || f->type == FIELD_RELATION;
        sub_key(pk, sizeof pk, p, "options");
        if (listed && !list)
            return fail(c, 802, pk, "a %s field needs an option list", type);
        if (!listed && list)
            return fail(c, 804, pk, "only choice and relation fields have options");
        if (list) {
            f->options = service_list(s, list);
            if (!f->options)
                return fail(c, 805, pk, "no option list \"%s\"", list);
        }
        if (listed && f->input != INPUT_NONE) {
            sub_key(pk, sizeof pk, p, "input");
            return fail(c, 804, pk, "a %s field is picked from its list: input must be none", type);
        }
        if (!listed && f->type != FIELD_DATE && f->input == INPUT_NONE) {
            sub_key(pk, sizeof pk, p, "input");
            return fail(c, 802, pk, "a %s field needs an input kind for the keyboard", type);
        }
        if ((befores[s->n_fields] || f->not_future) && f->type != FIELD_DATE) {
            sub_key(pk, sizeof pk, p, befores[s->n_fields] ? "before" : "not_future");
            return fail(c, 804, pk, "only date fields have date rules");
        }
        const cJSON *card = member(c, e, p, "id_card", false);
        if (card) {
            int cf;
            char *cfield;
            sub_key(pk, sizeof pk, p, "id_card");
            if (!want_object(c, card, pk) || !check_keys(c, card, pk, ckeys) ||
                !get_text(c, card, pk, "field", true, false, NULL, &cfield) ||
                !choice(c, pk, "field", cfield, card_fields, &cf) ||
                !get_bool(c, card, pk, "editable", false, &f->card_editable))
                return false;
            f->card_field = cfield;
        }
        if (f->default_value && f->options && !service_option(f->options, f->default_value)) {
            sub_key(pk, sizeof pk, p, "default");
            return fail(c, 805, pk, "no option \"%s\" in \"%s\"", f->default_value, list);
        }
        s->n_fields++;
    }
    /* Fields asked only when another (earlier) field has a value. */
    for (size_t i = 0; i < s->n_fields; i++) {
        if (!whens[i])
            continue;
        char p[PATH_MAX_], pw[PATH_MAX_];
        sub_idx(p, sizeof p, "$.fields", i);
        sub_key(pw, sizeof pw, p, "only_when");
        long j = service_field_index(s, whens[i]);
        if (j < 0)
            return fail(c, 805, pw, "no field \"%s\"", whens[i]);
        if ((size_t)j >= i)
            return fail(c, 804, pw, "\"%s\" must be an earlier field", whens[i]);
        const struct service_field *o = &s->fields[j];
        if (o->options && !service_option(o->options, s->fields[i].only_when_value))
            return fail(c, 805, pw, "no option \"%s\" in field \"%s\"",
                        s->fields[i].only_when_value, whens[i]);
        s->fields[i].only_when_field = (int)j;
    }
    /* Second pass: date ordering references other date fields. */
    for (size_t i = 0; i < s->n_fields; i++) {
        if (!befores[i])
            continue;
        char p[PATH_MAX_], pb[PATH_MAX_];
        sub_idx(p, sizeof p, "$.fields", i);
        sub_key(pb, sizeof pb, p, "before");
        long j = service_field_index(s, befores[i]);
        if (j < 0)
            return fail(c, 805, pb, "no field \"%s\"", befores[i]);
        if (s->fields[j].type != FIELD_DATE || (size_t)j == i)
            return fail(c, 804, pb, "\"%s\" is not another date field", befores[i]);
        s->fields[i].before = (int)j;
    }
    return true;
}

static bool parse_matters(struct ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"id",        "name",     "department",      "note",
                                       "in_person", "requires", "requires_reason", "promise",
                                       "icon",      NULL};
    size_t n;
    const cJSON *arr = get_array(c, root, "$", "matters", true, 1, &n);
    if (!arr)
        return false;
    struct service *s = c->svc;
    s->matters = alloc(c, n, sizeof *s->matters);
    for (const cJSON *e = arr->child; e; e = e->next) {
        char p[PATH_MAX_], pd[PATH_MAX_];
        sub_idx(p, sizeof p, "$.matters", s->n_matters);
        struct service_matter *m = &s->matters[s->n_matters];
        char *dep;
        if (!want_object(c, e, p) || !check_keys(c, e, p, keys) || !get_id(c, e, p, "id", &m->id) ||
            !get_text(c, e, p, "name", true, false, NULL, &m->name) ||
            !get_text(c, e, p, "department", true, false, NULL, &dep) ||
            !get_text(c, e, p, "note", false, true, "", &m->note) ||
            !get_bool(c, e, p, "in_person", false, &m->in_person) ||
            !get_text(c, e, p, "requires_reason", false, false, "", &m->requires_reason) ||
            !get_text(c, e, p, "promise", false, false, "", &m->promise) ||
            !get_picture(c, e, p, "icon", &m->icon))
            return false;
        DUP_CHECK(s->matters, s->n_matters, id, p, "matter");
        const struct service_department *d = service_department(s, dep);
        sub_key(pd, sizeof pd, p, "department");
        if (!d)
            return fail(c, 805, pd, "no department \"%s\"", dep);
        m->department = (size_t)(d - s->departments);
        s->n_matters++;
    }
    /* Pass 2: what each matter requires (any matter may be named). */
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        char p[PATH_MAX_], pr[PATH_MAX_];
        sub_idx(p, sizeof p, "$.matters", i);
        struct service_matter *m = &s->matters[i];
        if (!matter_refs(c, e, p, "requires", false, NULL, &m->requires, &m->n_requires))
            return false;
        sub_key(pr, sizeof pr, p, "requires");
        for (size_t k = 0; k < m->n_requires; k++)
            if (m->requires[k] == i)
                return fail(c, 804, pr, "a matter cannot require itself");
        sub_key(pr, sizeof pr, p, "requires_reason");
        if (m->n_requires && !*m->requires_reason)
            return fail(c, 802, pr, "a matter that requires others must say why");
    }
    return true;
}

static bool parse_questions(struct ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"id",      "kind",      "text", "ask_when",
                                       "answers", "needed_by", NULL};
    static const char *const akeys[] = {"value",  "label",    "meaning", "blocks",
                                        "reason", "declines", NULL};
    static const char *const kinds[] = {"precondition", "situation", NULL};
    size_t n;
    const cJSON *arr = get_array(c, root, "$", "questions", false, 0, &n);
    if (!arr)
        return !c->failed;
    struct service *s = c->svc;
    s->questions = alloc(c, n, sizeof *s->questions);
    /* Pass 1: ids, texts, answers (conditions may refer to any question). */
    for (const cJSON *e = arr->child; e; e = e->next) {
        char p[PATH_MAX_], pa[PATH_MAX_];
        sub_idx(p, sizeof p, "$.questions", s->n_questions);
        struct service_question *q = &s->questions[s->n_questions];
        int kd;
        size_t k;
        if (!want_object(c, e, p) || !check_keys(c, e, p, keys) || !get_id(c, e, p, "id", &q->id) ||
            !get_text(c, e, p, "kind", true, false, NULL, &q->kind) ||
            !choice(c, p, "kind", q->kind, kinds, &kd) ||
            !get_text(c, e, p, "text", true, false, NULL, &q->text))
            return false;
        DUP_CHECK(s->questions, s->n_questions, id, p, "question");
        const cJSON *answers = get_array(c, e, p, "answers", true, 2, &k);
        if (!answers)
            return false;
        sub_key(pa, sizeof pa, p, "answers");
        q->answers = alloc(c, k, sizeof *q->answers);
        for (const cJSON *a = answers->child; a; a = a->next) {
            char pp[PATH_MAX_], pr[PATH_MAX_];
            sub_idx(pp, sizeof pp, pa, q->n_answers);
            struct service_answer *an = &q->answers[q->n_answers];
            if (!want_object(c, a, pp) || !check_keys(c, a, pp, akeys) ||
                !get_id(c, a, pp, "value", &an->value) ||
                !get_text(c, a, pp, "label", true, false, NULL, &an->label) ||
                !get_text(c, a, pp, "meaning", true, false, NULL, &an->meaning) ||
                !matter_refs(c, a, pp, "blocks", true, &an->blocks_all, &an->blocks,
                             &an->n_blocks) ||
                !get_text(c, a, pp, "reason", false, true, "", &an->reason) ||
                !get_bool(c, a, pp, "declines", false, &an->declines))
                return false;
            DUP_CHECK(q->answers, q->n_answers, value, pp, "answer");
            sub_key(pr, sizeof pr, pp, "reason");
            if ((an->blocks_all || an->n_blocks) && !*an->reason)
                return fail(c, 802, pr, "an answer that blocks matters must say why");
            q->n_answers++;
        }
        if (!matter_refs(c, e, p, "needed_by", false, NULL, &q->needed_by, &q->n_needed_by))
            return false;
        s->n_questions++;
    }
    /* Pass 2: conditions. */
    size_t i = 0;
    for (const cJSON *e = arr->child; e; e = e->next, i++) {
        char p[PATH_MAX_], pw[PATH_MAX_];
        sub_idx(p, sizeof p, "$.questions", i);
        sub_key(pw, sizeof pw, p, "ask_when");
        const cJSON *w = cJSON_GetObjectItemCaseSensitive(e, "ask_when");
        if (w && !parse_cond(c, w, pw, 0, &s->questions[i].ask_when))
            return false;
    }
    return true;
}

/* A relation option's settle_by must be an answer of the question "settle_by" (the form's
 * relation answers it, rules_implied_answer), when the definition has that question. */
static bool check_settle_by(struct ctx *c)
{
    const struct service *s = c->svc;
    const struct service_question *q = service_question(s, "settle_by");
    for (size_t l = 0; q && l < s->n_lists; l++)
        for (size_t o = 0; o < s->lists[l].n_options; o++) {
            const char *v = s->lists[l].options[o].settle_by;
            if (v && !service_answer(q, v)) {
                char p[PATH_MAX_], po[PATH_MAX_], pl[PATH_MAX_];
                sub_idx(pl, sizeof pl, "$.option_lists", l);
                sub_key(p, sizeof p, pl, "options");
                sub_idx(po, sizeof po, p, o);
                sub_key(p, sizeof p, po, "settle_by");
                return fail(c, 805, p, "question \"settle_by\" has no answer \"%s\"", v);
            }
        }
    return true;
}

static bool parse_materials(struct ctx *c, const cJSON *root)
{
    static const char *const keys[] = {"number", "id",          "name", "original",
                                       "colour", "needed_when", "why",  NULL};
    size_t n;
    const cJSON *arr = get_array(c, root, "$", "materials", true, 1, &n);
    if (!arr)
        return false;
    struct service *s = c->svc;
    s->materials = alloc(c, n, sizeof *s->materials);
    for (const cJSON *e = arr->child; e; e = e->next) {
        char p[PATH_MAX_], pw[PATH_MAX_], pn[PATH_MAX_];
        sub_idx(p, sizeof p, "$.materials", s->n_materials);
        struct service_material *m = &s->materials[s->n_materials];
        if (!want_object(c, e, p) || !check_keys(c, e, p, keys) ||
            !get_int(c, e, p, "number", true, 0, 1, 999, &m->number) ||
            !get_id(c, e, p, "id", &m->id) ||
            !get_text(c, e, p, "name", true, false, NULL, &m->name) ||
            !get_bool(c, e, p, "original", false, &m->original) ||
            !get_bool(c, e, p, "colour", false, &m->colour) ||
            !get_text(c, e, p, "why", true, false, NULL, &m->why))
            return false;
        DUP_CHECK(s->materials, s->n_materials, id, p, "material");
        sub_key(pn, sizeof pn, p, "number");
        for (size_t j = 0; j < s->n_materials; j++)
            if (s->materials[j].number == m->number)
                return fail(c, 806, pn, "material number %d given twice", m->number);
        sub_key(pw, sizeof pw, p, "needed_when");
        const cJSON *w = member(c, e, p, "needed_when", true);
        if (!w || !parse_cond(c, w, pw, 0, &m->needed_when))
            return false;
        s->n_materials++;
    }
    return true;
}

static bool parse_kv(struct ctx *c, const cJSON *obj, const char *path, const char *key,
                     const char *const *required, struct service_kv **out, size_t *n)
{
    char p[PATH_MAX_];
    sub_key(p, sizeof p, path, key);
    const cJSON *v = member(c, obj, path, key, true);
    if (!v || !want_object(c, v, p))
        return false;
    size_t k = 0;
    for (const cJSON *e = v->child; e; e = e->next)
        k++;
    if (k > MAX_ENTRIES)
        return fail(c, 810, p, "more than %d entries", MAX_ENTRIES);
    *out = alloc(c, k, sizeof **out);
    *n = 0;
    for (const cJSON *e = v->child; e; e = e->next) {
        if (e->string[0] == '_')
            continue;
        struct service_kv *kv = &(*out)[*n];
        for (size_t j = 0; j < *n; j++)
            if (strcmp((*out)[j].key, e->string) == 0) {
                char pe[PATH_MAX_];
                sub_key(pe, sizeof pe, p, e->string);
                return fail(c, 806, pe, "key given twice");
            }
        kv->key = dup(c, e->string);
        if (!get_text(c, v, p, e->string, true, false, NULL, &kv->text))
            return false;
        (*n)++;
    }
    for (const char *const *r = required; *r; r++) {
        bool found = false;
        for (size_t j = 0; j < *n && !found; j++)
            found = strcmp((*out)[j].key, *r) == 0;
        if (!found) {
            char pr[PATH_MAX_];
            sub_key(pr, sizeof pr, p, *r);
            return fail(c, 802, pr, "missing (the receipt needs it)");
        }
    }
    return true;
}

static bool parse_root(struct ctx *c, const cJSON *root)
{
    static const char *const keys[] = {
        "format",    "id",           "title",    "source",     "audience",          "scope",
        "windows",   "time_limit",   "delivery", "commitment", "supervision_phone", "departments",
        "districts", "option_lists", "fields",   "questions",  "matters",           "materials",
        "receipt",   "icon",         NULL,
    };
    static const char *const src_keys[] = {"document", "date", "issuers", NULL};
    static const char *const tl_keys[] = {"working_days", "text", NULL};
    static const char *const cm_keys[] = {"title", "text", "signer_label", "date_label", NULL};
    static const char *const rc_keys[] = {"title", "labels", "lines", NULL};
    static const char *const dl_keys[] = {"id", "label", NULL};
    struct service *s = c->svc;
    int format;
    if (!want_object(c, root, "$") || !check_keys(c, root, "$", keys))
        return false;
    if (!get_int(c, root, "$", "format", true, 0, 0, 1000000, &format))
        return false;
    if (format != 1)
        return fail(c, 809, "$.format", "format %d is not supported (this kiosk reads 1)", format);
    if (!get_id(c, root, "$", "id", &s->id) ||
        !get_text(c, root, "$", "title", true, false, NULL, &s->title) ||
        !get_text(c, root, "$", "audience", false, true, "", &s->audience) ||
        !get_text(c, root, "$", "scope", false, true, "", &s->scope) ||
        !get_text(c, root, "$", "windows", false, true, "", &s->windows) ||
        !get_picture(c, root, "$", "icon", &s->icon))
        return false;
    const cJSON *src = member(c, root, "$", "source", false);
    if (src) {
        if (!want_object(c, src, "$.source") || !check_keys(c, src, "$.source", src_keys) ||
            !get_text(c, src, "$.source", "document", true, false, NULL, &s->source_document))
            return false;
    } else {
        s->source_document = dup(c, "");
    }
    const cJSON *tl = member(c, root, "$", "time_limit", true);
    if (!tl || !want_object(c, tl, "$.time_limit") || !check_keys(c, tl, "$.time_limit", tl_keys) ||
        !get_int(c, tl, "$.time_limit", "working_days", true, 0, 1, 3650, &s->time_limit_days) ||
        !get_text(c, tl, "$.time_limit", "text", true, false, NULL, &s->time_limit_text))
        return false;
    size_t nd;
    const cJSON *dl = get_array(c, root, "$", "delivery", true, 1, &nd);
    if (!dl)
        return false;
    s->delivery = alloc(c, nd, sizeof *s->delivery);
    for (const cJSON *e = dl->child; e; e = e->next) {
        char p[PATH_MAX_];
        sub_idx(p, sizeof p, "$.delivery", s->n_delivery);
        struct service_delivery *d = &s->delivery[s->n_delivery];
        if (!want_object(c, e, p) || !check_keys(c, e, p, dl_keys) ||
            !get_id(c, e, p, "id", &d->id) ||
            !get_text(c, e, p, "label", true, false, NULL, &d->label))
            return false;
        DUP_CHECK(s->delivery, s->n_delivery, id, p, "delivery way");
        s->n_delivery++;
    }
    const cJSON *cm = member(c, root, "$", "commitment", true);
    if (!cm || !want_object(c, cm, "$.commitment") || !check_keys(c, cm, "$.commitment", cm_keys) ||
        !get_text(c, cm, "$.commitment", "title", true, false, NULL, &s->commitment_title) ||
        !get_text(c, cm, "$.commitment", "text", true, false, NULL, &s->commitment_text) ||
        !get_text(c, cm, "$.commitment", "signer_label", true, false, NULL,
                  &s->commitment_signer) ||
        !get_text(c, cm, "$.commitment", "date_label", true, false, NULL, &s->commitment_date))
        return false;
    if (!get_phone(c, root, "$", "supervision_phone", &s->supervision_phone))
        return false;
    if (!parse_departments(c, root) || !parse_districts(c, root) || !parse_lists(c, root) ||
        !parse_fields(c, root) || !parse_matters(c, root) || !parse_questions(c, root) ||
        !parse_materials(c, root) || !check_settle_by(c))
        return false;
    const cJSON *rc = member(c, root, "$", "receipt", true);
    if (!rc || !want_object(c, rc, "$.receipt") || !check_keys(c, rc, "$.receipt", rc_keys) ||
        !get_text(c, rc, "$.receipt", "title", true, false, NULL, &s->receipt_title) ||
        !parse_kv(c, rc, "$.receipt", "labels", service_receipt_label_keys, &s->receipt_labels,
                  &s->n_receipt_labels) ||
        !parse_kv(c, rc, "$.receipt", "lines", service_receipt_line_keys, &s->receipt_lines,
                  &s->n_receipt_lines))
        return false;
    return true;
}

/* Line and column of byte offset off in text, for syntax errors. */
static void line_col(const char *text, size_t off, int *line, int *col)
{
    *line = 1;
    *col = 1;
    for (size_t i = 0; i < off && text[i]; i++) {
        if (text[i] == '\n') {
            (*line)++;
            *col = 1;
        } else if (((unsigned char)text[i] & 0xC0) != 0x80) {
            (*col)++;
        }
    }
}

enum kerr service_load_mem(const char *name, const char *json, size_t len, struct service *svc,
                           char *err, size_t errlen)
{
    memset(svc, 0, sizeof *svc);
    struct ctx c = {.svc = svc, .name = name ? name : "(memory)", .err = err, .errlen = errlen};
    if (errlen)
        err[0] = '\0';
    if (len > SERVICE_FILE_MAX) {
        fail(&c, 808, "$", "file larger than %u bytes", SERVICE_FILE_MAX);
        return K_ERR_TOO_LARGE;
    }
    /* cJSON wants a NUL-terminated buffer to report positions; copy, and reject NUL inside. */
    char *text = xcalloc(len + 1, 1);
    memcpy(text, json, len);
    if (strlen(text) != len) {
        free(text);
        fail(&c, 801, "$", "NUL byte in the file");
        return K_ERR_INVALID;
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, true);
    if (!root) {
        int line, col;
        size_t off = end && end >= text ? (size_t)(end - text) : 0;
        line_col(text, off, &line, &col);
        char where[64];
        snprintf(where, sizeof where, "line %d column %d", line, col);
        fail(&c, 801, where, "JSON syntax error");
        free(text);
        return K_ERR_INVALID;
    }
    bool ok = parse_root(&c, root);
    cJSON_Delete(root);
    free(text);
    if (!ok) {
        service_free(svc);
        return K_ERR_INVALID;
    }
    return K_OK;
}

enum kerr service_load(const char *path, struct service *svc, char *err, size_t errlen)
{
    char *buf = NULL;
    size_t len = 0;
    memset(svc, 0, sizeof *svc);
    enum kerr rc = fs_read_file(path, SERVICE_FILE_MAX, &buf, &len);
    if (rc != K_OK) {
        if (errlen)
            snprintf(err, errlen, "E808: %s: $: %s", path,
                     rc == K_ERR_TOO_LARGE ? "file larger than 1 MiB" : "cannot read the file");
        return rc;
    }
    rc = service_load_mem(path, buf, len, svc, err, errlen);
    free(buf);
    return rc;
}

/* ---- lookups ---------------------------------------------------------------------------- */

#define FIND(arr, n, field, key)                                                                   \
    do {                                                                                           \
        if (!svc || !(key))                                                                        \
            return NULL;                                                                           \
        for (size_t i_ = 0; i_ < (n); i_++)                                                        \
            if (strcmp((arr)[i_].field, (key)) == 0)                                               \
                return &(arr)[i_];                                                                 \
        return NULL;                                                                               \
    } while (0)

const struct service_field *service_field(const struct service *svc, const char *id)
{
    FIND(svc->fields, svc->n_fields, id, id);
}

const struct service_matter *service_matter(const struct service *svc, const char *id)
{
    FIND(svc->matters, svc->n_matters, id, id);
}

const struct service_material *service_material(const struct service *svc, const char *id)
{
    FIND(svc->materials, svc->n_materials, id, id);
}

const struct service_district *service_district(const struct service *svc, const char *id)
{
    FIND(svc->districts, svc->n_districts, id, id);
}

const struct service_department *service_department(const struct service *svc, const char *id)
{
    FIND(svc->departments, svc->n_departments, id, id);
}

const struct service_question *service_question(const struct service *svc, const char *id)
{
    FIND(svc->questions, svc->n_questions, id, id);
}

const struct service_option_list *service_list(const struct service *svc, const char *id)
{
    FIND(svc->lists, svc->n_lists, id, id);
}

const struct service_material *service_material_by_number(const struct service *svc, int number)
{
    if (!svc)
        return NULL;
    for (size_t i = 0; i < svc->n_materials; i++)
        if (svc->materials[i].number == number)
            return &svc->materials[i];
    return NULL;
}

long service_field_index(const struct service *svc, const char *id)
{
    const struct service_field *f = service_field(svc, id);
    return f ? (long)(f - svc->fields) : -1;
}

long service_matter_index(const struct service *svc, const char *id)
{
    const struct service_matter *m = service_matter(svc, id);
    return m ? (long)(m - svc->matters) : -1;
}

long service_question_index(const struct service *svc, const char *id)
{
    const struct service_question *q = service_question(svc, id);
    return q ? (long)(q - svc->questions) : -1;
}

const struct service_department *service_matter_department(const struct service *svc,
                                                           const struct service_matter *m)
{
    return svc && m && m->department < svc->n_departments ? &svc->departments[m->department] : NULL;
}

bool service_field_asked(const struct service *svc, size_t field, const char *const *values)
{
    if (field >= svc->n_fields)
        return false;
    const struct service_field *f = &svc->fields[field];
    if (f->only_when_field < 0)
        return true;
    const char *v = values ? values[f->only_when_field] : NULL;
    return v && strcmp(v, f->only_when_value) == 0;
}

const struct service_option *service_option(const struct service_option_list *list,
                                            const char *code)
{
    if (!list || !code)
        return NULL;
    for (size_t i = 0; i < list->n_options; i++)
        if (strcmp(list->options[i].code, code) == 0)
            return &list->options[i];
    return NULL;
}

const struct service_answer *service_answer(const struct service_question *q, const char *value)
{
    if (!q || !value)
        return NULL;
    for (size_t i = 0; i < q->n_answers; i++)
        if (strcmp(q->answers[i].value, value) == 0)
            return &q->answers[i];
    return NULL;
}

static const char *kv_find(const struct service_kv *kv, size_t n, const char *key)
{
    for (size_t i = 0; key && i < n; i++)
        if (strcmp(kv[i].key, key) == 0)
            return kv[i].text;
    return NULL;
}

const char *service_receipt_label(const struct service *svc, const char *key)
{
    return svc ? kv_find(svc->receipt_labels, svc->n_receipt_labels, key) : NULL;
}

const char *service_receipt_line(const struct service *svc, const char *key)
{
    return svc ? kv_find(svc->receipt_lines, svc->n_receipt_lines, key) : NULL;
}
