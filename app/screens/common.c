/* app/screens/common.c: bottom bar, step labels, value labels (app layer, screens). */
#include "app/screens/common.h"

#include <stdio.h>
#include <string.h>

#include "platform/strings.h"

bool screen_bar(struct kiosk_app *app, struct ui *ui, const char *back)
{
    struct screen_dialogs *d = flow_dialogs(app->flow);
    enum ui_bar_action a = ui_bottom_bar(ui, back != NULL, true);
    if (a == UI_BAR_BACK)
        flow_go(app->flow, back);
    else if (a == UI_BAR_HOME)
        d->confirm_home = true;
    else if (a == UI_BAR_STAFF) {
        kiosk_call_staff(app, flow_screen_name(app->flow));
        d->staff_notice = true;
    }
    if (d->confirm_home) {
        const char *b[] = {tr("leave.stay"), tr("leave.go")};
        int r = ui_modal(ui, "leave", tr("leave.title"), tr("leave.text"), b, 2);
        if (r == 0)
            d->confirm_home = false;
        if (r == 1) {
            d->confirm_home = false;
            kiosk_end_session(app);
        }
        return true;
    }
    if (d->staff_notice) {
        const char *b[] = {tr("staff.ok")};
        if (ui_modal(ui, "staff", tr("staff.title"), tr("staff.text"), b, 1) == 0)
            d->staff_notice = false;
        return true;
    }
    return false;
}

const char *screen_step(char *buf, size_t n, int step)
{
    snprintf(buf, n, "%d/%d", step, SCREEN_STEPS);
    return buf;
}

const char *screen_value_label(const struct kiosk_app *app, size_t field)
{
    const struct service_field *f = &app->svc.fields[field];
    const char *v = app->session->values[field];
    if (!v)
        return "";
    if (f->options)
        for (size_t i = 0; i < f->options->n_options; i++)
            if (strcmp(f->options->options[i].code, v) == 0)
                return f->options->options[i].label;
    return v;
}

struct cdate screen_today(struct kiosk_app *app)
{
    struct kdate d = kclock_beijing(kclock_unix_ms(app->clock));
    return (struct cdate){d.year, d.month, d.day};
}

const char *const screen_pictures[] = {
    PIC_WHERE_READER, PIC_WHERE_SCANNER, PIC_WHERE_CAMERA, PIC_WHERE_RECEIPT,
    PIC_READER,       PIC_CARD,          PIC_LOOKUP,       NULL,
};
