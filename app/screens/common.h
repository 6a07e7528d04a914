/* app/screens/common.h: what every applicant screen shares: the bottom bar with its
 * "leave?" confirmation and the staff call, and small helpers (app layer, screens). */
#ifndef APP_SCREENS_COMMON_H
#define APP_SCREENS_COMMON_H

#include "app/core/date.h"
#include "app/screens/app.h"
#include "app/screens/flow.h"
#include "app/screens/session.h"
#include "app/ui/widgets.h"

/* Draw the bottom bar; back goes to the named screen (NULL: no back button). Handles 首页
 * (with a confirmation when the applicant has entered anything) and 呼叫工作人员. Returns true
 * when a modal is up and the screen must not take input this frame. */
bool screen_bar(struct kiosk_app *app, struct ui *ui, const char *back);
/* Forget any dialog left open (at the end of a session). */
void screen_reset(void);
/* "第 N 步，共 M 步" for the header. */
const char *screen_step(char *buf, size_t n, int step);
/* The label of field i's current value (option codes shown as their labels). */
const char *screen_value_label(const struct kiosk_app *app, size_t field);
/* Today's date in Beijing from the app clock. */
struct cdate screen_today(struct kiosk_app *app);

#endif
