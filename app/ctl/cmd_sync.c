/* app/ctl/cmd_sync.c: `kioskctl sync once` (app layer, ctl).
 * One delivery pass over every undelivered case, whatever its schedule; exit 0 when nothing
 * is left undelivered, 1 otherwise. */
#include <stdio.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "app/sync/sync.h"
#include "platform/strings.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    char msg[1400], a[32];
    if (argc != 2 || strcmp(argv[1], "once") != 0) {
        fprintf(stderr, "%s\n", tr("ctl.help.sync"));
        return 2;
    }
    /* A technician's pass after a crash is a start: sweep attachment files of cases that were
     * never committed first. */
    store *st = NULL;
    char err[512];
    if (store_open(ctx->cfg, NULL, STORE_OPEN_STARTUP, &st, err, sizeof err) != K_OK) {
        ctl_fail("E990", err, "store.open_failed", NULL);
        return 1;
    }
    store_close(st);
    struct sync *sy = NULL;
    if (sync_create(ctx->cfg, NULL, NULL, NULL, &sy, err, sizeof err) != K_OK) {
        ctl_fail("E990", err, "store.open_failed", NULL);
        return 1;
    }
    int delivered = 0, failed = 0, left = 0;
    enum kerr e = sync_pass(sy, true, &delivered, &failed, &left);
    sync_destroy(sy);
    if (e != K_OK) {
        ctl_fail("E992", kerr_text(e), "store.sync.failed", NULL);
        return 1;
    }
    if (left == 0) {
        printf("%s\n", tr("store.sync.delivered"));
        return 0;
    }
    snprintf(a, sizeof a, "%d", left);
    printf("%s\n", tr_fmt(msg, sizeof msg, "store.sync.left", a, NULL));
    return 1;
}

const struct ctl_command ctl_cmd_sync = {
    .name = "sync",
    .help_key = "ctl.help.sync",
    .run = run,
};
