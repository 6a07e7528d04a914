/* server/status.c: the status vocabulary, applicant texts and note screening (server/). */
#include "server/status.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "app/core/trackcode.h"
#include "platform/log.h"
#include "platform/strings.h"

static const char *const statuses[] = {"submitted", "routed",   "accepted",
                                       "completed", "rejected", "supplement"};

bool status_known(const char *s)
{
    for (size_t i = 0; s && i < sizeof statuses / sizeof statuses[0]; i++)
        if (strcmp(s, statuses[i]) == 0)
            return true;
    return false;
}

bool status_final(const char *s)
{
    return s && (strcmp(s, "completed") == 0 || strcmp(s, "rejected") == 0);
}

static size_t digits_at(const char *s)
{
    size_t k = 0;
    while (isdigit((unsigned char)s[k]))
        k++;
    return k;
}

/* Length of an identity-card or phone number starting at s (s[-1] is no digit), 0 if none;
 * *kind 'i' or 'p'. */
static size_t number_at(const char *s, char *kind)
{
    size_t d = digits_at(s);
    if (d == 17 && (s[17] == 'X' || s[17] == 'x') && !isalnum((unsigned char)s[18])) {
        *kind = 'i';
        return 18;
    }
    if (d == 18) {
        *kind = 'i';
        return 18;
    }
    if (d == 11 && s[0] == '1' && s[1] >= '3' && s[1] <= '9') {
        *kind = 'p';
        return 11;
    }
    if (s[0] == '0' && d >= 3 && d <= 4 && s[d] == '-') {
        size_t rest = digits_at(s + d + 1);
        if (rest >= 7 && rest <= 8) {
            *kind = 'p';
            return d + 1 + rest;
        }
    }
    if (s[0] == '0' && d >= 10 && d <= 12) {
        *kind = 'p';
        return d;
    }
    return 0;
}

int status_screen_note(const char *note, char *out, size_t n)
{
    if (!n)
        return 0;
    out[0] = '\0';
    size_t o = 0;
    int masked = 0;
    for (size_t i = 0; note && note[i] && o + 1 < n;) {
        char kind = 0;
        size_t len =
            (i == 0 || !isdigit((unsigned char)note[i - 1])) && isdigit((unsigned char)note[i])
                ? number_at(note + i, &kind)
                : 0;
        if (len) {
            char num[32], m[40];
            memcpy(num, note + i, len);
            num[len] = '\0';
            if (kind == 'i')
                log_mask_id(num, m, sizeof m);
            else
                log_mask_phone(num, m, sizeof m);
            size_t ml = strlen(m);
            if (o + ml + 1 > n)
                break;
            memcpy(out + o, m, ml);
            o += ml;
            i += len;
            masked++;
            continue;
        }
        out[o++] = note[i++];
    }
    out[o] = '\0';
    return masked;
}

void status_sms_text(const struct service *svc, const char *code, int matter, const char *status,
                     const char *note, char *out, size_t n)
{
    char key[64], word_key[64], note_key[64], grouped[TRACKCODE_MAX], screened[2100],
        framed[2200] = "";
    snprintf(key, sizeof key, "casehub.sms.%s", status);
    snprintf(word_key, sizeof word_key, "status.%s", status);
    snprintf(note_key, sizeof note_key, "status.note.%s", status);
    trackcode_group(code, grouped);
    status_screen_note(note, screened, sizeof screened);
    if (screened[0] && tr_has(note_key))
        tr_fmt(framed, sizeof framed, note_key, screened, (const char *)NULL);
    const char *mname =
        matter >= 1 && (size_t)matter <= svc->n_matters ? svc->matters[matter - 1].name : "";
    tr_fmt(out, n, key, grouped, mname, tr(word_key), framed, (const char *)NULL);
}

void status_phone_of(const struct service *svc, const char *form_json, char *out, size_t n)
{
    out[0] = '\0';
    cJSON *fj = cJSON_Parse(form_json ? form_json : "{}");
    for (size_t i = 0; i < svc->n_fields && !out[0]; i++)
        if (svc->fields[i].type == FIELD_PHONE) {
            const cJSON *p = cJSON_GetObjectItemCaseSensitive(fj, svc->fields[i].id);
            if (cJSON_IsString(p))
                snprintf(out, n, "%s", p->valuestring);
        }
    cJSON_Delete(fj);
}
