/* server/access.h: who of casehub's staff sees which case and which of its data (server/).
 *
 * - The window (HUB_WINDOW) sees every complete case, whole.
 * - A department's staff see a case only when it holds a matter of their department and the
 *   window has verified its originals (it is routed); then only the form keys and the scanned
 *   materials the policy lists for their department (server/policy.h), and the history of
 *   their own matters.
 * - Everything else: refused. Every attempt to see personal data (a case page, a scanned page,
 *   the operator's `case show`) writes an audit row: when, who, which department, which case,
 *   what, allowed or not (table access_log; `casehub audit [CODE]`).
 * Thread-safe like every hub_* function.
 */
#ifndef SERVER_ACCESS_H
#define SERVER_ACCESS_H

#include <stdbool.h>
#include <stddef.h>

#include "server/hub.h"

/* The case as this member of staff may see it (hub_case_json's shape, filtered), or NULL with
 * *status 404 (no such case, or not complete), 403 (no matter of the department), 409 (not
 * routed yet). Audited as what ("case"). Caller frees. */
char *access_case_view(struct hub *h, const char *code, const char *user, const char *dept,
                       const char *what, int *status);

/* Whether this member of staff may fetch the scanned page sha256 (lower-case hex) of case
 * code; its MIME type into mime. Audited as "page", or "signature" for the applicant's
 * signature (attachment material 0, shown to departments whose policy says so). */
bool access_page_allowed(struct hub *h, const char *code, const char *user, const char *dept,
                         const char *sha256, char *mime, size_t mn);

/* One audit row. */
void access_audit(struct hub *h, const char *user, const char *dept, const char *code,
                  const char *what, bool allowed);
/* The audit rows (of one case when code is not NULL), oldest first, one a line:
 * "YYYY-MM-DD HH:MM:SS<TAB>user<TAB>department<TAB>code<TAB>what<TAB>allowed|refused".
 * Caller frees. */
char *access_audit_text(struct hub *h, const char *code);

#endif
