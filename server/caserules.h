/* server/caserules.h: the service's rules applied to a case a kiosk sends (server/).
 *
 * casehub does not trust the kiosk to have left out the matters the applicant's answers
 * block: it evaluates the same rules (app/core/rules.h) on the answers that travel in the
 * form as "answer.QUESTION_ID" keys and on the matter numbers of the case. Pure: no I/O.
 */
#ifndef SERVER_CASERULES_H
#define SERVER_CASERULES_H

#include <cjson/cJSON.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/core/service.h"

struct caserules_block {
    int matter;           /* the blocked matter's number (1..N), 0 when everything is blocked */
    const char *question; /* id of the question whose answer blocks it (points into svc) */
    const char *answer;   /* the answer value (points into svc) */
};

/* Whether the answers in form block one of the matters (an array of matter numbers 1..N,
 * already checked) or the whole application; when they do, *why says which (the first one in
 * matter order; "everything" first). Answers that are not answers of their question and
 * questions that do not apply are ignored, as on the kiosk. */
bool caserules_blocked(const struct service *svc, const cJSON *form, const cJSON *matters,
                       struct caserules_block *why);

#endif
