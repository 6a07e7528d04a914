/* drivers/printer/model.h: the simulated printer (the twin of a real ESC/POS printer).
 *
 * Takes ESC/POS bytes, prints them onto simulated paper (a bitmap), answers DLE EOT with the
 * status its knobs describe, and keeps the last cut receipt (also written as PNG into png_dir
 * when set). Used in process by the "sim" transport and behind a pty by the lp transport's
 * tests. Not thread-safe. Layer: drivers.
 */
#ifndef DRIVERS_PRINTER_MODEL_H
#define DRIVERS_PRINTER_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/printer/escpos.h"

struct printer_model {
    struct escpos_parser parser;
    struct escpos_status st; /* knobs: cover_open, paper_near_end, offline, ... */
    bool cutter_jam;         /* the next cut fails (cutter error) */
    uint8_t *pending;        /* bytes of an incomplete command */
    size_t npending;
    uint8_t replies[64]; /* status bytes not yet read */
    size_t nreplies;
    struct bitmap *last; /* last cut receipt, owned */
    long receipts;       /* cut receipts */
    char *png_dir;       /* owned copy, NULL = do not write PNGs */
    bool broken;         /* a protocol error happened: the rest is ignored */
};

void printer_model_init(struct printer_model *m, int width, const char *png_dir);
void printer_model_finish(struct printer_model *m);
/* Paper end now (true) or a full roll again (false). */
void printer_model_paper_out(struct printer_model *m, bool out);
/* The paper ends after this many more dot rows (-1 = never). */
void printer_model_paper_rows(struct printer_model *m, long rows);
/* Take bytes from the host. K_ERR_PROTOCOL when they are not ESC/POS this printer knows (it
 * then ignores everything after, like a real printer printing garbage). */
enum kerr printer_model_write(struct printer_model *m, const uint8_t *buf, size_t n);
/* Hand out up to cap reply bytes; returns how many. */
size_t printer_model_read(struct printer_model *m, uint8_t *buf, size_t cap);

#endif
