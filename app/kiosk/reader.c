/* app/kiosk/reader.c: the ID card reader's loop, seen from the flow (app layer, kiosk). */
#include "app/kiosk/reader.h"

#include <stdlib.h>
#include <string.h>

#include "app/kiosk/app.h"
#include "app/kiosk/session.h"
#include "drivers/idcard/idcard.h"
#include "drivers/idcard/idsim.h"
#include "platform/log.h"
#include "platform/xalloc.h"

void reader_start(struct kiosk_app *app)
{
    /* The simulated device is process-wide: start each kiosk with it plugged in and empty. */
    if (strcmp(app->cfg.idcard_driver, "sim") == 0) {
        struct idsim_faults none = {0};
        idsim_set_faults(idsim_shared(), &none);
        idsim_lift(idsim_shared());
    }
    app->idcard = idcard_loop_start(app->cfg.idcard_driver, app->cfg.idcard_device, app->evq);
    if (!app->idcard)
        log_warn("kiosk", "ID card reader loop not started (driver %s)", app->cfg.idcard_driver);
}

void reader_stop(struct kiosk_app *app)
{
    idcard_loop_stop(app->idcard);
    app->idcard = NULL;
}

static void session_card_free(void *p)
{
    if (!p)
        return;
    explicit_bzero(p, sizeof(struct session_card));
    free(p);
}

void reader_translate(struct ev *e)
{
    if (e->type == EV_IDCARD_STATE) {
        switch ((enum idcard_state)e->code) {
        case IDCARD_NO_READER:
            e->code = READER_NONE;
            break;
        case IDCARD_WAIT_SAM:
        case IDCARD_READY:
            e->code = READER_EMPTY;
            break;
        default:
            e->code = READER_CARD;
            break;
        }
        return;
    }
    if (e->type != EV_IDCARD_READ || !e->payload)
        return;
    const struct idcard_card *c = e->payload;
    struct session_card *s = xcalloc(1, sizeof *s);
    s->present = true;
    str_copy(s->name, sizeof s->name, c->name);
    str_copy(s->sex, sizeof s->sex, c->sex_code);
    str_copy(s->ethnicity, sizeof s->ethnicity, c->ethnicity_code);
    str_copy(s->birth, sizeof s->birth, c->birth);
    str_copy(s->address, sizeof s->address, c->address);
    str_copy(s->id_number, sizeof s->id_number, c->id_number);
    str_copy(s->authority, sizeof s->authority, c->authority);
    str_copy(s->valid_from, sizeof s->valid_from, c->valid_from);
    str_copy(s->valid_to, sizeof s->valid_to, c->long_term ? "长期" : c->valid_to);
    evq_event_free(e); /* the driver's card: wiped by its own free function */
    e->payload = s;
    e->payload_free = session_card_free;
}

bool reader_sim_place(struct kiosk_app *app, int i)
{
    struct idsim *sim = idcard_loop_sim(app->idcard);
    if (!sim || i < 0 || (size_t)i >= idsim_card_count())
        return false;
    idsim_place(sim, (size_t)i);
    return true;
}

bool reader_sim_lift(struct kiosk_app *app)
{
    struct idsim *sim = idcard_loop_sim(app->idcard);
    if (!sim)
        return false;
    idsim_lift(sim);
    return true;
}

bool reader_sim_unplug(struct kiosk_app *app, bool unplugged)
{
    struct idsim *sim = idcard_loop_sim(app->idcard);
    if (!sim)
        return false;
    struct idsim_faults f = {.unplugged = unplugged};
    idsim_set_faults(sim, &f);
    return true;
}
