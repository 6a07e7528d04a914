/* server/alerts.h: staff calls from kiosks, shown to the service window (server/).
 *
 * A kiosk's 呼叫工作人员 button reaches casehub as POST /api/v1/alerts (docs/api.md); the alert
 * is stored with the kiosk's name (from its bearer token) and shown on the to-do page of
 * window users (综合受理窗口) until one of them marks it 已处理. A kiosk has at most one open
 * alert: another call while one is open refreshes it instead of adding a row.
 */
#ifndef SERVER_ALERTS_H
#define SERVER_ALERTS_H

#include <stddef.h>

#include "server/hub.h"

#define ALERTS_MAX_BODY   512u /* bytes of a POST /api/v1/alerts body */
#define ALERTS_SCREEN_MAX 32   /* bytes of a screen name (printable ASCII) */

/* Create the table when missing (called by hub_open, lock not needed). */
enum kerr alerts_migrate(struct hub *h);
/* POST /api/v1/alerts from kiosk: body checked strictly; the answer is filled in every case
 * (201 {"id":N}, 400 with an error code, 503 when the database fails). */
void alerts_post(struct hub *h, const char *kiosk, const char *body, size_t len,
                 struct hub_answer *a);
/* Open alerts, oldest first, as a JSON array of {"id","kiosk","screen","at_ms"}; never NULL. */
char *alerts_open_json(struct hub *h);
/* Mark alert id handled by user. K_ERR_NOT_FOUND when there is no such open alert. */
enum kerr alerts_ack(struct hub *h, long long id, const char *user);

#endif
