/* app/screens/common.h: what every applicant screen shares: the bottom bar with its
 * "leave?" confirmation and the staff call, and small helpers (app layer, screens). */
#ifndef APP_SCREENS_COMMON_H
#define APP_SCREENS_COMMON_H

#include "app/core/date.h"
#include "app/kiosk/app.h"
#include "app/screens/flow.h"
#include "app/kiosk/session.h"
#include "app/ui/widgets.h"

/* Draw the bottom bar; back goes to the named screen (NULL: no back button). Handles 首页
 * (with a confirmation when the applicant has entered anything) and 呼叫工作人员. Returns true
 * when a modal is up and the screen must not take input this frame. */
bool screen_bar(struct kiosk_app *app, struct ui *ui, const char *back);
/* The steps of an application, named by the strings step.name.1..8 (办理须知 › 身份证 › 填表 ›
 * 事项 › 材料 › 核对 › 签名 › 回执). */
#define SCREEN_STEPS 8
/* The header's step argument for step N of SCREEN_STEPS ("N/8", see ui_header). */
const char *screen_step(char *buf, size_t n, int step);
/* The label of field i's current value (option codes shown as their labels). */
const char *screen_value_label(const struct kiosk_app *app, size_t field);
/* Today's date in Beijing from the app clock. */
struct cdate screen_today(struct kiosk_app *app);

/* The pictures the screens draw (app/ui/picture.h; docs/ui.md "Pictures"): where each device
 * is on the kiosk, the reader and the card of the ID card screen's animation, the lookup
 * tile's icon. The service definition names the apply tile's and the matters' icons. */
#define PIC_WHERE_READER  "kiosk-reader"
#define PIC_WHERE_SCANNER "kiosk-scanner"
#define PIC_WHERE_CAMERA  "kiosk-camera"
#define PIC_WHERE_RECEIPT "kiosk-receipt"
#define PIC_READER        "reader"
#define PIC_CARD          "idcard"
#define PIC_LOOKUP        "icon-lookup"
/* All of them, NULL-terminated (tests check that each exists and decodes). */
extern const char *const screen_pictures[];

#endif
