/* app/screens/task.c: detached worker threads posting their result (app layer, screens). */
#include "app/screens/task.h"

#include <pthread.h>
#include <stdlib.h>

#include "platform/xalloc.h"

struct task {
    struct evq *q;
    int code;
    void *(*fn)(void *);
    void *arg;
    void (*free_fn)(void *);
};

static void *run(void *p)
{
    struct task *t = p;
    void *result = t->fn(t->arg);
    struct ev e = {.type = EV_USER, .code = t->code, .payload = result, .payload_free = t->free_fn};
    evq_post(t->q, &e);
    free(t);
    return NULL;
}

bool task_run(struct evq *q, int code, void *(*fn)(void *arg), void *arg,
              void (*free_fn)(void *result))
{
    struct task *t = xcalloc(1, sizeof *t);
    *t = (struct task){q, code, fn, arg, free_fn};
    pthread_t th;
    if (pthread_create(&th, NULL, run, t) != 0) {
        free(t);
        return false;
    }
    pthread_detach(th);
    return true;
}
