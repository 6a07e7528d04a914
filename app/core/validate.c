/* app/core/validate.c: ID numbers, phones, dates and form fields (app/core, pure). */
#include "app/core/validate.h"

#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "platform/utf8.h"
#include "platform/strings.h"

#define DEFAULT_MAX_LEN 200

/* ---- ID numbers (GB 11643-1999) ---------------------------------------------------------- */

static const int weights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};

enum idnum_problem idnum_check(const char *in, const struct cdate *today, char *out)
{
    char n[IDNUM_BUF];
    size_t k = 0;
    if (out)
        out[0] = '\0';
    if (!in)
        return IDNUM_EMPTY;
    for (const char *p = in; *p; p++) {
        if (*p == ' ')
            continue;
        if (k >= 18)
            return IDNUM_LENGTH;
        n[k++] = (char)(*p == 'x' ? 'X' : *p);
    }
    n[k] = '\0';
    if (k == 0)
        return IDNUM_EMPTY;
    if (k != 18)
        return IDNUM_LENGTH;
    for (size_t i = 0; i < 18; i++)
        if (!(isdigit((unsigned char)n[i]) || (i == 17 && n[i] == 'X')))
            return IDNUM_CHARS;
    if (n[0] == '0')
        return IDNUM_REGION;
    char b[9];
    memcpy(b, n + 6, 8);
    b[8] = '\0';
    struct cdate birth;
    if (!cdate_parse_compact(b, &birth) || (today && cdate_cmp(birth, *today) > 0))
        return IDNUM_BIRTH;
    int s = 0;
    for (int i = 0; i < 17; i++)
        s += (n[i] - '0') * weights[i];
    if ("10X98765432"[s % 11] != n[17])
        return IDNUM_CHECK;
    if (out)
        memcpy(out, n, IDNUM_BUF);
    return IDNUM_OK;
}

bool idnum_birth(const char *number, struct cdate *out)
{
    char n[IDNUM_BUF], b[9];
    if (idnum_check(number, NULL, n) != IDNUM_OK)
        return false;
    memcpy(b, n + 6, 8);
    b[8] = '\0';
    return cdate_parse_compact(b, out);
}

char idnum_sex(const char *number)
{
    char n[IDNUM_BUF];
    if (idnum_check(number, NULL, n) != IDNUM_OK)
        return '\0';
    return (n[16] - '0') % 2 ? '1' : '2';
}

enum idnum_problem idnum_check_card(const char *number, const char *card_birth,
                                    const char *card_sex)
{
    char n[IDNUM_BUF];
    enum idnum_problem p = idnum_check(number, NULL, n);
    if (p != IDNUM_OK)
        return p;
    if (card_birth && *card_birth && strncmp(n + 6, card_birth, 8) != 0)
        return IDNUM_CARD_BIRTH;
    if (card_sex && *card_sex && (strcmp(card_sex, "1") == 0 || strcmp(card_sex, "2") == 0) &&
        idnum_sex(n) != card_sex[0])
        return IDNUM_CARD_SEX;
    return IDNUM_OK;
}

const char *idnum_problem_key(enum idnum_problem p)
{
    switch (p) {
    case IDNUM_OK:
        return NULL;
    case IDNUM_EMPTY:
        return "core.valid.required";
    case IDNUM_LENGTH:
        return "core.valid.id.length";
    case IDNUM_CHARS:
        return "core.valid.id.chars";
    case IDNUM_REGION:
        return "core.valid.id.region";
    case IDNUM_BIRTH:
        return "core.valid.id.birth";
    case IDNUM_CHECK:
        return "core.valid.id.check";
    case IDNUM_CARD_BIRTH:
        return "core.valid.id.card_birth";
    case IDNUM_CARD_SEX:
        return "core.valid.id.card_sex";
    }
    return "core.valid.id.check";
}

/* ---- phones ------------------------------------------------------------------------------ */

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* Length of the area code at the start of a landline: 010 and 02x are three digits, the
 * other codes (0477, 0351...) four. */
static size_t area_len(const char *s)
{
    return s[1] == '1' || s[1] == '2' ? 3 : 4;
}

bool phone_check(const char *in, char *out)
{
    char d[PHONE_BUF];
    size_t n = 0, dash_at = 0;
    int dashes = 0;
    if (out)
        out[0] = '\0';
    if (!in)
        return false;
    for (const char *p = in; *p; p++) {
        if (*p == ' ')
            continue;
        if (*p == '-') {
            if (dashes++ || n == 0)
                return false;
            dash_at = n;
            continue;
        }
        if (*p < '0' || *p > '9' || n >= 12)
            return false;
        d[n++] = *p;
    }
    d[n] = '\0';
    if (n == 11 && d[0] == '1' && d[1] >= '3' && d[1] <= '9' && !dashes) {
        if (out)
            memcpy(out, d, n + 1);
        return true;
    }
    if (n < 10 || d[0] != '0' || d[1] == '0' || !all_digits(d, n))
        return false;
    size_t a = area_len(d);
    if (dashes && dash_at != a)
        return false;
    size_t local = n - a;
    if (local < 7 || local > 8 || d[a] == '0' || d[a] == '1')
        return false;
    if (out)
        snprintf(out, PHONE_BUF, "%.*s-%s", (int)a, d, d + a);
    return true;
}

/* ---- fields ------------------------------------------------------------------------------ */

static bool blank(const char *v)
{
    if (!v)
        return true;
    for (; *v; v++)
        if (*v != ' ')
            return false;
    return true;
}

static bool say(char *msg, size_t n, const char *key, const char *a, const char *b)
{
    tr_fmt(msg, n, key, a, b, NULL);
    return false;
}

bool validate_field(const struct service *svc, size_t field, const char *value, struct cdate today,
                    char *msg, size_t n)
{
    if (n)
        msg[0] = '\0';
    if (!svc || field >= svc->n_fields)
        return say(msg, n, "core.valid.unknown_field", "?", NULL);
    const struct service_field *f = &svc->fields[field];
    const char *label = f->label;
    bool picked = f->type == FIELD_CHOICE || f->type == FIELD_RELATION;
    if (blank(value)) {
        if (!f->required)
            return true;
        return say(msg, n,
                   picked || f->type == FIELD_DATE ? "core.valid.choose" : "core.valid.required",
                   label, NULL);
    }
    long len = utf8_count(value);
    if (len < 0 || utf8_has_control(value, false))
        return say(msg, n, "core.valid.bad_text", label, NULL);
    int max = f->max_len ? f->max_len : DEFAULT_MAX_LEN;
    if (len > max) {
        char m[16];
        snprintf(m, sizeof m, "%d", max);
        return say(msg, n, "core.valid.too_long", label, m);
    }
    switch (f->type) {
    case FIELD_CHOICE:
    case FIELD_RELATION:
        if (!service_option(f->options, value))
            return say(msg, n, "core.valid.bad_option", label, NULL);
        return true;
    case FIELD_DATE: {
        struct cdate d;
        if (!cdate_parse(value, &d))
            return say(msg, n, "core.valid.date", label, NULL);
        if (f->not_future && cdate_cmp(d, today) > 0)
            return say(msg, n, "core.valid.future", label, NULL);
        return true;
    }
    case FIELD_PHONE:
        if (!phone_check(value, NULL))
            return say(msg, n, "core.valid.phone", label, NULL);
        return true;
    case FIELD_ID_NUMBER: {
        enum idnum_problem p = idnum_check(value, &today, NULL);
        if (p != IDNUM_OK)
            return say(msg, n, idnum_problem_key(p), label, NULL);
        return true;
    }
    case FIELD_TEXT:
    case FIELD_REGION:
        return true;
    }
    return true;
}

size_t validate_form(const struct service *svc, const char *const *values,
                     const struct validate_card *card, struct cdate today, struct field_error *errs,
                     size_t max)
{
    size_t bad = 0;
    for (size_t i = 0; i < svc->n_fields; i++) {
        const struct service_field *f = &svc->fields[i];
        const char *v = values ? values[i] : NULL;
        char msg[VALIDATE_MSG];
        /* A field not asked (its only_when does not hold) is neither required nor checked. */
        if (!service_field_asked(svc, i, values))
            continue;
        bool ok = validate_field(svc, i, v, today, msg, sizeof msg);
        if (ok && !blank(v) && f->type == FIELD_DATE && f->before >= 0) {
            const char *w = values[f->before];
            struct cdate a, b;
            if (!blank(w) && cdate_parse(v, &a) && cdate_parse(w, &b) && cdate_cmp(a, b) >= 0)
                ok = say(msg, sizeof msg, "core.valid.order", f->label,
                         svc->fields[f->before].label);
        }
        if (ok && !blank(v) && f->type == FIELD_ID_NUMBER) {
            enum idnum_problem p = card ? idnum_check_card(v, card->birth, card->sex) : IDNUM_OK;
            if (p != IDNUM_OK)
                ok = say(msg, sizeof msg, idnum_problem_key(p), f->label, NULL);
            /* The number's sex digit against a sex field (GB/T 2261.1 codes). */
            for (size_t j = 0; ok && j < svc->n_fields; j++) {
                const struct service_field *g = &svc->fields[j];
                const char *sv = values[j];
                if (g->card_field && strcmp(g->card_field, "sex") == 0 && !blank(sv) &&
                    (strcmp(sv, "1") == 0 || strcmp(sv, "2") == 0) && idnum_sex(v) != sv[0])
                    ok = say(msg, sizeof msg, "core.valid.id.sex_field", f->label, g->label);
            }
        }
        if (!ok) {
            if (bad < max) {
                errs[bad].field = i;
                memcpy(errs[bad].msg, msg, sizeof msg);
            }
            bad++;
        }
    }
    return bad;
}
