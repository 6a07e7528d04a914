/* app/screens/flow.h: the state machine that walks a session through the screens.
 *
 * Screens are registered in the table in flow.c; each is a `struct screen` in its own file.
 * flow_go() switches at the end of the current frame (leave, then enter). UI thread only.
 */
#ifndef APP_SCREENS_FLOW_H
#define APP_SCREENS_FLOW_H

#include <stddef.h>

#include "app/kiosk/app.h"

/* How long a screen may sit untouched before the session ends (ui.idle_* settings). */
enum screen_idle { IDLE_NONE, IDLE_READ, IDLE_TYPE };

struct screen {
    const char *name;                                    /* stable id, e.g. "attract" */
    enum screen_idle idle;                               /* IDLE_NONE: never times out */
    void (*enter)(struct kiosk_app *app);                /* optional */
    void (*frame)(struct kiosk_app *app, struct ui *ui); /* draw and handle input */
    void (*leave)(struct kiosk_app *app);                /* optional */
    /* A device or sync event while this screen is shown (optional; freed after). */
    void (*event)(struct kiosk_app *app, const struct ev *e);
    /* Hooks flow.c calls for every screen in the table, shown or not (all optional), so that
     * the kiosk's lifecycle (kiosk.c) names no screen: */
    void (*start)(struct kiosk_app *app);       /* the app has started (flow_create) */
    void (*end_session)(struct kiosk_app *app); /* forget the applicant (before the wipe) */
    void (*finish)(struct kiosk_app *app);      /* the app is stopping (flow_destroy) */
    /* The size of the screen's state: a zeroed block the flow allocates before the start hooks
     * and frees after the finish hooks, reached with flow_state() (0: no state). A file with
     * several screens keeps its state with one of them. */
    size_t state_size;
};

/* The dialogs every applicant screen shares (common.h's bottom bar), closed at the end of
 * each session. */
struct screen_dialogs {
    bool confirm_home; /* "leave?" is up */
    bool staff_notice; /* "staff are coming" is up */
};
struct screen_dialogs *flow_dialogs(struct flow *f);

/* Create the flow, allocate every screen's state, set app->flow and call every screen's start
 * hook. */
struct flow *flow_create(struct kiosk_app *app);
/* The state of screen s (its state_size bytes, zeroed at creation); NULL when s has none or is
 * not in the table. */
void *flow_state(const struct flow *f, const struct screen *s);
/* Leave the current screen, call every screen's finish hook, free. NULL is a no-op. */
void flow_destroy(struct flow *f);
/* The session ends: close the shared dialogs (common.h), call every screen's end_session
 * hook (before the session data is wiped; each forgets what its state holds of the applicant),
 * and switch to the attract screen. */
void flow_end_session(struct flow *f);
/* Ask to switch to the named screen after this frame; unknown names are logged and ignored. */
void flow_go(struct flow *f, const char *name);
/* Run one frame of the current screen (and apply a pending switch afterwards). */
void flow_frame(struct flow *f);
const char *flow_screen_name(const struct flow *f);
/* True when a screen of that name is in the table. */
bool flow_has_screen(const char *name);
/* True when flow_go() asked for a switch the next frame will make. */
bool flow_switch_pending(const struct flow *f);
/* The current screen (NULL before the first frame). */
const struct screen *flow_screen(const struct flow *f);

#endif
