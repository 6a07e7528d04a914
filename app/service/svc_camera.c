/* app/service/svc_camera.c: service mode's camera preview (screen "svc_camera").
 *
 * On entry the configured document camera is opened on a worker (opening a real one can take
 * a while) and a capture session (drivers/camera/capture.h) started on it; its preview frames
 * (EV_CAMERA_FRAME) are drawn as they come, with whether the page pipeline sees a page. On
 * leaving the session is stopped and the camera closed. A camera that cannot be opened or
 * fails while running is shown in Chinese with its code. Pages the session captures by itself
 * are dropped (nothing is stored).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/kiosk/camopen.h"
#include "app/screens/common.h"
#include "app/service/service_mode.h"
#include "drivers/camera/capture.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static struct capture_session *session;
static struct image *preview;
static long frames;
static int reject = -1;
static bool opening, failed;
static char fail_text[512];
static unsigned generation; /* an open that finishes after we left is closed, not used */

static void fail(const char *detail)
{
    failed = true;
    opening = false;
    char d[300];
    snprintf(d, sizeof d, "%.280s", detail);
    tr_fmt(fail_text, sizeof fail_text, "capture.no_camera", d, NULL);
}

static void cam_enter(struct kiosk_app *app)
{
    frames = 0;
    reject = -1;
    failed = false;
    opening = camopen_start(app, ++generation, kclock_system());
    if (!opening)
        fail(tr("err.busy"));
    service_audit(app, "service_camera_preview", "");
}

static void cam_leave(struct kiosk_app *app)
{
    (void)app;
    capture_session_stop(session);
    session = NULL;
    image_destroy(preview);
    preview = NULL;
    opening = false;
    generation++;
}

static void cam_event(struct kiosk_app *app, const struct ev *e)
{
    char err[256];
    if (opening && camopen_take(e, generation, app->evq, false, true, &session, err, sizeof err)) {
        opening = false;
        if (!session) {
            fail(err);
            log_warn("service", "camera not opened: %s", err);
        }
        return;
    }
    if (e->type == EV_CAMERA_FRAME && e->payload && session) {
        struct capture_preview *pv = e->payload;
        image_destroy(preview);
        preview = pv->img; /* taken over: the event frees the rest */
        pv->img = NULL;
        reject = (int)pv->reject;
        frames++;
    } else if (e->type == EV_CAMERA_STATE && e->code != K_OK && session) {
        char d[128];
        snprintf(d, sizeof d, "%s", kerr_name((enum kerr)e->code));
        fail(d);
    }
}

static void cam_frame(struct kiosk_app *app, struct ui *ui)
{
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.camera"), NULL);
    int y = body.y;
    y += ui_value_row(ui, "svc.cam.driver", (struct ui_rect){body.x, y, body.w, 0},
                      tr("printer.ctl.field.driver"), app->cfg.camera_driver) +
         t->gap;
    const char *state = failed        ? fail_text
                        : !frames     ? tr("svc.cam.starting")
                        : reject >= 0 ? tr(capture_reject_key((enum page_reject)reject))
                                      : " ";
    y += ui_label(ui, "svc.cam.state", (struct ui_rect){body.x, y, body.w, 0}, state, UI_FONT_LARGE,
                  failed ? UI_C_DANGER : UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT) +
         t->gap;
    if (frames && !failed) {
        ui_label(ui, "svc.cam.ok", (struct ui_rect){body.x, y, body.w, 0}, tr("svc.cam.ok"),
                 UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
        y += t->font_px[UI_FONT_BODY] * 3 / 2 + t->gap;
    }
    if (preview) {
        struct ui_rect r = {body.x, y, body.w, body.y + body.h - y};
        ui_image(ui, r, preview);
    }
    screen_bar(app, ui, "svc_menu");
}

const struct screen screen_svc_camera = {
    .name = "svc_camera",
    .idle = IDLE_TYPE,
    .enter = cam_enter,
    .leave = cam_leave,
    .frame = cam_frame,
    .event = cam_event,
};
