/* drivers/scanner/scanner.h: the QR/bar code scanner: a driver ops table, thin wrappers and a
 * reader thread that posts scans to the UI's event queue. Layer: drivers.
 *
 * One table per way a hand scanner talks to the host (CONVENTIONS 2), chosen by the
 * configuration key scanner.driver; scanner.device says which device:
 *   "cdc"    USB CDC virtual serial port (ttyACM): termios raw mode, scans end in CR and/or LF.
 *            device: a tty path (/dev/serial/by-id/...), or "VVVV:PPPP" (found in sysfs).
 *   "hidpos" HID Point of Sale bar code scanner (usage page 0x8C) through libusb: input
 *            report 0x02 = [0x02][len][data...][..][symbology @62][continued @63]; a scan
 *            longer than one report is reassembled while "continued" is set.
 *            device: "VVVV:PPPP", or "" = the first HID interface whose report descriptor
 *            starts with usage page 0x8C.
 *   "wedge"  keyboard-wedge scanner read from its OWN evdev node with an exclusive grab
 *            (platform/evdev.h) so that its keystrokes never reach the UI as typing;
 *            keycodes decoded with a fixed US layout (drivers/scanner/wedge.h).
 *            device: /dev/input/by-id/...-event-kbd, or "VVVV:PPPP" (found in sysfs).
 *   "sim"    the simulated twin: scans are fed by scanner_sim_feed(); knobs unplug it,
 *            garble the next scan, fail the next open.
 *
 * Every byte from a scanner is untrusted: a read never yields more than SCANNER_SCAN_MAX - 1
 * bytes, never a NUL or a control character (the wrapper refuses such scans, E406), and the
 * content of a scan is never logged (only its length).
 *
 * Threads: a struct scanner is used by one thread at a time. scanner_thread_start() runs the
 * reader on its own thread: it opens the device (retrying every reopen_ms while it is absent,
 * so that a scanner may be plugged in or out at any time), posts EV_SCANNER_STATE when the
 * state changes (code = enum scanner_state, payload = English technician text or NULL) and
 * EV_SCAN for each scan (payload = the scan as a NUL-terminated string, freed with free()).
 */
#ifndef DRIVERS_SCANNER_SCANNER_H
#define DRIVERS_SCANNER_SCANNER_H

#include <stdbool.h>
#include <stddef.h>

#include "platform/err.h"
#include "platform/evq.h"

#define SCANNER_SCAN_MAX 512 /* buffer size for one scan, incl. NUL */

struct scanner;

struct scanner_ops {
    const char *name;
    /* Open device (see the list above). On failure write a technician's message (English,
     * with an E4xx number) into err and return K_ERR_NO_DEVICE when the device is not there
     * (the reader thread retries later) or another error (bad configuration, permissions). */
    enum kerr (*open)(struct scanner *s, const char *device, char *err, size_t errlen);
    /* Wait at most timeout_ms for one complete scan; copy its bytes (without terminator) into
     * buf (cap bytes, cap >= 2) and NUL-terminate, *len = its length. Returns K_OK for a scan,
     * K_ERR_TIMEOUT when none completed in time (a partial scan is kept for the next call),
     * K_ERR_TOO_LARGE when a scan did not fit (it is dropped whole), K_ERR_PROTOCOL when the
     * device sent something that is not a scan (dropped), K_ERR_NO_DEVICE when the device went
     * away (the caller closes and reopens), K_ERR_IO otherwise. Writes s->error on errors. */
    enum kerr (*read)(struct scanner *s, char *buf, size_t cap, size_t *len, int timeout_ms);
    /* Release everything open() took (ungrab, close, release the interface). Called once. */
    void (*close)(struct scanner *s);
};

struct scanner {
    const struct scanner_ops *ops;
    void *priv;      /* the driver's state */
    long scans;      /* scans delivered */
    long rejected;   /* scans dropped (too long, control bytes, protocol) */
    char error[256]; /* last error, "E4nn: ..." (English, no scan content) */
};

enum scanner_state {
    SCANNER_ABSENT, /* not plugged in (or not openable): the reader keeps trying */
    SCANNER_READY,  /* open and reading */
    SCANNER_FAULT,  /* configuration error: the reader stopped trying (see payload) */
};

/* The driver table, NULL-terminated, and one by name (NULL when unknown). */
extern const struct scanner_ops *const scanner_drivers[];
const struct scanner_ops *scanner_driver_find(const char *name);

/* Open driver on device. NULL with err set on failure (E401 unknown driver, otherwise the
 * driver's message); *why receives the error code (K_ERR_NO_DEVICE: try again later). why may
 * be NULL. */
struct scanner *scanner_open(const char *driver, const char *device, enum kerr *why, char *err,
                             size_t errlen);
void scanner_close(struct scanner *s); /* NULL is a no-op */

/* Read one scan (see scanner_ops.read) and vet it: a scan holding a NUL or a control
 * character (< 0x20 or 0x7F) is dropped with K_ERR_PROTOCOL (E406); an empty one is not a
 * scan (K_ERR_TIMEOUT). Counts scans and rejections. */
enum kerr scanner_read(struct scanner *s, char *buf, size_t cap, size_t *len, int timeout_ms);

/* The reader thread. Owns the scanner it opens; posts to q (not owned, must outlive it). */
struct scanner_thread;
struct scanner_thread_opts {
    int reopen_ms; /* wait between open attempts while absent (default 500) */
    int poll_ms;   /* read timeout, i.e. how fast stop is noticed (default 200) */
};
/* Start reading driver/device on a new thread. NULL with err set when driver is unknown.
 * opts may be NULL. */
struct scanner_thread *scanner_thread_start(const char *driver, const char *device, struct evq *q,
                                            const struct scanner_thread_opts *opts, char *err,
                                            size_t errlen);
/* Stop the thread, close the device, free. NULL is a no-op. */
void scanner_thread_stop(struct scanner_thread *t);

/* The simulated twin: ONE virtual scanner per process (like a real device, it exists apart
 * from whoever opened it), so that a test can feed or unplug the scanner a reader thread
 * opened. Thread-safe. */
enum scanner_sim_knob {
    SCANNER_SIM_UNPLUG,    /* 1: gone (reads fail K_ERR_NO_DEVICE, opens fail); 0: back */
    SCANNER_SIM_GARBLE,    /* the next N fed scans arrive with a control byte in them */
    SCANNER_SIM_OPEN_FAIL, /* the next N opens fail with K_ERR_NO_DEVICE */
};
/* Queue len bytes as one scan (copied; any bytes, at most 4096). */
void scanner_sim_feed(const char *text, size_t len);
void scanner_sim_set(enum scanner_sim_knob knob, long value);
/* Forget queued scans and reset every knob. */
void scanner_sim_reset(void);

/* Parse "VVVV:PPPP" (hex) into vid/pid; false for anything else. */
bool scanner_parse_vidpid(const char *s, unsigned *vid, unsigned *pid);

extern const struct scanner_ops scanner_sim_ops, scanner_cdc_ops, scanner_hidpos_ops,
    scanner_wedge_ops;

#endif
