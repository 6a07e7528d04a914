/* app/core/rules.c: matters, questions and materials from the applicant's answers
 * (app/core, pure). See rules.h for the rules. */
#include "app/core/rules.h"

#include <stdlib.h>
#include <string.h>

#include "platform/xalloc.h"

/* The effective answer of question q: its value when it applies and is a real answer. */
static const struct service_answer *
answer_of(const struct service *svc, const struct rules_input *in, const bool *applies, size_t q)
{
    if (!in->answers || !applies[q] || !in->answers[q])
        return NULL;
    return service_answer(&svc->questions[q], in->answers[q]);
}

/* A condition; matter_ok[i] says whether matter i counts. */
static bool cond(const struct service *svc, const struct rules_input *in, const bool *applies,
                 const bool *matter_ok, const struct service_cond *c)
{
    switch (c->kind) {
    case COND_ALWAYS:
        return true;
    case COND_MATTER:
        return matter_ok[c->index];
    case COND_ANSWER: {
        const struct service_answer *a = answer_of(svc, in, applies, c->index);
        return a && strcmp(a->value, c->value) == 0;
    }
    case COND_ALL:
        for (size_t i = 0; i < c->n_sub; i++)
            if (!cond(svc, in, applies, matter_ok, &c->sub[i]))
                return false;
        return true;
    case COND_ANY:
        for (size_t i = 0; i < c->n_sub; i++)
            if (cond(svc, in, applies, matter_ok, &c->sub[i]))
                return true;
        return false;
    case COND_NOT:
        return !cond(svc, in, applies, matter_ok, c->sub);
    }
    return false;
}

static bool answer_blocks(const struct service_answer *a, size_t m)
{
    if (a->blocks_all)
        return true;
    for (size_t i = 0; i < a->n_blocks; i++)
        if (a->blocks[i] == m)
            return true;
    return false;
}

/* Could some answer of q block matter m, or does q say m needs it? */
static bool question_holds_up(const struct service_question *q, size_t m)
{
    for (size_t i = 0; i < q->n_needed_by; i++)
        if (q->needed_by[i] == m)
            return true;
    for (size_t i = 0; i < q->n_answers; i++)
        if (answer_blocks(&q->answers[i], m))
            return true;
    return false;
}

void rules_eval(const struct service *svc, const struct rules_input *in_, struct rules_result *out)
{
    static const struct rules_input none = {NULL, NULL};
    const struct rules_input *in = in_ ? in_ : &none;
    memset(out, 0, sizeof *out);
    out->all_blocked_question = -1;
    out->matters = xcalloc(svc->n_matters ? svc->n_matters : 1, sizeof *out->matters);
    out->question_applies = xcalloc(svc->n_questions ? svc->n_questions : 1, sizeof(bool));
    out->material_needed = xcalloc(svc->n_materials ? svc->n_materials : 1, sizeof(bool));
    bool *chosen = xcalloc(svc->n_matters ? svc->n_matters : 1, sizeof(bool));
    bool *counts = xcalloc(svc->n_matters ? svc->n_matters : 1, sizeof(bool));
    bool *next = xcalloc(svc->n_questions ? svc->n_questions : 1, sizeof(bool));
    for (size_t m = 0; m < svc->n_matters; m++) {
        chosen[m] = in->chosen && in->chosen[m];
        out->matters[m] = (struct matter_verdict){chosen[m], MATTER_OK, NULL, -1, NULL, false, -1};
    }

    /* 1. Which questions apply. ask_when may refer to answers of other questions, which count
     * only when those apply: iterate to a fixed point from "all apply" (a cycle settles or
     * stops after n+1 rounds). */
    bool *applies = out->question_applies;
    for (size_t q = 0; q < svc->n_questions; q++)
        applies[q] = true;
    for (size_t round = 0; round <= svc->n_questions; round++) {
        bool changed = false;
        for (size_t q = 0; q < svc->n_questions; q++) {
            next[q] = cond(svc, in, applies, chosen, &svc->questions[q].ask_when);
            changed = changed || next[q] != applies[q];
        }
        memcpy(applies, next, svc->n_questions * sizeof(bool));
        if (!changed)
            break;
    }

    /* 2. Blocks from applicable answers; 3. questions still to answer. */
    for (size_t q = 0; q < svc->n_questions; q++) {
        if (!applies[q])
            continue;
        const struct service_answer *a = answer_of(svc, in, applies, q);
        if (!a) {
            out->n_unanswered++;
            continue;
        }
        if (a->blocks_all && !out->all_blocked) {
            out->all_blocked = true;
            out->all_blocked_reason = a->reason;
            out->all_blocked_question = (long)q;
        }
        for (size_t m = 0; m < svc->n_matters; m++)
            if (answer_blocks(a, m) && out->matters[m].status != MATTER_BLOCKED)
                out->matters[m] = (struct matter_verdict){
                    chosen[m], MATTER_BLOCKED, a->reason, (long)q, a->meaning, a->declines, -1};
    }
    for (size_t q = 0; q < svc->n_questions; q++) {
        if (!applies[q] || answer_of(svc, in, applies, q))
            continue;
        for (size_t m = 0; m < svc->n_matters; m++)
            if (out->matters[m].status == MATTER_OK && question_holds_up(&svc->questions[q], m))
                out->matters[m] = (struct matter_verdict){
                    chosen[m], MATTER_NEEDS_ANSWER, svc->questions[q].text, (long)q, NULL, false,
                    -1};
    }
    /* Matters that need others: blocked while one is not chosen or itself blocked; a block
     * spreads along chains, so repeat until nothing changes. */
    for (size_t round = 0; round <= svc->n_matters; round++) {
        bool changed = false;
        for (size_t m = 0; m < svc->n_matters; m++) {
            const struct service_matter *sm = &svc->matters[m];
            if (out->matters[m].status == MATTER_BLOCKED)
                continue;
            for (size_t k = 0; k < sm->n_requires; k++) {
                size_t r = sm->requires[k];
                if (chosen[r] && out->matters[r].status != MATTER_BLOCKED)
                    continue;
                out->matters[m] = (struct matter_verdict){
                    chosen[m], MATTER_BLOCKED, sm->requires_reason, -1, NULL, false, (long)r};
                changed = true;
                break;
            }
        }
        if (!changed)
            break;
    }

    /* 4. Materials. */
    for (size_t m = 0; m < svc->n_matters; m++)
        counts[m] = chosen[m] && out->matters[m].status != MATTER_BLOCKED;
    if (!out->all_blocked)
        for (size_t i = 0; i < svc->n_materials; i++) {
            out->material_needed[i] =
                cond(svc, in, applies, counts, &svc->materials[i].needed_when);
            out->n_materials_needed += out->material_needed[i];
        }

    /* 5. Can it be submitted? */
    bool waiting = false;
    for (size_t m = 0; m < svc->n_matters; m++) {
        if (!chosen[m])
            continue;
        out->n_submittable += out->matters[m].status == MATTER_OK;
        waiting = waiting || out->matters[m].status == MATTER_NEEDS_ANSWER;
    }
    out->can_submit = !out->all_blocked && out->n_submittable > 0 && !waiting;
    free(chosen);
    free(counts);
    free(next);
}

bool rules_applied(const struct rules_result *r, size_t m)
{
    return r->matters[m].chosen && r->matters[m].status == MATTER_OK;
}

bool rules_not_now(const struct rules_result *r, size_t m)
{
    const struct matter_verdict *v = &r->matters[m];
    return !r->all_blocked && v->status == MATTER_BLOCKED && !v->declined &&
           (v->chosen || v->question >= 0);
}

long rules_implied_answer(const struct service *svc, size_t field, const char *value,
                          const char **answer)
{
    *answer = NULL;
    if (field >= svc->n_fields || !value)
        return -1;
    const struct service_field *f = &svc->fields[field];
    const struct service_option *o =
        f->type == FIELD_RELATION && f->options ? service_option(f->options, value) : NULL;
    long q = o && o->settle_by ? service_question_index(svc, "settle_by") : -1;
    const struct service_answer *a =
        q >= 0 ? service_answer(&svc->questions[q], o->settle_by) : NULL;
    if (!a)
        return -1;
    *answer = a->value;
    return q;
}

void rules_result_finish(struct rules_result *r)
{
    if (!r)
        return;
    free(r->matters);
    free(r->question_applies);
    free(r->material_needed);
    memset(r, 0, sizeof *r);
}
