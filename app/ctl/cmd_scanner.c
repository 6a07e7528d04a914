/* app/ctl/cmd_scanner.c: `kioskctl scanner listen` (app layer, ctl).
 *
 * Runs the configured scanner (scanner.driver, scanner.device) on its reader thread, exactly
 * as the kiosk does, and prints each scan on its own line to stdout until SIGINT/SIGTERM;
 * state changes (ready, absent, fault with the E4xx text) go to stderr. Only printable ASCII
 * and UTF-8 reach stdout: the driver drops scans with control bytes. Exit 0 when interrupted,
 * 2 on usage or configuration errors. */
#include <stdio.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "drivers/scanner/scanner.h"
#include "platform/evq.h"
#include "platform/signals.h"
#include "platform/strings.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    if (argc != 2 || strcmp(argv[1], "listen") != 0) {
        fprintf(stderr, "%s\n", tr("scanner.ctl.help.scanner"));
        return 2;
    }
    char err[256], msg[512];
    struct evq *q = evq_create(64);
    signals_install();
    struct scanner_thread *t = scanner_thread_start(
        ctx->cfg->scanner_driver, ctx->cfg->scanner_device, q, NULL, err, sizeof err);
    if (!t) {
        ctl_fail("E991", err, "ctl.scanner.fault", NULL);
        evq_destroy(q);
        return 2;
    }
    fprintf(stderr, "%s\n",
            tr_fmt(msg, sizeof msg, "scanner.ctl.listen.start", ctx->cfg->scanner_driver, NULL));
    while (!signals_quit_requested()) {
        struct ev e;
        if (!evq_wait(q, &e, 200))
            continue;
        if (e.type == EV_SCAN && e.payload) {
            printf("%s\n", (const char *)e.payload);
            fflush(stdout);
        } else if (e.type == EV_SCANNER_STATE) {
            const char *why = e.payload ? e.payload : "";
            if (e.code == SCANNER_READY)
                fprintf(stderr, "%s\n", tr("scanner.state.ready"));
            else /* the Chinese state, then the driver's own words on their own line */
                fprintf(stderr, "%s\n%s%s%s",
                        tr(e.code == SCANNER_ABSENT ? "ctl.scanner.absent" : "ctl.scanner.fault"),
                        why[0] ? "  " : "", why, why[0] ? "\n" : "");
        }
        evq_event_free(&e);
    }
    scanner_thread_stop(t);
    evq_destroy(q);
    return 0;
}

const struct ctl_command ctl_cmd_scanner = {
    .name = "scanner",
    .help_key = "scanner.ctl.help.scanner",
    .run = run,
};
