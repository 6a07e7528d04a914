/* app/service/svc_usb.c: service mode's USB stick screen (screen "svc_usb").
 *
 * Finds the mounted stick (app/service/usb.h; KIOSK_USB_ROOT in tests), lists the holiday
 * tables on it, and imports the one tapped with the code `kioskctl calendar import` uses
 * (app/core/calendar_import.h: validated together with the tables already there before it
 * replaces anything); exports the logs into a folder on the stick named after the kiosk and
 * the time. File work runs on a worker; the screen shows progress, then the result in
 * Chinese. A new table is used for deadlines from the next start (the running kiosk's
 * calendar is shared with the printer's worker, so it is not swapped under it). Audited.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/calendar.h"
#include "app/core/calendar_import.h"
#include "app/screens/common.h"
#include "app/kiosk/task.h"
#include "app/service/service_mode.h"
#include "app/service/usb.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

#define SHOWN_FILES 4

/* The screen's state: what was found on the stick, and the last job's outcome. */
struct svc_usb_state {
    char sticks[USB_MAX][USB_PATH_MAX];
    int n_sticks;
    char files[SHOWN_FILES][USB_PATH_MAX];
    int n_files;
    bool busy;
    char result[1400];
    bool result_ok;
};
extern const struct screen screen_svc_usb;

static struct svc_usb_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_svc_usb);
}

struct usb_job {
    bool logs; /* export logs (else import file) */
    char file[USB_PATH_MAX], calendar_dir[4096], log_file[4096], dest[USB_PATH_MAX + 64];
    /* results */
    enum calendar_import_result cal;
    enum kerr rc;
    int copied, first_year, last_year;
    char err[768], where[4200];
};

static void *usb_run(void *arg)
{
    struct usb_job *j = arg;
    if (j->logs) {
        j->rc = usb_logs_export(j->log_file, j->dest, NULL, NULL, &j->copied, j->where,
                                sizeof j->where);
        return j;
    }
    j->cal =
        calendar_import(j->calendar_dir, j->file, j->where, sizeof j->where, j->err, sizeof j->err);
    if (j->cal == CAL_IMPORT_OK) {
        struct calendar *c = NULL;
        char e[256];
        if (calendar_load_dir(j->calendar_dir, &c, e, sizeof e) == K_OK) {
            j->first_year = calendar_first_year(c);
            j->last_year = calendar_last_year(c);
        }
        calendar_destroy(c);
    }
    return j;
}

static const char *base(const char *path)
{
    return strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
}

static void scan(struct svc_usb_state *us)
{
    us->n_sticks = usb_sticks(us->sticks, USB_MAX);
    us->n_files = us->n_sticks ? usb_calendar_files(us->sticks[0], us->files, SHOWN_FILES) : 0;
}

static void usb_enter(struct kiosk_app *app)
{
    struct svc_usb_state *us = state(app);
    us->result[0] = '\0';
    us->busy = false;
    scan(us);
}

static void start(struct kiosk_app *app, bool logs, const char *file)
{
    struct svc_usb_state *us = state(app);
    struct usb_job *j = xcalloc(1, sizeof *j);
    j->logs = logs;
    if (logs) {
        struct kdate d = kclock_beijing(kclock_unix_ms(app->clock));
        snprintf(j->dest, sizeof j->dest, "%s/kiosk-%ld-logs-%04d%02d%02d-%02d%02d", us->sticks[0],
                 app->cfg.kiosk_id, d.year, d.month, d.day, d.hour, d.minute);
        str_copy(j->log_file, sizeof j->log_file, app->cfg.log_file);
    } else {
        str_copy(j->file, sizeof j->file, file);
        config_path(&app->cfg, "calendar", j->calendar_dir, sizeof j->calendar_dir);
    }
    us->busy = task_run(app->tasks, TASK_USB, usb_run, j, free);
    if (!us->busy) {
        free(j);
        str_copy(us->result, sizeof us->result, tr("err.busy"));
        us->result_ok = false;
    } else {
        us->result[0] = '\0';
    }
}

static void usb_event(struct kiosk_app *app, const struct ev *e)
{
    struct svc_usb_state *us = state(app);
    if (e->type != EV_USER || e->code != TASK_USB || !e->payload)
        return;
    const struct usb_job *j = e->payload;
    us->busy = false;
    char a[16], b[16], detail[64];
    if (j->logs) {
        snprintf(a, sizeof a, "%d", j->copied);
        us->result_ok = j->rc == K_OK && j->copied > 0;
        if (j->rc == K_ERR_NOT_FOUND)
            str_copy(us->result, sizeof us->result, tr("ctl.logs.no_file"));
        else if (j->rc != K_OK)
            tr_fmt(us->result, sizeof us->result, "ctl.logs.cannot_write", j->where, NULL);
        else if (!j->copied)
            str_copy(us->result, sizeof us->result, tr("svc.usb.no_logs"));
        else
            tr_fmt(us->result, sizeof us->result, "svc.usb.logs_done", a, base(j->dest), NULL);
        snprintf(detail, sizeof detail, "files=%d rc=%s", j->copied, kerr_name(j->rc));
        service_audit(app, "service_logs_export", detail);
        return;
    }
    us->result_ok = j->cal == CAL_IMPORT_OK;
    switch (j->cal) {
    case CAL_IMPORT_OK:
        snprintf(a, sizeof a, "%d", j->first_year);
        snprintf(b, sizeof b, "%d", j->last_year);
        tr_fmt(us->result, sizeof us->result, "svc.usb.imported", base(j->file), a, b, NULL);
        break;
    case CAL_IMPORT_BAD_NAME:
        tr_fmt(us->result, sizeof us->result, "ctl.calendar.bad_name", base(j->file), NULL);
        break;
    case CAL_IMPORT_UNREADABLE:
        tr_fmt(us->result, sizeof us->result, "ctl.calendar.unreadable", base(j->file), NULL);
        break;
    case CAL_IMPORT_REJECTED:
        tr_fmt(us->result, sizeof us->result, "ctl.calendar.rejected", j->err, NULL);
        break;
    case CAL_IMPORT_UNWRITABLE:
        tr_fmt(us->result, sizeof us->result, "ctl.calendar.unwritable", j->where, NULL);
        break;
    }
    snprintf(detail, sizeof detail, "%.40s %s", base(j->file), us->result_ok ? "ok" : "rejected");
    service_audit(app, "service_calendar_import", detail);
}

static void usb_frame(struct kiosk_app *app, struct ui *ui)
{
    struct svc_usb_state *us = state(app);
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.usb"), NULL);
    int y = body.y;
    char line[1400];
    if (!us->n_sticks) {
        y += ui_label(ui, "svc.usb.none", (struct ui_rect){body.x, y, body.w, 0},
                      tr("svc.usb.none"), UI_FONT_LARGE, UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT) +
             t->gap;
    } else {
        y += ui_label(ui, "svc.usb.stick", (struct ui_rect){body.x, y, body.w, 0},
                      tr_fmt(line, sizeof line, "svc.usb.stick", base(us->sticks[0]), NULL),
                      UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT) +
             t->gap;
        y += ui_label(ui, "svc.usb.files", (struct ui_rect){body.x, y, body.w, 0},
                      tr(us->n_files ? "svc.usb.files" : "svc.usb.no_files"), UI_FONT_BODY,
                      UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT) +
             t->gap;
    }
    if (us->busy) {
        y += ui_label(ui, "svc.usb.busy", (struct ui_rect){body.x, y, body.w, 0},
                      tr("svc.usb.busy"), UI_FONT_LARGE, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
        ui_progress(ui, (struct ui_rect){body.x, y + t->gap, body.w, 40}, -1, app->frame_no);
    }
    if (screen_bar(app, ui, "svc_menu"))
        return;
    for (int i = 0; us->n_sticks && i < us->n_files; i++) {
        char wid[32];
        snprintf(wid, sizeof wid, "svc.usb.file.%d", i);
        if (ui_button(ui, wid, (struct ui_rect){body.x, y, body.w, t->button_h},
                      tr_fmt(line, sizeof line, "svc.usb.import", base(us->files[i]), NULL),
                      UI_BTN_SECONDARY, !us->busy))
            start(app, false, us->files[i]);
        y += t->button_h + t->gap;
    }
    if (us->result[0] && !us->busy)
        ui_label(ui, "svc.usb.result", (struct ui_rect){body.x, y, body.w, 0}, us->result,
                 UI_FONT_BODY, us->result_ok ? UI_C_TEXT : UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
    int bw = (body.w - t->gap) / 2, by = body.y + body.h - t->button_h;
    if (ui_button(ui, "svc.usb.rescan", (struct ui_rect){body.x, by, bw, t->button_h},
                  tr("svc.usb.rescan"), UI_BTN_SECONDARY, !us->busy)) {
        scan(us);
        us->result[0] = '\0';
    }
    if (ui_button(ui, "svc.usb.logs", (struct ui_rect){body.x + bw + t->gap, by, bw, t->button_h},
                  tr("svc.usb.logs"), UI_BTN_PRIMARY, !us->busy && us->n_sticks > 0))
        start(app, true, NULL);
}

const struct screen screen_svc_usb = {
    .name = "svc_usb",
    .idle = IDLE_TYPE,
    .enter = usb_enter,
    .frame = usb_frame,
    .event = usb_event,
    .state_size = sizeof(struct svc_usb_state),
};
