/* drivers/printer/prt_usb.c: the "usb" transport: a USB printer-class printer through libusb.
 *
 * device: "" (the first printer-class interface found) or "VVVV:PPPP" (hex vendor:product;
 * then a vendor-specific interface 0xFF with a bulk OUT endpoint is accepted too, for Epson
 * TMs in vendor class). Endpoints come from the descriptors (bulk OUT, bulk IN when the
 * interface is bidirectional); a kernel driver (usblp) holding the interface is detached and
 * re-attached at close. At open the class requests GET_DEVICE_ID (IEEE 1284 ID, kept in
 * p->identity) and GET_PORT_STATUS (liveness) are asked. Replies on bulk IN are read a whole
 * packet at a time into a small buffer (a 1-byte read of a longer packet would overflow) and
 * handed out from there. Owns its libusb context (the printer is opened for a job and closed
 * again, so it needs no hotplug). Layer: drivers.
 * Facts: ../shared/research/escpos.md section 4.
 */
#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/printer/printer.h"
#include "platform/log.h"
#include "platform/xalloc.h"

#define USB_CLASS_PRINTER  0x07
#define REQ_GET_DEVICE_ID  0
#define REQ_GET_PORT_STATS 1

struct usbp {
    libusb_context *ctx;
    libusb_device_handle *h;
    int ifno, alt;
    uint8_t ep_out, ep_in; /* ep_in 0 = unidirectional */
    size_t in_packet;      /* wMaxPacketSize of ep_in */
    bool detached, claimed;
    uint8_t inbuf[1024];
    size_t inlen, inpos;
};

static enum kerr usb_kerr(int rc)
{
    switch (rc) {
    case LIBUSB_ERROR_NO_DEVICE:
    case LIBUSB_ERROR_NOT_FOUND:
        return K_ERR_NO_DEVICE;
    case LIBUSB_ERROR_TIMEOUT:
        return K_ERR_TIMEOUT;
    default:
        return K_ERR_IO;
    }
}

/* Find the printer interface of dev: class 7 (or 0xFF when vendor_ok) with a bulk OUT
 * endpoint; prefers a bidirectional altsetting. */
static bool find_interface(libusb_device *dev, bool vendor_ok, struct usbp *u)
{
    struct libusb_config_descriptor *cfg = NULL;
    if (libusb_get_active_config_descriptor(dev, &cfg) != 0 &&
        libusb_get_config_descriptor(dev, 0, &cfg) != 0)
        return false;
    bool found = false;
    for (int i = 0; i < cfg->bNumInterfaces && !found; i++) {
        const struct libusb_interface *itf = &cfg->interface[i];
        for (int a = 0; a < itf->num_altsetting; a++) {
            const struct libusb_interface_descriptor *d = &itf->altsetting[a];
            if (d->bInterfaceClass != USB_CLASS_PRINTER &&
                !(vendor_ok && d->bInterfaceClass == LIBUSB_CLASS_VENDOR_SPEC))
                continue;
            uint8_t out = 0, in = 0;
            size_t in_packet = 64;
            for (int e = 0; e < d->bNumEndpoints; e++) {
                const struct libusb_endpoint_descriptor *ep = &d->endpoint[e];
                if ((ep->bmAttributes & 3) != LIBUSB_TRANSFER_TYPE_BULK)
                    continue;
                if (ep->bEndpointAddress & LIBUSB_ENDPOINT_IN) {
                    if (!in) {
                        in = ep->bEndpointAddress;
                        in_packet = ep->wMaxPacketSize ? ep->wMaxPacketSize : 64;
                    }
                } else if (!out) {
                    out = ep->bEndpointAddress;
                }
            }
            if (!out)
                continue;
            /* Take the first usable setting, but a bidirectional one over a one-way one. */
            if (!u->ep_out || (!u->ep_in && in)) {
                u->ifno = d->bInterfaceNumber;
                u->alt = d->bAlternateSetting;
                u->ep_out = out;
                u->ep_in = in;
                u->in_packet = in_packet > sizeof(u->inbuf) ? sizeof(u->inbuf) : in_packet;
            }
            if (u->ep_in)
                found = true;
        }
        if (u->ep_out)
            found = true;
    }
    libusb_free_config_descriptor(cfg);
    return found;
}

/* The IEEE 1284 device ID (2-byte big-endian length, then text), made printable ASCII. */
static void read_device_id(struct printer *p, struct usbp *u)
{
    uint8_t buf[1024];
    int n = libusb_control_transfer(
        u->h, LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE,
        REQ_GET_DEVICE_ID, 0, (uint16_t)((u->ifno << 8) | u->alt), buf, sizeof(buf), 1000);
    p->identity[0] = '\0';
    if (n < 2) {
        log_msg(LOG_INFO, "printer", "usb: no IEEE 1284 device ID (%s)",
                n < 0 ? libusb_error_name(n) : "short");
        return;
    }
    size_t len = ((size_t)buf[0] << 8) | buf[1];
    if (len > (size_t)n)
        len = (size_t)n; /* a length that lies is cut to what came */
    size_t o = 0;
    for (size_t i = 2; i < len && o + 1 < sizeof(p->identity); i++)
        p->identity[o++] = buf[i] >= 0x20 && buf[i] < 0x7F ? (char)buf[i] : '?';
    p->identity[o] = '\0';
}

static void usb_close(struct printer *p);

static enum kerr usb_open(struct printer *p, const char *device, char *err, size_t errlen)
{
    unsigned vid = 0, pid = 0;
    bool want = false;
    if (device[0]) {
        char extra;
        if (sscanf(device, "%4x:%4x%c", &vid, &pid, &extra) != 2) {
            snprintf(err, errlen, "E214: printer.device \"%s\" is not VVVV:PPPP (hex) or empty",
                     device);
            return K_ERR_INVALID;
        }
        want = true;
    }
    struct usbp *u = xcalloc(1, sizeof(*u));
    p->priv = u;
    int rc = libusb_init(&u->ctx);
    if (rc != 0) {
        snprintf(err, errlen, "E214: libusb: %s", libusb_error_name(rc));
        usb_close(p);
        return K_ERR_IO;
    }
    libusb_device **list = NULL;
    ssize_t n = libusb_get_device_list(u->ctx, &list);
    libusb_device *dev = NULL;
    for (ssize_t i = 0; i < n && !dev; i++) {
        struct libusb_device_descriptor dd;
        if (libusb_get_device_descriptor(list[i], &dd) != 0)
            continue;
        if (want && (dd.idVendor != vid || dd.idProduct != pid))
            continue;
        struct usbp probe = {0};
        if (find_interface(list[i], want, &probe)) {
            dev = list[i];
            u->ifno = probe.ifno, u->alt = probe.alt;
            u->ep_out = probe.ep_out, u->ep_in = probe.ep_in, u->in_packet = probe.in_packet;
        }
    }
    enum kerr e = K_OK;
    if (!dev) {
        snprintf(err, errlen, "E214: no USB printer%s%s found", want ? " " : "", device);
        e = K_ERR_NO_DEVICE;
        goto out;
    }
    rc = libusb_open(dev, &u->h);
    if (rc != 0) {
        snprintf(err, errlen, "E214: cannot open USB printer: %s%s", libusb_error_name(rc),
                 rc == LIBUSB_ERROR_ACCESS ? " (udev rule missing?)" : "");
        e = usb_kerr(rc) == K_ERR_NO_DEVICE ? K_ERR_NO_DEVICE : K_ERR_IO;
        goto out;
    }
    if (libusb_kernel_driver_active(u->h, u->ifno) == 1) {
        rc = libusb_detach_kernel_driver(u->h, u->ifno);
        if (rc != 0) {
            snprintf(err, errlen, "E214: cannot detach the kernel driver: %s",
                     libusb_error_name(rc));
            e = K_ERR_IO;
            goto out;
        }
        u->detached = true;
    }
    rc = libusb_claim_interface(u->h, u->ifno);
    if (rc != 0) {
        snprintf(err, errlen, "E214: cannot claim the printer interface: %s",
                 libusb_error_name(rc));
        e = usb_kerr(rc) == K_ERR_NO_DEVICE ? K_ERR_NO_DEVICE : K_ERR_IO;
        goto out;
    }
    u->claimed = true;
    if (u->alt != 0 && (rc = libusb_set_interface_alt_setting(u->h, u->ifno, u->alt)) != 0) {
        snprintf(err, errlen, "E214: cannot select the printer setting: %s", libusb_error_name(rc));
        e = K_ERR_IO;
        goto out;
    }
    read_device_id(p, u);
    uint8_t port = 0;
    rc = libusb_control_transfer(
        u->h, LIBUSB_ENDPOINT_IN | LIBUSB_REQUEST_TYPE_CLASS | LIBUSB_RECIPIENT_INTERFACE,
        REQ_GET_PORT_STATS, 0, (uint16_t)u->ifno, &port, 1, 1000);
    if (rc == LIBUSB_ERROR_NO_DEVICE) {
        snprintf(err, errlen, "E214: USB printer went away while opening");
        e = K_ERR_NO_DEVICE;
        goto out;
    }
    log_msg(LOG_INFO, "printer", "usb: interface %d out 0x%02X in 0x%02X port status %s0x%02X",
            u->ifno, u->ep_out, u->ep_in, rc == 1 ? "" : "(none) ", port);
out:
    if (list)
        libusb_free_device_list(list, 1);
    if (e != K_OK)
        usb_close(p);
    return e;
}

static enum kerr usb_write(struct printer *p, const uint8_t *buf, size_t n, int timeout_ms)
{
    struct usbp *u = p->priv;
    size_t off = 0;
    while (off < n) {
        int chunk = n - off > 16384 ? 16384 : (int)(n - off), done = 0;
        int rc = libusb_bulk_transfer(u->h, u->ep_out, (unsigned char *)(uintptr_t)(buf + off),
                                      chunk, &done, (unsigned)(timeout_ms > 0 ? timeout_ms : 1));
        off += (size_t)(done > 0 ? done : 0);
        if (rc == LIBUSB_ERROR_PIPE) {
            libusb_clear_halt(u->h, u->ep_out);
            return K_ERR_IO;
        }
        if (rc != 0)
            return usb_kerr(rc);
    }
    return K_OK;
}

static enum kerr usb_read(struct printer *p, uint8_t *buf, size_t cap, size_t *got, int timeout_ms)
{
    struct usbp *u = p->priv;
    *got = 0;
    if (u->inpos >= u->inlen) {
        if (!u->ep_in)
            return K_OK; /* a one-way printer never answers */
        int done = 0;
        /* libusb's 0 means "forever": "do not wait" is the shortest wait it has. */
        int rc = libusb_bulk_transfer(u->h, u->ep_in, u->inbuf, (int)u->in_packet, &done,
                                      (unsigned)(timeout_ms > 0 ? timeout_ms : 1));
        if (rc == LIBUSB_ERROR_TIMEOUT && done <= 0)
            return K_OK;
        if (rc == LIBUSB_ERROR_PIPE) {
            libusb_clear_halt(u->h, u->ep_in);
            return K_ERR_IO;
        }
        if (rc != 0 && rc != LIBUSB_ERROR_TIMEOUT)
            return usb_kerr(rc);
        u->inlen = (size_t)(done > 0 ? done : 0);
        u->inpos = 0;
    }
    size_t k = u->inlen - u->inpos < cap ? u->inlen - u->inpos : cap;
    memcpy(buf, u->inbuf + u->inpos, k);
    u->inpos += k;
    *got = k;
    return K_OK;
}

static void usb_close(struct printer *p)
{
    struct usbp *u = p->priv;
    if (!u)
        return;
    if (u->h) {
        if (u->claimed)
            libusb_release_interface(u->h, u->ifno);
        if (u->detached)
            libusb_attach_kernel_driver(u->h, u->ifno);
        libusb_close(u->h);
    }
    if (u->ctx)
        libusb_exit(u->ctx);
    free(u);
    p->priv = NULL;
}

const struct printer_ops printer_usb_ops = {
    .name = "usb",
    .open = usb_open,
    .write = usb_write,
    .read = usb_read,
    .close = usb_close,
};
