/* drivers/printer/printer_usb.c: the "usb" transport: a USB printer-class device through libusb.
 *
 * device: "" (the first printer-class interface found) or "VID:PID" in hex ("0416:5011").
 * The interface is found by class 7 (or vendor class 0xFF on Epson's 04b8), the bulk OUT and
 * bulk IN endpoints are read from its descriptor, the kernel's usblp is detached on claim
 * (libusb auto-detach; re-attached on release), GET_DEVICE_ID gives the IEEE 1284 identity and
 * GET_PORT_STATUS is asked once as a liveness probe. Status itself is DLE EOT over bulk IN (the
 * class request has only 3 bits). A unidirectional printer (no IN endpoint) cannot report
 * status: reads return nothing and printer_status says E208. Layer: drivers.
 */
#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/printer/printer.h"
#include "platform/log.h"
#include "platform/xalloc.h"

struct usbp {
    libusb_context *ctx;
    libusb_device_handle *h;
    int ifno, alt, config;
    uint8_t ep_out, ep_in;
    uint16_t in_packet;
    uint8_t rx[512]; /* bytes read from IN but not yet handed out */
    size_t rx_len;
    int port_status; /* GET_PORT_STATUS at open, -1 when the request failed */
};

static enum kerr usb_kerr(int rc)
{
    if (rc == LIBUSB_ERROR_NO_DEVICE || rc == LIBUSB_ERROR_NOT_FOUND)
        return K_ERR_NO_DEVICE;
    if (rc == LIBUSB_ERROR_TIMEOUT)
        return K_ERR_TIMEOUT;
    if (rc == LIBUSB_ERROR_BUSY || rc == LIBUSB_ERROR_ACCESS)
        return K_ERR_BUSY;
    return K_ERR_IO;
}

static bool parse_vid_pid(const char *s, unsigned *vid, unsigned *pid)
{
    char tail;
    return sscanf(s, "%4x:%4x%c", vid, pid, &tail) == 2;
}

/* Find the printer interface of dev: true with ifno/alt/endpoints filled. */
static bool find_interface(libusb_device *dev, uint16_t vid, struct usbp *u)
{
    struct libusb_config_descriptor *cd = NULL;
    if (libusb_get_active_config_descriptor(dev, &cd) != 0 &&
        libusb_get_config_descriptor(dev, 0, &cd) != 0)
        return false;
    bool found = false;
    for (int i = 0; i < cd->bNumInterfaces && !found; i++) {
        const struct libusb_interface *itf = &cd->interface[i];
        for (int a = 0; a < itf->num_altsetting && !found; a++) {
            const struct libusb_interface_descriptor *id = &itf->altsetting[a];
            bool printer = id->bInterfaceClass == LIBUSB_CLASS_PRINTER ||
                           (id->bInterfaceClass == 0xFF && vid == 0x04b8);
            if (!printer)
                continue;
            uint8_t out = 0, in = 0;
            uint16_t in_packet = 64;
            for (int e = 0; e < id->bNumEndpoints; e++) {
                const struct libusb_endpoint_descriptor *ep = &id->endpoint[e];
                if ((ep->bmAttributes & 3) != LIBUSB_TRANSFER_TYPE_BULK)
                    continue;
                if (ep->bEndpointAddress & 0x80) {
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
            u->ifno = id->bInterfaceNumber;
            u->alt = id->bAlternateSetting;
            u->config = cd->bConfigurationValue;
            u->ep_out = out;
            u->ep_in = in;
            u->in_packet = in_packet > sizeof(u->rx) ? sizeof(u->rx) : in_packet;
            found = true;
        }
    }
    libusb_free_config_descriptor(cd);
    return found;
}

static enum kerr usb_open(struct printer *p, const char *device, char *err, size_t errlen)
{
    unsigned want_vid = 0, want_pid = 0;
    bool match = device[0] != '\0';
    if (match && !parse_vid_pid(device, &want_vid, &want_pid)) {
        snprintf(err, errlen, "E214: printer.device \"%s\" is not VID:PID (hex)", device);
        return K_ERR_INVALID;
    }
    struct usbp *u = xcalloc(1, sizeof(*u));
    enum kerr e = K_ERR_NO_DEVICE;
    int rc = libusb_init(&u->ctx);
    if (rc != 0) {
        snprintf(err, errlen, "E214: libusb_init: %s", libusb_strerror(rc));
        free(u);
        return K_ERR_IO;
    }
    libusb_device **list = NULL;
    ssize_t n = libusb_get_device_list(u->ctx, &list);
    libusb_device *chosen = NULL;
    for (ssize_t i = 0; i < n && !chosen; i++) {
        struct libusb_device_descriptor dd;
        if (libusb_get_device_descriptor(list[i], &dd) != 0)
            continue;
        if (match && (dd.idVendor != want_vid || dd.idProduct != want_pid))
            continue;
        if (find_interface(list[i], dd.idVendor, u))
            chosen = list[i];
    }
    if (!chosen) {
        snprintf(err, errlen, "E202: no USB printer found%s%s", match ? " for " : "", device);
        goto fail_list;
    }
    rc = libusb_open(chosen, &u->h);
    if (rc != 0) {
        snprintf(err, errlen, "E214: cannot open the USB printer: %s", libusb_strerror(rc));
        e = usb_kerr(rc);
        goto fail_list;
    }
    libusb_free_device_list(list, 1);
    list = NULL;
    /* usblp owns the interface; detach it on claim and give it back on release. */
    libusb_set_auto_detach_kernel_driver(u->h, 1);
    rc = libusb_claim_interface(u->h, u->ifno);
    if (rc == 0 && u->alt)
        rc = libusb_set_interface_alt_setting(u->h, u->ifno, u->alt);
    if (rc != 0) {
        snprintf(err, errlen, "E214: cannot claim the USB printer interface %d: %s", u->ifno,
                 libusb_strerror(rc));
        e = usb_kerr(rc);
        goto fail_open;
    }
    uint8_t ps = 0;
    rc = libusb_control_transfer(u->h, 0xA1, 1 /* GET_PORT_STATUS */, 0, (uint16_t)u->ifno, &ps, 1,
                                 1000);
    u->port_status = rc == 1 ? ps : -1;
    if (rc == LIBUSB_ERROR_NO_DEVICE) {
        snprintf(err, errlen, "E202: USB printer gone while opening");
        e = K_ERR_NO_DEVICE;
        goto fail_claim;
    }
    p->priv = u;
    return K_OK;
fail_claim:
    libusb_release_interface(u->h, u->ifno);
fail_open:
    libusb_close(u->h);
fail_list:
    if (list)
        libusb_free_device_list(list, 1);
    libusb_exit(u->ctx);
    free(u);
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
        if (done > 0)
            off += (size_t)done;
        if (rc != 0)
            return usb_kerr(rc);
        if (done == 0)
            return K_ERR_IO;
    }
    return K_OK;
}

static enum kerr usb_read(struct printer *p, uint8_t *buf, size_t cap, size_t *got, int timeout_ms)
{
    struct usbp *u = p->priv;
    *got = 0;
    if (!u->ep_in)
        return K_OK; /* unidirectional: nothing ever comes back */
    if (u->rx_len == 0) {
        int done = 0;
        /* libusb's timeout 0 means forever: "do not wait" becomes 1 ms. */
        int rc = libusb_bulk_transfer(u->h, u->ep_in, u->rx, u->in_packet, &done,
                                      (unsigned)(timeout_ms > 0 ? timeout_ms : 1));
        if (rc == LIBUSB_ERROR_TIMEOUT && done == 0)
            return K_OK;
        if (rc != 0 && rc != LIBUSB_ERROR_TIMEOUT)
            return usb_kerr(rc);
        u->rx_len = (size_t)done;
    }
    size_t k = u->rx_len < cap ? u->rx_len : cap;
    memcpy(buf, u->rx, k);
    memmove(u->rx, u->rx + k, u->rx_len - k);
    u->rx_len -= k;
    *got = k;
    return K_OK;
}

static void usb_close(struct printer *p)
{
    struct usbp *u = p->priv;
    if (!u)
        return;
    libusb_release_interface(u->h, u->ifno); /* auto-detach gives usblp the interface back */
    libusb_close(u->h);
    libusb_exit(u->ctx);
    free(u);
    p->priv = NULL;
}

static enum kerr usb_identify(struct printer *p, char *out, size_t n)
{
    struct usbp *u = p->priv;
    uint8_t id[1024];
    int rc = libusb_control_transfer(u->h, 0xA1, 0 /* GET_DEVICE_ID */, (uint16_t)(u->config - 1),
                                     (uint16_t)(u->ifno << 8 | u->alt), id, sizeof(id), 1000);
    if (rc < 2)
        return rc < 0 ? usb_kerr(rc) : K_ERR_PROTOCOL;
    /* A 2-byte big-endian length that includes itself, then "MFG:...;CMD:...;MDL:...;". */
    size_t len = (size_t)id[0] << 8 | id[1];
    if (len < 2 || len > (size_t)rc)
        len = (size_t)rc;
    size_t k = 0;
    for (size_t i = 2; i < len && k + 1 < n; i++)
        out[k++] = id[i] >= 0x20 && id[i] < 0x7F ? (char)id[i] : '?';
    out[k] = '\0';
    return K_OK;
}

const struct printer_ops printer_usb_ops = {
    .name = "usb",
    .open = usb_open,
    .write = usb_write,
    .read = usb_read,
    .close = usb_close,
    .identify = usb_identify,
};
