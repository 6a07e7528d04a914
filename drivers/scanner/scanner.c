/* drivers/scanner/scanner.c: the driver table, the wrappers that vet every scan, and the
 * reader thread with hot-plug (see scanner.h). Layer: drivers.
 *
 * Error numbers (E4xx, scanner): E401 unknown driver, E402 device not found, E403 cannot open
 * or configure the device, E404 device gone, E405 scan too long, E406 control byte or NUL in a
 * scan, E407 device sent something that is not a scan, E408 exclusive grab refused, E409 bad
 * scanner.device value, E410 read error.
 */
#include "drivers/scanner/scanner.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "platform/log.h"
#include "platform/xalloc.h"

const struct scanner_ops *const scanner_drivers[] = {&scanner_sim_ops, &scanner_cdc_ops,
                                                     &scanner_hidpos_ops, &scanner_wedge_ops, NULL};

const struct scanner_ops *scanner_driver_find(const char *name)
{
    for (size_t i = 0; name && scanner_drivers[i]; i++)
        if (strcmp(scanner_drivers[i]->name, name) == 0)
            return scanner_drivers[i];
    return NULL;
}

bool scanner_parse_vidpid(const char *s, unsigned *vid, unsigned *pid)
{
    unsigned v[2] = {0, 0};
    const char *p = s;
    for (int part = 0; part < 2; part++) {
        int digits = 0;
        for (; digits < 4; digits++, p++) {
            int c = (unsigned char)*p, d;
            if (c >= '0' && c <= '9')
                d = c - '0';
            else if (c >= 'a' && c <= 'f')
                d = c - 'a' + 10;
            else if (c >= 'A' && c <= 'F')
                d = c - 'A' + 10;
            else
                return false;
            v[part] = v[part] * 16 + (unsigned)d;
        }
        if (*p != (part == 0 ? ':' : '\0'))
            return false;
        p++;
    }
    *vid = v[0];
    *pid = v[1];
    return true;
}

struct scanner *scanner_open(const char *driver, const char *device, enum kerr *why, char *err,
                             size_t errlen)
{
    enum kerr dummy;
    if (!why)
        why = &dummy;
    const struct scanner_ops *ops = scanner_driver_find(driver);
    if (!ops) {
        snprintf(err, errlen, "E401: unknown scanner driver \"%s\" (sim, cdc, hidpos, wedge)",
                 driver ? driver : "");
        *why = K_ERR_INVALID;
        return NULL;
    }
    struct scanner *s = xcalloc(1, sizeof *s);
    s->ops = ops;
    err[0] = '\0';
    *why = ops->open(s, device ? device : "", err, errlen);
    if (*why != K_OK) {
        free(s);
        return NULL;
    }
    return s;
}

void scanner_close(struct scanner *s)
{
    if (!s)
        return;
    s->ops->close(s);
    free(s);
}

enum kerr scanner_read(struct scanner *s, char *buf, size_t cap, size_t *len, int timeout_ms)
{
    *len = 0;
    if (cap < 2)
        return K_ERR_INVALID;
    buf[0] = '\0';
    s->error[0] = '\0';
    enum kerr e = s->ops->read(s, buf, cap, len, timeout_ms);
    if (e == K_ERR_TOO_LARGE || e == K_ERR_PROTOCOL) {
        s->rejected++;
        log_warn("scanner", "%s", s->error[0] ? s->error : "E407: scan dropped");
    }
    if (e != K_OK) {
        *len = 0;
        buf[0] = '\0';
        return e;
    }
    if (*len == 0)
        return K_ERR_TIMEOUT;
    for (size_t i = 0; i < *len; i++) {
        unsigned char c = (unsigned char)buf[i];
        if (c < 0x20 || c == 0x7f) {
            snprintf(s->error, sizeof s->error,
                     "E406: scan of %zu bytes dropped: control byte 0x%02x at %zu", *len, c, i);
            log_warn("scanner", "%s", s->error);
            s->rejected++;
            explicit_bzero(buf, cap);
            *len = 0;
            return K_ERR_PROTOCOL;
        }
    }
    s->scans++;
    log_debug("scanner", "scan of %zu bytes", *len); /* never the content */
    return K_OK;
}

/* ---- the reader thread ---- */

struct scanner_thread {
    pthread_t th;
    pthread_mutex_t lock;
    pthread_cond_t cond;
    bool stop;
    char *driver, *device;
    struct evq *q;
    struct scanner_thread_opts opts;
};

/* Sleep up to ms unless stop is requested; true when stopping. */
static bool wait_stop(struct scanner_thread *t, int ms)
{
    pthread_mutex_lock(&t->lock);
    if (!t->stop && ms > 0) {
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_sec += ms / 1000;
        ts.tv_nsec += (long)(ms % 1000) * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        while (!t->stop && pthread_cond_timedwait(&t->cond, &t->lock, &ts) != ETIMEDOUT)
            ;
    }
    bool stop = t->stop;
    pthread_mutex_unlock(&t->lock);
    return stop;
}

static void post_state(struct scanner_thread *t, enum scanner_state st, const char *why)
{
    struct ev e = {.type = EV_SCANNER_STATE,
                   .code = (int)st,
                   .payload = why && why[0] ? xstrdup(why) : NULL,
                   .payload_free = free};
    evq_post(t->q, &e);
}

static void *reader(void *arg)
{
    struct scanner_thread *t = arg;
    struct scanner *s = NULL;
    int state = -1;
    char err[256];
    char *buf = xcalloc(1, SCANNER_SCAN_MAX);
    while (!wait_stop(t, 0)) {
        if (!s) {
            enum kerr why;
            s = scanner_open(t->driver, t->device, &why, err, sizeof err);
            if (!s) {
                enum scanner_state st = why == K_ERR_NO_DEVICE ? SCANNER_ABSENT : SCANNER_FAULT;
                if ((int)st != state) { /* once per change, not every retry */
                    log_info("scanner", "%s", err);
                    post_state(t, st, err);
                    state = (int)st;
                }
                if (wait_stop(t, t->opts.reopen_ms))
                    break;
                continue;
            }
            log_info("scanner", "%s scanner ready", t->driver);
            post_state(t, SCANNER_READY, NULL);
            state = SCANNER_READY;
        }
        size_t len = 0;
        enum kerr e = scanner_read(s, buf, SCANNER_SCAN_MAX, &len, t->opts.poll_ms);
        if (e == K_OK) {
            struct ev ev = {.type = EV_SCAN, .payload = xstrndup(buf, len), .payload_free = free};
            explicit_bzero(buf, SCANNER_SCAN_MAX);
            evq_post(t->q, &ev);
        } else if (e == K_ERR_NO_DEVICE || e == K_ERR_IO) {
            log_info("scanner", "%s", s->error[0] ? s->error : "E404: scanner gone");
            str_copy(err, sizeof err, s->error[0] ? s->error : "E404: scanner gone");
            scanner_close(s);
            s = NULL;
            post_state(t, SCANNER_ABSENT, err);
            state = SCANNER_ABSENT;
            if (wait_stop(t, t->opts.reopen_ms))
                break;
        }
    }
    scanner_close(s);
    free(buf);
    return NULL;
}

struct scanner_thread *scanner_thread_start(const char *driver, const char *device, struct evq *q,
                                            const struct scanner_thread_opts *opts, char *err,
                                            size_t errlen)
{
    if (!scanner_driver_find(driver)) {
        snprintf(err, errlen, "E401: unknown scanner driver \"%s\" (sim, cdc, hidpos, wedge)",
                 driver ? driver : "");
        return NULL;
    }
    struct scanner_thread *t = xcalloc(1, sizeof *t);
    pthread_mutex_init(&t->lock, NULL);
    pthread_cond_init(&t->cond, NULL);
    t->driver = xstrdup(driver);
    t->device = xstrdup(device ? device : "");
    t->q = q;
    if (opts)
        t->opts = *opts;
    if (t->opts.reopen_ms <= 0)
        t->opts.reopen_ms = 500;
    if (t->opts.poll_ms <= 0)
        t->opts.poll_ms = 200;
    if (pthread_create(&t->th, NULL, reader, t) != 0) {
        snprintf(err, errlen, "E403: cannot start the scanner thread: %s", strerror(errno));
        pthread_cond_destroy(&t->cond);
        pthread_mutex_destroy(&t->lock);
        free(t->driver);
        free(t->device);
        free(t);
        return NULL;
    }
    return t;
}

void scanner_thread_stop(struct scanner_thread *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    t->stop = true;
    pthread_cond_broadcast(&t->cond);
    pthread_mutex_unlock(&t->lock);
    pthread_join(t->th, NULL);
    pthread_cond_destroy(&t->cond);
    pthread_mutex_destroy(&t->lock);
    free(t->driver);
    free(t->device);
    free(t);
}
