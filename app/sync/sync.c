/* app/sync/sync.c: the outbox worker and the status client (app layer, sync). See sync.h;
 * the wire format is in api.c (docs/api.md). */
#include "app/sync/sync.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>

#include "app/store/lookups.h"
#include "app/sync/api.h"
#include "app/sync/http.h"
#include "platform/log.h"
#include "platform/xalloc.h"

#define MOD "sync"

struct sync {
    const struct kconfig *cfg;
    struct kclock *clk;
    struct evq *q;
    struct sync_opts o;
    store *st;         /* the caller's thread's connection */
    struct http *http; /* the caller's thread's client */

    pthread_mutex_t lock;
    pthread_cond_t wake;
    bool running, stop, kicked;
    char lookup[TRACKCODE_MAX * 4]; /* pending lookup request, "" when none */
    char digits[8];                 /* its phone digits when it is a manual lookup, else "" */
    char alert[40];                 /* pending staff call: its screen, "" when none */
    int64_t alert_ms;               /* when that call was made (unix ms) */
    size_t refresh_next;            /* where the next status refresh run goes on */
    pthread_t worker, looker;
};

void sync_opts_default(const struct kconfig *cfg, struct sync_opts *o)
{
    o->backoff_base_ms = 2000;
    o->backoff_cap_ms = 300000;
    o->timeout_ms = cfg ? cfg->backend_timeout_s * 1000 : 15000;
    o->status_timeout_ms = 3000;
    o->refresh_every_ms = 600000;
    o->refresh_window_ms = 60LL * 86400000;
    o->refresh_per_run = 10;
    o->retention_every_ms = 3600000;
}

int64_t sync_backoff_ms(const struct sync_opts *o, int attempts, long retry_after_s, uint32_t rnd)
{
    int64_t d = o->backoff_base_ms;
    for (int i = 1; i < attempts && d < o->backoff_cap_ms; i++)
        d *= 2;
    if (d > o->backoff_cap_ms)
        d = o->backoff_cap_ms;
    int64_t half = d / 2;
    int64_t own = half + (int64_t)(rnd % (uint64_t)(half + 1));
    if (retry_after_s >= 0) {
        /* The backend may ask for more patience, never for less: a Retry-After shorter than
         * our own backoff (or 0) would have every kiosk hammer a struggling server. */
        int64_t ra = (int64_t)(retry_after_s > 3600 ? 3600 : retry_after_s) * 1000;
        ra += rnd % 1000; /* a little jitter so kiosks do not return in lockstep */
        return ra > own ? ra : own;
    }
    return own;
}

static void post(struct sync *sy, enum ev_type type, int code, void *payload)
{
    if (!sy->q) {
        free(payload);
        return;
    }
    struct ev e = {.type = type,
                   .code = code,
                   .mono_ms = kclock_mono_ms(sy->clk),
                   .payload = payload,
                   .payload_free = free};
    evq_post(sy->q, &e);
}

static struct http *new_http(const struct kconfig *cfg)
{
    return http_create(cfg->backend_url, cfg->backend_token, cfg->backend_ca_file);
}

enum kerr sync_create(const struct kconfig *cfg, struct kclock *clk, struct evq *q,
                      const struct sync_opts *opts, struct sync **out, char *err, size_t errlen)
{
    *out = NULL;
    /* A peer that closes mid-request must not kill the kiosk with SIGPIPE (libcurl, with
     * CURLOPT_NOSIGNAL for threads, leaves that to the program). Only the default is changed. */
    struct sigaction sa;
    if (sigaction(SIGPIPE, NULL, &sa) == 0 && sa.sa_handler == SIG_DFL)
        signal(SIGPIPE, SIG_IGN);
    struct sync *sy = xcalloc(1, sizeof *sy);
    sy->cfg = cfg;
    sy->clk = clk ? clk : kclock_system();
    sy->q = q;
    if (opts)
        sy->o = *opts;
    else
        sync_opts_default(cfg, &sy->o);
    enum kerr e = store_open(cfg, sy->clk, STORE_OPEN_DEFAULT, &sy->st, err, errlen);
    if (e) {
        free(sy);
        return e;
    }
    sy->http = new_http(cfg);
    pthread_mutex_init(&sy->lock, NULL);
    pthread_cond_init(&sy->wake, NULL);
    *out = sy;
    return K_OK;
}

void sync_destroy(struct sync *sy)
{
    if (!sy)
        return;
    sync_stop(sy);
    store_close(sy->st);
    http_destroy(sy->http);
    pthread_mutex_destroy(&sy->lock);
    pthread_cond_destroy(&sy->wake);
    free(sy);
}

/* ---- delivery ------------------------------------------------------------------------------ */

/* Tell the UI a step went through (for a progress display). */
static void progressed(struct sync *sy, const struct store_case *c, const char *step)
{
    if (!sy->q)
        return;
    struct sync_progress *p = xcalloc(1, sizeof *p);
    str_copy(p->code, sizeof p->code, c->code);
    str_copy(p->step, sizeof p->step, step);
    p->queued = -1; /* not counted for successful steps */
    post(sy, EV_SYNC_PROGRESS, K_OK, p);
}

/* Record a failed step and reschedule. */
static enum kerr failed(struct sync *sy, store *st, const struct store_case *c, const char *step,
                        const struct api_result *r)
{
    uint32_t rnd = randombytes_random();
    int64_t delay = sync_backoff_ms(&sy->o, c->attempts + 1, r->retry_after_s, rnd);
    int64_t next = kclock_unix_ms(sy->clk) + delay;
    log_warn(MOD, "case %s: %s failed: %s; retry in %lld ms", c->code, step, r->error,
             (long long)delay);
    store_outbox_attempt(st, c->id, step, (int)r->http_status, r->error, next);
    struct store_queue_stats qs;
    store_queue_stats(st, &qs);
    struct sync_progress *p = xcalloc(1, sizeof *p);
    str_copy(p->code, sizeof p->code, c->code);
    str_copy(p->step, sizeof p->step, step);
    str_copy(p->error, sizeof p->error, r->error);
    p->queued = qs.queued;
    post(sy, EV_SYNC_PROGRESS, r->err, p);
    return r->err ? r->err : K_ERR_SERVER;
}

static enum kerr deliver_with(struct sync *sy, store *st, struct http *h, long long case_id)
{
    uint8_t *sig_data = NULL; /* the signature PNG while it waits for its upload */
    size_t sig_len = 0;
    struct store_case *c = xcalloc(1, sizeof *c);
    enum kerr e = store_case_by_id(st, case_id, c);
    if (e)
        goto out;
    if (c->state == STORE_DELIVERED)
        goto out;
    struct store_personal p;
    if ((e = store_personal_load(st, case_id, &p)) != K_OK) {
        log_error(MOD, "case %s: %s", c->code, store_errmsg(st));
        struct api_result r = {.err = e, .retry_after_s = -1};
        snprintf(r.error, sizeof r.error, "%s", store_errmsg(st));
        e = failed(sy, st, c, "load", &r);
        goto out;
    }
    struct api_result r;
    bool need[STORE_MAX_ATTACH], need_sig = false;
    char tok[TRACKCODE_TOKEN_MAX];
    store_case_token(st, c->code, tok);
    api_create_case(h, sy->o.timeout_ms, c, tok, &p, need, &need_sig, &r);
    /* the applicant's signature (material 0, docs/api.md): kept until it is uploaded */
    struct store_attachment sig = {.material = 0};
    if (r.err == K_OK && need_sig) {
        api_signature_hash(&p, sig.sha256);
        sig_data = p.signature;
        sig_len = p.signature_len;
        p.signature = NULL;
        p.signature_len = 0;
    }
    store_personal_free(&p);
    if (r.err == K_ERR_CONFLICT) {
        /* 409 on create: the backend has this code (or uuid) as another case; retrying the
         * same body can never succeed. Set aside for a technician (kioskctl queue, service
         * mode), not retried forever. */
        log_error(MOD, "case %s: %s; set aside, a technician must resolve it", c->code, r.error);
        store_outbox_conflict(st, c->id, "create", (int)r.http_status, r.error);
        struct store_queue_stats qs;
        store_queue_stats(st, &qs);
        struct sync_progress *pr = xcalloc(1, sizeof *pr);
        str_copy(pr->code, sizeof pr->code, c->code);
        str_copy(pr->step, sizeof pr->step, "create");
        str_copy(pr->error, sizeof pr->error, r.error);
        pr->queued = qs.queued;
        post(sy, EV_SYNC_PROGRESS, r.err, pr);
        e = r.err;
        goto out;
    }
    if (r.err) {
        e = failed(sy, st, c, "create", &r);
        goto out;
    }
    store_outbox_attempt(st, c->id, "create", (int)r.http_status, NULL, 0);
    progressed(sy, c, "create");
    if (sig_data) {
        api_upload(h, sy->o.timeout_ms, c, &sig, sig_data, sig_len, &r);
        if (r.err) {
            e = failed(sy, st, c, "upload", &r);
            goto out;
        }
        store_outbox_attempt(st, c->id, "upload", (int)r.http_status, NULL, 0);
        progressed(sy, c, "upload");
    }
    for (size_t i = 0; i < c->n_attachments; i++) {
        struct store_attachment *a = &c->attachments[i];
        if (!need[i]) {
            if (!a->uploaded)
                store_attachment_mark_uploaded(st, c->id, a->idx);
            continue;
        }
        uint8_t *data;
        size_t len;
        if ((e = store_attachment_load(st, c->id, a->idx, &data, &len)) != K_OK) {
            struct api_result lr = {.err = e, .retry_after_s = -1};
            snprintf(lr.error, sizeof lr.error, "%s", store_errmsg(st));
            e = failed(sy, st, c, "load", &lr);
            goto out;
        }
        api_upload(h, sy->o.timeout_ms, c, a, data, len, &r);
        free_secure(data, len);
        if (r.err) {
            e = failed(sy, st, c, "upload", &r);
            goto out;
        }
        store_outbox_attempt(st, c->id, "upload", (int)r.http_status, NULL, 0);
        store_attachment_mark_uploaded(st, c->id, a->idx);
        progressed(sy, c, "upload");
    }
    api_finish(h, sy->o.timeout_ms, c, &r);
    if (r.err) {
        e = failed(sy, st, c, "finish", &r);
        goto out;
    }
    if ((e = store_outbox_delivered(st, c->id)) != K_OK) {
        log_error(MOD, "case %s delivered but not recorded: %s", c->code, store_errmsg(st));
        goto out;
    }
    log_info(MOD, "case %s delivered", c->code);
    struct sync_delivered *d = xcalloc(1, sizeof *d);
    str_copy(d->code, sizeof d->code, c->code);
    post(sy, EV_SYNC_DELIVERED, K_OK, d);
out:
    free_secure(sig_data, sig_len);
    free(c);
    return e;
}

enum kerr sync_deliver(struct sync *sy, long long case_id)
{
    return deliver_with(sy, sy->st, sy->http, case_id);
}

static enum kerr pass_with(struct sync *sy, store *st, struct http *h, bool ignore_schedule,
                           int *delivered, int *nfailed, int *left)
{
    int ok = 0, bad = 0;
    size_t cap = 64, n = 0;
    long long *done = xcalloc(cap, sizeof *done);
    enum kerr e = K_OK;
    for (;;) {
        long long id;
        pthread_mutex_lock(&sy->lock);
        bool stop = sy->stop;
        pthread_mutex_unlock(&sy->lock);
        if (stop)
            break;
        e = store_outbox_next(st, ignore_schedule, done, n, &id);
        if (e == K_ERR_NOT_FOUND) {
            e = K_OK;
            break;
        }
        if (e)
            break;
        if (n == cap) {
            cap *= 2;
            done = xrealloc(done, cap * sizeof *done);
        }
        done[n++] = id;
        if (deliver_with(sy, st, h, id) == K_OK)
            ok++;
        else
            bad++;
    }
    free(done);
    struct store_queue_stats qs;
    store_queue_stats(st, &qs);
    if (delivered)
        *delivered = ok;
    if (nfailed)
        *nfailed = bad;
    if (left)
        *left = qs.queued;
    return e;
}

enum kerr sync_pass(struct sync *sy, bool ignore_schedule, int *delivered, int *nfailed, int *left)
{
    return pass_with(sy, sy->st, sy->http, ignore_schedule, delivered, nfailed, left);
}

/* ---- statuses ------------------------------------------------------------------------------ */

static enum kerr status_with(struct sync *sy, store *st, struct http *h, const char *code,
                             struct sync_status_result *out)
{
    memset(out, 0, sizeof *out);
    char compact[TRACKCODE_MAX], tok[TRACKCODE_TOKEN_MAX];
    bool has_token = false;
    if (trackcode_parse_url(NULL, code, compact, tok, &has_token) != K_OK ||
        !trackcode_group(compact, out->code)) {
        str_copy(out->code, sizeof out->code, code);
        return K_ERR_NOT_FOUND;
    }
    if (!has_token) /* a bare code: only this kiosk's own cases have a token we can make */
        store_case_token(st, out->code, tok);
    struct store_case *c = xcalloc(1, sizeof *c);
    /* The cache answers only for a token this kiosk issued (or a bare code the caller vouches
     * for): a forged token must not reveal statuses that the backend would refuse. */
    bool local = (!has_token || store_case_token_ok(st, out->code, tok)) &&
                 store_case_by_code(st, out->code, c) == K_OK;
    struct api_status as;
    struct api_result r;
    api_status(h, sy->o.status_timeout_ms, out->code, tok, &as, &r);
    enum kerr e = K_OK;
    if (!r.err && as.found) {
        out->found = true;
        out->fresh = true;
        out->as_of_ms = kclock_unix_ms(sy->clk);
        out->n_matters = as.n_matters;
        memcpy(out->matters, as.matters, as.n_matters * sizeof as.matters[0]);
        _Static_assert(sizeof out->notes == sizeof as.notes, "note sizes agree");
        memcpy(out->notes, as.notes, sizeof out->notes);
        if (local)
            store_status_update(st, c->id, as.matters, as.n_matters, out->as_of_ms);
    } else if (local) {
        out->found = true;
        out->fresh = false;
        out->as_of_ms = c->status_fetched_ms ? c->status_fetched_ms : 0;
        out->n_matters = c->n_matters;
        memcpy(out->matters, c->matters, c->n_matters * sizeof c->matters[0]);
        if (r.err)
            log_info(MOD, "status of %s from cache: %s", out->code, r.error);
    } else {
        e = r.err ? r.err : K_ERR_NOT_FOUND;
        if (!r.err)
            e = K_ERR_NOT_FOUND;
    }
    free(c);
    return e;
}

enum kerr sync_status_fetch(struct sync *sy, const char *code, struct sync_status_result *out)
{
    return status_with(sy, sy->st, sy->http, code, out);
}

/* The phone number of this kiosk's case c (read from the encrypted store) ends in digits. */
static bool local_digits_match(store *st, const struct store_case *c, const char *digits)
{
    struct store_personal p = {0};
    bool ok = false;
    if (store_personal_load(st, c->id, &p) == K_OK && p.form_json) {
        cJSON *o = cJSON_Parse(p.form_json);
        const cJSON *ph = cJSON_GetObjectItemCaseSensitive(o, "phone");
        if (cJSON_IsString(ph)) {
            size_t l = strlen(ph->valuestring);
            ok = l >= 4 && strlen(digits) == 4 && memcmp(ph->valuestring + l - 4, digits, 4) == 0;
            explicit_bzero(ph->valuestring, l);
        }
        cJSON_Delete(o);
    }
    store_personal_free(&p);
    return ok;
}

/* A manual lookup (code + the phone number's last four digits). casehub decides when it
 * answers (its per-code lock is shared by every kiosk) and the kiosk's own counts
 * (app/store/lookups.h) mirror it; when casehub cannot answer, the kiosk's counts and its own
 * cases decide, and the answer comes from the cache. A code the kiosk's counts lock is not
 * sent at all. */
static enum kerr manual_with(struct sync *sy, store *st, struct http *h, const char *code,
                             const char *digits, struct sync_status_result *out)
{
    memset(out, 0, sizeof *out);
    out->manual = true;
    char compact[TRACKCODE_MAX];
    if (!trackcode_normalize(code, compact) || !trackcode_check(compact) ||
        !trackcode_group(compact, out->code)) {
        str_copy(out->code, sizeof out->code, code);
        return K_ERR_NOT_FOUND;
    }
    int64_t until = 0;
    if (store_lookup_locked(st, out->code, &until) == K_OK && until) {
        out->locked = true;
        return K_ERR_NOT_FOUND;
    }
    struct api_status as;
    enum api_lookup_outcome oc;
    int64_t unlock = 0;
    struct api_result r;
    api_lookup(h, sy->o.status_timeout_ms, out->code, digits, &as, &oc, &unlock, &r);
    struct store_case *c = xcalloc(1, sizeof *c);
    bool local = store_case_by_code(st, out->code, c) == K_OK;
    enum kerr e = K_ERR_NOT_FOUND;
    if (!r.err && oc == API_LOOKUP_FOUND) {
        store_lookup_clear(st, out->code);
        out->found = out->fresh = true;
        out->as_of_ms = kclock_unix_ms(sy->clk);
        out->n_matters = as.n_matters;
        memcpy(out->matters, as.matters, as.n_matters * sizeof as.matters[0]);
        memcpy(out->notes, as.notes, sizeof out->notes);
        if (local)
            store_status_update(st, c->id, as.matters, as.n_matters, out->as_of_ms);
        e = K_OK;
    } else if (!r.err && oc == API_LOOKUP_LOCKED) {
        store_lookup_lock(st, out->code,
                          unlock ? unlock : kclock_unix_ms(sy->clk) + LOOKUP_LOCK_MS);
        out->locked = true;
    } else if (!r.err) { /* casehub counted a miss: so does the kiosk */
        store_lookup_miss(st, out->code, &until);
        out->locked = until != 0;
    } else if (local && local_digits_match(st, c, digits)) {
        log_info(MOD, "manual lookup of %s from the cache: %s", out->code, r.error);
        store_lookup_clear(st, out->code);
        out->found = true;
        out->as_of_ms = c->status_fetched_ms;
        out->n_matters = c->n_matters;
        memcpy(out->matters, c->matters, c->n_matters * sizeof c->matters[0]);
        e = K_OK;
    } else {
        log_info(MOD, "manual lookup of %s without the backend: %s", out->code, r.error);
        store_lookup_miss(st, out->code, &until);
        out->locked = until != 0;
    }
    free(c);
    return e;
}

enum kerr sync_manual_fetch(struct sync *sy, const char *code, const char *digits,
                            struct sync_status_result *out)
{
    return manual_with(sy, sy->st, sy->http, code, digits, out);
}

/* One refresh run: at most refresh_per_run lookups, going on from where the last run stopped
 * (newest cases first, wrapping around), so that the runs together cover every recent case
 * while each stays far below casehub's per-address budget (30 a minute by default), which the
 * applicants' lookups at this kiosk share. Stops at the first failure (a 429 included). */
static enum kerr refresh_with(struct sync *sy, store *st, struct http *h, int *n)
{
    long long ids[64];
    size_t k = 0;
    int done = 0;
    int64_t since = kclock_unix_ms(sy->clk) - sy->o.refresh_window_ms;
    enum kerr e = store_recent_cases(st, since, ids, 64, &k);
    struct store_case *c = xcalloc(1, sizeof *c);
    size_t per_run = sy->o.refresh_per_run > 0 ? (size_t)sy->o.refresh_per_run : 1;
    size_t start = k ? sy->refresh_next % k : 0, asked = 0;
    for (; asked < k && asked < per_run && !e; asked++) {
        if (store_case_by_id(st, ids[(start + asked) % k], c) != K_OK)
            continue;
        struct api_status as;
        struct api_result r;
        char tok[TRACKCODE_TOKEN_MAX];
        store_case_token(st, c->code, tok);
        api_status(h, sy->o.status_timeout_ms, c->code, tok, &as, &r);
        if (r.err)
            break; /* the backend is away or asks us to slow down: next period */
        if (as.found && store_status_update(st, c->id, as.matters, as.n_matters,
                                            kclock_unix_ms(sy->clk)) == K_OK)
            done++;
    }
    sy->refresh_next = k ? (start + asked) % k : 0;
    free(c);
    if (n)
        *n = done;
    return e;
}

enum kerr sync_refresh_recent(struct sync *sy, int *n)
{
    return refresh_with(sy, sy->st, sy->http, n);
}

/* ---- threads ----------------------------------------------------------------------------- */

static void wait_ms(struct sync *sy, int64_t ms)
{
    if (ms <= 0)
        return;
    if (ms > 30000)
        ms = 30000;
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts); /* pthread_cond_timedwait's default clock */
    ts.tv_sec += (time_t)(ms / 1000);
    ts.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&sy->lock);
    while (!sy->stop && !sy->kicked)
        if (pthread_cond_timedwait(&sy->wake, &sy->lock, &ts) == ETIMEDOUT)
            break;
    sy->kicked = false;
    pthread_mutex_unlock(&sy->lock);
}

static void *worker_main(void *arg)
{
    struct sync *sy = arg;
    store *st = NULL;
    char err[512];
    if (store_open(sy->cfg, sy->clk, STORE_OPEN_DEFAULT, &st, err, sizeof err) != K_OK) {
        log_error(MOD, "worker cannot open the store: %s", err);
        return NULL;
    }
    struct http *h = new_http(sy->cfg);
    int64_t last_refresh = kclock_mono_ms(sy->clk), last_retention = INT64_MIN / 2;
    for (;;) {
        pthread_mutex_lock(&sy->lock);
        bool stop = sy->stop;
        pthread_mutex_unlock(&sy->lock);
        if (stop)
            break;
        int left = 0;
        pass_with(sy, st, h, false, NULL, NULL, &left);
        int64_t mono = kclock_mono_ms(sy->clk);
        if (mono - last_retention >= sy->o.retention_every_ms) {
            int purged = 0;
            if (store_retention_run(st, sy->cfg->retention_days, &purged) == K_OK && purged)
                log_info(MOD, "retention purged personal data of %d case(s)", purged);
            last_retention = mono;
        }
        if (mono - last_refresh >= sy->o.refresh_every_ms) {
            refresh_with(sy, st, h, NULL);
            last_refresh = mono;
        }
        struct store_queue_stats qs;
        int64_t wait = 30000;
        /* cases set aside as conflicts are not due: they do not shorten the wait */
        if (store_queue_stats(st, &qs) == K_OK && qs.queued > qs.conflicts && qs.next_due_ms) {
            wait = qs.next_due_ms - kclock_unix_ms(sy->clk);
            if (wait < 10)
                wait = 10;
        }
        if (kclock_is_fake(sy->clk)) /* tests move the clock themselves; poll briskly */
            wait = wait < 20 ? wait : 20;
        wait_ms(sy, wait);
    }
    http_destroy(h);
    store_close(st);
    return NULL;
}

static void *looker_main(void *arg)
{
    struct sync *sy = arg;
    store *st = NULL;
    char err[512];
    if (store_open(sy->cfg, sy->clk, STORE_OPEN_DEFAULT, &st, err, sizeof err) != K_OK) {
        log_error(MOD, "lookup thread cannot open the store: %s", err);
        return NULL;
    }
    struct http *h = new_http(sy->cfg);
    for (;;) {
        char code[sizeof sy->lookup], alert[sizeof sy->alert], digits[sizeof sy->digits];
        pthread_mutex_lock(&sy->lock);
        while (!sy->stop && !sy->lookup[0] && !sy->alert[0])
            pthread_cond_wait(&sy->wake, &sy->lock);
        bool stop = sy->stop;
        str_copy(code, sizeof code, sy->lookup);
        sy->lookup[0] = '\0';
        str_copy(digits, sizeof digits, sy->digits);
        explicit_bzero(sy->digits, sizeof sy->digits);
        str_copy(alert, sizeof alert, sy->alert);
        int64_t alert_ms = sy->alert_ms;
        sy->alert[0] = '\0';
        pthread_mutex_unlock(&sy->lock);
        /* a staff call: one attempt, sent even when stopping (the applicant pressed the
         * button); the kiosk shows the call locally whatever happens here */
        if (alert[0]) {
            struct api_result r;
            api_alert(h, sy->o.status_timeout_ms, alert, alert_ms, &r);
            if (r.err != K_OK)
                log_warn(MOD, "E709: staff call not sent to the backend: %s", r.error);
            else
                log_info(MOD, "staff call from %s sent to the backend", alert);
        }
        if (stop)
            break;
        if (!code[0])
            continue;
        struct sync_status_result *res = xcalloc(1, sizeof *res);
        enum kerr e = digits[0] ? manual_with(sy, st, h, code, digits, res)
                                : status_with(sy, st, h, code, res);
        explicit_bzero(digits, sizeof digits);
        post(sy, EV_STATUS_RESULT, e, res);
    }
    http_destroy(h);
    store_close(st);
    return NULL;
}

enum kerr sync_start(struct sync *sy)
{
    pthread_mutex_lock(&sy->lock);
    if (sy->running) {
        pthread_mutex_unlock(&sy->lock);
        return K_ERR_STATE;
    }
    sy->stop = false;
    sy->running = true;
    pthread_mutex_unlock(&sy->lock);
    if (pthread_create(&sy->worker, NULL, worker_main, sy) != 0)
        abort();
    if (pthread_create(&sy->looker, NULL, looker_main, sy) != 0)
        abort();
    return K_OK;
}

void sync_kick(struct sync *sy)
{
    pthread_mutex_lock(&sy->lock);
    sy->kicked = true;
    pthread_cond_broadcast(&sy->wake);
    pthread_mutex_unlock(&sy->lock);
}

void sync_status_request(struct sync *sy, const char *code)
{
    pthread_mutex_lock(&sy->lock);
    str_copy(sy->lookup, sizeof sy->lookup, code && *code ? code : "?");
    explicit_bzero(sy->digits, sizeof sy->digits);
    pthread_cond_broadcast(&sy->wake);
    pthread_mutex_unlock(&sy->lock);
}

void sync_manual_request(struct sync *sy, const char *code, const char *digits)
{
    pthread_mutex_lock(&sy->lock);
    str_copy(sy->lookup, sizeof sy->lookup, code && *code ? code : "?");
    str_copy(sy->digits, sizeof sy->digits, digits && *digits ? digits : "?");
    pthread_cond_broadcast(&sy->wake);
    pthread_mutex_unlock(&sy->lock);
}

void sync_alert_request(struct sync *sy, const char *screen)
{
    pthread_mutex_lock(&sy->lock);
    str_copy(sy->alert, sizeof sy->alert, screen && *screen ? screen : "unknown");
    sy->alert_ms = kclock_unix_ms(sy->clk);
    pthread_cond_broadcast(&sy->wake);
    pthread_mutex_unlock(&sy->lock);
}

void sync_stop(struct sync *sy)
{
    pthread_mutex_lock(&sy->lock);
    if (!sy->running) {
        pthread_mutex_unlock(&sy->lock);
        return;
    }
    sy->stop = true;
    pthread_cond_broadcast(&sy->wake);
    pthread_mutex_unlock(&sy->lock);
    pthread_join(sy->worker, NULL);
    pthread_join(sy->looker, NULL);
    pthread_mutex_lock(&sy->lock);
    sy->running = false;
    pthread_mutex_unlock(&sy->lock);
}
