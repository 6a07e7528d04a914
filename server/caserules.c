/* server/caserules.c: the service's rules applied to a case a kiosk sends (server/). */
#include "server/caserules.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/rules.h"
#include "platform/xalloc.h"

bool caserules_blocked(const struct service *svc, const cJSON *form, const cJSON *matters,
                       struct caserules_block *why)
{
    memset(why, 0, sizeof *why);
    const char **answers = xcalloc(svc->n_questions + 1, sizeof *answers);
    bool *chosen = xcalloc(svc->n_matters + 1, sizeof *chosen);
    for (size_t i = 0; i < svc->n_questions; i++) {
        char key[200];
        snprintf(key, sizeof key, "answer.%s", svc->questions[i].id);
        const cJSON *a = cJSON_GetObjectItemCaseSensitive(form, key);
        answers[i] = cJSON_IsString(a) ? a->valuestring : NULL;
    }
    const cJSON *m;
    cJSON_ArrayForEach(m, matters)
    {
        if (cJSON_IsNumber(m) && m->valuedouble >= 1 && m->valuedouble <= (double)svc->n_matters)
            chosen[(size_t)m->valuedouble - 1] = true;
    }
    struct rules_input in = {.answers = answers, .chosen = chosen};
    struct rules_result r;
    rules_eval(svc, &in, &r);
    bool blocked = false;
    long q = -1;
    if (r.all_blocked) {
        blocked = true;
        q = r.all_blocked_question;
    } else {
        for (size_t i = 0; i < svc->n_matters && !blocked; i++)
            if (chosen[i] && r.matters[i].status == MATTER_BLOCKED) {
                blocked = true;
                why->matter = (int)i + 1;
                q = r.matters[i].question;
            }
    }
    if (blocked && q >= 0 && (size_t)q < svc->n_questions) {
        why->question = svc->questions[q].id;
        const struct service_answer *sa = service_answer(&svc->questions[q], answers[q]);
        why->answer = sa ? sa->value : NULL;
    }
    rules_result_finish(&r);
    free(chosen);
    free(answers);
    return blocked;
}
