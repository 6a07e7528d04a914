/* app/ctl/cmd_devices.c: `kioskctl devices` (app layer, ctl): one line per configured device
 * (ID card reader, receipt printer, QR scanner, document camera): kind, driver, device spec,
 * connection state and the error the probe met. Each device is probed as devprobe.h says.
 * Exit 0 when every device answered, 1 when any is missing. */
#include <stdio.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "app/ctl/devprobe.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "%s\n", tr("ctl.help.devices"));
        return 2;
    }
    int missing = 0;
    for (size_t i = 0; i < devprobe_count(); i++) {
        struct devprobe_row row = devprobe_row(ctx->cfg, i);
        struct probe p;
        devprobe_run(ctx->cfg, i, &p);
        if (!p.present)
            missing++;
        printf("%s\t%s\t%s\t%s\t%s\n", tr(row.kind_key), row.driver,
               row.device[0] ? row.device : tr("svc.dev.auto"), p.state,
               p.error[0] ? p.error : "-");
    }
    return missing ? 1 : 0;
}

const struct ctl_command ctl_cmd_devices = {
    .name = "devices",
    .help_key = "ctl.help.devices",
    .run = run,
};
