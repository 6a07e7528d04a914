/* drivers/printer/printer_worker.c: the printer's worker thread (see printer_worker.h).
 * Owns its copies of the configuration strings and every queued bitmap. Layer: drivers. */
#include "drivers/printer/printer_worker.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/printer/printer.h"
#include "platform/log.h"
#include "platform/xalloc.h"

struct job {
    long id;            /* 0 = status check */
    struct bitmap *bmp; /* print jobs */
};

struct printer_worker {
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    struct evq *q;
    char *driver, *device;
    int width;
    struct job jobs[PRINTER_WORKER_QUEUE];
    size_t head, count;
    long next_id;
    bool stopping;
    /* worker thread only: the last state posted by a status check */
    bool posted;
    enum kerr last_result;
    struct escpos_status last_st;
};

static void post(struct printer_worker *w, struct printer_event *pe)
{
    struct ev e = {
        .type = EV_PRINTER_STATE, .code = (int)pe->result, .payload = pe, .payload_free = free};
    evq_post(w->q, &e);
}

static bool same_state(const struct printer_worker *w, const struct printer_event *pe)
{
    return w->posted && w->last_result == pe->result &&
           memcmp(&w->last_st, &pe->st, sizeof(pe->st)) == 0;
}

static void run_job(struct printer_worker *w, struct job *j)
{
    struct printer_event *pe = xcalloc(1, sizeof(*pe));
    pe->kind = j->id ? PRINTER_EV_PRINTED : PRINTER_EV_STATUS;
    pe->job = j->id;
    pthread_mutex_lock(&w->mu);
    char *device = xstrdup(w->device);
    pthread_mutex_unlock(&w->mu);
    struct printer *p = printer_open(w->driver, device, w->width, pe->error, sizeof(pe->error));
    free(device);
    if (!p) {
        pe->result = K_ERR_NO_DEVICE;
    } else if (j->id) {
        pe->result = printer_print(p, j->bmp);
        snprintf(pe->error, sizeof(pe->error), "%s", p->error);
        /* The status after the print, for the screen (paper near end, what the fault is). */
        struct escpos_status st;
        if (pe->result != K_ERR_NO_DEVICE && printer_status(p, &st) == K_OK) {
            pe->st = st;
            pe->status_known = true;
        }
    } else {
        enum kerr e = printer_status(p, &pe->st);
        if (e == K_OK) {
            pe->status_known = true;
            e = printer_status_verdict(&pe->st, pe->error, sizeof(pe->error));
        } else {
            snprintf(pe->error, sizeof(pe->error), "%s", p->error);
            memset(&pe->st, 0, sizeof(pe->st));
        }
        pe->result = e;
    }
    printer_close(p);
    bitmap_destroy(j->bmp);
    j->bmp = NULL;
    if (pe->kind == PRINTER_EV_STATUS && same_state(w, pe)) {
        free(pe);
        return;
    }
    if (pe->kind == PRINTER_EV_STATUS || pe->status_known || pe->result == K_ERR_NO_DEVICE) {
        w->posted = true;
        w->last_result = pe->kind == PRINTER_EV_STATUS ? pe->result
                         : pe->status_known            ? printer_status_verdict(&pe->st, NULL, 0)
                                                       : pe->result;
        w->last_st = pe->st;
    }
    post(w, pe);
}

static void *thread_main(void *arg)
{
    struct printer_worker *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->mu);
        while (!w->count && !w->stopping)
            pthread_cond_wait(&w->cv, &w->mu);
        if (w->stopping) {
            pthread_mutex_unlock(&w->mu);
            return NULL;
        }
        struct job j = w->jobs[w->head];
        w->head = (w->head + 1) % PRINTER_WORKER_QUEUE;
        w->count--;
        pthread_mutex_unlock(&w->mu);
        run_job(w, &j);
    }
}

struct printer_worker *printer_worker_start(const char *driver, const char *device, int width,
                                            struct evq *q)
{
    struct printer_worker *w = xcalloc(1, sizeof(*w));
    w->q = q;
    w->driver = xstrdup(driver ? driver : "");
    w->device = xstrdup(device ? device : "");
    w->width = width;
    w->next_id = 1;
    pthread_mutex_init(&w->mu, NULL);
    pthread_cond_init(&w->cv, NULL);
    if (pthread_create(&w->thread, NULL, thread_main, w) != 0) {
        log_msg(LOG_ERROR, "printer", "E226: cannot start the printer worker thread");
        pthread_cond_destroy(&w->cv);
        pthread_mutex_destroy(&w->mu);
        free(w->driver);
        free(w->device);
        free(w);
        return NULL;
    }
    return w;
}

void printer_worker_stop(struct printer_worker *w)
{
    if (!w)
        return;
    pthread_mutex_lock(&w->mu);
    w->stopping = true;
    pthread_cond_broadcast(&w->cv);
    pthread_mutex_unlock(&w->mu);
    pthread_join(w->thread, NULL);
    for (size_t i = 0; i < w->count; i++)
        bitmap_destroy(w->jobs[(w->head + i) % PRINTER_WORKER_QUEUE].bmp);
    pthread_cond_destroy(&w->cv);
    pthread_mutex_destroy(&w->mu);
    free(w->driver);
    free(w->device);
    free(w);
}

static long enqueue(struct printer_worker *w, struct bitmap *bmp, bool print)
{
    long id = -1;
    pthread_mutex_lock(&w->mu);
    if (!w->stopping && w->count < PRINTER_WORKER_QUEUE) {
        id = print ? w->next_id++ : 0;
        w->jobs[(w->head + w->count) % PRINTER_WORKER_QUEUE] = (struct job){.id = id, .bmp = bmp};
        w->count++;
        pthread_cond_signal(&w->cv);
    }
    pthread_mutex_unlock(&w->mu);
    return id;
}

long printer_worker_print(struct printer_worker *w, struct bitmap *bmp)
{
    long id = bmp ? enqueue(w, bmp, true) : -1;
    if (id <= 0) {
        bitmap_destroy(bmp);
        log_msg(LOG_WARN, "printer", "E226: print job refused (queue full or stopping)");
        return 0;
    }
    return id;
}

bool printer_worker_check(struct printer_worker *w)
{
    return enqueue(w, NULL, false) == 0;
}

void printer_worker_set_device(struct printer_worker *w, const char *device)
{
    char *d = xstrdup(device ? device : "");
    pthread_mutex_lock(&w->mu);
    free(w->device);
    w->device = d;
    pthread_mutex_unlock(&w->mu);
}
