/* server/policy.h: casehub's own rules for a service, as data (server/).
 *
 * The service definition (assets/services/) says what a case is; the policy
 * (assets/casehub/SERVICE.json, docs/casehub.md) says what casehub's staff may see and when
 * money is paid:
 *   departments.DEPT.fields     the form keys (field ids and "answer.QUESTION" keys) that staff
 *                               of DEPT see; every other key of the form is hidden from them;
 *   departments.DEPT.materials  the material numbers whose scanned pages they see;
 *   departments.DEPT.signature  true: they see the applicant's signature (material 0);
 *   departments.DEPT.open       the case page's sections staff of DEPT find open (the others
 *                               are collapsed); window.open the same for the window;
 *   sections                    [{id, fields}]: how the case page groups the form keys (title:
 *                               string casehub.section.ID); keys in no section go to "other";
 *                               "matters", "pages", "signature" and "other" are the page's own;
 *   payment_dates.MATTER        {year_offset, month, day}: the date by which the matter's
 *                               payment is made, counted from the year the window verified the
 *                               originals (the subsidy: 次年7月底 = 1, 7, 31).
 * The window (综合受理窗口) sees the whole case and is not listed. Loading is strict: unknown
 * keys, departments, fields, questions, materials or matters are errors (E761..E764) naming
 * the file and the path. Ownership: policy_load allocates, policy_destroy frees (NULL is a
 * no-op). A loaded policy is read-only and shared between threads.
 */
#ifndef SERVER_POLICY_H
#define SERVER_POLICY_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/date.h"
#include "app/core/service.h"
#include "platform/err.h"

struct policy;

/* Load the policy at path, checked against svc (which must outlive it). */
enum kerr policy_load(const char *path, const struct service *svc, struct policy **out, char *err,
                      size_t errlen);
void policy_destroy(struct policy *p);

/* Whether staff of dept see the form key (a field id or "answer.QUESTION"). false for a
 * department the policy does not list, and for a NULL policy. */
bool policy_field_visible(const struct policy *p, const char *dept, const char *key);
/* Whether staff of dept see the scanned pages of the material with this number (0: the
 * applicant's signature). */
bool policy_material_visible(const struct policy *p, const char *dept, int material);
/* The form's sections, in order: their count, and the id of section i ("other" for i equal
 * to the count). */
size_t policy_section_count(const struct policy *p);
const char *policy_section_id(const struct policy *p, size_t i);
/* The index of the section holding form key, policy_section_count(p) when none does. */
size_t policy_section_of(const struct policy *p, const char *key);
/* Whether dept ("window" for the window) finds the section open on a case page. */
bool policy_section_open(const struct policy *p, const char *dept, const char *section);
/* The payment date of matter index mi when the originals were verified on day verified;
 * false when the matter has none. */
bool policy_payment_date(const struct policy *p, size_t mi, struct cdate verified,
                         struct cdate *out);

#endif
