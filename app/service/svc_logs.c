/* app/service/svc_logs.c: service mode's recent log lines (screen "svc_logs").
 *
 * The last LOG_LINES lines of the kiosk's log file (log.file), read on a worker from the file's
 * last LOG_TAIL bytes, each cut to LOG_LINE_CHARS characters with control characters and
 * broken UTF-8 shown as '?'. The log holds no personal data (platform/log.h masks it before
 * it is written), so it may be shown. 刷新 reads again.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/screens/common.h"
#include "app/kiosk/task.h"
#include "app/service/printable.h"
#include "app/service/service_mode.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

#define LOG_TAIL       (16 * 1024)
#define LOG_LINES      12
#define LOG_LINE_CHARS 90

struct logs_job {
    char path[4096];
    bool none; /* no log file configured */
    bool unreadable;
    int n;
    char line[LOG_LINES][LOG_LINE_CHARS * 4 + 8];
};

static void *logs_run(void *arg)
{
    struct logs_job *j = arg;
    if (!j->path[0]) {
        j->none = true;
        return j;
    }
    FILE *f = fopen(j->path, "rb");
    if (!f) {
        j->unreadable = true;
        return j;
    }
    char *buf = xcalloc(LOG_TAIL + 1, 1);
    long size = fseek(f, 0, SEEK_END) == 0 ? ftell(f) : -1;
    long from = size > LOG_TAIL ? size - LOG_TAIL : 0;
    size_t len = 0;
    if (size >= 0 && fseek(f, from, SEEK_SET) == 0)
        len = fread(buf, 1, LOG_TAIL, f);
    fclose(f);
    /* Whole lines only: skip a partial first line when the tail started mid-file. */
    size_t start = 0;
    if (from > 0) {
        char *nl = memchr(buf, '\n', len);
        start = nl ? (size_t)(nl - buf) + 1 : len;
    }
    const char *ends[LOG_LINES * 2 + 1];
    size_t lens[LOG_LINES * 2 + 1];
    int count = 0;
    for (size_t i = start; i < len;) {
        const char *p = buf + i;
        const char *nl = memchr(p, '\n', len - i);
        size_t l = nl ? (size_t)(nl - p) : len - i;
        if (l) {
            if (count == LOG_LINES) {
                memmove(ends, ends + 1, (LOG_LINES - 1) * sizeof ends[0]);
                memmove(lens, lens + 1, (LOG_LINES - 1) * sizeof lens[0]);
                count--;
            }
            ends[count] = p;
            lens[count++] = l;
        }
        i += l + 1;
    }
    for (int k = 0; k < count; k++)
        service_printable(ends[k], lens[k], LOG_LINE_CHARS, j->line[k], sizeof j->line[k]);
    j->n = count;
    free(buf);
    return j;
}

/* The screen's state: the lines read last (freed when the screen is left). */
struct svc_logs_state {
    struct logs_job *last; /* NULL: not read yet */
    bool busy;             /* a read is running */
};
extern const struct screen screen_svc_logs;

static struct svc_logs_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_svc_logs);
}

static void ask(struct kiosk_app *app)
{
    struct svc_logs_state *ls = state(app);
    struct logs_job *j = xcalloc(1, sizeof *j);
    str_copy(j->path, sizeof j->path, app->cfg.log_file);
    ls->busy = task_run(app->tasks, TASK_LOGS, logs_run, j, free);
    if (!ls->busy)
        free(j);
}

static void logs_enter(struct kiosk_app *app)
{
    struct svc_logs_state *ls = state(app);
    free(ls->last);
    ls->last = NULL;
    ask(app);
    service_audit(app, "service_log_view", "");
}

/* Left or the app stops: the lines are dropped. */
static void logs_leave(struct kiosk_app *app)
{
    struct svc_logs_state *ls = state(app);
    free(ls->last);
    ls->last = NULL;
}

static void logs_event(struct kiosk_app *app, const struct ev *e)
{
    struct svc_logs_state *ls = state(app);
    if (e->type != EV_USER || e->code != TASK_LOGS || !e->payload)
        return;
    if (!ls->last)
        ls->last = xcalloc(1, sizeof *ls->last);
    *ls->last = *(const struct logs_job *)e->payload;
    ls->busy = false;
}

static void logs_frame(struct kiosk_app *app, struct ui *ui)
{
    struct svc_logs_state *ls = state(app);
    const struct logs_job *last = ls->last;
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.logs"), NULL);
    int y = body.y, bottom = body.y + body.h - t->button_h - t->gap;
    char wid[32];
    if (!last) {
        ui_label(ui, "svc.logs.wait", (struct ui_rect){body.x, y, body.w, 0}, tr("svc.wait"),
                 UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    } else if (last->none || last->unreadable) {
        char line[4300];
        if (last->none)
            str_copy(line, sizeof line, tr("ctl.logs.no_file"));
        else
            tr_fmt(line, sizeof line, "svc.logs.unreadable", last->path, NULL);
        ui_label(ui, "svc.logs.error", (struct ui_rect){body.x, y, body.w, 0}, line, UI_FONT_BODY,
                 UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
    } else {
        /* Newest last; drop the oldest lines that do not fit. */
        int first = 0, h = 0;
        for (int k = last->n - 1; k >= 0; k--) {
            int lh = ui_text_height(ui, last->line[k], UI_FONT_BODY, body.w) + t->gap / 2;
            if (y + h + lh > bottom)
                break;
            h += lh;
            first = k;
        }
        for (int k = first; k < last->n; k++) {
            snprintf(wid, sizeof wid, "svc.logs.%d", k);
            y += ui_label(ui, wid, (struct ui_rect){body.x, y, body.w, 0}, last->line[k],
                          UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT) +
                 t->gap / 2;
        }
        if (!last->n)
            ui_label(ui, "svc.logs.empty", (struct ui_rect){body.x, y, body.w, 0},
                     tr("svc.logs.empty"), UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
    }
    if (!screen_bar(app, ui, "svc_menu") &&
        ui_button(ui, "svc.logs.refresh",
                  (struct ui_rect){body.x, body.y + body.h - t->button_h, body.w, t->button_h},
                  tr("svc.logs.refresh"), UI_BTN_PRIMARY, !ls->busy))
        ask(app);
}

const struct screen screen_svc_logs = {
    .name = "svc_logs",
    .idle = IDLE_TYPE,
    .enter = logs_enter,
    .leave = logs_leave,
    .frame = logs_frame,
    .event = logs_event,
    .finish = logs_leave,
    .state_size = sizeof(struct svc_logs_state),
};
