/* drivers/printer/escpos.c: ESC/POS encoder, status decoder and parser (see escpos.h).
 * Layer: drivers, pure (no I/O). */
#include "drivers/printer/escpos.h"

#include <stdlib.h>
#include <string.h>

#include "platform/xalloc.h"

void escbuf_free(struct escbuf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

static void put(struct escbuf *b, const void *src, size_t n)
{
    if (b->len + n > b->cap) {
        size_t cap = b->cap ? b->cap : 256;
        while (cap < b->len + n)
            cap *= 2;
        b->data = xrealloc(b->data, cap);
        b->cap = cap;
    }
    memcpy(b->data + b->len, src, n);
    b->len += n;
}

void escpos_init(struct escbuf *b)
{
    static const uint8_t cmd[] = {0x1B, 0x40};
    put(b, cmd, sizeof(cmd));
}

void escpos_feed(struct escbuf *b, int lines)
{
    uint8_t cmd[] = {0x1B, 0x64, 0};
    cmd[2] = (uint8_t)(lines < 0 ? 0 : lines > 255 ? 255 : lines);
    put(b, cmd, sizeof(cmd));
}

void escpos_cut(struct escbuf *b)
{
    static const uint8_t cmd[] = {0x1D, 0x56, 0x42, 0x00};
    put(b, cmd, sizeof(cmd));
}

void escpos_status_request(struct escbuf *b, int n)
{
    uint8_t cmd[] = {0x10, 0x04, (uint8_t)n};
    put(b, cmd, sizeof(cmd));
}

enum kerr escpos_raster(struct escbuf *b, const struct bitmap *bmp)
{
    if (!bmp || bmp->stride > 65535)
        return K_ERR_INVALID;
    for (int y0 = 0; y0 < bmp->h; y0 += ESCPOS_BAND_ROWS) {
        int rows = bmp->h - y0 < ESCPOS_BAND_ROWS ? bmp->h - y0 : ESCPOS_BAND_ROWS;
        uint8_t hdr[] = {0x1D,
                         0x76,
                         0x30,
                         0x00,
                         (uint8_t)(bmp->stride & 0xFF),
                         (uint8_t)(bmp->stride >> 8),
                         (uint8_t)(rows & 0xFF),
                         (uint8_t)(rows >> 8)};
        put(b, hdr, sizeof(hdr));
        size_t start = b->len;
        size_t n = (size_t)rows * bmp->stride;
        put(b, bmp->bits + (size_t)y0 * bmp->stride, n);
        /* Defuse real-time sequences (DLE EOT, DLE ENQ, DLE DC4) inside the image data. */
        uint8_t *d = b->data + start;
        for (size_t i = 0; i + 1 < n; i++)
            if (d[i] == 0x10 && (d[i + 1] == 0x04 || d[i + 1] == 0x05 || d[i + 1] == 0x14))
                d[i] = 0x00;
    }
    return K_OK;
}

enum kerr escpos_job(struct escbuf *b, const struct bitmap *bmp, int feed_lines)
{
    escpos_init(b);
    enum kerr e = escpos_raster(b, bmp);
    if (e != K_OK)
        return e;
    escpos_feed(b, feed_lines);
    escpos_cut(b);
    return K_OK;
}

bool escpos_status_byte_valid(uint8_t byte)
{
    return (byte & 0x93) == 0x12;
}

enum kerr escpos_status_apply(struct escpos_status *st, int n, uint8_t byte)
{
    if (n < 1 || n > 4)
        return K_ERR_INVALID;
    if (!escpos_status_byte_valid(byte))
        return K_ERR_PROTOCOL;
    switch (n) {
    case 1:
        st->offline = byte & 0x08;
        break;
    case 2:
        st->cover_open = byte & 0x04;
        st->paper_end = (byte & 0x20) || st->paper_end;
        st->error = byte & 0x40;
        break;
    case 3:
        st->cutter_error = byte & 0x08;
        st->unrecoverable = byte & 0x20;
        st->auto_recoverable = byte & 0x40;
        break;
    default:
        st->paper_near_end = (byte & 0x0C) == 0x0C;
        st->paper_end = (byte & 0x60) == 0x60 || st->paper_end;
        break;
    }
    return K_OK;
}

uint8_t escpos_status_byte(const struct escpos_status *st, int n)
{
    uint8_t b = 0x12;
    switch (n) {
    case 1:
        if (st->offline || st->cover_open || st->paper_end || st->error)
            b |= 0x08;
        break;
    case 2:
        b |= (uint8_t)((st->cover_open ? 0x04 : 0) | (st->paper_end ? 0x20 : 0) |
                       (st->error || st->cutter_error || st->unrecoverable ? 0x40 : 0));
        break;
    case 3:
        b |= (uint8_t)((st->cutter_error ? 0x08 : 0) | (st->unrecoverable ? 0x20 : 0) |
                       (st->auto_recoverable ? 0x40 : 0));
        break;
    default:
        b |= (uint8_t)((st->paper_near_end ? 0x0C : 0) | (st->paper_end ? 0x60 : 0));
        break;
    }
    return b;
}

void escpos_parser_init(struct escpos_parser *p, int width)
{
    memset(p, 0, sizeof(*p));
    p->width = width;
    p->rows_left = -1;
}

void escpos_parser_finish(struct escpos_parser *p)
{
    bitmap_destroy(p->paper);
    p->paper = NULL;
}

/* Append rows white rows to the paper; returns the index of the first new row. */
static int grow(struct escpos_parser *p, int rows)
{
    if (!p->paper) {
        p->paper = bitmap_create(p->width, rows);
        p->cap_rows = rows;
        return 0;
    }
    int first = p->paper->h;
    if (first + rows > p->cap_rows) {
        /* room for twice as many rows: a stream of line feeds costs linear time, not one
         * reallocation of the whole paper per line */
        int cap = p->cap_rows * 2 > first + rows ? p->cap_rows * 2 : first + rows;
        p->paper->bits = xrealloc(p->paper->bits, (size_t)cap * p->paper->stride);
        p->cap_rows = cap;
    }
    size_t old = (size_t)first * p->paper->stride;
    size_t add = (size_t)rows * p->paper->stride;
    memset(p->paper->bits + old, 0, add);
    p->paper->h = first + rows;
    return first;
}

static void feed_dots(struct escpos_parser *p, int dots)
{
    if (p->rows_left >= 0 && dots > p->rows_left)
        dots = (int)p->rows_left;
    if (dots > 0 && !p->paper_end && p->width > 0 &&
        (p->paper ? p->paper->h : 0) + dots <= ESCPOS_MAX_PAPER_ROWS) {
        grow(p, dots);
        if (p->rows_left >= 0)
            p->rows_left -= dots;
    }
}

static enum kerr raster(struct escpos_parser *p, const uint8_t *d, size_t xbytes, int rows)
{
    if (p->paper_end || p->width <= 0)
        return K_OK;
    if ((p->paper ? p->paper->h : 0) + rows > ESCPOS_MAX_PAPER_ROWS)
        return K_ERR_TOO_LARGE;
    if (p->rows_left >= 0 && rows > p->rows_left) {
        rows = (int)p->rows_left; /* the paper runs out in the middle of this band */
        p->paper_end = true;
    }
    if (p->rows_left >= 0)
        p->rows_left -= rows;
    if (rows == 0) {
        p->paper_end = true;
        return K_OK;
    }
    int y0 = grow(p, rows);
    size_t keep = xbytes < p->paper->stride ? xbytes : p->paper->stride;
    for (int r = 0; r < rows; r++) {
        uint8_t *dst = p->paper->bits + (size_t)(y0 + r) * p->paper->stride;
        memcpy(dst, d + (size_t)r * xbytes, keep);
        if (keep == p->paper->stride && (p->width & 7)) /* discard dots beyond the paper */
            dst[keep - 1] &= (uint8_t)(0xFF << (8 - (p->width & 7)));
    }
    p->bands++;
    return K_OK;
}

enum kerr escpos_parse(struct escpos_parser *p, const uint8_t *buf, size_t n, size_t *used)
{
    size_t i = 0;
    enum kerr e = K_OK;
    while (i < n) {
        size_t left = n - i;
        const uint8_t *c = buf + i;
        size_t len = 0; /* length of the complete command at c, 0 when incomplete */
        if (c[0] == 0x0A) {
            feed_dots(p, ESCPOS_LINE_DOTS);
            len = 1;
        } else if (c[0] == 0x1B) {
            if (left < 2)
                break;
            if (c[1] == 0x40) {
                p->inits++;
                len = 2;
            } else if (c[1] == 0x64 || c[1] == 0x61) {
                if (left < 3)
                    break;
                if (c[1] == 0x64) {
                    feed_dots(p, c[2] * ESCPOS_LINE_DOTS);
                    p->feeds++;
                }
                len = 3;
            } else {
                e = K_ERR_PROTOCOL;
                break;
            }
        } else if (c[0] == 0x10) {
            if (left < 3)
                break;
            if (c[1] != 0x04 || c[2] < 1 || c[2] > 4) {
                e = K_ERR_PROTOCOL;
                break;
            }
            if (p->on_status)
                p->on_status(p->ctx, c[2]);
            len = 3;
        } else if (c[0] == 0x1D) {
            if (left < 3)
                break;
            if (c[1] == 0x56) {
                uint8_t m = c[2];
                if (m == 0 || m == 1 || m == 48 || m == 49) {
                    len = 3;
                } else if (m == 65 || m == 66) {
                    if (left < 4)
                        break;
                    feed_dots(p, c[3]);
                    len = 4;
                } else {
                    e = K_ERR_PROTOCOL;
                    break;
                }
                p->cuts++;
                struct bitmap *r = p->paper;
                p->paper = NULL;
                if (r && !(p->on_cut && p->on_cut(p->ctx, r)))
                    bitmap_destroy(r);
            } else if (c[1] == 0x76) {
                if (left < 8)
                    break;
                if (c[2] != 0x30) {
                    e = K_ERR_PROTOCOL;
                    break;
                }
                size_t xb = (size_t)c[4] | (size_t)c[5] << 8;
                int rows = c[6] | c[7] << 8;
                bool mode_ok = c[3] <= 3 || (c[3] >= 48 && c[3] <= 51);
                if (xb == 0 || rows == 0 || rows > 2303 || !mode_ok) {
                    e = K_ERR_PROTOCOL;
                    break;
                }
                size_t k = xb * (size_t)rows;
                if (left - 8 < k)
                    break;
                e = raster(p, c + 8, xb, rows);
                if (e != K_OK)
                    break;
                len = 8 + k;
            } else {
                e = K_ERR_PROTOCOL;
                break;
            }
        } else {
            e = K_ERR_PROTOCOL;
            break;
        }
        i += len;
    }
    *used = i;
    return e;
}

static bool keep_first(void *ctx, struct bitmap *receipt)
{
    struct bitmap **first = ctx;
    if (*first)
        return false;
    *first = receipt;
    return true;
}

enum kerr escpos_decode(const uint8_t *buf, size_t n, int width, struct bitmap **out)
{
    *out = NULL;
    if (width < 1 || width > 32768)
        return K_ERR_INVALID;
    struct escpos_parser p;
    struct bitmap *first = NULL;
    escpos_parser_init(&p, width);
    p.on_cut = keep_first;
    p.ctx = &first;
    size_t used = 0;
    enum kerr e = escpos_parse(&p, buf, n, &used);
    if (e == K_OK && used != n)
        e = K_ERR_PROTOCOL; /* truncated */
    if (e != K_OK)
        goto fail;
    if (!first) {
        first = p.paper;
        p.paper = NULL;
    }
    escpos_parser_finish(&p);
    if (!first)
        return K_ERR_INVALID;
    *out = first;
    return K_OK;
fail:
    escpos_parser_finish(&p);
    bitmap_destroy(first);
    return e;
}
