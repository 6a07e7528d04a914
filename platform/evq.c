/* platform/evq.c: bounded ring of events guarded by a mutex and condition (platform layer). */
#include "platform/evq.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include "platform/xalloc.h"

struct evq {
    pthread_mutex_t lock;
    pthread_cond_t cond;
    struct ev *ring;
    size_t cap, head, count, dropped;
    int wake_fd;   /* eventfd, readable while the ring is not empty (-1: none) */
    bool fd_armed; /* a count has been written to wake_fd and not read back */
    void (*notify)(void *ud);
    void *notify_ud;
};

struct evq *evq_create(size_t capacity)
{
    struct evq *q = xcalloc(1, sizeof *q);
    pthread_mutex_init(&q->lock, NULL);
    pthread_cond_init(&q->cond, NULL);
    q->cap = capacity ? capacity : 256;
    q->ring = xcalloc(q->cap, sizeof *q->ring);
    q->wake_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    return q;
}

void evq_event_free(struct ev *e)
{
    if (e && e->payload && e->payload_free)
        e->payload_free(e->payload);
    if (e)
        e->payload = NULL;
}

void evq_destroy(struct evq *q)
{
    if (!q)
        return;
    struct ev e;
    while (evq_poll(q, &e))
        evq_event_free(&e);
    pthread_cond_destroy(&q->cond);
    pthread_mutex_destroy(&q->lock);
    if (q->wake_fd >= 0)
        close(q->wake_fd);
    free(q->ring);
    free(q);
}

void evq_post(struct evq *q, const struct ev *e)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    struct ev copy = *e;
    if (!copy.mono_ms)
        copy.mono_ms = (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
    pthread_mutex_lock(&q->lock);
    if (q->count == q->cap) {
        /* Drop the oldest event of the same type (or the oldest), shifting the rest up. */
        size_t i;
        for (i = 0; i < q->count; i++)
            if (q->ring[(q->head + i) % q->cap].type == copy.type)
                break;
        q->dropped++;
        if (i == q->count)
            i = 0; /* no older event of this type: drop the oldest of all */
        evq_event_free(&q->ring[(q->head + i) % q->cap]);
        for (; i + 1 < q->count; i++)
            q->ring[(q->head + i) % q->cap] = q->ring[(q->head + i + 1) % q->cap];
        q->count--;
    }
    q->ring[(q->head + q->count) % q->cap] = copy;
    q->count++;
    if (q->wake_fd >= 0 && !q->fd_armed) {
        uint64_t one = 1;
        /* Cannot fail short of an overflow of 2^64 posts; the fd only wakes a waiter. */
        if (write(q->wake_fd, &one, sizeof one) == (ssize_t)sizeof one)
            q->fd_armed = true;
    }
    void (*notify)(void *) = q->notify;
    void *ud = q->notify_ud;
    pthread_cond_signal(&q->cond);
    pthread_mutex_unlock(&q->lock);
    if (notify)
        notify(ud);
}

/* Read the eventfd back once the ring is empty, so that it stops being readable. */
static void disarm(struct evq *q)
{
    if (q->count || !q->fd_armed)
        return;
    uint64_t v;
    ssize_t r;
    do
        r = read(q->wake_fd, &v, sizeof v);
    while (r < 0 && errno == EINTR);
    q->fd_armed = false;
}

static bool take(struct evq *q, struct ev *out)
{
    if (!q->count) {
        disarm(q);
        return false;
    }
    *out = q->ring[q->head];
    q->head = (q->head + 1) % q->cap;
    q->count--;
    disarm(q);
    return true;
}

bool evq_poll(struct evq *q, struct ev *out)
{
    pthread_mutex_lock(&q->lock);
    bool got = take(q, out);
    pthread_mutex_unlock(&q->lock);
    return got;
}

bool evq_wait(struct evq *q, struct ev *out, int timeout_ms)
{
    struct timespec deadline;
    clock_gettime(CLOCK_REALTIME, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec++;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&q->lock);
    while (!q->count) {
        if (pthread_cond_timedwait(&q->cond, &q->lock, &deadline) != 0)
            break;
    }
    bool got = take(q, out);
    pthread_mutex_unlock(&q->lock);
    return got;
}

size_t evq_dropped(struct evq *q)
{
    pthread_mutex_lock(&q->lock);
    size_t d = q->dropped;
    pthread_mutex_unlock(&q->lock);
    return d;
}

int evq_fd(const struct evq *q)
{
    return q->wake_fd;
}

void evq_set_notify(struct evq *q, void (*fn)(void *ud), void *ud)
{
    pthread_mutex_lock(&q->lock);
    q->notify = fn;
    q->notify_ud = ud;
    pthread_mutex_unlock(&q->lock);
}
