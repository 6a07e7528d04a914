/* tests/drivers/printer/test_printer_worker.c: printing on the worker thread with
 * EV_PRINTER_STATE events, against the simulated printer (its knobs in the device string):
 * a print and its event, status events only on change, every fault as an event with its
 * E2nn text, a reprint after the fault is fixed, a full queue refused, stop with jobs
 * waiting. Event waits have a generous safety timeout (never a timing assertion). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/printer/printer_worker.h"
#include "tests/support/ktest.h"

#define WAIT_MS 20000

static struct printer_event *next_event(struct evq *q, struct ev *e)
{
    if (!evq_wait(q, e, WAIT_MS)) {
        CHECKF(false, "no event");
        return NULL;
    }
    CHECK_EQ_INT(e->type, EV_PRINTER_STATE);
    return e->payload;
}

static struct bitmap *page(void)
{
    struct bitmap *b = bitmap_create(384, 200);
    for (int x = 0; x < 384; x++)
        bitmap_set(b, x, x % 200, true);
    return b;
}

static void test_print_and_status_changes(void)
{
    struct evq *q = evq_create(32);
    struct printer_worker *w = printer_worker_start("sim", "", 384, q);
    CHECK(w != NULL);
    struct ev e;

    /* 1: the first check always posts */
    CHECK(printer_worker_check(w));
    struct printer_event *pe = next_event(q, &e);
    CHECK(pe && pe->kind == PRINTER_EV_STATUS && pe->result == K_OK && pe->status_known);
    CHECK_EQ_INT(e.code, K_OK);
    evq_event_free(&e);

    /* 2: an unchanged check posts nothing: the next event is the print's */
    CHECK(printer_worker_check(w));
    long id = printer_worker_print(w, page());
    CHECK(id > 0);
    pe = next_event(q, &e);
    CHECK(pe && pe->kind == PRINTER_EV_PRINTED && pe->job == id && pe->result == K_OK);
    CHECK(pe && pe->error[0] == '\0');
    evq_event_free(&e);

    /* 3..6: each fault changes the state: an event with the result and its number */
    static const struct {
        const char *device;
        enum kerr want;
        const char *code;
    } rows[] = {
        /* 3 */ {"paper_out", K_ERR_PAPER_OUT, "E203"},
        /* 4 */ {"cover_open", K_ERR_COVER_OPEN, "E204"},
        /* 5 */ {"unplugged", K_ERR_NO_DEVICE, "E202"},
        /* 6 */ {"near_end", K_OK, ""},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        printer_worker_set_device(w, rows[i].device);
        CHECK(printer_worker_check(w));
        pe = next_event(q, &e);
        CHECKF(pe && pe->kind == PRINTER_EV_STATUS && pe->result == rows[i].want, "row %zu: %s",
               i + 3, pe ? kerr_name(pe->result) : "-");
        CHECKF(pe && strncmp(pe->error, rows[i].code, strlen(rows[i].code)) == 0, "row %zu: %s",
               i + 3, pe ? pe->error : "-");
        evq_event_free(&e);
        /* the print refused or failed with the same fault, the bitmap is the worker's */
        id = printer_worker_print(w, page());
        pe = next_event(q, &e);
        CHECKF(pe && pe->kind == PRINTER_EV_PRINTED && pe->job == id && pe->result == rows[i].want,
               "row %zu print: %s", i + 3, pe ? pe->error : "-");
        if (rows[i].want == K_OK)
            CHECK(pe && pe->status_known && pe->st.paper_near_end);
        evq_event_free(&e);
    }

    /* 7: fixed: a check posts the good state again, and the reprint works */
    printer_worker_set_device(w, "");
    CHECK(printer_worker_check(w));
    pe = next_event(q, &e);
    CHECK(pe && pe->kind == PRINTER_EV_STATUS && pe->result == K_OK && !pe->st.paper_near_end);
    evq_event_free(&e);
    id = printer_worker_print(w, page());
    pe = next_event(q, &e);
    CHECK(pe && pe->kind == PRINTER_EV_PRINTED && pe->job == id && pe->result == K_OK);
    evq_event_free(&e);

    printer_worker_stop(w);
    CHECK(!evq_poll(q, &e));
    evq_destroy(q);
}

static void test_queue_full_and_stop(void)
{
    struct evq *q = evq_create(64);
    struct printer_worker *w = printer_worker_start("sim", "", 384, q);
    /* More jobs than the queue holds: the extra ones are refused (0) and freed. */
    int accepted = 0, refused = 0;
    for (int i = 0; i < PRINTER_WORKER_QUEUE * 4; i++) {
        if (printer_worker_print(w, page()) > 0)
            accepted++;
        else
            refused++;
    }
    CHECK(accepted >= PRINTER_WORKER_QUEUE);
    CHECK_EQ_INT(accepted + refused, PRINTER_WORKER_QUEUE * 4);
    CHECK_EQ_INT(printer_worker_print(w, NULL), 0);
    /* Stop with jobs still waiting: no leak (ASan), no hang. */
    printer_worker_stop(w);
    struct ev e;
    int events = 0;
    while (evq_poll(q, &e)) {
        CHECK_EQ_INT(e.type, EV_PRINTER_STATE);
        evq_event_free(&e);
        events++;
    }
    CHECK(events <= accepted);
    evq_destroy(q);
    /* An unknown driver: every job reports the open failure. */
    q = evq_create(8);
    w = printer_worker_start("laser", "", 384, q);
    CHECK(printer_worker_check(w));
    struct printer_event *pe = next_event(q, &e);
    CHECK(pe && pe->result == K_ERR_NO_DEVICE && strncmp(pe->error, "E201", 4) == 0);
    evq_event_free(&e);
    printer_worker_stop(w);
    evq_destroy(q);
    printer_worker_stop(NULL);
}

int main(void)
{
    KTEST_RUN(test_print_and_status_changes);
    KTEST_RUN(test_queue_full_and_stop);
    return ktest_done();
}
