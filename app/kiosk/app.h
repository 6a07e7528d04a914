/* app/kiosk/app.h: the running kiosk's context, shared by the flow and its screens.
 *
 * One per process, created by kiosk_app_init() from the command line and the configuration;
 * it owns the display, the toolkit, the event queue and the flow, and borrows the clock and
 * the configuration. UI thread only, except the event queue (thread-safe).
 */
#ifndef APP_KIOSK_APP_H
#define APP_KIOSK_APP_H

#include <stdbool.h>

#include "app/ui/ui.h"
#include "platform/clock.h"
#include "platform/config.h"
#include "platform/display.h"
#include "platform/evq.h"
#include "app/core/service.h"

struct flow;
struct session;
struct calendar;
struct region_table;
struct script;
struct sync;
struct idcard_loop;
struct scanner_thread;
struct tasks;

/* What became of the receipt of the session just submitted. */
enum receipt_state { RECEIPT_NONE, RECEIPT_PENDING, RECEIPT_PRINTED, RECEIPT_FAILED };

struct kiosk_opts {
    const char *config_path; /* NULL: the default path, optional */
    bool windowed;
    int win_w, win_h;
    const char *orientation; /* NULL: from the configuration */
    bool headless;           /* force headless (also chosen when there is no display) */
    const char *out_dir;     /* write a screenshot of each screen shown here */
    bool named_shots_only;   /* with out_dir: only the script's named screenshots (tests) */
    long frames;             /* stop after this many frames (0 = run until told) */
    bool sim;                /* simulated devices whatever the configuration says */
    bool report_first_frame; /* print "first-frame MS pss-kib KIB" after the first present */
    const char *script;      /* an end-to-end script to run (see app/kiosk/script.h) */
};

struct kiosk_app {
    struct kconfig cfg;
    struct kiosk_opts opts;
    struct kclock *clock;
    struct display disp;
    struct ui *ui;
    struct evq *evq;
    struct tasks *tasks; /* worker threads of the screens (app/kiosk/task.h), joined at finish */
    struct flow *flow;
    char assets[4096];
    long frame_no;
    int shot_no;
    char last_shot_screen[64];
    const struct screen *drawn_screen; /* the screen of the last frame (pictures, trim) */
    bool trim_pending;                 /* a session ended: trim the heap after the next switch */
    struct service svc;                /* the service definition (read-only after start) */
    struct calendar *cal;              /* the working-day calendar */
    struct region_table *regions;      /* GB/T 2260 regions for the pickers; NULL: typed instead */
    struct session *session;           /* the applicant's data, wiped at the end of each session */
    struct sync *sync;                 /* delivery and status lookups (own threads) */
    struct script *script;             /* an end-to-end script being run, or NULL */
    int exit_code;                     /* set by the script runner */
    bool staff_called;                 /* a staff call is pending (shown until staff clear it) */
    int64_t screen_since_ms;           /* when the current screen was entered (monotonic) */
    bool idle_warning;                 /* the "do you need more time" overlay is up */
    struct idcard_loop *idcard;        /* the ID card reader's loop (its own thread), or NULL */
    int reader_state;                  /* enum reader_state (app/kiosk/reader.h) */
    long card_reads;                   /* cards read so far (the script runner waits on it) */
    struct scanner_thread *scanner;    /* the QR scanner's reader thread, or NULL */
    long scans;                        /* scans seen so far (likewise) */
    char scanner_error[256];           /* the scanner thread's last complaint ("" none) */
    struct print *print;               /* the receipt printer's worker (app/kiosk/print.h) */
    int receipt_state;                 /* enum receipt_state */
    /* Test hook: called after every frame (tests check accessibility on each screen). */
    void (*after_frame)(struct kiosk_app *app, void *ud);
    void *after_frame_ud;
};

/* End the applicant's session: wipe everything entered and return to the attract screen. */
void kiosk_end_session(struct kiosk_app *app);
/* Log a staff call (the bottom bar's 呼叫工作人员). */
void kiosk_call_staff(struct kiosk_app *app, const char *where);

/* Parse argv into opts; returns 0 to go on, or an exit code (1 error, 0 after --version). */
int kiosk_parse_args(int argc, char **argv, struct kiosk_opts *opts);
/* Load configuration and strings, open the display and toolkit, create the flow. On failure
 * prints a Chinese message and returns non-zero. */
int kiosk_app_init(struct kiosk_app *app, const struct kiosk_opts *opts);
/* Draw one frame whatever changed: drain SDL and device events, run the current screen,
 * present, and write a screenshot when the screen changed and out_dir is set (the script
 * runner, tests and benchmarks drive frames with it). */
void kiosk_app_frame(struct kiosk_app *app);
/* The main loop until quit (signal, frame limit, script end). Returns the exit code. With a
 * script or a frame limit every step draws a frame; otherwise the loop sleeps until input, a
 * device event or a screen's deadline and draws only when something may have changed
 * (app/ui/ui.h, ui_next_frame_ms). */
int kiosk_app_run(struct kiosk_app *app);
void kiosk_app_finish(struct kiosk_app *app);

#endif
