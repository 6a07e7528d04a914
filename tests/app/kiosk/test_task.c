/* tests/app/screens/test_task.c: the app's task list (app/kiosk/task.c): results come back
 * as events, finished threads are joined as new ones start, and tasks_destroy() waits for
 * every task still running, so no job outlives the app. */
#include <stdatomic.h>
#include <stdlib.h>

#include "app/kiosk/task.h"
#include "platform/clock.h"
#include "tests/support/ktest.h"

static atomic_int finished;

static void *slow(void *arg)
{
    kclock_sleep_ms(kclock_system(), *(int *)arg);
    atomic_fetch_add(&finished, 1);
    int *r = malloc(sizeof *r);
    *r = 42;
    return r;
}

/* 1: the result arrives as an event with the code and the function's result. */
static void test_result(void)
{
    struct evq *q = evq_create(16);
    struct tasks *t = tasks_create(q);
    static int ms = 10;
    CHECK(task_run(t, TASK_QUEUE, slow, &ms, free));
    struct ev e;
    CHECK(evq_wait(q, &e, 10000));
    CHECK_EQ_INT(e.type, EV_USER);
    CHECK_EQ_INT(e.code, TASK_QUEUE);
    CHECK(e.payload && *(int *)e.payload == 42);
    evq_event_free(&e);
    tasks_destroy(t);
    evq_destroy(q);
}

/* 2: destroying the list waits for the tasks still running. */
static void test_destroy_joins(void)
{
    atomic_store(&finished, 0);
    struct evq *q = evq_create(16);
    struct tasks *t = tasks_create(q);
    static int ms = 300;
    for (int i = 0; i < 3; i++)
        CHECK(task_run(t, TASK_AUDIT, slow, &ms, free));
    tasks_destroy(t);
    CHECK_EQ_INT(atomic_load(&finished), 3);
    evq_destroy(q); /* frees the three results */
}

/* 3: finished threads are joined when the next task starts. */
static void test_reaped(void)
{
    struct evq *q = evq_create(16);
    struct tasks *t = tasks_create(q);
    static int quick = 1, slower = 500;
    for (int i = 0; i < 3; i++)
        CHECK(task_run(t, TASK_LOGS, slow, &quick, free));
    for (int i = 0; i < 3; i++) {
        struct ev e;
        CHECK(evq_wait(q, &e, 10000));
        evq_event_free(&e);
    }
    /* Each thread marks itself done just after posting; give them a moment to do so. */
    kclock_sleep_ms(kclock_system(), 200);
    CHECK_EQ_INT(tasks_pending(t), 3);
    CHECK(task_run(t, TASK_LOGS, slow, &slower, free));
    CHECK_EQ_INT(tasks_pending(t), 1);
    tasks_destroy(t);
    evq_destroy(q);
}

int main(void)
{
    KTEST_RUN(test_result);
    KTEST_RUN(test_destroy_joins);
    KTEST_RUN(test_reaped);
    return ktest_done();
}
