/* drivers/idcard/idcard.h: the ID card reader (SAM_V protocol over USB, serial or the
 * simulated twin), its reading loop, and the events it posts to the UI.
 *
 * Drivers layer. A reader is opened by driver name (config idcard.driver: sim | usb |
 * serial) and device spec (idcard.device: for usb a VID:PID list "0400:C35A,1234:5678", ""
 * meaning 0400:C35A; for serial a tty path). Callers use the thin wrappers below, never the
 * ops table. A reader object is used by one thread at a time (the reading loop owns its
 * reader). Personal data is never logged.
 */
#ifndef DRIVERS_IDCARD_IDCARD_H
#define DRIVERS_IDCARD_IDCARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/idcard/idcard_card.h"
#include "drivers/idcard/samframe.h"
#include "platform/err.h"

struct idcard_reader;
struct evq;
struct idsim;

/* One transport. Every driver implements all ops. */
struct idcard_ops {
    const char *name;
    /* Open the device named by spec ("" = the driver's default) and set r->priv.
     * K_ERR_NO_DEVICE when absent, K_ERR_BUSY when claimed by someone else. */
    enum kerr (*open)(struct idcard_reader *r, const char *spec);
    /* Release everything open() took; r->priv is NULL afterwards. */
    void (*close)(struct idcard_reader *r);
    /* Send one whole host frame (7-byte header + body). K_ERR_NO_DEVICE when unplugged. */
    enum kerr (*send)(struct idcard_reader *r, const uint8_t *frame, size_t n, int timeout_ms);
    /* Receive what has arrived: up to cap bytes into buf, waiting at most timeout_ms for the
     * first byte (timeout_ms >= 1). *got = 0 and K_ERR_TIMEOUT when nothing came.
     * K_ERR_NO_DEVICE when unplugged. Frames may arrive in pieces; the caller reassembles. */
    enum kerr (*recv)(struct idcard_reader *r, uint8_t *buf, size_t cap, size_t *got,
                      int timeout_ms);
};

struct idcard_reader {
    const struct idcard_ops *ops;
    void *priv;       /* the driver's state */
    char err[160];    /* detail of the last failure ("E303: ...", English) */
    uint8_t sw3;      /* SW3 of the last reply */
    bool fingerprint; /* read with 30 10 (text + photo + fingerprints) */
    uint8_t rx[2600]; /* reply reassembly */
    size_t rx_len;
    struct idcard_reply_view {
        const uint8_t *data;
        size_t len;
    } last; /* data of the last reply (points into rx) */
};

/* Per-command timeouts (research §1.2, Synjones SDK figures). */
int idcard_timeout_ms(enum sam_cmd cmd);

/* Open a reader by driver name; *out owned by the caller (idcard_close). K_ERR_NOT_FOUND
 * for an unknown driver name. */
enum kerr idcard_open(const char *driver, const char *spec, struct idcard_reader **out);
void idcard_close(struct idcard_reader *r); /* NULL: no-op */
const char *idcard_error(const struct idcard_reader *r);
/* The simulated device behind a `sim` reader (idsim_shared()), NULL for others. */
struct idsim *idcard_sim_device(struct idcard_reader *r);

/* Send one command (stale input drained first) and wait for its reply (per-command timeout,
 * garbage before the preamble skipped). On K_OK *sw3 holds the status and the data is in
 * r->last. K_ERR_TIMEOUT (silence), K_ERR_CHECKSUM (E302), K_ERR_PROTOCOL (E301 framing,
 * truncated frame), K_ERR_NO_DEVICE. */
enum kerr idcard_command(struct idcard_reader *r, enum sam_cmd cmd, const uint8_t *data, size_t n,
                         uint8_t *sw3);
/* Is the SAM ready (11 FF answers 90)? K_OK ready; K_ERR_BUSY not yet (60 or silence). */
enum kerr idcard_sam_status(struct idcard_reader *r);
/* One find -> select -> read (30 01) -> additional address (30 03) cycle. K_OK with *card
 * filled; K_ERR_NO_CARD (find 80: no card, or the card already read and not yet lifted);
 * K_ERR_CARD_REMOVED (select/read failed after a find: lift and place again);
 * K_ERR_DEVICE_FAULT (other SW3, E303 in idcard_error); K_ERR_UNSUPPORTED (E304 unknown
 * card type); K_ERR_INVALID (E305); and the transport errors of idcard_command. */
enum kerr idcard_read(struct idcard_reader *r, struct idcard_card *card);
/* Read with 30 10 (fingerprint templates, 0/512/1024 bytes, kept opaque) instead of 30 01. */
void idcard_set_fingerprint(struct idcard_reader *r, bool on);
/* While a read card stays on the reader: K_OK if it is still there (30 03 answers 90/91),
 * K_ERR_NO_CARD once lifted. */
enum kerr idcard_card_present(struct idcard_reader *r);

/* ---- the reading loop (own thread) --------------------------------------------------- */

enum idcard_state {
    IDCARD_NO_READER, /* not connected; retried every 500 ms (hotplug) */
    IDCARD_WAIT_SAM,  /* connected, SAM powering up */
    IDCARD_READY,     /* waiting for a card (find every 300 ms) */
    IDCARD_READING,
    IDCARD_LIFT_CARD, /* a read failed: ask to lift and place the card again */
    IDCARD_DONE,      /* a card was read and is still on the reader */
};
const char *idcard_state_key(enum idcard_state s); /* "idcard.state.ready" ... */

struct idcard_loop;
/* Start the reading loop on its own thread. States go to q as EV_IDCARD_STATE (code = the
 * state, payload NULL); each read card as EV_IDCARD_READ (payload: a struct idcard_card
 * the event owns, wiped on free). driver/spec as for idcard_open; q is kept, not owned. */
struct idcard_loop *idcard_loop_start(const char *driver, const char *spec, struct evq *q);
/* Stop and join the thread, close the reader. NULL: no-op. */
void idcard_loop_stop(struct idcard_loop *l);
/* The loop's last failure ("E3nn: ...", English; "" when none yet) into out. Thread-safe;
 * NULL l gives "". */
void idcard_loop_last_error(struct idcard_loop *l, char *out, size_t n);
/* The simulated device of a loop started with the sim driver (idsim_shared()), else NULL. */
struct idsim *idcard_loop_sim(struct idcard_loop *l);

#endif
