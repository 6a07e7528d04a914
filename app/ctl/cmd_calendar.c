/* app/ctl/cmd_calendar.c: `kioskctl calendar status` (the years the tables cover) and
 * `kioskctl calendar import FILE` (a new official or local holiday table, e.g. from a USB
 * stick), validated before it replaces anything by app/core/calendar_import.h (the code
 * service mode's USB-stick update uses). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/calendar.h"
#include "app/core/calendar_import.h"
#include "app/ctl/ctl.h"
#include "platform/strings.h"

static int status(struct ctl_ctx *ctx)
{
    char dir[4096], err[768], msg[1024], a[16], b[16];
    config_path(ctx->cfg, "calendar", dir, sizeof dir);
    struct calendar *cal = NULL;
    if (calendar_load_dir(dir, &cal, err, sizeof err) != K_OK) {
        ctl_fail("E820", err, "ctl.calendar.invalid", NULL);
        return 1;
    }
    snprintf(a, sizeof a, "%d", calendar_first_year(cal));
    snprintf(b, sizeof b, "%d", calendar_last_year(cal));
    printf("%s\n", tr_fmt(msg, sizeof msg, "ctl.calendar.status", dir, a, b, NULL));
    calendar_destroy(cal);
    return 0;
}

static int import(struct ctl_ctx *ctx, const char *file)
{
    char dir[4096], err[768], msg[1200], dst[4200];
    config_path(ctx->cfg, "calendar", dir, sizeof dir);
    const char *name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    switch (calendar_import(dir, file, dst, sizeof dst, err, sizeof err)) {
    case CAL_IMPORT_OK:
        printf("%s\n", tr_fmt(msg, sizeof msg, "ctl.calendar.imported", dst, NULL));
        return status(ctx);
    case CAL_IMPORT_BAD_NAME:
        ctl_fail("E984", NULL, "ctl.calendar.bad_name", name, NULL);
        return 1;
    case CAL_IMPORT_UNREADABLE:
        ctl_fail("E986", NULL, "ctl.calendar.unreadable", file, NULL);
        return 1;
    case CAL_IMPORT_REJECTED:
        ctl_fail("E820", err, "ctl.calendar.rejected", NULL);
        return 1;
    case CAL_IMPORT_UNWRITABLE:
        ctl_fail("E989", NULL, "ctl.calendar.unwritable", dst, NULL);
        return 1;
    }
    return 1;
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "status") == 0)
        return status(ctx);
    if (argc == 3 && strcmp(argv[1], "import") == 0)
        return import(ctx, argv[2]);
    fprintf(stderr, "%s\n", tr("ctl.help.calendar"));
    return 2;
}

const struct ctl_command ctl_cmd_calendar = {
    .name = "calendar",
    .help_key = "ctl.help.calendar",
    .run = run,
};
