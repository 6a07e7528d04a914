/* app/screens/flow.c: the screen table and switching (app layer, screens). */
#include "app/screens/flow.h"

#include <stdlib.h>
#include <string.h>

#include "app/screens/common.h"
#include "platform/log.h"
#include "platform/xalloc.h"

extern const struct screen screen_attract, screen_notice, screen_idcard, screen_idnum, screen_card,
    screen_form, screen_field, screen_matters, screen_materials, screen_review, screen_sign,
    screen_submit, screen_print, screen_done, screen_lookup, screen_result, screen_svc_pin,
    screen_svc_menu, screen_svc_queue, screen_svc_network, screen_svc_calls, screen_svc_devices,
    screen_svc_config, screen_svc_config_edit, screen_svc_printer, screen_svc_reader,
    screen_svc_scanner, screen_svc_camera, screen_svc_usb, screen_svc_logs;

static const struct screen *const screens[] = {
    &screen_attract,     &screen_notice,      &screen_idcard,      &screen_idnum,
    &screen_card,        &screen_form,        &screen_field,       &screen_matters,
    &screen_materials,   &screen_review,      &screen_sign,        &screen_submit,
    &screen_print,       &screen_done,        &screen_lookup,      &screen_result,
    &screen_svc_pin,     &screen_svc_menu,    &screen_svc_queue,   &screen_svc_network,
    &screen_svc_calls,   &screen_svc_devices, &screen_svc_config,  &screen_svc_config_edit,
    &screen_svc_printer, &screen_svc_reader,  &screen_svc_scanner, &screen_svc_camera,
    &screen_svc_usb,     &screen_svc_logs,
};

#define N_SCREENS (sizeof screens / sizeof screens[0])

struct flow {
    struct kiosk_app *app;
    const struct screen *cur, *next;
    void *state[N_SCREENS]; /* screens[i]'s state (state_size bytes) or NULL */
    struct screen_dialogs dialogs;
};

static const struct screen *find(const char *name)
{
    for (size_t i = 0; i < N_SCREENS; i++)
        if (strcmp(screens[i]->name, name) == 0)
            return screens[i];
    return NULL;
}

bool flow_has_screen(const char *name)
{
    return find(name) != NULL;
}

struct flow *flow_create(struct kiosk_app *app)
{
    struct flow *f = xcalloc(1, sizeof *f);
    f->app = app;
    f->next = &screen_attract;
    for (size_t i = 0; i < N_SCREENS; i++)
        if (screens[i]->state_size)
            f->state[i] = xcalloc(1, screens[i]->state_size);
    app->flow = f; /* the start hooks reach their state through it */
    for (size_t i = 0; i < N_SCREENS; i++)
        if (screens[i]->start)
            screens[i]->start(app);
    return f;
}

void *flow_state(const struct flow *f, const struct screen *s)
{
    for (size_t i = 0; i < N_SCREENS; i++)
        if (screens[i] == s)
            return f->state[i];
    return NULL;
}

struct screen_dialogs *flow_dialogs(struct flow *f)
{
    return &f->dialogs;
}

void flow_end_session(struct flow *f)
{
    f->dialogs = (struct screen_dialogs){0};
    for (size_t i = 0; i < N_SCREENS; i++)
        if (screens[i]->end_session)
            screens[i]->end_session(f->app);
    f->next = &screen_attract; /* every session ends where the next one starts */
}

void flow_destroy(struct flow *f)
{
    if (!f)
        return;
    if (f->cur && f->cur->leave)
        f->cur->leave(f->app);
    for (size_t i = 0; i < N_SCREENS; i++)
        if (screens[i]->finish)
            screens[i]->finish(f->app);
    for (size_t i = 0; i < N_SCREENS; i++)
        free(f->state[i]);
    free(f);
}

void flow_go(struct flow *f, const char *name)
{
    const struct screen *s = find(name);
    if (!s) {
        log_warn("flow", "no screen named %s", name);
        return;
    }
    f->next = s;
}

static void apply_switch(struct flow *f)
{
    if (!f->next)
        return;
    if (f->cur && f->cur->leave)
        f->cur->leave(f->app);
    f->cur = f->next;
    f->next = NULL;
    log_info("flow", "screen %s", f->cur->name);
    f->app->screen_since_ms = kclock_mono_ms(f->app->clock);
    f->app->idle_warning = false;
    if (f->cur->enter)
        f->cur->enter(f->app);
}

void flow_frame(struct flow *f)
{
    apply_switch(f);
    f->cur->frame(f->app, f->app->ui);
}

bool flow_switch_pending(const struct flow *f)
{
    return f->next != NULL;
}

const struct screen *flow_screen(const struct flow *f)
{
    return f->cur;
}

const char *flow_screen_name(const struct flow *f)
{
    return f->cur ? f->cur->name : (f->next ? f->next->name : "");
}
