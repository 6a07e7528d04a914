/* drivers/scanner/assemble.h: turning what a scanner sends into scans, without I/O (drivers),
 * so that the USB and serial drivers and the fuzz targets share one parser.
 *
 * HID-POS (scanner_hidpos.c): one 64-byte input report at a time, reassembled while the
 * continuation byte is set. CDC (scanner_cdc.c): a byte stream cut at CR or LF. Both keep at most
 * SCANNER_SCAN_MAX - 1 bytes of a scan and drop longer ones whole.
 */
#ifndef DRIVERS_SCANNER_ASSEMBLE_H
#define DRIVERS_SCANNER_ASSEMBLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/scanner/scanner.h"
#include "platform/err.h"

#define HIDPOS_REPORT_SIZE 64

struct hidpos_asm {
    char scan[SCANNER_SCAN_MAX];
    size_t len;
    bool assembling, overflow;
};

void hidpos_asm_reset(struct hidpos_asm *a);
/* One input report of got bytes. K_OK with a finished scan in buf (cap bytes, NUL-terminated,
 * *len its length), K_ERR_TIMEOUT when more is to come or the report is not a scan report, or
 * the error that dropped the scan (K_ERR_PROTOCOL, K_ERR_TOO_LARGE; err says why). */
enum kerr hidpos_asm_report(struct hidpos_asm *a, const uint8_t *rep, int got, char *buf,
                            size_t cap, size_t *len, char *err, size_t errlen);

struct cdc_line {
    char line[SCANNER_SCAN_MAX];
    size_t len;
    bool overflow; /* the current scan did not fit: drop until its terminator */
};

/* Consume bytes in[*pos..n); true when a line ended (*pos just past its terminator): then
 * *dropped tells a scan too long that was dropped, else l->line[0..l->len) is the scan. */
bool cdc_line_take(struct cdc_line *l, const uint8_t *in, size_t n, size_t *pos, bool *dropped);

#endif
