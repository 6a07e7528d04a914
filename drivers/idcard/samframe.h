/* drivers/idcard/samframe.h: the SAM_V frame codec of ID card readers (pure, no I/O).
 *
 * Drivers layer. Frame: preamble AA AA AA 96 69, Len (2 bytes, big-endian) = bytes after it,
 * body (host: CMD Para [Data]; reader: SW1 SW2 SW3 [Data]), then CHK = XOR of Len..last data
 * byte. See ../shared/research/idcard.md §1. Everything here takes untrusted bytes.
 */
#ifndef DRIVERS_IDCARD_SAMFRAME_H
#define DRIVERS_IDCARD_SAMFRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/err.h"

#define SAM_HEADER_LEN 7 /* preamble + Len */
#define SAM_MAX_FRAME  (SAM_HEADER_LEN + 0xFFFF)

/* Status bytes (SW3) named in the research, §1.3. */
enum {
    SAM_SW_OK = 0x90,
    SAM_SW_FOUND = 0x9F,
    SAM_SW_NO_CARD = 0x80,
    SAM_SW_SELECT_FAILED = 0x81,
    SAM_SW_READ_FAILED = 0x41,
    SAM_SW_NO_CONTENT = 0x91,
    SAM_SW_SELFTEST_FAILED = 0x60,
};

/* Commands (CMD << 8 | Para). */
enum sam_cmd {
    SAM_CMD_RESET = 0x10FF,
    SAM_CMD_STATUS = 0x11FF,
    SAM_CMD_SAMID = 0x12FF,
    SAM_CMD_FIND = 0x2001,
    SAM_CMD_SELECT = 0x2002,
    SAM_CMD_READ = 0x3001,
    SAM_CMD_READ_FP = 0x3010,
    SAM_CMD_READ_ADDR = 0x3003,
};

/* Build a host frame; returns its length, or 0 if it does not fit in cap. */
size_t sam_build(uint8_t *out, size_t cap, enum sam_cmd cmd, const uint8_t *data, size_t n);
/* Build a reader reply frame (SW1 = SW2 = 0) for simulators and tests; 0 if it does not fit. */
size_t sam_build_reply(uint8_t *out, size_t cap, uint8_t sw3, const uint8_t *data, size_t n);

enum sam_scan_result {
    SAM_SCAN_NEED_MORE, /* no complete frame yet (keep the bytes from *start on) */
    SAM_SCAN_FRAME,     /* a frame at buf[*start .. *start + *len) with a good checksum */
    SAM_SCAN_BAD_SUM,   /* a complete frame at *start with a wrong checksum */
};

/* Find the next frame in buf, resynchronising on leading garbage: the frame starts at a
 * preamble (a truncated one, AA AA 96 69, is accepted as seen from real readers); *start is
 * where its preamble bytes begin (bytes before it are garbage to drop), *len its length from
 * *start. A Len below min_len (4 for replies, 3 for host frames) is not a frame. */
enum sam_scan_result sam_scan(const uint8_t *buf, size_t n, size_t min_len, size_t *start,
                              size_t *len);

struct sam_reply {
    uint8_t sw1, sw2, sw3;
    const uint8_t *data; /* points into the frame */
    size_t data_len;
};

/* Parse exactly one reply frame (leading garbage allowed, trailing bytes not).
 * K_ERR_PROTOCOL (E301 framing) / K_ERR_CHECKSUM (E302). */
enum kerr sam_parse_reply(const uint8_t *buf, size_t n, struct sam_reply *r);

/* String-catalogue key of an SW3 status ("idcard.sw.41"), "idcard.sw.unknown" for others. */
const char *sam_sw_key(uint8_t sw3);
/* Is sw3 one of the statuses of research §1.3? */
bool sam_sw_known(uint8_t sw3);

#endif
