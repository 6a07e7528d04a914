/* app/sync/sync.h: delivery of the outbox to the backend and status lookups (app layer, sync).
 *
 * A struct sync owns its own store connection (one per thread, see app/store/store.h) and an
 * HTTP client (app/sync/http.h), and speaks the protocol of docs/api.md to casehub (or the
 * real approval system):
 *   deliver - create the case with its UUID as the idempotency key, upload the attachments
 *             the backend does not have yet by SHA-256, then mark the case delivered. A
 *             failure at any step records the attempt and reschedules the case with capped
 *             exponential backoff and jitter, or as the backend's Retry-After asks.
 *   status  - fetch the statuses of a case's matters with a short timeout; when the backend
 *             cannot be reached the cached statuses are returned with the time they date from.
 *
 * Two ways to use it:
 *   - synchronously on the caller's thread (kioskctl, tests): sync_pass, sync_status_fetch;
 *   - as the kiosk's background worker: sync_start runs delivery, a periodic status refresh of
 *     recent cases and the retention job on a thread of its own, and a second thread answers
 *     status lookups (sync_status_request) so that a long upload never delays a lookup.
 *     Results reach the UI as events in the queue given to sync_create: EV_SYNC_PROGRESS
 *     (struct sync_progress), EV_SYNC_DELIVERED (struct sync_delivered), EV_STATUS_RESULT
 *     (struct sync_status_result). Nothing here ever blocks the UI thread.
 * All time comes from the kclock given to sync_create.
 */
#ifndef APP_SYNC_SYNC_H
#define APP_SYNC_SYNC_H

#include <stdbool.h>
#include <stdint.h>

#include "app/store/store.h"
#include "platform/clock.h"
#include "platform/config.h"
#include "platform/evq.h"

struct sync;

struct sync_opts {
    int64_t backoff_base_ms;    /* first retry delay (default 2000) */
    int64_t backoff_cap_ms;     /* longest retry delay (default 300000) */
    long timeout_ms;            /* per request (default backend.timeout_s) */
    long status_timeout_ms;     /* a lookup's request (default 3000) */
    int64_t refresh_every_ms;   /* background status refresh period (default 600000) */
    int64_t refresh_window_ms;  /* refresh cases created this recently (default 60 days) */
    int refresh_per_run;        /* status lookups per refresh run (default 10: a third of
                                   casehub's per-address budget of 30 a minute) */
    int64_t retention_every_ms; /* how often the retention job runs (default 1 hour) */
};

/* EV_SYNC_PROGRESS payload: one delivery step's outcome (ev.code is its enum kerr): a step
 * that went through (K_OK, error "") or a failed attempt (then the case is rescheduled). */
struct sync_progress {
    char code[TRACKCODE_MAX]; /* the case's tracking code */
    char step[16];            /* "create", "upload", "deliver" */
    int queued;               /* after a failure: cases still undelivered; -1 on success */
    char error[256];          /* "" on success; technician text, no personal data */
};
/* EV_SYNC_DELIVERED payload. */
struct sync_delivered {
    char code[TRACKCODE_MAX];
};
/* EV_STATUS_RESULT payload (ev.code: K_OK, or K_ERR_NOT_FOUND for a code nobody knows). */
struct sync_status_result {
    char code[TRACKCODE_MAX]; /* as asked (normalized when valid) */
    bool found;
    bool fresh;       /* answered by the backend just now; false: from the cache */
    int64_t as_of_ms; /* when the statuses were last confirmed (0: never) */
    size_t n_matters;
    struct store_matter matters[STORE_MAX_MATTERS];
    /* per matter: the staff note (fresh answers only; the cache keeps no notes), "" none */
    char notes[STORE_MAX_MATTERS][512];
    bool manual; /* the answer to a manual lookup (code + phone digits) */
    bool locked; /* manual: too many wrong digits for this code, nothing was looked up */
};

/* Fill opts with the defaults for cfg. */
void sync_opts_default(const struct kconfig *cfg, struct sync_opts *opts);
/* Create a sync bound to cfg (backend.url, backend.token, backend.ca_file, data folder); q
 * may be NULL (no events). cfg, clk and q are borrowed and must outlive it. opts NULL: the
 * defaults. Opens its store connection on the calling thread (for the synchronous calls); the
 * worker threads open their own. Sets SIGPIPE to ignored when it is at its default (a peer
 * closing a TLS connection must not kill the process). */
enum kerr sync_create(const struct kconfig *cfg, struct kclock *clk, struct evq *q,
                      const struct sync_opts *opts, struct sync **out, char *err, size_t errlen);
/* Stops the threads if running, then frees. NULL is a no-op. */
void sync_destroy(struct sync *sy);

/* The delay before retry number `attempts` (1 = first retry): min(cap, base * 2^(attempts-1))
 * with jitter (half of it random, from rnd); when retry_after_s >= 0 the backend's wish wins
 * when it is longer (capped at one hour), never when it is shorter. Pure; exposed for tests. */
int64_t sync_backoff_ms(const struct sync_opts *o, int attempts, long retry_after_s, uint32_t rnd);

/* Deliver one case now (on the calling thread). K_OK when it is delivered (or already was). */
enum kerr sync_deliver(struct sync *sy, long long case_id);
/* One delivery pass on the calling thread: every due case (every queued case when
 * ignore_schedule), each at most once. Counts (may be NULL) of delivered, failed, and still
 * undelivered afterwards. */
enum kerr sync_pass(struct sync *sy, bool ignore_schedule, int *delivered, int *failed, int *left);
/* Status of a case, on the calling thread, by code (grouped or compact; the caller vouches
 * for it, and its token is made with this kiosk's secret) or by the receipt's QR URL (which
 * carries the token). Asks the backend (status timeout); when it cannot answer, falls back to
 * the cache (out->fresh false, out->as_of_ms) - but only for a bare code or a token this kiosk
 * issued, so a forged token never reveals statuses. K_ERR_NOT_FOUND when neither knows it. */
enum kerr sync_status_fetch(struct sync *sy, const char *code, struct sync_status_result *out);
/* Manual lookup by code and the last four digits of the application's phone number, on the
 * calling thread: casehub's POST /api/v1/lookup decides (its per-code lock of wrong digits is
 * shared by every kiosk), mirrored in the kiosk's store (app/store/lookups.h); when casehub
 * cannot answer, this kiosk's own cases and counts do (out->fresh false). A locked code
 * (out->locked) is not asked at all. Not found (wrong digits, unknown code, locked):
 * K_ERR_NOT_FOUND. The digits are never logged or kept. */
enum kerr sync_manual_fetch(struct sync *sy, const char *code, const char *digits,
                            struct sync_status_result *out);
/* Refresh cached statuses of recently delivered cases, at most refresh_per_run of them, going
 * on with the next ones at the next call; *n refreshed (may be NULL). */
enum kerr sync_refresh_recent(struct sync *sy, int *n);

/* Start the worker and lookup threads. */
enum kerr sync_start(struct sync *sy);
/* Wake the worker (call after a submit so delivery starts at once). Thread-safe. */
void sync_kick(struct sync *sy);
/* Ask for a status lookup; the answer comes as EV_STATUS_RESULT. Thread-safe, never blocks
 * (a newer request replaces one not yet started). */
void sync_status_request(struct sync *sy, const char *code);
/* The same on the lookup thread (EV_STATUS_RESULT, out->manual set). Thread-safe, never
 * blocks (a newer request replaces one not yet started). */
void sync_manual_request(struct sync *sy, const char *code, const char *digits);
/* Send a staff call from screen (POST /api/v1/alerts) on the lookup thread, one attempt; a
 * failure is logged (E709). Thread-safe, never blocks (a newer call replaces one not yet sent). */
void sync_alert_request(struct sync *sy, const char *screen);
/* Stop and join the threads (a request in flight finishes or times out first). */
void sync_stop(struct sync *sy);

#endif
