/* app/kiosk/print.h: the receipt printer's worker thread (app layer, kiosk lifecycle).
 *
 * The UI thread never waits on the printer: print_receipt() hands a copy of what the receipt
 * needs to the worker, which composes it (app/receipt), prints it on the configured printer
 * (drivers/printer, kept open between receipts and reopened after it went away) and posts
 * EV_PRINTER_STATE with code = the enum kerr of the print and payload = a struct print_done.
 * The worker owns the printer; the sim knobs are handed over under the lock and applied on the
 * worker before the next receipt (they stay set across reopenings).
 */
#ifndef APP_KIOSK_PRINT_H
#define APP_KIOSK_PRINT_H

#include <stdbool.h>

#include "drivers/printer/printer.h"

struct print;
struct kiosk_app;

/* What the worker did. */
enum print_kind {
    PRINT_RECEIPT, /* the applicant's receipt */
    PRINT_STATUS,  /* service mode: the printer's status only */
    PRINT_TEST,    /* service mode: the status, then a test page */
};

/* The payload of EV_PRINTER_STATE after a job. */
struct print_done {
    enum print_kind kind;
    char err[256];               /* the technician's "E2nn: ..." text when it failed */
    bool have_status;            /* status was read (PRINT_STATUS, PRINT_TEST) */
    struct escpos_status status; /* ... and is this */
    char identity[256];          /* what the driver knows of the printer */
};

/* Start the worker (the printer itself is opened on the worker, on first use). */
struct print *print_create(struct kiosk_app *app);
void print_destroy(struct print *p); /* waits for the worker; NULL is a no-op */
/* Queue the receipt of the session just submitted. False when a receipt is still printing. */
bool print_receipt(struct print *p, struct kiosk_app *app);
/* Service mode: read the printer's status, or read it and print the test page
 * (app/receipt/testpage.h), on the worker. False when a job is still running. */
bool print_service(struct print *p, enum print_kind kind);
/* Pages (receipts and test pages) printed and failed since start, and the last failure's
 * technician text ("" when none). Thread-safe; NULL p gives zeros. */
struct print_stats {
    long printed, failed;
    char last_error[256];
};
void print_get_stats(struct print *p, struct print_stats *out);
/* A knob of the simulated printer (no effect on a real one). */
void print_sim(struct print *p, enum printer_sim_knob knob, long value);

#endif
