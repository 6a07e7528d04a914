/* drivers/printer/printer.c: the transport table and the print logic common to every
 * transport (see printer.h). Layer: drivers.
 *
 * Error numbers: E201 unknown/unavailable driver, E202 printer gone, E203 paper out, E204
 * cover open, E205 offline, E206 cutter error, E207 unrecoverable error, E208 no status
 * reply, E209 garbled status reply, E210 receipt wider than the paper, E211 write failed,
 * E212 sim PNG not written, E214 cannot open the device.
 */
#include "drivers/printer/printer.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/log.h"
#include "platform/xalloc.h"

static const struct printer_ops *const drivers[] = {&printer_sim_ops, &printer_lp_ops,
                                                    &printer_usb_ops};

const char *const *printer_driver_names(void)
{
    static const char *const names[] = {"sim", "lp", "usb", NULL};
    return names;
}

struct printer *printer_open(const char *driver, const char *device, int width, char *err,
                             size_t errlen)
{
    const struct printer_ops *ops = NULL;
    for (size_t i = 0; i < sizeof(drivers) / sizeof(drivers[0]); i++)
        if (driver && strcmp(drivers[i]->name, driver) == 0)
            ops = drivers[i];
    if (!ops) {
        snprintf(err, errlen, "E201: unknown printer driver \"%s\" (sim, lp, usb)",
                 driver ? driver : "");
        return NULL;
    }
    if (width != 384 && width != 576) {
        snprintf(err, errlen, "E201: printer width %d dots is not 384 or 576", width);
        return NULL;
    }
    struct printer *p = xcalloc(1, sizeof(*p));
    p->ops = ops;
    p->width = width;
    p->timeout_ms = 2000;
    if (ops->open(p, device ? device : "", err, errlen) != K_OK) {
        free(p);
        return NULL;
    }
    return p;
}

void printer_close(struct printer *p)
{
    if (!p)
        return;
    p->ops->close(p);
    free(p);
}

static enum kerr fail(struct printer *p, enum kerr e, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static enum kerr fail(struct printer *p, enum kerr e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(p->error, sizeof(p->error), fmt, ap);
    va_end(ap);
    log_msg(LOG_WARN, "printer", "%s", p->error);
    return e;
}

static enum kerr transport_error(struct printer *p, enum kerr e, const char *what)
{
    if (e == K_ERR_NO_DEVICE)
        return fail(p, e, "E202: printer unplugged or gone (%s)", what);
    if (e == K_ERR_TIMEOUT)
        return fail(p, e, "E208: printer did not answer (%s)", what);
    return fail(p, e, "E211: printer transfer failed (%s)", what);
}

enum kerr printer_status(struct printer *p, struct escpos_status *st)
{
    memset(st, 0, sizeof(*st));
    uint8_t junk[64];
    size_t got = 0;
    enum kerr e;
    /* Stale bytes (late replies, ASB packets) would be taken for the answer: drop them. */
    for (int i = 0; i < 64; i++) {
        e = p->ops->read(p, junk, sizeof(junk), &got, 0);
        if (e != K_OK)
            return transport_error(p, e, "draining status");
        if (got == 0)
            break;
    }
    for (int n = 1; n <= 4; n++) {
        uint8_t req[3] = {0x10, 0x04, (uint8_t)n};
        e = p->ops->write(p, req, sizeof(req), p->timeout_ms);
        if (e != K_OK)
            return transport_error(p, e, "status request");
        uint8_t byte = 0;
        e = p->ops->read(p, &byte, 1, &got, p->timeout_ms);
        if (e != K_OK)
            return transport_error(p, e, "status reply");
        if (got == 0)
            return fail(p, K_ERR_TIMEOUT, "E208: no reply to status request %s", "DLE EOT");
        if (escpos_status_apply(st, n, byte) != K_OK) {
            char hex[8];
            snprintf(hex, sizeof(hex), "0x%02X", byte);
            return fail(p, K_ERR_PROTOCOL, "E209: status reply %s is not a status byte", hex);
        }
    }
    return K_OK;
}

enum kerr printer_status_verdict(const struct escpos_status *st, char *err, size_t errlen)
{
    const char *msg = NULL;
    enum kerr e = K_OK;
    if (st->paper_end) {
        e = K_ERR_PAPER_OUT;
        msg = "E203: paper out";
    } else if (st->cover_open) {
        e = K_ERR_COVER_OPEN;
        msg = "E204: cover open";
    } else if (st->unrecoverable) {
        e = K_ERR_DEVICE_FAULT;
        msg = "E207: unrecoverable printer error";
    } else if (st->cutter_error) {
        e = K_ERR_DEVICE_FAULT;
        msg = "E206: cutter error";
    } else if (st->offline || st->error) {
        e = K_ERR_DEVICE_FAULT;
        msg = "E205: printer offline";
    }
    if (err && errlen)
        snprintf(err, errlen, "%s", msg ? msg : "");
    return e;
}

void printer_identity(struct printer *p, char *out, size_t n)
{
    if (p->ops->identify && p->ops->identify(p, out, n) == K_OK && out[0])
        return;
    snprintf(out, n, "%s", p->ops->name);
}

enum kerr printer_encode(int width, const struct bitmap *bmp, struct escbuf *b)
{
    if (!bmp || bmp->w > width)
        return K_ERR_INVALID;
    const struct bitmap *src = bmp;
    struct bitmap *centred = NULL;
    if (bmp->w < width) { /* full-width rows: centring by padding, not ESC a */
        centred = bitmap_create(width, bmp->h);
        bitmap_blit(centred, bmp, (width - bmp->w) / 2, 0);
        src = centred;
    }
    enum kerr e = escpos_job(b, src, 4);
    bitmap_destroy(centred);
    return e;
}

enum kerr printer_print(struct printer *p, const struct bitmap *bmp)
{
    struct escpos_status st;
    char why[128];
    if (!bmp || bmp->w > p->width)
        return fail(p, K_ERR_INVALID, "E210: receipt wider than the paper (%s)", "check width");
    enum kerr e = printer_status(p, &st);
    if (e != K_OK)
        return e;
    e = printer_status_verdict(&st, why, sizeof(why));
    if (e != K_OK)
        return fail(p, e, "%s (before printing)", why);
    struct escbuf job = {0};
    e = printer_encode(p->width, bmp, &job);
    if (e != K_OK) {
        escbuf_free(&job);
        return fail(p, e, "E210: receipt cannot be encoded (%s)", kerr_text(e));
    }
    /* Pieces of 4 KiB so that a printer that stops taking data is noticed per piece. */
    for (size_t off = 0; off < job.len && e == K_OK; off += 4096) {
        size_t k = job.len - off < 4096 ? job.len - off : 4096;
        e = p->ops->write(p, job.data + off, k, p->timeout_ms);
    }
    escbuf_free(&job);
    if (e != K_OK)
        return transport_error(p, e, "sending the receipt");
    e = printer_status(p, &st);
    if (e != K_OK)
        return e;
    e = printer_status_verdict(&st, why, sizeof(why));
    if (e != K_OK)
        return fail(p, e, "%s (after printing: the receipt may be incomplete)", why);
    p->printed++;
    p->error[0] = '\0';
    return K_OK;
}
