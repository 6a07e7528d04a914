/* drivers/idcard/idcard_usb.c: the `usb` driver: a SAM_V reader through libusb (0400:C35A
 * or the VID:PID list in idcard.device). Claims the vendor interface (detaching a kernel
 * driver), and detects the endpoint layout at run time (research §3.2): four bulk endpoints
 * = split mode (7-byte header on 0x02 / 0x81, the rest on 0x06 / 0x85), else one IN/OUT pair
 * carrying whole frames. Replies may span several transfers; the caller reassembles. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/idcard/idcard.h"
#include "platform/usb.h"
#include "platform/xalloc.h"

struct usbr {
    libusb_device_handle *h;
    int ifno;
    bool split;
    uint8_t ep_out, ep_in;   /* pair mode (or header pipes in split mode) */
    uint8_t ep_out2, ep_in2; /* split mode: body pipes 0x06 / 0x85 */
    bool in_interrupt, out_interrupt;
    /* split mode receive state */
    uint8_t hdr[7];
    size_t hdr_got, body_left;
};

static enum kerr map(int r)
{
    switch (r) {
    case 0:
        return K_OK;
    case LIBUSB_ERROR_TIMEOUT:
        return K_ERR_TIMEOUT;
    case LIBUSB_ERROR_NO_DEVICE:
        return K_ERR_NO_DEVICE;
    case LIBUSB_ERROR_BUSY:
    case LIBUSB_ERROR_ACCESS:
        return K_ERR_BUSY;
    default:
        return K_ERR_IO;
    }
}

static bool pick_interface(struct usbr *u)
{
    libusb_device *dev = libusb_get_device(u->h);
    struct libusb_config_descriptor *cd = NULL;
    if (libusb_get_active_config_descriptor(dev, &cd) != 0 || !cd)
        return false;
    bool ok = false;
    for (int pass = 0; pass < 2 && !ok; pass++) {
        for (int i = 0; i < cd->bNumInterfaces && !ok; i++) {
            if (cd->interface[i].num_altsetting < 1)
                continue;
            const struct libusb_interface_descriptor *id = &cd->interface[i].altsetting[0];
            if (pass == 0 && id->bInterfaceClass != 0xFF)
                continue; /* prefer the vendor-class interface */
            bool has02 = false, has06 = false, has81 = false, has85 = false;
            uint8_t in = 0, out = 0;
            bool in_int = false, out_int = false;
            for (int e = 0; e < id->bNumEndpoints; e++) {
                const struct libusb_endpoint_descriptor *ep = &id->endpoint[e];
                uint8_t type = ep->bmAttributes & 3;
                if (type != LIBUSB_TRANSFER_TYPE_BULK && type != LIBUSB_TRANSFER_TYPE_INTERRUPT)
                    continue;
                uint8_t a = ep->bEndpointAddress;
                has02 |= a == 0x02;
                has06 |= a == 0x06;
                has81 |= a == 0x81;
                has85 |= a == 0x85;
                if ((a & 0x80) && !in) {
                    in = a;
                    in_int = type == LIBUSB_TRANSFER_TYPE_INTERRUPT;
                } else if (!(a & 0x80) && !out) {
                    out = a;
                    out_int = type == LIBUSB_TRANSFER_TYPE_INTERRUPT;
                }
            }
            if (has02 && has06 && has81 && has85) {
                u->split = true;
                u->ep_out = 0x02;
                u->ep_out2 = 0x06;
                u->ep_in = 0x81;
                u->ep_in2 = 0x85;
            } else if (in && out) {
                u->ep_in = in;
                u->ep_out = out;
                u->in_interrupt = in_int;
                u->out_interrupt = out_int;
            } else {
                continue;
            }
            u->ifno = id->bInterfaceNumber;
            ok = true;
        }
    }
    libusb_free_config_descriptor(cd);
    return ok;
}

static enum kerr usb_open(struct idcard_reader *r, const char *spec)
{
    struct kusb_id ids[8];
    size_t n = 0;
    if (!kusb_parse_ids(spec, ids, 8, &n)) {
        snprintf(r->err, sizeof r->err, "E309: idcard.device is not a VID:PID list");
        return K_ERR_INVALID;
    }
    if (n == 0) {
        ids[0] = (struct kusb_id){0x0400, 0xC35A};
        n = 1;
    }
    bool busy = false;
    libusb_device_handle *h = kusb_open_first(ids, n, &busy);
    if (!h)
        return busy ? K_ERR_BUSY : K_ERR_NO_DEVICE;
    struct usbr *u = xcalloc(1, sizeof *u);
    u->h = h;
    if (!pick_interface(u)) {
        libusb_close(h);
        free(u);
        snprintf(r->err, sizeof r->err, "E310: no bulk IN/OUT interface on the reader");
        return K_ERR_UNSUPPORTED;
    }
    libusb_set_auto_detach_kernel_driver(h, 1);
    int rc = libusb_claim_interface(h, u->ifno);
    if (rc != 0) {
        libusb_close(h);
        free(u);
        return map(rc);
    }
    r->priv = u;
    return K_OK;
}

static void usb_close(struct idcard_reader *r)
{
    struct usbr *u = r->priv;
    if (u) {
        libusb_release_interface(u->h, u->ifno);
        libusb_close(u->h);
        free(u);
    }
    r->priv = NULL;
}

static int xfer(struct usbr *u, uint8_t ep, bool intr, uint8_t *buf, int len, int *got, int timeout)
{
    return intr ? libusb_interrupt_transfer(u->h, ep, buf, len, got, (unsigned)timeout)
                : libusb_bulk_transfer(u->h, ep, buf, len, got, (unsigned)timeout);
}

static enum kerr usb_send(struct idcard_reader *r, const uint8_t *f, size_t n, int timeout_ms)
{
    struct usbr *u = r->priv;
    int got = 0, rc;
    if (u->split) {
        /* The caller drained the pair stream; also drop leftovers on both IN pipes. */
        uint8_t junk[512];
        for (int i = 0; i < 8; i++) {
            int a = xfer(u, u->ep_in, false, junk, sizeof junk, &got, 1);
            int b = xfer(u, u->ep_in2, false, junk, sizeof junk, &got, 1);
            if (a == LIBUSB_ERROR_NO_DEVICE || b == LIBUSB_ERROR_NO_DEVICE)
                return K_ERR_NO_DEVICE;
            if (a != 0 && b != 0)
                break;
        }
        u->hdr_got = 0;
        u->body_left = 0;
        if (n < 7)
            return K_ERR_INVALID;
        rc = xfer(u, u->ep_out, false, (uint8_t *)f, 7, &got, timeout_ms);
        if (rc == 0)
            rc = xfer(u, u->ep_out2, false, (uint8_t *)f + 7, (int)(n - 7), &got, timeout_ms);
        return map(rc);
    }
    rc = xfer(u, u->ep_out, u->out_interrupt, (uint8_t *)f, (int)n, &got, timeout_ms);
    return map(rc);
}

static enum kerr usb_recv(struct idcard_reader *r, uint8_t *buf, size_t cap, size_t *got,
                          int timeout_ms)
{
    struct usbr *u = r->priv;
    int g = 0, rc;
    *got = 0;
    if (cap > 0x10000)
        cap = 0x10000;
    if (!u->split) {
        rc = xfer(u, u->ep_in, u->in_interrupt, buf, (int)cap, &g, timeout_ms);
        *got = rc == 0 ? (size_t)g : 0;
        return rc == 0 && g == 0 ? K_ERR_TIMEOUT : map(rc);
    }
    if (u->body_left == 0) {
        /* header pipe: up to 7 bytes "AA AA AA 96 69 Len1 Len2" */
        uint8_t tmp[64];
        rc = xfer(u, u->ep_in, false, tmp, sizeof tmp, &g, timeout_ms);
        if (rc != 0)
            return map(rc);
        size_t take = (size_t)g;
        if (take > 7 - u->hdr_got)
            take = 7 - u->hdr_got;
        memcpy(u->hdr + u->hdr_got, tmp, take);
        u->hdr_got += take;
        if (u->hdr_got == 7) {
            u->body_left = (size_t)u->hdr[5] << 8 | u->hdr[6];
            u->hdr_got = 0;
        }
        size_t give = (size_t)g < cap ? (size_t)g : cap;
        memcpy(buf, tmp, give);
        *got = give;
        return give ? K_OK : K_ERR_TIMEOUT;
    }
    rc = xfer(u, u->ep_in2, false, buf, (int)cap, &g, timeout_ms);
    if (rc != 0)
        return map(rc);
    *got = (size_t)g;
    u->body_left = (size_t)g >= u->body_left ? 0 : u->body_left - (size_t)g;
    return g ? K_OK : K_ERR_TIMEOUT;
}

const struct idcard_ops idcard_usb_ops = {
    .name = "usb",
    .open = usb_open,
    .close = usb_close,
    .send = usb_send,
    .recv = usb_recv,
};
