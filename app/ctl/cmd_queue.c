/* app/ctl/cmd_queue.c: `kioskctl queue` and `kioskctl queue retry` (app layer, ctl).
 * Shows the outbox: counts by state, the oldest undelivered case's age, cases set aside as
 * conflicts (HTTP 409: the backend has their code as another case), the last error. */
#include <stdio.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "app/store/store.h"
#include "platform/clock.h"
#include "platform/strings.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    char msg[1400], a[64], b[64];
    bool retry = argc == 2 && strcmp(argv[1], "retry") == 0;
    if (argc > 2 || (argc == 2 && !retry)) {
        fprintf(stderr, "%s\n", tr("ctl.help.queue"));
        return 2;
    }
    store *s = NULL;
    char err[512];
    if (store_open(ctx->cfg, NULL, STORE_OPEN_DEFAULT, &s, err, sizeof err) != K_OK) {
        ctl_fail("E990", err, "store.open_failed", NULL);
        return 1;
    }
    int rc = 0;
    if (retry) {
        int n = 0;
        if (store_outbox_retry_all(s, &n) != K_OK) {
            ctl_fail("E990", store_errmsg(s), "ctl.store.failed", NULL);
            rc = 1;
        } else {
            snprintf(a, sizeof a, "%d", n);
            printf("%s\n", tr_fmt(msg, sizeof msg, "store.queue.retried", a, NULL));
        }
        store_close(s);
        return rc;
    }
    struct store_queue_stats q;
    if (store_queue_stats(s, &q) != K_OK) {
        ctl_fail("E990", store_errmsg(s), "ctl.store.failed", NULL);
        store_close(s);
        return 1;
    }
    int64_t now = kclock_unix_ms(kclock_system());
    snprintf(a, sizeof a, "%d", q.queued);
    printf("%s\n", tr_fmt(msg, sizeof msg, "store.queue.queued", a, NULL));
    snprintf(a, sizeof a, "%d", q.delivered);
    printf("%s\n", tr_fmt(msg, sizeof msg, "store.queue.delivered", a, NULL));
    snprintf(a, sizeof a, "%d", q.purged);
    printf("%s\n", tr_fmt(msg, sizeof msg, "store.queue.purged", a, NULL));
    if (q.queued) {
        snprintf(a, sizeof a, "%lld", (long long)((now - q.oldest_queued_ms) / 1000));
        printf("%s\n", tr_fmt(msg, sizeof msg, "store.queue.oldest", a, NULL));
    }
    if (q.queued > q.conflicts && q.next_due_ms) {
        long long due = (long long)((q.next_due_ms - now) / 1000);
        snprintf(a, sizeof a, "%lld", due > 0 ? due : 0);
        printf("%s\n", tr_fmt(msg, sizeof msg, "store.queue.next_due", a, NULL));
    }
    if (q.conflicts) {
        snprintf(a, sizeof a, "%d", q.conflicts);
        printf("%s\n", tr_fmt(msg, sizeof msg, "store.queue.conflicts", a, q.conflict_code, NULL));
    }
    snprintf(b, sizeof b, "%lld", q.attempts_logged);
    printf("%s\n", tr_fmt(msg, sizeof msg, "store.queue.attempts", b, NULL));
    if (q.last_error[0]) {
        snprintf(a, sizeof a, "%lld", (long long)((now - q.last_error_ms) / 1000));
        printf("%s\n", tr_fmt(msg, sizeof msg, "store.queue.last_error", q.last_error, a, NULL));
    } else {
        printf("%s\n", tr("store.queue.no_error"));
    }
    store_close(s);
    return 0;
}

const struct ctl_command ctl_cmd_queue = {
    .name = "queue",
    .help_key = "ctl.help.queue",
    .run = run,
};
