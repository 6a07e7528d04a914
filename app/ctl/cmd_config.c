/* app/ctl/cmd_config.c: `kioskctl config list|get KEY|set KEY VALUE` (app layer, ctl).
 * set validates with the same table as the loader and writes the file durably; list masks
 * backend.token (get still prints it, for scripts). */
#include <stdio.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    char msg[1400], val[1100], err[1024];
    if (argc == 2 && strcmp(argv[1], "list") == 0) {
        for (const struct config_key *k = config_keys; k->key; k++) {
            config_get(ctx->cfg, k->key, val, sizeof val);
            /* a listing ends up in tickets and screenshots: never the API token itself */
            if (strcmp(k->key, "backend.token") == 0 && val[0])
                str_copy(val, sizeof val, "********");
            printf("%s = %s\n", k->key, val);
        }
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "get") == 0) {
        if (config_get(ctx->cfg, argv[2], val, sizeof val) != K_OK) {
            ctl_fail("E101", NULL, "ctl.config.unknown_key", argv[2], NULL);
            return 1;
        }
        printf("%s\n", val);
        return 0;
    }
    if (argc == 4 && strcmp(argv[1], "set") == 0) {
        if (config_set(ctx->cfg, argv[2], argv[3], err, sizeof err) != K_OK) {
            ctl_fail("E100", err, "ctl.config.rejected", NULL);
            return 1;
        }
        if (config_save(ctx->cfg, ctx->config_path) != K_OK) {
            ctl_fail("E989", NULL, "ctl.config.save_failed", ctx->config_path, NULL);
            return 1;
        }
        printf("%s\n", tr_fmt(msg, sizeof msg, "ctl.config.saved", argv[2], NULL));
        return 0;
    }
    fprintf(stderr, "%s\n", tr("ctl.help.config"));
    return 2;
}

const struct ctl_command ctl_cmd_config = {
    .name = "config",
    .help_key = "ctl.help.config",
    .run = run,
};
