/* app/service/svc_printer.c: service mode's printer test (screen "svc_printer").
 *
 * The receipt printer's worker (app/kiosk/print.h) owns the printer, so this screen asks it:
 * on entry and on 刷新状态 for the status (paper, cover, online: DLE EOT through the driver),
 * on 打印测试页 for the status and then the test page of `kioskctl printer test`, printed the
 * way receipts are. Progress while the worker is busy; a failure in Chinese with its code. The
 * test page's outcome is audited.
 */
#include <stdio.h>
#include <string.h>

#include "app/receipt/testpage.h"
#include "app/screens/common.h"
#include "app/kiosk/print.h"
#include "app/service/service_mode.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

/* The screen's state: the worker's last answer. */
struct svc_printer_state {
    struct print_done last;
    enum kerr last_rc;
    bool have, busy, busy_test, tested;
};
extern const struct screen screen_svc_printer;

static struct svc_printer_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_svc_printer);
}

static void ask(struct kiosk_app *app, enum print_kind kind)
{
    struct svc_printer_state *ps = state(app);
    if (ps->busy)
        return;
    ps->busy = print_service(app->print, kind);
    ps->busy_test = ps->busy && kind == PRINT_TEST;
    if (ps->busy) {
        ps->have = ps->tested = false;
        return;
    }
    /* No worker, or a receipt is still printing. */
    memset(&ps->last, 0, sizeof ps->last);
    ps->last.kind = kind;
    ps->last_rc = app->print ? K_ERR_BUSY : K_ERR_NO_DEVICE;
    ps->have = true;
    ps->tested = kind == PRINT_TEST;
}

static void prn_enter(struct kiosk_app *app)
{
    struct svc_printer_state *ps = state(app);
    ps->have = ps->tested = ps->busy = false;
    ask(app, PRINT_STATUS);
}

static void prn_event(struct kiosk_app *app, const struct ev *e)
{
    struct svc_printer_state *ps = state(app);
    if (e->type != EV_PRINTER_STATE || !e->payload)
        return;
    const struct print_done *d = e->payload;
    if (d->kind == PRINT_RECEIPT)
        return;
    ps->last = *d;
    ps->last_rc = (enum kerr)e->code;
    ps->have = true;
    ps->busy = false;
    if (d->kind == PRINT_TEST) {
        ps->tested = true;
        service_audit(app, "service_printer_test",
                      ps->last_rc == K_OK ? "ok" : kerr_name(ps->last_rc));
    }
}

/* An enum kerr in Chinese (the err.* strings), with its technician's detail. */
static const char *why(enum kerr rc, const char *detail, char *out, size_t n)
{
    char key[64];
    snprintf(key, sizeof key, "err.%s", kerr_name(rc));
    const char *text = tr_has(key) ? tr(key) : tr("err.device_fault");
    if (detail && detail[0])
        snprintf(out, n, "%s（%.*s）", text, 120, detail);
    else
        snprintf(out, n, "%s", text);
    return out;
}

static void prn_frame(struct kiosk_app *app, struct ui *ui)
{
    struct svc_printer_state *ps = state(app);
    const struct print_done *last = &ps->last;
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.printer"), NULL);
    int y = body.y;
    char line[1024], text[700], state[256];
    y += ui_value_row(ui, "svc.prn.driver", (struct ui_rect){body.x, y, body.w, 0},
                      tr("printer.ctl.field.driver"), app->cfg.printer_driver) +
         t->gap;
    y += ui_value_row(ui, "svc.prn.device", (struct ui_rect){body.x, y, body.w, 0},
                      tr("printer.ctl.field.device"),
                      app->cfg.printer_device[0] ? app->cfg.printer_device : tr("svc.dev.auto")) +
         t->gap;
    if (ps->have && last->identity[0])
        y += ui_value_row(ui, "svc.prn.identity", (struct ui_rect){body.x, y, body.w, 0},
                          tr("svc.prn.identity"), last->identity) +
             t->gap;
    /* The status. */
    if (!ps->have) {
        y += ui_label(ui, "svc.prn.wait", (struct ui_rect){body.x, y, body.w, 0},
                      tr(ps->busy_test ? "svc.prn.printing" : "svc.wait"), UI_FONT_LARGE, UI_C_TEXT,
                      UI_C_BG, UI_ALIGN_LEFT);
        ui_progress(ui, (struct ui_rect){body.x, y + t->gap, body.w, 40}, -1, app->frame_no);
        y += 2 * t->gap + 40;
    } else if (last->have_status) {
        char verdict[256];
        bool ok = printer_status_verdict(&last->status, verdict, sizeof verdict) == K_OK;
        receipt_printer_state(&last->status, state, sizeof state);
        y += ui_label(ui, "svc.prn.status", (struct ui_rect){body.x, y, body.w, 0},
                      tr_fmt(line, sizeof line, "svc.prn.status", state, NULL), UI_FONT_LARGE,
                      ok ? UI_C_TEXT : UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT) +
             t->gap;
    } else if (!ps->tested) {
        y += ui_label(ui, "svc.prn.status", (struct ui_rect){body.x, y, body.w, 0},
                      tr_fmt(line, sizeof line, "svc.prn.no_status",
                             why(ps->last_rc, last->err, text, sizeof text), NULL),
                      UI_FONT_BODY, UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT) +
             t->gap;
    }
    /* The test page's outcome. */
    if (ps->have && ps->tested) {
        if (ps->last_rc == K_OK)
            str_copy(line, sizeof line, tr("svc.prn.test_ok"));
        else
            tr_fmt(line, sizeof line, "svc.prn.test_failed",
                   why(ps->last_rc, last->err, text, sizeof text), NULL);
        ui_label(ui, "svc.prn.result", (struct ui_rect){body.x, y, body.w, 0}, line, UI_FONT_LARGE,
                 ps->last_rc == K_OK ? UI_C_TEXT : UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
    }
    if (screen_bar(app, ui, "svc_menu"))
        return;
    int bw = (body.w - t->gap) / 2, by = body.y + body.h - t->button_h;
    if (ui_button(ui, "svc.prn.refresh", (struct ui_rect){body.x, by, bw, t->button_h},
                  tr("svc.prn.refresh"), UI_BTN_SECONDARY, !ps->busy))
        ask(app, PRINT_STATUS);
    if (ui_button(ui, "svc.prn.test", (struct ui_rect){body.x + bw + t->gap, by, bw, t->button_h},
                  tr("svc.prn.test"), UI_BTN_PRIMARY, !ps->busy))
        ask(app, PRINT_TEST);
}

const struct screen screen_svc_printer = {
    .name = "svc_printer",
    .idle = IDLE_TYPE,
    .enter = prn_enter,
    .frame = prn_frame,
    .event = prn_event,
    .state_size = sizeof(struct svc_printer_state),
};
