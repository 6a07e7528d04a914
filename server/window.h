/* server/window.h: the window (综合受理窗口) role and the routing of matters (server/).
 *
 * A case completed by its kiosk waits for the window: a window user checks the originals the
 * applicant brings and marks them verified. That starts the legal clock (every matter's
 * deadline counts from the Beijing date of the verification) and routes the matters: each
 * matter still "submitted" (or "supplement" on the window's request) becomes "routed" and
 * enters its department's to-do list. Before that, departments neither list nor open the case
 * and cannot act on it. The window may ask for supplementary material (a note) on any matter
 * before verification; departments act only on their own routed matters.
 *
 * Window users are staff accounts whose department is HUB_WINDOW
 * (`casehub user add NAME --department window`). Thread-safe like every hub_* function.
 */
#ifndef SERVER_WINDOW_H
#define SERVER_WINDOW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "server/hub.h"

#define HUB_WINDOW "window"

/* Whether a staff department is the window role. */
bool window_is(const char *dept);

/* Columns and tables the window, routing and audit need, added to an existing database
 * (called by hub_open, before any request). */
enum kerr window_schema(struct hub *h, char *err, size_t errlen);

/* Mark the originals of a complete case verified by actor, now: routes its matters and queues
 * one SMS. K_ERR_NOT_FOUND (no such case, or not complete), K_ERR_STATE (already verified). */
enum kerr hub_case_verify(struct hub *h, const char *code, const char *actor, char *err,
                          size_t errlen);

/* When the case was verified (0: not yet, -1: no such case). Lock NOT held. */
int64_t hub_case_verified_ms(struct hub *h, const char *code);

/* The window's to-do list: complete cases not verified yet, oldest first, as a JSON array of
 * {code, matters: [numbers], status ("submitted" or "supplement"), submitted_ms}. Caller frees. */
char *hub_window_todo_json(struct hub *h);

/* Deadlines of a case object (hub's status JSON), lock held: adds "verified_ms" (null before
 * verification), "due" (the service's time_limit_days-th working day after the Beijing date
 * of the verification; null before), "overdue" (today past due and not done), and to each
 * matter "due", "overdue" and, for a matter with a payment date in the policy, "pay_by"
 * (YYYY-MM-DD). */
struct cJSON;
void window_deadlines(struct hub *h, struct cJSON *o, int64_t verified_ms, bool done);

/* With hub->lock held, inside hub_matter_set: may staff of role (a department id or
 * HUB_WINDOW; NULL = the operator) move matter_dept's matter of case_id from status from to
 * status to? false with text in err (E765..E767). */
bool window_matter_rule(struct hub *h, long long case_id, const char *role, const char *matter_dept,
                        const char *from, const char *to, char *err, size_t errlen);

#endif
