/* drivers/scanner/scanner_sim.c: the simulated scanner, the twin of the real drivers (drivers).
 *
 * One virtual device per process: a queue of fed scans and knobs (unplug, garble, failing
 * opens), guarded by one mutex, so that a test or the demo can feed the scanner that a reader
 * thread opened. It follows the same read contract as the real drivers, including too-long
 * scans and the device going away.
 */
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drivers/scanner/scanner.h"
#include "platform/xalloc.h"

#define SIM_QUEUE    64
#define SIM_FEED_MAX 4096

static struct {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    char *text[SIM_QUEUE];
    size_t len[SIM_QUEUE];
    size_t head, count;
    bool unplugged;
    long garble, open_fail;
} sim = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

void scanner_sim_feed(const char *text, size_t len)
{
    if (len > SIM_FEED_MAX)
        len = SIM_FEED_MAX;
    pthread_mutex_lock(&sim.lock);
    if (sim.count == SIM_QUEUE) { /* full: the oldest scan is lost, as in a device FIFO */
        free(sim.text[sim.head]);
        sim.head = (sim.head + 1) % SIM_QUEUE;
        sim.count--;
    }
    size_t i = (sim.head + sim.count) % SIM_QUEUE;
    sim.text[i] = xcalloc(1, len + 1);
    memcpy(sim.text[i], text, len);
    sim.len[i] = len;
    sim.count++;
    pthread_cond_broadcast(&sim.cond);
    pthread_mutex_unlock(&sim.lock);
}

void scanner_sim_set(enum scanner_sim_knob knob, long value)
{
    pthread_mutex_lock(&sim.lock);
    switch (knob) {
    case SCANNER_SIM_UNPLUG:
        sim.unplugged = value != 0;
        break;
    case SCANNER_SIM_GARBLE:
        sim.garble = value;
        break;
    case SCANNER_SIM_OPEN_FAIL:
        sim.open_fail = value;
        break;
    }
    pthread_cond_broadcast(&sim.cond);
    pthread_mutex_unlock(&sim.lock);
}

void scanner_sim_reset(void)
{
    pthread_mutex_lock(&sim.lock);
    while (sim.count) {
        free(sim.text[sim.head]);
        sim.text[sim.head] = NULL;
        sim.head = (sim.head + 1) % SIM_QUEUE;
        sim.count--;
    }
    sim.unplugged = false;
    sim.garble = sim.open_fail = 0;
    pthread_mutex_unlock(&sim.lock);
}

static enum kerr sim_open(struct scanner *s, const char *device, char *err, size_t errlen)
{
    (void)s;
    enum kerr e = K_OK;
    pthread_mutex_lock(&sim.lock);
    if (device[0] && strcmp(device, "sim") != 0) {
        snprintf(err, errlen, "E409: sim scanner takes no device (got \"%s\")", device);
        e = K_ERR_INVALID;
    } else if (sim.unplugged) {
        snprintf(err, errlen, "E402: sim scanner unplugged");
        e = K_ERR_NO_DEVICE;
    } else if (sim.open_fail > 0) {
        sim.open_fail--;
        snprintf(err, errlen, "E402: sim scanner not found (knob)");
        e = K_ERR_NO_DEVICE;
    }
    pthread_mutex_unlock(&sim.lock);
    return e;
}

static enum kerr sim_read(struct scanner *s, char *buf, size_t cap, size_t *len, int timeout_ms)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_sec += timeout_ms / 1000;
    ts.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (ts.tv_nsec >= 1000000000L) {
        ts.tv_sec++;
        ts.tv_nsec -= 1000000000L;
    }
    enum kerr e = K_ERR_TIMEOUT;
    pthread_mutex_lock(&sim.lock);
    while (!sim.unplugged && sim.count == 0)
        if (pthread_cond_timedwait(&sim.cond, &sim.lock, &ts) == ETIMEDOUT)
            break;
    if (sim.unplugged) {
        snprintf(s->error, sizeof s->error, "E404: sim scanner unplugged");
        e = K_ERR_NO_DEVICE;
    } else if (sim.count) {
        char *t = sim.text[sim.head];
        size_t n = sim.len[sim.head];
        sim.text[sim.head] = NULL;
        sim.head = (sim.head + 1) % SIM_QUEUE;
        sim.count--;
        if (n > cap - 1) {
            snprintf(s->error, sizeof s->error, "E405: scan longer than %zu bytes dropped",
                     cap - 1);
            e = K_ERR_TOO_LARGE;
        } else {
            memcpy(buf, t, n);
            if (sim.garble > 0 && n > 0) {
                sim.garble--;
                buf[n / 2] = 0x07; /* a BEL in the middle: line noise */
            }
            buf[n] = '\0';
            *len = n;
            e = K_OK;
        }
        free(t);
    }
    pthread_mutex_unlock(&sim.lock);
    return e;
}

static void sim_close(struct scanner *s)
{
    (void)s;
}

const struct scanner_ops scanner_sim_ops = {
    .name = "sim",
    .open = sim_open,
    .read = sim_read,
    .close = sim_close,
};
