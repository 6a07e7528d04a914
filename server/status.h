/* server/status.h: the one status vocabulary and what casehub tells the applicant (server/).
 *
 * A matter is, in order: submitted (waiting for the window to verify the originals), routed
 * (originals verified, with its department), accepted, then completed or rejected (final);
 * supplement (material missing) may come at any open step. The words people read for each
 * status are data: "status.STATUS" in assets/ui/strings/status.json, the same file the kiosk's
 * result screen reads; "status.note.STATUS" frames a staff note ("需补正的材料：{1}").
 *
 * Staff notes reach the applicant (SMS, phone page, status API, kiosk) only after
 * status_screen_note() has masked identity-card and phone numbers in them. Pure: no I/O.
 */
#ifndef SERVER_STATUS_H
#define SERVER_STATUS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/service.h"

/* Whether s is one of the statuses above. */
bool status_known(const char *s);
/* completed or rejected. */
bool status_final(const char *s);

/* Copy note into out with every identity-card number (17 digits and a digit or X) and phone
 * number (mobile 1[3-9] + 9 digits; landline 0 + 2..3 digits, optional '-', 7..8 digits) that
 * stands alone (no digit right before or after) masked like log_mask_id/log_mask_phone.
 * Returns how many were masked. out is always NUL-terminated. */
int status_screen_note(const char *note, char *out, size_t n);

/* The SMS for a matter's new status (strings casehub.sms.STATUS; {1} code, {2} matter name,
 * {3} status word, {4} the framed, screened note). matter 0: the whole case. */
void status_sms_text(const struct service *svc, const char *code, int matter, const char *status,
                     const char *note, char *out, size_t n);

/* The applicant's phone (the first phone-type field of the form JSON) into out; "" when none. */
void status_phone_of(const struct service *svc, const char *form_json, char *out, size_t n);

#endif
