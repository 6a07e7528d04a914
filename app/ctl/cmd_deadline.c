/* app/ctl/cmd_deadline.c: `kioskctl deadline YYYY-MM-DD [--days N]` (app layer, ctl).
 * The first line is the due date (YYYY-MM-DD), the N-th working day after the given
 * acceptance day; N defaults to the service's time limit. A second line warns when the count
 * ran into years without an official holiday table. Calendar folder and service file come
 * from the configuration. */
#include <stdio.h>
#include <string.h>

#include "app/core/calendar.h"
#include "app/core/service.h"
#include "app/ctl/ctl.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    char msg[1400], err[1024], path[1024];
    struct cdate day0;
    long days = 0;
    if (argc == 2 || (argc == 4 && strcmp(argv[2], "--days") == 0)) {
        if (!cdate_parse(argv[1], &day0) ||
            (argc == 4 && !str_to_long(argv[3], 1, CALENDAR_MAX_DAYS, &days))) {
            ctl_fail("E984", NULL, "core.ctl.deadline.bad_args", NULL);
            return 2;
        }
    } else {
        fprintf(stderr, "%s\n", tr("core.ctl.help.deadline"));
        return 2;
    }
    if (days == 0) {
        struct service s;
        config_path(ctx->cfg, "service", path, sizeof path);
        if (service_load(path, &s, err, sizeof err) != K_OK) {
            ctl_fail("E801", err, "core.ctl.service.invalid", NULL);
            return 1;
        }
        days = s.time_limit_days;
        service_free(&s);
    }
    struct calendar *cal;
    config_path(ctx->cfg, "calendar", path, sizeof path);
    if (calendar_load_dir(path, &cal, err, sizeof err) != K_OK) {
        ctl_fail("E820", err, "core.ctl.calendar.invalid", NULL);
        return 1;
    }
    struct calendar_due due;
    enum kerr rc = calendar_deadline(cal, day0, (int)days, &due);
    calendar_destroy(cal);
    if (rc != K_OK) {
        ctl_fail("E984", NULL, "core.ctl.deadline.bad_args", NULL);
        return 1;
    }
    char t[CDATE_TEXT], y[16];
    cdate_format(due.due, t);
    printf("%s\n", t);
    if (due.beyond_tables) {
        snprintf(y, sizeof y, "%d", due.last_year);
        printf("%s\n", tr_fmt(msg, sizeof msg, "core.ctl.deadline.beyond", y, NULL));
    }
    return 0;
}

const struct ctl_command ctl_cmd_deadline = {
    .name = "deadline",
    .help_key = "core.ctl.help.deadline",
    .run = run,
};
