/* server/conns.c: the header deadline and the cap on waiting connections. See conns.h. */
#include "server/conns.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>
#include <time.h>

#include "platform/log.h"
#include "platform/xalloc.h"

struct rec {
    int fd;
    int64_t since_ms; /* when its waiting began */
    bool waiting, shut;
    struct rec *prev, *next; /* the waiting list, oldest first; not linked while in a request */
};

struct conns {
    pthread_mutex_t lock;
    pthread_cond_t wake;
    pthread_t thread;
    bool stop;
    unsigned max_waiting, n_waiting;
    int64_t deadline_ms;
    struct rec *head, *tail; /* waiting connections, oldest first */
    unsigned long shut, shut_logged;
    int64_t logged_ms;
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void unlink_rec(struct conns *g, struct rec *r)
{
    if (!r->waiting)
        return;
    if (r->prev)
        r->prev->next = r->next;
    else
        g->head = r->next;
    if (r->next)
        r->next->prev = r->prev;
    else
        g->tail = r->prev;
    r->prev = r->next = NULL;
    r->waiting = false;
    g->n_waiting--;
}

static void link_rec(struct conns *g, struct rec *r)
{
    if (r->waiting)
        return;
    r->since_ms = mono_ms();
    r->waiting = true;
    r->prev = g->tail;
    r->next = NULL;
    if (g->tail)
        g->tail->next = r;
    else
        g->head = r;
    g->tail = r;
    g->n_waiting++;
}

/* Shut r down (lock held). The library closes the descriptor only after its CLOSED
 * notification, which takes the lock: the descriptor is still r's here. */
static void shut(struct conns *g, struct rec *r)
{
    unlink_rec(g, r);
    if (r->shut)
        return;
    r->shut = true;
    shutdown(r->fd, SHUT_RDWR);
    g->shut++;
}

static void *watchdog(void *arg)
{
    struct conns *g = arg;
    pthread_mutex_lock(&g->lock);
    while (!g->stop) {
        int64_t now = mono_ms();
        while (g->head && now - g->head->since_ms >= g->deadline_ms)
            shut(g, g->head);
        if (g->shut != g->shut_logged && now - g->logged_ms >= 60000) {
            log_warn("casehub",
                     "E746: %lu connection(s) closed whose request did not arrive within %lld s "
                     "or while too many others waited (slow or idle clients)",
                     g->shut - g->shut_logged, (long long)(g->deadline_ms / 1000));
            g->shut_logged = g->shut;
            g->logged_ms = now;
        }
        struct timespec ts;
        clock_gettime(CLOCK_REALTIME, &ts);
        ts.tv_nsec += 250 * 1000000L;
        if (ts.tv_nsec >= 1000000000L) {
            ts.tv_sec++;
            ts.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&g->wake, &g->lock, &ts);
    }
    pthread_mutex_unlock(&g->lock);
    return NULL;
}

struct conns *conns_create(unsigned max_waiting, unsigned header_timeout_s)
{
    struct conns *g = xcalloc(1, sizeof *g);
    g->max_waiting = max_waiting ? max_waiting : 1;
    g->deadline_ms = (int64_t)(header_timeout_s ? header_timeout_s : 1) * 1000;
    g->logged_ms = INT64_MIN / 2;
    pthread_mutex_init(&g->lock, NULL);
    pthread_cond_init(&g->wake, NULL);
    int rc = pthread_create(&g->thread, NULL, watchdog, g);
    if (rc != 0) {
        log_error("casehub", "E745: cannot start the connection watchdog: error %d", rc);
        pthread_mutex_destroy(&g->lock);
        pthread_cond_destroy(&g->wake);
        free(g);
        return NULL;
    }
    return g;
}

void conns_destroy(struct conns *g)
{
    if (!g)
        return;
    pthread_mutex_lock(&g->lock);
    g->stop = true;
    pthread_cond_broadcast(&g->wake);
    pthread_mutex_unlock(&g->lock);
    pthread_join(g->thread, NULL);
    /* records of connections still open belong to the stopped daemon's closing: none left */
    pthread_mutex_destroy(&g->lock);
    pthread_cond_destroy(&g->wake);
    free(g);
}

void conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                  enum MHD_ConnectionNotificationCode code)
{
    struct conns *g = cls;
    if (code == MHD_CONNECTION_NOTIFY_STARTED) {
        const union MHD_ConnectionInfo *ci =
            MHD_get_connection_info(c, MHD_CONNECTION_INFO_CONNECTION_FD);
        struct rec *r = xcalloc(1, sizeof *r);
        r->fd = ci ? ci->connect_fd : -1;
        pthread_mutex_lock(&g->lock);
        /* the longest-waiting connections make room: a new one always gets its chance */
        while (g->head && g->n_waiting >= g->max_waiting)
            shut(g, g->head);
        if (r->fd >= 0)
            link_rec(g, r);
        pthread_mutex_unlock(&g->lock);
        *socket_context = r;
    } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
        struct rec *r = *socket_context;
        if (!r)
            return;
        pthread_mutex_lock(&g->lock);
        unlink_rec(g, r);
        pthread_mutex_unlock(&g->lock);
        free(r);
        *socket_context = NULL;
    }
}

static struct rec *rec_of(struct MHD_Connection *c)
{
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
    return ci ? ci->socket_context : NULL;
}

void conns_request(struct conns *g, struct MHD_Connection *c)
{
    struct rec *r = g ? rec_of(c) : NULL;
    if (!r)
        return;
    pthread_mutex_lock(&g->lock);
    unlink_rec(g, r);
    pthread_mutex_unlock(&g->lock);
}

void conns_idle(struct conns *g, struct MHD_Connection *c)
{
    struct rec *r = g ? rec_of(c) : NULL;
    if (!r)
        return;
    pthread_mutex_lock(&g->lock);
    if (!r->shut)
        link_rec(g, r);
    pthread_mutex_unlock(&g->lock);
}

unsigned conns_waiting(struct conns *g)
{
    pthread_mutex_lock(&g->lock);
    unsigned n = g->n_waiting;
    pthread_mutex_unlock(&g->lock);
    return n;
}

unsigned long conns_shut(struct conns *g)
{
    pthread_mutex_lock(&g->lock);
    unsigned long n = g->shut;
    pthread_mutex_unlock(&g->lock);
    return n;
}
