/* app/ctl/cmd_logs.c: `kioskctl logs export DIR` copies the kiosk's log file and its rotated
 * predecessors into DIR (a USB stick's mount point, say), durably, with the code service
 * mode's export uses (app/service/usb.h). Logs never hold personal data (platform/log.h), so
 * they may leave the kiosk. */
#include <stdio.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "app/service/usb.h"
#include "platform/strings.h"

static void print_path(const char *dst, void *ud)
{
    (void)ud;
    printf("%s\n", dst);
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    char msg[1024], failed[4200];
    if (argc != 3 || strcmp(argv[1], "export") != 0) {
        fprintf(stderr, "%s\n", tr("ctl.help.logs"));
        return 2;
    }
    int copied = 0;
    enum kerr rc = usb_logs_export(ctx->cfg->log_file, argv[2], print_path, NULL, &copied, failed,
                                   sizeof failed);
    if (rc == K_ERR_NOT_FOUND) {
        ctl_fail("E988", NULL, "ctl.logs.no_file", NULL);
        return 1;
    }
    if (rc != K_OK) {
        ctl_fail("E989", NULL, "ctl.logs.cannot_write", failed, NULL);
        return 1;
    }
    char n[16];
    snprintf(n, sizeof n, "%d", copied);
    printf("%s\n", tr_fmt(msg, sizeof msg, "ctl.logs.done", n, argv[2], NULL));
    return copied ? 0 : 1;
}

const struct ctl_command ctl_cmd_logs = {
    .name = "logs",
    .help_key = "ctl.help.logs",
    .run = run,
};
