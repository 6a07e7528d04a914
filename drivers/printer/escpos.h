/* drivers/printer/escpos.h: the ESC/POS bytes the kiosk sends and the status bytes it reads.
 *
 * Pure: no I/O. The encoder turns a 1-bit bitmap into a job (ESC @, GS v 0 raster in bands
 * of at most ESCPOS_BAND_ROWS rows, ESC d feed, GS V cut); the status decoder reads the
 * one-byte DLE EOT 1..4 replies; the parser reads a command stream back (the simulated
 * printer prints with it, tests decode jobs with it). Layer: drivers.
 * Facts: ../shared/research/escpos.md sections 1.2 and 1.5.
 */
#ifndef DRIVERS_PRINTER_ESCPOS_H
#define DRIVERS_PRINTER_ESCPOS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/bitmap.h"
#include "platform/err.h"

#define ESCPOS_BAND_ROWS 256
/* Dots one ESC d line feeds in the parser (the printer default line spacing, 1/6 inch at
 * 203 dpi, rounded to 30 dots here; only the simulated paper uses it). */
#define ESCPOS_LINE_DOTS 30
/* Paper longer than this in one job (1 m at 8 dots a millimetre) is a runaway stream, not a
 * receipt: the longest receipt (all eight matters, 80 mm paper) is 2,883 rows. Rasters beyond
 * it are refused (K_ERR_TOO_LARGE), feeds beyond it are dropped. */
#define ESCPOS_MAX_PAPER_ROWS 8192

/* A growing byte buffer; escbuf_free releases it (a zeroed escbuf is empty). */
struct escbuf {
    uint8_t *data;
    size_t len, cap;
};
void escbuf_free(struct escbuf *b);

void escpos_init(struct escbuf *b);            /* ESC @ = 1B 40 */
void escpos_feed(struct escbuf *b, int lines); /* ESC d n = 1B 64 n, n clamped to 0..255 */
void escpos_cut(struct escbuf *b);             /* GS V 66 0 = 1D 56 42 00: feed to cutter, cut */
void escpos_status_request(struct escbuf *b, int n); /* DLE EOT n = 10 04 n, n in 1..4 */
/* GS v 0 bands (1D 76 30 00 xL xH yL yH data), at most ESCPOS_BAND_ROWS rows each, rows of
 * bmp->stride bytes. A data byte 0x10 followed by 04, 05 or 14 (a real-time command the
 * printer would execute even inside image data) is written as 0x00: one dot less, never a
 * command. K_ERR_INVALID when the row is wider than 65535 bytes. */
enum kerr escpos_raster(struct escbuf *b, const struct bitmap *bmp);
/* A whole job: ESC @, raster, ESC d feed_lines, GS V cut. */
enum kerr escpos_job(struct escbuf *b, const struct bitmap *bmp, int feed_lines);

/* Real-time status (DLE EOT n). */
struct escpos_status {
    bool offline;          /* n=1 bit 3 */
    bool cover_open;       /* n=2 bit 2 */
    bool paper_end;        /* n=2 bit 5 (stopped by paper end) or n=4 bits 5+6 */
    bool error;            /* n=2 bit 6 (an error occurred; cause in n=3) */
    bool cutter_error;     /* n=3 bit 3 */
    bool unrecoverable;    /* n=3 bit 5 */
    bool auto_recoverable; /* n=3 bit 6 */
    bool paper_near_end;   /* n=4 bits 2+3 */
};
/* True when the byte has the fixed DLE EOT shape 0xx1xx10b. */
bool escpos_status_byte_valid(uint8_t byte);
/* Merge the reply to DLE EOT n into st. K_ERR_INVALID for n outside 1..4, K_ERR_PROTOCOL when
 * the byte lacks the fixed bits (it is not a status reply). */
enum kerr escpos_status_apply(struct escpos_status *st, int n, uint8_t byte);
/* The reply byte a printer in state st gives to DLE EOT n (the simulated printer uses it). */
uint8_t escpos_status_byte(const struct escpos_status *st, int n);

/* Command-stream parser: what a printer makes of the bytes. */
struct escpos_parser {
    int width;            /* paper width in dots; raster beyond it is discarded */
    struct bitmap *paper; /* everything printed since the last cut (NULL until then); owned */
    int cap_rows;         /* rows paper->bits has room for (>= paper->h) */
    int inits, feeds, cuts, bands;
    bool paper_end; /* when set, rasters are consumed but not printed */
    long rows_left; /* paper left in dot rows (-1 = endless); at 0 paper_end is set */
    /* Called for each DLE EOT n, in order, so a printer can answer it. May be NULL. */
    void (*on_status)(void *ctx, int n);
    /* Called at each cut with the finished receipt (ownership passes to the callee when it
     * returns true, else the parser frees it). May be NULL. */
    bool (*on_cut)(void *ctx, struct bitmap *receipt);
    void *ctx;
};
void escpos_parser_init(struct escpos_parser *p, int width);
void escpos_parser_finish(struct escpos_parser *p); /* frees paper */
/* Execute the complete commands at the start of buf; *used is how many bytes they took (an
 * incomplete command at the end is left for the next call). K_ERR_PROTOCOL on a byte that
 * starts no known command or a raster header out of range (*used stops before it). Known:
 * ESC @, ESC d n, ESC a n, LF, GS V m [n], GS v 0, DLE EOT n. */
enum kerr escpos_parse(struct escpos_parser *p, const uint8_t *buf, size_t n, size_t *used);
/* Decode a whole job into the receipt it prints: the paper up to the first cut (or all of it
 * when there is no cut), as a bitmap of the given width. K_ERR_PROTOCOL on a bad or
 * truncated stream, K_ERR_INVALID when nothing was printed. *out is the caller's. */
enum kerr escpos_decode(const uint8_t *buf, size_t n, int width, struct bitmap **out);

#endif
