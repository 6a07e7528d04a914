/* drivers/idcard/samframe.c: SAM_V frame build, scan (with resync) and parse. Pure. */
#include "drivers/idcard/samframe.h"

#include <string.h>

static uint8_t xor_sum(const uint8_t *p, size_t n)
{
    uint8_t x = 0;
    for (size_t i = 0; i < n; i++)
        x ^= p[i];
    return x;
}

static size_t build(uint8_t *out, size_t cap, uint8_t b0, uint8_t b1, const uint8_t *b2, size_t nb2,
                    const uint8_t *data, size_t n)
{
    size_t body = 2 + nb2 + n + 1;
    if (body > 0xFFFF || SAM_HEADER_LEN + body > cap)
        return 0;
    static const uint8_t pre[5] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
    memcpy(out, pre, 5);
    out[5] = (uint8_t)(body >> 8);
    out[6] = (uint8_t)body;
    out[7] = b0;
    out[8] = b1;
    size_t o = 9;
    if (nb2) {
        memcpy(out + o, b2, nb2);
        o += nb2;
    }
    if (n) {
        memcpy(out + o, data, n);
        o += n;
    }
    out[o] = xor_sum(out + 5, o - 5);
    return o + 1;
}

size_t sam_build(uint8_t *out, size_t cap, enum sam_cmd cmd, const uint8_t *data, size_t n)
{
    return build(out, cap, (uint8_t)(cmd >> 8), (uint8_t)cmd, NULL, 0, data, n);
}

size_t sam_build_reply(uint8_t *out, size_t cap, uint8_t sw3, const uint8_t *data, size_t n)
{
    return build(out, cap, 0, 0, &sw3, 1, data, n);
}

enum sam_scan_result sam_scan(const uint8_t *buf, size_t n, size_t min_len, size_t *start,
                              size_t *len)
{
    /* p = index of the 0x96 of "AA AA 96 69". */
    for (size_t p = 2; p < n; p++) {
        if (buf[p] != 0x96 || buf[p - 1] != 0xAA || buf[p - 2] != 0xAA)
            continue;
        size_t s = p >= 3 && buf[p - 3] == 0xAA ? p - 3 : p - 2;
        if (p + 1 >= n) {
            *start = s;
            return SAM_SCAN_NEED_MORE;
        }
        if (buf[p + 1] != 0x69)
            continue;
        if (p + 4 > n) {
            *start = s;
            return SAM_SCAN_NEED_MORE;
        }
        size_t l = (size_t)buf[p + 2] << 8 | buf[p + 3];
        if (l < min_len)
            continue; /* not a frame: keep searching */
        size_t end = p + 4 + l;
        if (end > n) {
            *start = s;
            return SAM_SCAN_NEED_MORE;
        }
        *start = s;
        *len = end - s;
        return xor_sum(buf + p + 2, l + 2) == 0 ? SAM_SCAN_FRAME : SAM_SCAN_BAD_SUM;
    }
    /* No preamble: everything but a possible beginning of one is garbage. */
    size_t keep = 0;
    while (keep < 3 && keep < n && buf[n - 1 - keep] == 0xAA)
        keep++;
    *start = n - keep;
    return SAM_SCAN_NEED_MORE;
}

enum kerr sam_parse_reply(const uint8_t *buf, size_t n, struct sam_reply *r)
{
    size_t s = 0, l = 0;
    enum sam_scan_result res = sam_scan(buf, n, 4, &s, &l);
    if (res == SAM_SCAN_NEED_MORE || s + l != n)
        return K_ERR_PROTOCOL;
    if (res == SAM_SCAN_BAD_SUM)
        return K_ERR_CHECKSUM;
    size_t p = buf[s + 2] == 0x96 ? s + 2 : s + 3; /* the 0x96 of the preamble */
    const uint8_t *lenp = buf + p + 2;
    size_t lenv = (size_t)lenp[0] << 8 | lenp[1];
    r->sw1 = lenp[2];
    r->sw2 = lenp[3];
    r->sw3 = lenp[4];
    r->data = lenp + 5;
    r->data_len = lenv - 4;
    return K_OK;
}

static const uint8_t known_sw[] = {0x90, 0x9F, 0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32,
                                   0x33, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81, 0x91};

bool sam_sw_known(uint8_t sw3)
{
    for (size_t i = 0; i < sizeof known_sw; i++)
        if (known_sw[i] == sw3)
            return true;
    return false;
}

const char *sam_sw_key(uint8_t sw3)
{
    static const char *const keys[] = {
        "idcard.sw.90", "idcard.sw.9F", "idcard.sw.10", "idcard.sw.11", "idcard.sw.21",
        "idcard.sw.23", "idcard.sw.24", "idcard.sw.31", "idcard.sw.32", "idcard.sw.33",
        "idcard.sw.40", "idcard.sw.41", "idcard.sw.47", "idcard.sw.60", "idcard.sw.66",
        "idcard.sw.80", "idcard.sw.81", "idcard.sw.91"};
    for (size_t i = 0; i < sizeof known_sw; i++)
        if (known_sw[i] == sw3)
            return keys[i];
    return "idcard.sw.unknown";
}
