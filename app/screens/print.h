/* app/screens/print.h: the receipt printer's worker thread (app layer, screens).
 *
 * The UI thread never waits on the printer: print_receipt() hands a copy of what the receipt
 * needs to the worker, which composes it (app/receipt), prints it on the configured printer
 * (drivers/printer, kept open between receipts and reopened after it went away) and posts
 * EV_PRINTER_STATE with code = the enum kerr of the print and payload = a struct print_done.
 * The worker owns the printer; the sim knobs are handed over under the lock and applied on the
 * worker before the next receipt (they stay set across reopenings).
 */
#ifndef APP_SCREENS_PRINT_H
#define APP_SCREENS_PRINT_H

#include <stdbool.h>

#include "drivers/printer/printer.h"

struct print;
struct kiosk_app;

/* The payload of EV_PRINTER_STATE after a receipt. */
struct print_done {
    char err[256]; /* the technician's "E2nn: ..." text when it failed */
};

/* Start the worker (the printer itself is opened on the worker, on first use). */
struct print *print_create(struct kiosk_app *app);
void print_destroy(struct print *p); /* waits for the worker; NULL is a no-op */
/* Queue the receipt of the session just submitted. False when a receipt is still printing. */
bool print_receipt(struct print *p, struct kiosk_app *app);
/* A knob of the simulated printer (no effect on a real one). */
void print_sim(struct print *p, enum printer_sim_knob knob, long value);

#endif
