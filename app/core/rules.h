/* app/core/rules.h: what the applicant's answers mean (app/core, pure).
 *
 * Given the answers to the service's questions and the matters chosen, work out which
 * questions apply, for every matter whether it can be applied for now and if not why (the
 * reason is the service definition's text: a pension transfer whose funds have not arrived
 * is blocked and explained, never silently dropped), and which materials are needed.
 *
 * The rules, all taken from the definition:
 * - A question applies when its ask_when holds (a matter in ask_when means "chosen"). An
 *   answer to a question that does not apply is ignored.
 * - An applicable answer that blocks "*" blocks everything; one that lists matters blocks
 *   those, with its reason.
 * - An applicable question without an answer holds up the matters in its needed_by and the
 *   matters any of its answers could block (MATTER_NEEDS_ANSWER, reason = the question).
 * - A material is needed when its needed_when holds, where a matter counts when it is chosen
 *   and not blocked (a matter waiting for an answer still counts, so that its certain
 *   materials show). Nothing is needed while everything is blocked.
 * - The case can be submitted when nothing blocks everything, at least one chosen matter is
 *   MATTER_OK and no chosen matter waits for an answer. Chosen but blocked matters are not
 *   submitted; the screens show them with their reason.
 *
 * Ownership: rules_eval fills a caller-owned struct rules_result whose arrays it allocates;
 * rules_result_finish frees them. The result points into the service (reasons, texts).
 */
#ifndef APP_CORE_RULES_H
#define APP_CORE_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/service.h"

struct rules_input {
    const char *const *answers; /* per question index: the answer value, NULL = unanswered */
    const bool *chosen;         /* per matter index */
};

enum matter_status {
    MATTER_OK,           /* can be applied for now */
    MATTER_BLOCKED,      /* an answer rules it out for now; see reason */
    MATTER_NEEDS_ANSWER, /* a question must be answered first; see reason */
};

struct matter_verdict {
    bool chosen;
    enum matter_status status;
    const char *reason; /* BLOCKED: the answer's reason; NEEDS_ANSWER: the question; else NULL */
    long question;      /* the question behind the status, or -1 */
};

struct rules_result {
    bool all_blocked; /* an answer rules out the whole application */
    const char *all_blocked_reason;
    long all_blocked_question;
    struct matter_verdict *matters; /* n_matters entries */
    bool *question_applies;         /* n_questions entries */
    size_t n_unanswered;            /* applicable questions without an answer */
    bool *material_needed;          /* n_materials entries */
    size_t n_materials_needed;
    size_t n_submittable; /* chosen matters with MATTER_OK */
    bool can_submit;
};

/* Evaluate; in->answers may be NULL (nothing answered), in->chosen NULL (nothing chosen).
 * Answer values that are not answers of their question count as unanswered. */
void rules_eval(const struct service *svc, const struct rules_input *in, struct rules_result *out);
void rules_result_finish(struct rules_result *r);

#endif
