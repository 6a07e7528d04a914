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

/* The screen's state; the camera is open only while the screen is shown. */
struct svc_camera_state {
    struct capture_session *session;
    struct image *preview;
    long frames;
    int reject; /* the last frame's enum page_reject, -1 none */
    bool opening, failed;
    char fail_text[512];
    unsigned generation; /* an open that finishes after we left is closed, not used */
};
extern const struct screen screen_svc_camera;

static struct svc_camera_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_svc_camera);
}

static void cam_start(struct kiosk_app *app)
{
    state(app)->reject = -1;
}

static void fail(struct svc_camera_state *cs, const char *detail)
{
    cs->failed = true;
    cs->opening = false;
    char d[300];
    snprintf(d, sizeof d, "%.280s", detail);
    tr_fmt(cs->fail_text, sizeof cs->fail_text, "capture.no_camera", d, NULL);
}

static void cam_enter(struct kiosk_app *app)
{
    struct svc_camera_state *cs = state(app);
    cs->frames = 0;
    cs->reject = -1;
    cs->failed = false;
    cs->opening = camopen_start(app, ++cs->generation, kclock_system());
    if (!cs->opening)
        fail(cs, tr("err.busy"));
    service_audit(app, "service_camera_preview", "");
}

/* Left, the session ends (before the wipe, so that no frame arrives after it) or the app
 * stops: the camera is closed and the last frame dropped. */
static void cam_leave(struct kiosk_app *app)
{
    struct svc_camera_state *cs = state(app);
    capture_session_stop(cs->session);
    cs->session = NULL;
    image_destroy_wiped(cs->preview); /* whatever the camera saw: maybe a document */
    cs->preview = NULL;
    cs->opening = false;
    cs->generation++;
}

static void cam_event(struct kiosk_app *app, const struct ev *e)
{
    struct svc_camera_state *cs = state(app);
    char err[256];
    if (cs->opening &&
        camopen_take(e, cs->generation, app->evq, false, true, &cs->session, err, sizeof err)) {
        cs->opening = false;
        if (!cs->session) {
            fail(cs, err);
            log_warn("service", "camera not opened: %s", err);
        }
        return;
    }
    if (e->type == EV_CAMERA_FRAME && e->payload && cs->session) {
        struct capture_preview *pv = e->payload;
        image_destroy_wiped(cs->preview);
        cs->preview = pv->img; /* taken over: the event frees the rest */
        pv->img = NULL;
        cs->reject = (int)pv->reject;
        cs->frames++;
    } else if (e->type == EV_CAMERA_STATE && e->code != K_OK && cs->session) {
        char d[128];
        snprintf(d, sizeof d, "%s", kerr_name((enum kerr)e->code));
        fail(cs, d);
    }
}

static void cam_frame(struct kiosk_app *app, struct ui *ui)
{
    struct svc_camera_state *cs = state(app);
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.camera"), NULL);
    int y = body.y;
    y += ui_value_row(ui, "svc.cam.driver", (struct ui_rect){body.x, y, body.w, 0},
                      tr("printer.ctl.field.driver"), app->cfg.camera_driver) +
         t->gap;
    const char *text = cs->failed        ? cs->fail_text
                       : !cs->frames     ? tr("svc.cam.starting")
                       : cs->reject >= 0 ? tr(capture_reject_key((enum page_reject)cs->reject))
                                         : " ";
    y += ui_label(ui, "svc.cam.state", (struct ui_rect){body.x, y, body.w, 0}, text, UI_FONT_LARGE,
                  cs->failed ? UI_C_DANGER : UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT) +
         t->gap;
    if (cs->frames && !cs->failed) {
        ui_label(ui, "svc.cam.ok", (struct ui_rect){body.x, y, body.w, 0}, tr("svc.cam.ok"),
                 UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
        y += t->font_px[UI_FONT_BODY] * 3 / 2 + t->gap;
    }
    if (cs->preview) {
        struct ui_rect r = {body.x, y, body.w, body.y + body.h - y};
        ui_image(ui, r, cs->preview);
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
    .start = cam_start,
    .end_session = cam_leave,
    .finish = cam_leave,
    .state_size = sizeof(struct svc_camera_state),
};
