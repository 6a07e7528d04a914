/* app/kiosk/task.c: the app's worker threads, joined at the end (app layer, kiosk lifecycle). */
#include "app/kiosk/task.h"

#include <pthread.h>
#include <stdlib.h>

#include "platform/xalloc.h"

struct task {
    struct tasks *owner;
    pthread_t th;
    bool done; /* the function has returned and its result is posted (under owner->lock) */
    int code;
    void *(*fn)(void *);
    void *arg;
    void (*free_fn)(void *);
    struct task *next;
};

struct tasks {
    struct evq *q;
    pthread_mutex_t lock;
    struct task *list; /* started, not yet joined */
};

struct tasks *tasks_create(struct evq *q)
{
    struct tasks *t = xcalloc(1, sizeof *t);
    t->q = q;
    pthread_mutex_init(&t->lock, NULL);
    return t;
}

static void *run(void *p)
{
    struct task *k = p;
    void *result = k->fn(k->arg);
    struct ev e = {.type = EV_USER, .code = k->code, .payload = result, .payload_free = k->free_fn};
    evq_post(k->owner->q, &e);
    pthread_mutex_lock(&k->owner->lock);
    k->done = true;
    pthread_mutex_unlock(&k->owner->lock);
    return NULL;
}

/* Join and drop the tasks that have finished (their threads are about to exit). */
static void reap(struct tasks *t)
{
    pthread_mutex_lock(&t->lock);
    struct task **pp = &t->list, *finished = NULL;
    while (*pp) {
        struct task *k = *pp;
        if (k->done) {
            *pp = k->next;
            k->next = finished;
            finished = k;
        } else {
            pp = &k->next;
        }
    }
    pthread_mutex_unlock(&t->lock);
    while (finished) {
        struct task *k = finished;
        finished = k->next;
        pthread_join(k->th, NULL);
        free(k);
    }
}

bool task_run(struct tasks *t, int code, void *(*fn)(void *arg), void *arg,
              void (*free_fn)(void *result))
{
    reap(t);
    struct task *k = xcalloc(1, sizeof *k);
    *k = (struct task){.owner = t, .code = code, .fn = fn, .arg = arg, .free_fn = free_fn};
    /* Linked before the thread starts, so that its done flag always has a home. */
    pthread_mutex_lock(&t->lock);
    if (pthread_create(&k->th, NULL, run, k) != 0) {
        pthread_mutex_unlock(&t->lock);
        free(k);
        return false;
    }
    k->next = t->list;
    t->list = k;
    pthread_mutex_unlock(&t->lock);
    return true;
}

int tasks_pending(struct tasks *t)
{
    pthread_mutex_lock(&t->lock);
    int n = 0;
    for (struct task *k = t->list; k; k = k->next)
        n++;
    pthread_mutex_unlock(&t->lock);
    return n;
}

void tasks_destroy(struct tasks *t)
{
    if (!t)
        return;
    pthread_mutex_lock(&t->lock);
    struct task *k = t->list;
    t->list = NULL;
    pthread_mutex_unlock(&t->lock);
    while (k) {
        struct task *next = k->next;
        pthread_join(k->th, NULL);
        free(k);
        k = next;
    }
    pthread_mutex_destroy(&t->lock);
    free(t);
}
