/* drivers/scanner/assemble.c: HID-POS report reassembly and CDC line cutting. See assemble.h.
 *
 * HID-POS layout (Newland and others, research/capture-qr-calendar.md 2.1):
 *     [0] report ID 0x02  [1] data length in this report (0..56)  [2..57] data
 *     [62] symbology ID   [63] 1 while the scan continues in the next report, else 0
 */
#include "drivers/scanner/assemble.h"

#include <stdio.h>
#include <string.h>

#define REPORT_ID   0x02
#define DATA_MAX    56
#define CONT_OFFSET 63

void hidpos_asm_reset(struct hidpos_asm *a)
{
    explicit_bzero(a->scan, sizeof a->scan);
    a->len = 0;
    a->assembling = a->overflow = false;
}

enum kerr hidpos_asm_report(struct hidpos_asm *a, const uint8_t *rep, int got, char *buf,
                            size_t cap, size_t *len, char *err, size_t errlen)
{
    if (got < 1 || rep[0] != REPORT_ID)
        return K_ERR_TIMEOUT; /* another report (status, LEDs): not ours */
    if (got < 2 || rep[1] > DATA_MAX || rep[1] > got - 2) {
        hidpos_asm_reset(a);
        snprintf(err, errlen,
                 "E407: HID-POS report of %d bytes with data length %d breaks the layout", got,
                 got >= 2 ? rep[1] : -1);
        return K_ERR_PROTOCOL;
    }
    size_t n = rep[1];
    bool more = got >= HIDPOS_REPORT_SIZE && rep[CONT_OFFSET] != 0;
    a->assembling = true;
    if (a->len + n > sizeof a->scan - 1)
        a->overflow = true;
    else {
        memcpy(a->scan + a->len, rep + 2, n);
        a->len += n;
    }
    if (more)
        return K_ERR_TIMEOUT;
    if (a->overflow || a->len > cap - 1) {
        snprintf(err, errlen, "E405: HID-POS scan longer than %zu bytes dropped",
                 (a->overflow ? sizeof a->scan : cap) - 1);
        hidpos_asm_reset(a);
        return K_ERR_TOO_LARGE;
    }
    memcpy(buf, a->scan, a->len);
    buf[a->len] = '\0';
    *len = a->len;
    hidpos_asm_reset(a);
    return *len ? K_OK : K_ERR_TIMEOUT;
}

bool cdc_line_take(struct cdc_line *l, const uint8_t *in, size_t n, size_t *pos, bool *dropped)
{
    while (*pos < n) {
        uint8_t b = in[(*pos)++];
        if (b == '\r' || b == '\n') {
            if (l->overflow) {
                l->overflow = false;
                l->len = 0;
                *dropped = true;
                return true;
            }
            if (l->len > 0)
                return true;
            continue; /* the LF of CR LF, or an empty line */
        }
        if (l->overflow)
            continue;
        if (l->len >= sizeof l->line - 1) {
            l->overflow = true;
            continue;
        }
        l->line[l->len++] = (char)b;
    }
    return false;
}
