/* drivers/printer/printer_worker.h: printing off the UI thread, with printer status events.
 *
 * A worker thread owns the printer configuration (driver, device, width) and runs jobs one at
 * a time, in order: a print (the bitmap is the worker's from then on) or a status check. Each
 * job opens the printer, does its work and closes it again, so an unplugged and re-plugged
 * printer needs nothing special. Results reach the UI thread through platform/evq.h as
 * EV_PRINTER_STATE events (ev.code = the enum kerr result, ev.payload = struct printer_event):
 * one after every print, and one after a status check only when the state differs from the
 * last one posted (the first check always posts). The person's text for a result is
 * tr("err.<kerr_name(result)>"); error holds the technician's "E2nn: ..." text.
 * Thread-safe: every function may be called from any thread. Layer: drivers.
 */
#ifndef DRIVERS_PRINTER_PRINTER_WORKER_H
#define DRIVERS_PRINTER_PRINTER_WORKER_H

#include <stdbool.h>

#include "drivers/printer/escpos.h"
#include "platform/bitmap.h"
#include "platform/err.h"
#include "platform/evq.h"

#define PRINTER_WORKER_QUEUE 8 /* jobs waiting at most; more are refused */

enum printer_event_kind { PRINTER_EV_STATUS, PRINTER_EV_PRINTED };

/* The payload of an EV_PRINTER_STATE event (freed with the event). */
struct printer_event {
    enum printer_event_kind kind;
    enum kerr result;        /* K_OK, K_ERR_PAPER_OUT, K_ERR_COVER_OPEN, K_ERR_NO_DEVICE, ... */
    long job;                /* the id printer_worker_print returned; 0 for a status check */
    bool status_known;       /* st was read from the printer */
    struct escpos_status st; /* the status after the job (near end is only a warning) */
    char error[256];         /* "E2nn: ..." for technicians and logs, "" when fine */
};

struct printer_worker;

/* Start a worker posting into q (borrowed: it must outlive the worker). Copies the strings.
 * NULL when the thread cannot be started. */
struct printer_worker *printer_worker_start(const char *driver, const char *device, int width,
                                            struct evq *q);
/* Finish the job in progress, drop the waiting ones (their bitmaps are freed, nothing is
 * posted for them), stop and free. NULL is a no-op. */
void printer_worker_stop(struct printer_worker *w);

/* Queue a print of bmp; the worker owns bmp from now on, also on failure. Returns the job id
 * (> 0) that the PRINTER_EV_PRINTED event carries, or 0 when the queue is full or the worker
 * is stopping (bmp is then freed; nothing is posted). */
long printer_worker_print(struct printer_worker *w, struct bitmap *bmp);
/* Queue a status check. False when the queue is full. */
bool printer_worker_check(struct printer_worker *w);
/* Use another device string from the next job on (a technician re-plugged or reconfigured). */
void printer_worker_set_device(struct printer_worker *w, const char *device);

#endif
