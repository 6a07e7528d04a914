/* drivers/idcard/idcard.c: driver table, command/reply exchange, the read cycle and the
 * reading loop thread. Drivers layer; owns the reader object and the loop thread. */
#include "drivers/idcard/idcard.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drivers/idcard/idsim.h"
#include "platform/evq.h"
#include "platform/log.h"
#include "platform/xalloc.h"

extern const struct idcard_ops idcard_sim_ops;
extern const struct idcard_ops idcard_usb_ops;
extern const struct idcard_ops idcard_serial_ops;

static const struct idcard_ops *const drivers[] = {&idcard_sim_ops, &idcard_usb_ops,
                                                   &idcard_serial_ops};

int idcard_timeout_ms(enum sam_cmd cmd)
{
    switch (cmd) {
    case SAM_CMD_FIND:
    case SAM_CMD_SELECT:
        return 500;
    case SAM_CMD_READ:
    case SAM_CMD_READ_FP:
        return 3500;
    case SAM_CMD_READ_ADDR:
        return 1000;
    default:
        return 300;
    }
}

enum kerr idcard_open(const char *driver, const char *spec, struct idcard_reader **out)
{
    *out = NULL;
    for (size_t i = 0; i < sizeof drivers / sizeof drivers[0]; i++) {
        if (strcmp(drivers[i]->name, driver ? driver : "") != 0)
            continue;
        struct idcard_reader *r = xcalloc(1, sizeof *r);
        r->ops = drivers[i];
        enum kerr e = r->ops->open(r, spec ? spec : "");
        if (e != K_OK) {
            free(r);
            return e;
        }
        *out = r;
        return K_OK;
    }
    return K_ERR_NOT_FOUND;
}

void idcard_close(struct idcard_reader *r)
{
    if (!r)
        return;
    r->ops->close(r);
    free_secure(r, sizeof *r);
}

const char *idcard_error(const struct idcard_reader *r)
{
    return r->err;
}

struct idsim *idcard_sim_device(struct idcard_reader *r)
{
    return r && r->ops == &idcard_sim_ops ? idsim_shared() : NULL;
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Drop whatever a previous command left behind (research §4.5). */
static enum kerr drain(struct idcard_reader *r)
{
    uint8_t junk[512];
    size_t got = 0;
    for (int i = 0; i < 64; i++) {
        enum kerr e = r->ops->recv(r, junk, sizeof junk, &got, 1);
        if (e == K_ERR_NO_DEVICE)
            return e;
        if (e != K_OK || got == 0)
            break;
    }
    r->rx_len = 0;
    return K_OK;
}

enum kerr idcard_command(struct idcard_reader *r, enum sam_cmd cmd, const uint8_t *data, size_t n,
                         uint8_t *sw3)
{
    uint8_t q[64];
    size_t qn = sam_build(q, sizeof q, cmd, data, n);
    r->err[0] = 0;
    r->last.data = NULL;
    r->last.len = 0;
    if (!qn) {
        snprintf(r->err, sizeof r->err, "E306: command too long");
        return K_ERR_INVALID;
    }
    enum kerr e = drain(r);
    if (e != K_OK)
        return e;
    int timeout = idcard_timeout_ms(cmd);
    e = r->ops->send(r, q, qn, timeout);
    if (e != K_OK) {
        snprintf(r->err, sizeof r->err, "send: %s", kerr_text(e));
        return e;
    }
    int64_t deadline = now_ms() + timeout;
    for (;;) {
        size_t st = 0, len = 0;
        enum sam_scan_result sr = sam_scan(r->rx, r->rx_len, 4, &st, &len);
        if (sr == SAM_SCAN_BAD_SUM) {
            snprintf(r->err, sizeof r->err, "E302: reply checksum mismatch");
            r->rx_len = 0;
            return K_ERR_CHECKSUM;
        }
        if (sr == SAM_SCAN_FRAME) {
            struct sam_reply rep;
            e = sam_parse_reply(r->rx + st, len, &rep);
            if (e != K_OK) {
                snprintf(r->err, sizeof r->err, "E301: reply framing");
                return e;
            }
            r->sw3 = rep.sw3;
            *sw3 = rep.sw3;
            r->last.data = rep.data;
            r->last.len = rep.data_len;
            return K_OK;
        }
        /* keep the possible frame start, drop garbage */
        if (st > 0) {
            memmove(r->rx, r->rx + st, r->rx_len - st);
            r->rx_len -= st;
        }
        if (r->rx_len == sizeof r->rx) {
            snprintf(r->err, sizeof r->err, "E301: reply longer than any SAM reply");
            r->rx_len = 0;
            return K_ERR_PROTOCOL;
        }
        int64_t left = deadline - now_ms();
        if (left <= 0) {
            if (r->rx_len > 0) {
                snprintf(r->err, sizeof r->err, "E301: truncated reply (%zu bytes)", r->rx_len);
                r->rx_len = 0;
                return K_ERR_PROTOCOL;
            }
            snprintf(r->err, sizeof r->err, "E307: no reply within %d ms", timeout);
            return K_ERR_TIMEOUT;
        }
        size_t got = 0;
        e = r->ops->recv(r, r->rx + r->rx_len, sizeof r->rx - r->rx_len, &got, (int)left);
        if (e == K_ERR_NO_DEVICE) {
            snprintf(r->err, sizeof r->err, "E308: reader unplugged");
            return e;
        }
        if (e == K_OK)
            r->rx_len += got;
    }
}

static enum kerr status_error(struct idcard_reader *r, uint8_t sw3, enum kerr e)
{
    snprintf(r->err, sizeof r->err, "E303: reader status 0x%02X (%s)", sw3, sam_sw_key(sw3));
    return e;
}

enum kerr idcard_sam_status(struct idcard_reader *r)
{
    uint8_t sw = 0;
    enum kerr e = idcard_command(r, SAM_CMD_STATUS, NULL, 0, &sw);
    if (e == K_ERR_TIMEOUT)
        return K_ERR_BUSY;
    if (e != K_OK)
        return e;
    return sw == SAM_SW_OK ? K_OK : status_error(r, sw, K_ERR_BUSY);
}

enum kerr idcard_read(struct idcard_reader *r, struct idcard_card *card)
{
    uint8_t sw = 0;
    enum kerr e = idcard_command(r, SAM_CMD_FIND, NULL, 0, &sw);
    if (e != K_OK)
        return e;
    if (sw == SAM_SW_NO_CARD)
        return K_ERR_NO_CARD;
    if (sw != SAM_SW_FOUND)
        return status_error(r, sw, K_ERR_DEVICE_FAULT);
    /* From here on a failure means the card moved or was pulled away. */
    e = idcard_command(r, SAM_CMD_SELECT, NULL, 0, &sw);
    if (e == K_ERR_TIMEOUT)
        return K_ERR_CARD_REMOVED;
    if (e != K_OK)
        return e;
    if (sw != SAM_SW_OK)
        return status_error(r, sw,
                            sw == SAM_SW_SELECT_FAILED ? K_ERR_CARD_REMOVED : K_ERR_DEVICE_FAULT);
    e = idcard_command(r, r->fingerprint ? SAM_CMD_READ_FP : SAM_CMD_READ, NULL, 0, &sw);
    if (e == K_ERR_TIMEOUT)
        return K_ERR_CARD_REMOVED;
    if (e != K_OK)
        return e;
    if (sw != SAM_SW_OK)
        return status_error(r, sw,
                            sw == SAM_SW_READ_FAILED ? K_ERR_CARD_REMOVED : K_ERR_DEVICE_FAULT);
    e = idcard_decode_read(r->last.data, r->last.len, r->fingerprint, card, r->err, sizeof r->err);
    if (e != K_OK)
        return e;
    /* Additional address: optional; a failure here does not spoil the read. */
    if (idcard_command(r, SAM_CMD_READ_ADDR, NULL, 0, &sw) == K_OK && sw == SAM_SW_OK)
        idcard_decode_extra_address(r->last.data, r->last.len, card);
    r->err[0] = 0;
    return K_OK;
}

void idcard_set_fingerprint(struct idcard_reader *r, bool on)
{
    r->fingerprint = on;
}

enum kerr idcard_card_present(struct idcard_reader *r)
{
    uint8_t sw = 0;
    enum kerr e = idcard_command(r, SAM_CMD_READ_ADDR, NULL, 0, &sw);
    if (e == K_ERR_TIMEOUT)
        return K_ERR_NO_CARD;
    if (e != K_OK)
        return e;
    return sw == SAM_SW_OK || sw == SAM_SW_NO_CONTENT ? K_OK : K_ERR_NO_CARD;
}

/* ---- loop ---------------------------------------------------------------------------- */

const char *idcard_state_key(enum idcard_state s)
{
    static const char *const keys[] = {"idcard.state.no_reader", "idcard.state.waiting_sam",
                                       "idcard.state.ready",     "idcard.state.reading",
                                       "idcard.state.lift_card", "idcard.state.done"};
    return (unsigned)s < sizeof keys / sizeof keys[0] ? keys[s] : "idcard.state.no_reader";
}

struct idcard_loop {
    pthread_t th;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool stop;
    char *driver, *spec;
    struct evq *q;
    struct idcard_reader *r; /* under mu for idcard_loop_sim */
    enum idcard_state state;
    bool posted;
    char last_err[160]; /* under mu: the last failure, for the device overview */
};

static void note_error(struct idcard_loop *l, const char *what)
{
    pthread_mutex_lock(&l->mu);
    snprintf(l->last_err, sizeof l->last_err, "%s", what);
    pthread_mutex_unlock(&l->mu);
}

void idcard_loop_last_error(struct idcard_loop *l, char *out, size_t n)
{
    if (!n)
        return;
    out[0] = '\0';
    if (!l)
        return;
    pthread_mutex_lock(&l->mu);
    snprintf(out, n, "%s", l->last_err);
    pthread_mutex_unlock(&l->mu);
}

static void card_free(void *p)
{
    free_secure(p, sizeof(struct idcard_card));
}

static void set_state(struct idcard_loop *l, enum idcard_state s)
{
    if (l->posted && l->state == s)
        return;
    l->state = s;
    l->posted = true;
    struct ev e = {.type = EV_IDCARD_STATE, .code = (int)s};
    evq_post(l->q, &e);
}

/* Sleep up to ms unless stopped; returns false when asked to stop. */
static bool nap(struct idcard_loop *l, int ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += ms / 1000;
    until.tv_nsec += (long)(ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&l->mu);
    while (!l->stop && pthread_cond_timedwait(&l->cv, &l->mu, &until) == 0)
        ;
    bool go = !l->stop;
    pthread_mutex_unlock(&l->mu);
    return go;
}

static void drop_reader(struct idcard_loop *l)
{
    pthread_mutex_lock(&l->mu);
    struct idcard_reader *r = l->r;
    l->r = NULL;
    pthread_mutex_unlock(&l->mu);
    idcard_close(r);
    set_state(l, IDCARD_NO_READER);
}

static void *loop_main(void *arg)
{
    struct idcard_loop *l = arg;
    set_state(l, IDCARD_NO_READER);
    while (true) {
        if (!l->r) {
            struct idcard_reader *r = NULL;
            enum kerr oe = idcard_open(l->driver, l->spec, &r);
            if (oe != K_OK) {
                char m[160];
                snprintf(m, sizeof m, "E311: no %s reader opened (%s)", l->driver, kerr_name(oe));
                /* Only when nothing was noted: after an unplug, "unplugged" stays the news. */
                pthread_mutex_lock(&l->mu);
                if (!l->last_err[0])
                    snprintf(l->last_err, sizeof l->last_err, "%s", m);
                pthread_mutex_unlock(&l->mu);
                if (!nap(l, 500))
                    break;
                continue;
            }
            pthread_mutex_lock(&l->mu);
            l->r = r;
            pthread_mutex_unlock(&l->mu);
            set_state(l, IDCARD_WAIT_SAM);
            log_info("idcard", "reader connected (%s)", l->driver);
        }
        enum kerr e;
        if (l->state == IDCARD_WAIT_SAM) {
            e = idcard_sam_status(l->r);
            if (e == K_OK)
                set_state(l, IDCARD_READY);
        } else if (l->state == IDCARD_DONE) {
            e = idcard_card_present(l->r);
            if (e == K_ERR_NO_CARD) {
                set_state(l, IDCARD_READY);
                e = K_OK;
            }
        } else {
            struct idcard_card *card = xcalloc(1, sizeof *card);
            e = idcard_read(l->r, card);
            if (e == K_OK) {
                struct ev ev = {.type = EV_IDCARD_READ, .payload = card, .payload_free = card_free};
                evq_post(l->q, &ev);
                card = NULL;
                set_state(l, IDCARD_DONE);
            } else if (e == K_ERR_NO_CARD) {
                e = K_OK; /* keep the state: READY, or LIFT_CARD until a good read */
            } else if (e != K_ERR_NO_DEVICE) {
                log_warn("idcard", "read failed: %s", idcard_error(l->r));
                note_error(l, idcard_error(l->r));
                set_state(l, IDCARD_LIFT_CARD);
            }
            card_free(card);
        }
        if (e == K_ERR_NO_DEVICE) {
            log_warn("idcard", "reader gone");
            note_error(l, "E312: reader unplugged");
            drop_reader(l);
        }
        if (!nap(l, 300)) /* never poll faster than every 300 ms (research §1.5) */
            break;
    }
    pthread_mutex_lock(&l->mu);
    struct idcard_reader *r = l->r;
    l->r = NULL;
    pthread_mutex_unlock(&l->mu);
    idcard_close(r);
    return NULL;
}

struct idcard_loop *idcard_loop_start(const char *driver, const char *spec, struct evq *q)
{
    struct idcard_loop *l = xcalloc(1, sizeof *l);
    l->driver = xstrdup(driver ? driver : "sim");
    l->spec = xstrdup(spec ? spec : "");
    l->q = q;
    pthread_mutex_init(&l->mu, NULL);
    pthread_cond_init(&l->cv, NULL);
    if (pthread_create(&l->th, NULL, loop_main, l) != 0) {
        free(l->driver);
        free(l->spec);
        free(l);
        return NULL;
    }
    return l;
}

void idcard_loop_stop(struct idcard_loop *l)
{
    if (!l)
        return;
    pthread_mutex_lock(&l->mu);
    l->stop = true;
    pthread_cond_broadcast(&l->cv);
    pthread_mutex_unlock(&l->mu);
    pthread_join(l->th, NULL);
    pthread_cond_destroy(&l->cv);
    pthread_mutex_destroy(&l->mu);
    free(l->driver);
    free(l->spec);
    free(l);
}

struct idsim *idcard_loop_sim(struct idcard_loop *l)
{
    return strcmp(l->driver, "sim") == 0 ? idsim_shared() : NULL;
}
