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
 * - A matter that requires others (subsidy needs 报到接收) is blocked, with its
 *   requires_reason, while one of them is not chosen or is itself blocked.
 * - An answer that "declines" a matter (不办理此项) blocks it as the applicant's own choice:
 *   the matter cannot be chosen, and it is not listed among the matters that cannot be done
 *   now.
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
    const char *advice; /* BLOCKED by an answer: what it means for the applicant (what to do),
                         * else NULL */
    bool declined;      /* BLOCKED because the applicant said they do not apply for it */
    long required;      /* BLOCKED by a missing required matter: its index, else -1 */
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

/* Matter m is applied for: chosen and MATTER_OK. Only these are submitted, printed and shown
 * on review as applied for. */
bool rules_applied(const struct rules_result *r, size_t m);
/* Matter m cannot be done now and the applicant should be told why and what to do: blocked
 * (not the whole application, not declined by the applicant) and either chosen or blocked by
 * an answer (e.g. pension funds not arrived). */
bool rules_not_now(const struct rules_result *r, size_t m);

/* The answer a form value settles: a relation field's option carries settle_by, the answer it
 * implies to the question "settle_by" (本人 settles on one's own residence, a relative by
 * 投靠), so the form and the question cannot contradict each other and the way of settling is
 * asked once. Returns the question's index and sets *answer (the service's own string), or
 * -1 when the value implies nothing. */
long rules_implied_answer(const struct service *svc, size_t field, const char *value,
                          const char **answer);

#endif
