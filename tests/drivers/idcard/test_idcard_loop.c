/* tests/drivers/idcard/test_idcard_loop.c: the reading loop on its thread with the `sim`
 * driver: the states and events the UI gets for a read, "already read" (not reported as
 * removed), lifting, a read failure (lift and place again), SAM power-up and unplug/re-plug. */
#include "drivers/idcard/idcard.h"
#include "drivers/idcard/idsim.h"
#include "platform/evq.h"
#include "tests/support/ktest.h"

/* Wait for an event of type (and state code, for EV_IDCARD_STATE); other events are
 * recorded in *seen_states as a bit mask. Bounded by ~10 s against hangs. */
static bool wait_for(struct evq *q, enum ev_type type, int code, struct idcard_card *card,
                     unsigned *seen_states)
{
    struct ev e;
    for (int i = 0; i < 100; i++) {
        if (!evq_wait(q, &e, 100))
            continue;
        bool hit = e.type == type && (type != EV_IDCARD_STATE || e.code == code);
        if (e.type == EV_IDCARD_STATE && seen_states)
            *seen_states |= 1u << e.code;
        if (hit && card && e.payload)
            *card = *(struct idcard_card *)e.payload;
        evq_event_free(&e);
        if (hit)
            return true;
    }
    return false;
}

int main(void)
{
    struct idsim *sim = idsim_shared();
    struct idsim_faults f = {.sam_not_ready = 2};
    idsim_set_faults(sim, &f);
    struct evq *q = evq_create(64);
    struct idcard_loop *l = idcard_loop_start("sim", "", q);
    CHECK(idcard_loop_sim(l) == sim);
    unsigned seen = 0;
    struct idcard_card c;
    CHECK(wait_for(q, EV_IDCARD_STATE, IDCARD_READY, NULL, &seen));
    CHECK(seen & (1u << IDCARD_WAIT_SAM));

    idsim_place(sim, 1);
    CHECK(wait_for(q, EV_IDCARD_READ, 0, &c, NULL));
    CHECK_EQ_STR(c.name, "乌兰托娅");
    CHECK(wait_for(q, EV_IDCARD_STATE, IDCARD_DONE, NULL, NULL));
    /* the card stays: the loop keeps DONE (no READY, no second read) while it lies there */
    unsigned before = idsim_commands(sim);
    while (idsim_commands(sim) < before + 3) {
        struct ev e;
        if (evq_wait(q, &e, 100)) {
            CHECKF(e.type != EV_IDCARD_READ && e.type == EV_IDCARD_STATE && e.code == IDCARD_DONE,
                   "unexpected event %d/%d while the read card stays", e.type, e.code);
            evq_event_free(&e);
        }
    }
    idsim_lift(sim);
    CHECK(wait_for(q, EV_IDCARD_STATE, IDCARD_READY, NULL, NULL));

    /* pulled away mid-read: LIFT_CARD; a new placement reads fine */
    f = (struct idsim_faults){.remove_mid_read = true};
    idsim_set_faults(sim, &f);
    idsim_place(sim, 0);
    CHECK(wait_for(q, EV_IDCARD_STATE, IDCARD_LIFT_CARD, NULL, NULL));
    idsim_place(sim, 2);
    CHECK(wait_for(q, EV_IDCARD_READ, 0, &c, NULL));
    CHECK_EQ_STR(c.permit_number, "H12345678");
    idsim_lift(sim);

    /* unplug: NO_READER, the loop keeps running; re-plug: back to READY */
    f = (struct idsim_faults){.unplugged = true};
    idsim_set_faults(sim, &f);
    CHECK(wait_for(q, EV_IDCARD_STATE, IDCARD_NO_READER, NULL, NULL));
    f = (struct idsim_faults){0};
    idsim_set_faults(sim, &f);
    CHECK(wait_for(q, EV_IDCARD_STATE, IDCARD_READY, NULL, NULL));
    idsim_place(sim, 3);
    CHECK(wait_for(q, EV_IDCARD_READ, 0, &c, NULL));
    CHECK_EQ_STR(c.nationality, "USA");
    idcard_loop_stop(l);
    evq_destroy(q);
    CHECK_EQ_STR(idcard_state_key(IDCARD_LIFT_CARD), "idcard.state.lift_card");
    return ktest_done();
}
