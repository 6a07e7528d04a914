/* app/kiosk/session.c: the applicant's data and its wipe (app layer, kiosk lifecycle). */
#include "app/kiosk/session.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/xalloc.h"

struct session *session_create(const struct service *svc)
{
    struct session *s = xcalloc(1, sizeof *s);
    s->svc = svc;
    s->answers = xcalloc(svc->n_questions + 1, sizeof *s->answers);
    s->chosen = xcalloc(svc->n_matters + 1, sizeof *s->chosen);
    s->values = xcalloc(svc->n_fields + 1, sizeof *s->values);
    s->from_card = xcalloc(svc->n_fields + 1, sizeof *s->from_card);
    s->sig = xcalloc(SESSION_MAX_STROKE_POINTS, sizeof *s->sig);
    s->edit_field = -1;
    s->question = -1;
    return s;
}

static void page_free(struct session_page *p)
{
    free_secure(p->jpeg, p->len);
    image_destroy_wiped(p->thumb);
    memset(p, 0, sizeof *p);
}

bool session_add_page(struct session *s, int material, int replace, uint8_t *jpeg, size_t len,
                      int w, int h, struct image *thumb)
{
    size_t idx[SESSION_MAX_PAGES];
    size_t n = session_material_pages(s, material, idx, SESSION_MAX_PAGES);
    size_t old = 0;
    if (replace >= 0) {
        if ((size_t)replace >= s->n_pages || s->pages[replace].material != material)
            return false;
        old = s->pages[replace].len;
    } else if (s->n_pages >= SESSION_MAX_PAGES || n >= SESSION_MAX_PAGES_PER_MATERIAL) {
        return false;
    }
    if (s->page_bytes - old + len > SESSION_MAX_PAGE_BYTES)
        return false;
    struct session_page *p = replace >= 0 ? &s->pages[replace] : &s->pages[s->n_pages++];
    s->page_bytes -= old;
    page_free(p);
    *p = (struct session_page){material, jpeg, len, w, h, thumb};
    s->page_bytes += len;
    return true;
}

void session_delete_page(struct session *s, size_t i)
{
    if (i >= s->n_pages)
        return;
    s->page_bytes -= s->pages[i].len;
    page_free(&s->pages[i]);
    memmove(&s->pages[i], &s->pages[i + 1], (s->n_pages - i - 1) * sizeof s->pages[0]);
    s->n_pages--;
    memset(&s->pages[s->n_pages], 0, sizeof s->pages[0]);
}

size_t session_material_pages(const struct session *s, int material, size_t *idx, size_t cap)
{
    size_t n = 0;
    for (size_t i = 0; i < s->n_pages; i++)
        if (s->pages[i].material == material) {
            if (n < cap)
                idx[n] = i;
            n++;
        }
    return n;
}

void session_rules(const struct session *s, struct rules_result *r)
{
    struct rules_input in = {(const char *const *)s->answers, s->chosen};
    rules_eval(s->svc, &in, r);
}

void session_wipe(struct session *s)
{
    const struct service *svc = s->svc;
    for (size_t i = 0; i < svc->n_questions; i++) {
        str_free_secure(s->answers[i]);
        s->answers[i] = NULL;
    }
    for (size_t i = 0; i < svc->n_fields; i++) {
        str_free_secure(s->values[i]);
        s->values[i] = NULL;
    }
    memset(s->chosen, 0, svc->n_matters * sizeof *s->chosen);
    memset(s->from_card, 0, svc->n_fields * sizeof *s->from_card);
    explicit_bzero(&s->card, sizeof s->card);
    explicit_bzero(s->sig, SESSION_MAX_STROKE_POINTS * sizeof *s->sig);
    s->n_sig = 0;
    s->sig_w = s->sig_h = 0;
    explicit_bzero(s->code, sizeof s->code);
    explicit_bzero(s->qr_url, sizeof s->qr_url);
    for (size_t i = 0; i < s->n_pages; i++)
        page_free(&s->pages[i]);
    s->n_pages = 0;
    s->page_bytes = 0;
    s->paper_only = false;
    s->submitted_ms = 0;
    s->manual_id = false;
    s->back_to_review = false;
    s->edit_field = -1;
    s->question = -1;
}

void session_destroy(struct session *s)
{
    if (!s)
        return;
    session_wipe(s);
    free(s->answers);
    free(s->chosen);
    free(s->values);
    free(s->from_card);
    free(s->sig);
    free(s);
}

void session_set_value(struct session *s, size_t field, const char *value)
{
    if (field >= s->svc->n_fields)
        return;
    str_free_secure(s->values[field]);
    s->values[field] = value && *value ? xstrdup(value) : NULL;
    s->from_card[field] = false;
}

void session_set_answer(struct session *s, size_t q, const char *value)
{
    if (q >= s->svc->n_questions)
        return;
    str_free_secure(s->answers[q]);
    s->answers[q] = value ? xstrdup(value) : NULL;
}

static const char *card_value(const struct session_card *c, const char *name, char *buf, size_t n)
{
    if (strcmp(name, "name") == 0)
        return c->name;
    if (strcmp(name, "sex") == 0)
        return c->sex;
    if (strcmp(name, "ethnicity") == 0)
        return c->ethnicity;
    if (strcmp(name, "address") == 0)
        return c->address;
    if (strcmp(name, "id_number") == 0)
        return c->id_number;
    if (strcmp(name, "birth") == 0 && strlen(c->birth) == 8) {
        snprintf(buf, n, "%.4s-%.2s-%.2s", c->birth, c->birth + 4, c->birth + 6);
        return buf;
    }
    return NULL;
}

void session_apply_card(struct session *s, const struct session_card *card)
{
    s->card = *card;
    for (size_t i = 0; i < s->svc->n_fields; i++) {
        const struct service_field *f = &s->svc->fields[i];
        char buf[16];
        const char *v = f->card_field ? card_value(card, f->card_field, buf, sizeof buf) : NULL;
        if (v && *v) {
            session_set_value(s, i, v);
            s->from_card[i] = true;
        }
    }
}

char *session_form_json(const struct session *s)
{
    cJSON *o = cJSON_CreateObject();
    for (size_t i = 0; i < s->svc->n_fields; i++)
        if (s->values[i])
            cJSON_AddStringToObject(o, s->svc->fields[i].id, s->values[i]);
    /* The answers to the service's questions travel with the form, so that the departments
     * see how the applicant settles, whether funds have arrived, and so on. */
    for (size_t i = 0; i < s->svc->n_questions; i++) {
        if (!s->answers[i])
            continue;
        char key[160];
        snprintf(key, sizeof key, "answer.%s", s->svc->questions[i].id);
        cJSON_AddStringToObject(o, key, s->answers[i]);
    }
    char *text = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    char *copy = xstrdup(text ? text : "{}");
    if (text) {
        explicit_bzero(text, strlen(text));
        cJSON_free(text);
    }
    return copy;
}

static bool zero(const void *p, size_t n)
{
    const unsigned char *c = p;
    for (size_t i = 0; i < n; i++)
        if (c[i])
            return false;
    return true;
}

bool session_is_clean(const struct session *s)
{
    for (size_t i = 0; i < s->svc->n_questions; i++)
        if (s->answers[i])
            return false;
    for (size_t i = 0; i < s->svc->n_fields; i++)
        if (s->values[i] || s->from_card[i])
            return false;
    for (size_t i = 0; i < s->svc->n_matters; i++)
        if (s->chosen[i])
            return false;
    return zero(&s->card, sizeof s->card) && s->n_sig == 0 &&
           zero(s->sig, SESSION_MAX_STROKE_POINTS * sizeof *s->sig) && s->sig_w == 0 &&
           s->sig_h == 0 && zero(s->code, sizeof s->code) && zero(s->qr_url, sizeof s->qr_url) &&
           s->n_pages == 0 && s->page_bytes == 0 && !s->paper_only &&
           zero(s->pages, sizeof s->pages);
}
