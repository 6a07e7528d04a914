/* app/ctl/cmd_submit_sample.c: `kioskctl submit-sample [--count N] [--attach-kb K] [--deliver]`
 * (app layer, ctl). Submits fictional sample cases through store_submit, the same code the
 * UI's submit uses, and prints each committed tracking code on its own line, flushed, as soon
 * as its transaction has committed (the crash test relies on exactly that). With --deliver,
 * each case is also delivered right after it is committed (one attempt; a failure leaves it
 * queued), so that a kill can land anywhere in submit or delivery. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "app/ctl/sample.h"
#include "app/store/store.h"
#include "app/sync/sync.h"
#include <unistd.h>
#include "platform/strings.h"
#include "platform/xalloc.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    long count = 1, kb = 8;
    bool deliver = false;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--count") == 0 && i + 1 < argc &&
            str_to_long(argv[i + 1], 1, 1000000, &count)) {
            i++;
        } else if (strcmp(argv[i], "--attach-kb") == 0 && i + 1 < argc &&
                   str_to_long(argv[i + 1], 0, 32768, &kb)) {
            i++;
        } else if (strcmp(argv[i], "--deliver") == 0) {
            deliver = true;
        } else {
            fprintf(stderr, "%s\n", tr("ctl.help.submit_sample"));
            return 2;
        }
    }
    store *s = NULL;
    char err[512];
    if (store_open(ctx->cfg, NULL, STORE_OPEN_STARTUP, &s, err, sizeof err) != K_OK) {
        ctl_fail("E990", err, "store.open_failed", NULL);
        return 1;
    }
    struct sync *sy = NULL;
    if (deliver && sync_create(ctx->cfg, NULL, NULL, NULL, &sy, err, sizeof err) != K_OK) {
        ctl_fail("E990", err, "store.open_failed", NULL);
        store_close(s);
        return 1;
    }
    int rc = 0;
    /* vary the sample data between runs, so that some attachments are new to the backend */
    unsigned base = (unsigned)getpid() * 7919u;
    for (long n = 0; n < count; n++) {
        struct sample_case sc;
        sample_init(&sc, base + (unsigned)n, (size_t)kb * 1024, ctx->cfg->district);
        struct store_submitted out;
        enum kerr e = store_submit(s, &sc.in, &out);
        sample_finish(&sc);
        if (e != K_OK) {
            ctl_fail("E992", store_errmsg(s), "store.submit_failed", NULL);
            rc = 1;
            break;
        }
        printf("%s\n", out.code);
        fflush(stdout);
        struct store_case *c = xcalloc(1, sizeof *c);
        if (sy && store_case_by_code(s, out.code, c) == K_OK)
            sync_deliver(sy, c->id);
        free(c);
    }
    sync_destroy(sy);
    store_close(s);
    return rc;
}

const struct ctl_command ctl_cmd_submit_sample = {
    .name = "submit-sample",
    .help_key = "ctl.help.submit_sample",
    .run = run,
};
