/* app/ctl/cmd_id_check.c: `kioskctl id-check NUMBER` (app layer, ctl).
 * Prints "valid" (exit 0) or "invalid: REASON" (exit 1), REASON a short Chinese message.
 * A birth date after today (Beijing time, from the system clock) is invalid. */
#include <stdio.h>

#include "app/core/validate.h"
#include "app/ctl/ctl.h"
#include "platform/clock.h"
#include "platform/strings.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (argc != 2) {
        fprintf(stderr, "%s\n", tr("core.ctl.help.id_check"));
        return 2;
    }
    struct kdate now = kclock_beijing(kclock_unix_ms(kclock_system()));
    struct cdate today = {now.year, now.month, now.day};
    enum idnum_problem p = idnum_check(argv[1], &today, NULL);
    if (p == IDNUM_OK) {
        printf("valid\n");
        return 0;
    }
    char msg[512];
    tr_fmt(msg, sizeof msg, idnum_problem_key(p), tr("core.ctl.id_check.label"), NULL);
    printf("invalid: %s\n", msg);
    return 1;
}

const struct ctl_command ctl_cmd_id_check = {
    .name = "id-check",
    .help_key = "core.ctl.help.id_check",
    .run = run,
};
