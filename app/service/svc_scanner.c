/* app/service/svc_scanner.c: service mode's scanner test (screen "svc_scanner").
 *
 * The QR scanner's thread (drivers/scanner, started by the kiosk) posts EV_SCAN with what it
 * read; this screen shows the last text, cut to SCAN_SHOWN characters and with anything that
 * is not printable (control characters, broken UTF-8) shown as '?', and how many scans came
 * since the screen opened. The text is not kept past the screen: a scanned code may be an
 * applicant's. Audited once per scan, without the text.
 */
#include <stdio.h>
#include <string.h>

#include "app/screens/common.h"
#include "app/service/printable.h"
#include "app/service/service_mode.h"
#include "platform/strings.h"

#define SCAN_SHOWN 120 /* characters */

/* The screen's state: the last scan, shown. */
struct svc_scanner_state {
    char shown[SCAN_SHOWN * 4 + 8];
    long count;
    size_t full_len;
};
extern const struct screen screen_svc_scanner;

static struct svc_scanner_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_svc_scanner);
}

static void sc_enter(struct kiosk_app *app)
{
    struct svc_scanner_state *ss = state(app);
    explicit_bzero(ss->shown, sizeof ss->shown);
    ss->count = 0;
    ss->full_len = 0;
}

/* Left, the session ends or the app stops: the text goes. */
static void sc_leave(struct kiosk_app *app)
{
    struct svc_scanner_state *ss = state(app);
    explicit_bzero(ss->shown, sizeof ss->shown);
}

static void sc_event(struct kiosk_app *app, const struct ev *e)
{
    struct svc_scanner_state *ss = state(app);
    if (e->type != EV_SCAN || !e->payload)
        return;
    const char *text = e->payload;
    ss->full_len = strnlen(text, 1 << 20);
    service_printable(text, ss->full_len, SCAN_SHOWN, ss->shown, sizeof ss->shown);
    ss->count++;
    service_audit(app, "service_scanner_test", "scan ok");
}

static void sc_frame(struct kiosk_app *app, struct ui *ui)
{
    struct svc_scanner_state *ss = state(app);
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.scanner"), NULL);
    int y = body.y;
    char line[256], a[24], b[24];
    y += ui_value_row(ui, "svc.sc.driver", (struct ui_rect){body.x, y, body.w, 0},
                      tr("printer.ctl.field.driver"), app->cfg.scanner_driver) +
         t->gap;
    y += ui_label(ui, "svc.sc.state", (struct ui_rect){body.x, y, body.w, 0},
                  tr(app->scanner ? "svc.sc.ready" : "svc.sc.none"), UI_FONT_HEADING,
                  app->scanner ? UI_C_TEXT : UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT) +
         2 * t->gap;
    if (ss->count) {
        snprintf(a, sizeof a, "%ld", ss->count);
        snprintf(b, sizeof b, "%zu", ss->full_len);
        y += ui_label(ui, "svc.sc.count", (struct ui_rect){body.x, y, body.w, 0},
                      tr_fmt(line, sizeof line, "svc.sc.count", a, b, NULL), UI_FONT_LARGE,
                      UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT) +
             t->gap;
        struct ui_rect box = {body.x, y, body.w, 0};
        int h =
            ui_text_height(ui, ss->shown[0] ? ss->shown : " ", UI_FONT_BODY, body.w - 2 * t->gap);
        box.h = h + 2 * t->gap;
        ui_text_box(ui, "svc.sc.text", box, ss->shown, UI_FONT_BODY);
    }
    screen_bar(app, ui, "svc_menu");
}

const struct screen screen_svc_scanner = {
    .name = "svc_scanner",
    .idle = IDLE_TYPE,
    .enter = sc_enter,
    .leave = sc_leave,
    .frame = sc_frame,
    .event = sc_event,
    .end_session = sc_leave,
    .finish = sc_leave,
    .state_size = sizeof(struct svc_scanner_state),
};
