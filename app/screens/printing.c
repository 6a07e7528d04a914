/* app/screens/printing.c: printing the receipt, with progress (screen "print"). The printer
 * works on its own thread (app/kiosk/print.h); this screen only shows what it reports. When
 * printing fails (no paper, cover open, no printer) the code stays on screen in large type,
 * with a reprint offer and the staff call; nothing the applicant did is lost: the case is
 * already stored. */
#include <stdio.h>
#include <string.h>

#include "app/kiosk/print.h"
#include "app/screens/common.h"
#include "app/ui/picture.h"
#include "platform/log.h"
#include "platform/xalloc.h"
#include "platform/strings.h"

struct print_state {
    bool failed, staff_called;
    char why[256];
};
extern const struct screen screen_print;

static struct print_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_print);
}

static void start(struct kiosk_app *app)
{
    struct print_state *st = state(app);
    st->failed = false;
    st->why[0] = '\0';
    if (!print_receipt(app->print, app)) {
        st->failed = true;
        str_copy(st->why, sizeof st->why, tr("err.busy"));
    }
}

static void print_enter(struct kiosk_app *app)
{
    struct print_state *st = state(app);
    app->receipt_state = RECEIPT_PENDING;
    st->staff_called = false;
    start(app);
}

static void print_event(struct kiosk_app *app, const struct ev *e)
{
    struct print_state *st = state(app);
    if (e->type != EV_PRINTER_STATE ||
        (e->payload && ((const struct print_done *)e->payload)->kind != PRINT_RECEIPT))
        return;
    if (e->code == K_OK) {
        app->receipt_state = RECEIPT_PRINTED;
        flow_go(app->flow, "done");
        return;
    }
    st->failed = true;
    log_warn("kiosk", "receipt not printed: %s", kerr_name((enum kerr)e->code));
    char key[64];
    snprintf(key, sizeof key, "err.%s", kerr_name((enum kerr)e->code));
    str_copy(st->why, sizeof st->why, tr_has(key) ? tr(key) : tr("err.device_fault"));
}

static void print_frame(struct kiosk_app *app, struct ui *ui)
{
    struct print_state *st = state(app);
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("print.title"), NULL);
    int y = body.y;
    y += ui_label(ui, "print.code_label", (struct ui_rect){body.x, y, body.w, 0},
                  tr("done.code_label"), UI_FONT_LARGE, UI_C_TEXT, UI_C_BG, UI_ALIGN_CENTER);
    y += ui_label(ui, "print.code", (struct ui_rect){body.x, y, body.w, 0}, app->session->code,
                  UI_FONT_CODE, UI_C_TEXT, UI_C_BG, UI_ALIGN_CENTER);
    y += 2 * t->gap;
    if (!st->failed) {
        y += ui_label(ui, "print.progress", (struct ui_rect){body.x, y, body.w, 0},
                      tr("print.progress"), UI_FONT_HEADING, UI_C_TEXT, UI_C_BG, UI_ALIGN_CENTER);
        ui_progress(ui, (struct ui_rect){body.x, y + t->gap, body.w, 40}, -1, app->frame_no);
        /* Where the receipt will come out. */
        y += 2 * t->gap + 40 + 2 * t->gap;
        int h = body.y + body.h - y;
        if (h > 640)
            h = 640;
        if (h >= 160)
            ui_picture(ui, (struct ui_rect){body.x, y, body.w, h}, PIC_WHERE_RECEIPT, 255);
        screen_bar(app, ui, NULL);
        return;
    }
    /* The failure in words only (the code went to the log); a printer out of paper or with
     * its cover open needs a person, so the staff call comes first. */
    y += ui_label(ui, "print.failed", (struct ui_rect){body.x, y, body.w, 0},
                  tr("print.failed_short"), UI_FONT_HEADING, UI_C_DANGER, UI_C_BG, UI_ALIGN_CENTER);
    y += ui_label(ui, "print.why", (struct ui_rect){body.x, y, body.w, 0}, st->why, UI_FONT_LARGE,
                  UI_C_DANGER, UI_C_BG, UI_ALIGN_CENTER);
    y += t->gap;
    y += ui_label(ui, "print.note", (struct ui_rect){body.x, y, body.w, 0}, tr("print.note"),
                  UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_CENTER);
    y += 2 * t->gap;
    bool modal = screen_bar(app, ui, NULL);
    if (modal)
        return;
    if (ui_button(ui, "print.staff", (struct ui_rect){body.x, y, body.w, t->button_h},
                  tr(st->staff_called ? "print.staff_called" : "print.staff"), UI_BTN_PRIMARY,
                  !st->staff_called)) {
        kiosk_call_staff(app, "print");
        st->staff_called = true;
    }
    y += t->button_h + t->gap;
    if (ui_button(ui, "print.retry", (struct ui_rect){body.x, y, body.w, t->button_h},
                  tr("print.retry"), UI_BTN_SECONDARY, true))
        start(app);
    y += t->button_h + t->gap;
    if (ui_button(ui, "print.skip", (struct ui_rect){body.x, y, body.w, t->button_h},
                  tr("print.skip"), UI_BTN_SECONDARY, true)) {
        app->receipt_state = RECEIPT_FAILED;
        log_info("kiosk", "receipt not printed; applicant went on without it");
        flow_go(app->flow, "done");
    }
}

const struct screen screen_print = {
    .name = "print",
    .idle = IDLE_READ,
    .enter = print_enter,
    .frame = print_frame,
    .event = print_event,
    .state_size = sizeof(struct print_state),
};
