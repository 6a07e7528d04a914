/* drivers/printer/printer.h: the receipt printer: a transport ops table and the print logic.
 *
 * One table per transport (CONVENTIONS 2): "sim" (the simulated twin, in process), "lp" (the
 * kernel's /dev/usb/lpN, or any file/pty standing in for it), "usb" (libusb, USB printer
 * class, device "" or "VID:PID"). The table only moves bytes; the logic common to
 * every transport lives in the wrappers: drain stale status bytes, ask DLE EOT 1..4, refuse
 * to print on paper end / cover open / offline, send the ESC/POS job, and count the print as
 * done only when the status read after it says the printer is fine.
 * A printer is used by one thread at a time. Layer: drivers.
 */
#ifndef DRIVERS_PRINTER_PRINTER_H
#define DRIVERS_PRINTER_PRINTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/printer/escpos.h"
#include "platform/bitmap.h"
#include "platform/err.h"

struct printer;

struct printer_ops {
    const char *name;
    /* Open the device (a path for lp, knobs for sim). On failure write a technician's message
     * (English, with an E2xx number) into err and return K_ERR_NO_DEVICE or another error. */
    enum kerr (*open)(struct printer *p, const char *device, char *err, size_t errlen);
    /* Send all n bytes within timeout_ms. K_ERR_NO_DEVICE when the printer went away,
     * K_ERR_TIMEOUT when it stopped accepting, K_ERR_IO otherwise. */
    enum kerr (*write)(struct printer *p, const uint8_t *buf, size_t n, int timeout_ms);
    /* Read what the printer sent, up to cap bytes, waiting at most timeout_ms for the first
     * (0 = do not wait). *got = 0 with K_OK when nothing came. K_ERR_NO_DEVICE when gone. */
    enum kerr (*read)(struct printer *p, uint8_t *buf, size_t cap, size_t *got, int timeout_ms);
    /* Release everything open() took. Called once. */
    void (*close)(struct printer *p);
    /* Optional: the printer's identity (IEEE 1284 device ID for USB) into out. */
    enum kerr (*identify)(struct printer *p, char *out, size_t n);
};

struct printer {
    const struct printer_ops *ops;
    void *priv;      /* the transport's state */
    int width;       /* dots: 384 or 576 */
    int timeout_ms;  /* per status reply and per write (default 2000) */
    long printed;    /* receipts counted as done */
    char error[256]; /* last error, "E2nn: ..." */
};

/* Open transport driver ("sim", "lp", "usb") on device with a paper width of 384 or 576 dots.
 * NULL and err set on failure (including an unknown driver name, E201). */
struct printer *printer_open(const char *driver, const char *device, int width, char *err,
                             size_t errlen);
void printer_close(struct printer *p); /* NULL is a no-op */
const char *const *printer_driver_names(void);

/* Drain stale bytes, then ask DLE EOT 1, 2, 3, 4 one at a time. K_OK with *st filled;
 * K_ERR_TIMEOUT (E208) when a reply does not come, K_ERR_PROTOCOL (E209) when a reply is not
 * a status byte, K_ERR_NO_DEVICE (E202) when the printer is gone. */
enum kerr printer_status(struct printer *p, struct escpos_status *st);
/* What st means for printing: K_OK (near end is only a warning), K_ERR_PAPER_OUT (E203),
 * K_ERR_COVER_OPEN (E204), K_ERR_DEVICE_FAULT (E205 offline, E206 cutter, E207
 * unrecoverable); the message is written into err. */
enum kerr printer_status_verdict(const struct escpos_status *st, char *err, size_t errlen);
/* Print bmp (at most width dots wide; narrower is centred) as one receipt with a cut. Checks
 * the status before (refuses on a fault), sends the job, then checks the status again: only
 * then is it done (K_OK, printed++). On failure p->error says why, with its E2nn number. */
enum kerr printer_print(struct printer *p, const struct bitmap *bmp);
/* The printer's identity: the transport's answer (USB: IEEE 1284 device ID) or
 * "DRIVER DEVICE". */
void printer_identity(struct printer *p, char *out, size_t n);
/* Encode bmp as the exact job printer_print sends (centred at width). Caller frees b. */
enum kerr printer_encode(int width, const struct bitmap *bmp, struct escbuf *b);

/* The simulated twin's knobs (only for a "sim" printer; false otherwise). */
enum printer_sim_knob {
    PRINTER_SIM_PAPER_OUT,  /* paper end now */
    PRINTER_SIM_NEAR_END,   /* paper near end */
    PRINTER_SIM_COVER_OPEN, /* cover open */
    PRINTER_SIM_UNPLUG,     /* gone: every op fails with K_ERR_NO_DEVICE */
    PRINTER_SIM_PAPER_ROWS, /* paper runs out after this many more printed rows (-1 = never) */
    PRINTER_SIM_CUTTER_JAM, /* the next cut fails with a cutter error */
};
bool printer_sim_set(struct printer *p, enum printer_sim_knob knob, long value);
/* The last receipt the sim printed (cut), or NULL. Borrowed; valid until the next print. */
const struct bitmap *printer_sim_last(const struct printer *p);

extern const struct printer_ops printer_sim_ops, printer_lp_ops, printer_usb_ops;

#endif
