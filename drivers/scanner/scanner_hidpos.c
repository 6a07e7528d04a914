/* drivers/scanner/scanner_hidpos.c: a scanner in HID Point of Sale mode, through libusb
 * (drivers; a USB transport, so it may include libusb.h).
 *
 * HID-POS bar code scanners (usage page 0x8C, USB-IF "HID Point of Sale Usage Tables") send
 * each scan in 64-byte input reports; the layout used by Newland and others
 * (research/capture-qr-calendar.md 2.1) is:
 *     [0] report ID 0x02  [1] data length in this report (0..56)  [2..57] data
 *     [62] symbology ID   [63] 1 while the scan continues in the next report, else 0
 * A scan longer than 56 bytes is reassembled from consecutive reports while [63] is set. A
 * report that breaks the layout (length beyond the data area, short report in a
 * continuation) drops the scan being assembled (E407). Reports with other IDs are ignored.
 *
 * The device is "VVVV:PPPP", or "" for the first HID interface whose report descriptor
 * starts with usage page 0x8C. The HID driver is detached automatically while we hold the
 * interface. Every open makes a fresh libusb context, so a scanner that was unplugged and
 * plugged back (new device number) is found again.
 */
#include <libusb.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drivers/scanner/assemble.h"
#include "drivers/scanner/scanner.h"
#include "platform/xalloc.h"

#define REPORT_SIZE           HIDPOS_REPORT_SIZE
#define STALE_MS              1000
#define USAGE_PAGE            0x8C
#define HID_CLASS             3
#define HID_REPORT_DESCRIPTOR 0x22

struct hidpos {
    libusb_context *ctx;
    libusb_device_handle *h;
    int ifno;
    uint8_t ep_in;
    struct hidpos_asm as; /* the scan being reassembled (assemble.c) */
    int64_t last_ms;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Does the report descriptor of interface ifno start with Usage Page (Bar Code Scanner)? */
static bool is_pos_interface(libusb_device_handle *h, int ifno)
{
    uint8_t d[256];
    int n = libusb_control_transfer(h, LIBUSB_ENDPOINT_IN | LIBUSB_RECIPIENT_INTERFACE,
                                    LIBUSB_REQUEST_GET_DESCRIPTOR, HID_REPORT_DESCRIPTOR << 8,
                                    (uint16_t)ifno, d, sizeof d, 1000);
    if (n >= 2 && d[0] == 0x05 && d[1] == USAGE_PAGE)
        return true; /* Usage Page, 1-byte data */
    return n >= 3 && d[0] == 0x06 && d[1] == USAGE_PAGE && d[2] == 0x00; /* 2-byte data */
}

/* The HID interface of dev with an interrupt IN endpoint (the POS one when several). */
static bool pick_interface(libusb_device *dev, libusb_device_handle *h, bool need_pos, int *ifno,
                           uint8_t *ep)
{
    struct libusb_config_descriptor *cfg;
    if (libusb_get_active_config_descriptor(dev, &cfg) != 0 &&
        libusb_get_config_descriptor(dev, 0, &cfg) != 0)
        return false;
    int found = -1, found_pos = -1;
    uint8_t ep_any = 0, ep_pos = 0;
    for (int i = 0; i < cfg->bNumInterfaces; i++) {
        if (cfg->interface[i].num_altsetting < 1)
            continue;
        const struct libusb_interface_descriptor *alt = &cfg->interface[i].altsetting[0];
        if (alt->bInterfaceClass != HID_CLASS)
            continue;
        for (int e = 0; e < alt->bNumEndpoints; e++) {
            const struct libusb_endpoint_descriptor *epd = &alt->endpoint[e];
            if ((epd->bEndpointAddress & LIBUSB_ENDPOINT_IN) &&
                (epd->bmAttributes & 3) == LIBUSB_TRANSFER_TYPE_INTERRUPT) {
                if (found < 0) {
                    found = alt->bInterfaceNumber;
                    ep_any = epd->bEndpointAddress;
                }
                if (found_pos < 0 && is_pos_interface(h, alt->bInterfaceNumber)) {
                    found_pos = alt->bInterfaceNumber;
                    ep_pos = epd->bEndpointAddress;
                }
                break;
            }
        }
    }
    libusb_free_config_descriptor(cfg);
    if (found_pos >= 0) {
        *ifno = found_pos;
        *ep = ep_pos;
        return true;
    }
    if (need_pos || found < 0)
        return false;
    *ifno = found;
    *ep = ep_any;
    return true;
}

static enum kerr hidpos_open(struct scanner *s, const char *device, char *err, size_t errlen)
{
    unsigned vid = 0, pid = 0;
    bool by_id = device[0] != '\0';
    if (by_id && !scanner_parse_vidpid(device, &vid, &pid)) {
        snprintf(err, errlen, "E409: scanner.device \"%s\" is not VID:PID (e.g. 1eab:0d10)",
                 device);
        return K_ERR_INVALID;
    }
    struct hidpos *hp = xcalloc(1, sizeof *hp);
    enum kerr e = K_ERR_NO_DEVICE;
    int r = libusb_init(&hp->ctx);
    if (r != 0) {
        snprintf(err, errlen, "E403: libusb_init: %s", libusb_strerror(r));
        e = K_ERR_IO;
        goto free_hp;
    }
    libusb_device **list = NULL;
    ssize_t n = libusb_get_device_list(hp->ctx, &list);
    if (by_id)
        snprintf(err, errlen, "E402: no USB device %04x:%04x", vid, pid);
    else
        snprintf(err, errlen, "E402: no HID-POS scanner (usage page 0x8C)");
    for (ssize_t i = 0; i < n && !hp->h; i++) {
        struct libusb_device_descriptor dd;
        if (libusb_get_device_descriptor(list[i], &dd) != 0)
            continue;
        if (by_id && (dd.idVendor != vid || dd.idProduct != pid))
            continue;
        libusb_device_handle *h;
        if ((r = libusb_open(list[i], &h)) != 0) {
            if (by_id) {
                snprintf(err, errlen, "E403: cannot open USB device %04x:%04x: %s", vid, pid,
                         libusb_strerror(r));
                e = r == LIBUSB_ERROR_NO_DEVICE ? K_ERR_NO_DEVICE : K_ERR_IO;
            }
            continue;
        }
        if (!pick_interface(list[i], h, !by_id, &hp->ifno, &hp->ep_in)) {
            if (by_id)
                snprintf(err, errlen, "E403: USB device %04x:%04x has no HID input interface", vid,
                         pid);
            libusb_close(h);
            continue;
        }
        libusb_set_auto_detach_kernel_driver(h, 1);
        if ((r = libusb_claim_interface(h, hp->ifno)) != 0) {
            snprintf(err, errlen, "E403: cannot claim interface %d of %04x:%04x: %s", hp->ifno,
                     dd.idVendor, dd.idProduct, libusb_strerror(r));
            e = r == LIBUSB_ERROR_NO_DEVICE ? K_ERR_NO_DEVICE : K_ERR_IO;
            libusb_close(h);
            continue;
        }
        hp->h = h;
    }
    if (list)
        libusb_free_device_list(list, 1);
    if (!hp->h)
        goto exit_ctx;
    err[0] = '\0';
    s->priv = hp;
    return K_OK;

exit_ctx:
    libusb_exit(hp->ctx);
free_hp:
    free(hp);
    return e;
}

static void reset_scan(struct hidpos *hp)
{
    hidpos_asm_reset(&hp->as);
}

static enum kerr hidpos_read(struct scanner *s, char *buf, size_t cap, size_t *len, int timeout_ms)
{
    struct hidpos *hp = s->priv;
    int64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        int64_t now = now_ms();
        if (hp->as.assembling && now - hp->last_ms > STALE_MS) {
            reset_scan(hp);
            snprintf(s->error, sizeof s->error,
                     "E407: HID-POS scan never finished (continuation missing), dropped");
            return K_ERR_PROTOCOL;
        }
        int wait = (int)(deadline - now);
        if (wait <= 0)
            return K_ERR_TIMEOUT;
        if (hp->as.assembling && wait > STALE_MS - (now - hp->last_ms))
            wait = (int)(STALE_MS - (now - hp->last_ms)) + 1; /* wake up to drop it */
        uint8_t rep[REPORT_SIZE];
        int got = 0;
        /* libusb: a timeout of 0 means forever, so wait is at least 1 here */
        int r = libusb_interrupt_transfer(hp->h, hp->ep_in, rep, sizeof rep, &got, (unsigned)wait);
        if (r == LIBUSB_ERROR_TIMEOUT && got == 0)
            continue;
        if (r == LIBUSB_ERROR_NO_DEVICE) {
            snprintf(s->error, sizeof s->error, "E404: HID-POS scanner unplugged");
            return K_ERR_NO_DEVICE;
        }
        if (r != 0 && r != LIBUSB_ERROR_TIMEOUT && r != LIBUSB_ERROR_OVERFLOW) {
            snprintf(s->error, sizeof s->error, "E410: HID-POS read: %s", libusb_strerror(r));
            return K_ERR_IO;
        }
        if (r == LIBUSB_ERROR_OVERFLOW) {
            reset_scan(hp);
            snprintf(s->error, sizeof s->error, "E407: HID-POS report larger than %d bytes",
                     REPORT_SIZE);
            return K_ERR_PROTOCOL;
        }
        hp->last_ms = now_ms();
        enum kerr e =
            hidpos_asm_report(&hp->as, rep, got, buf, cap, len, s->error, sizeof s->error);
        explicit_bzero(rep, sizeof rep);
        if (e != K_ERR_TIMEOUT)
            return e;
    }
}

static void hidpos_close(struct scanner *s)
{
    struct hidpos *hp = s->priv;
    if (!hp)
        return;
    libusb_release_interface(hp->h, hp->ifno); /* auto-detach re-attaches the HID driver */
    libusb_close(hp->h);
    libusb_exit(hp->ctx);
    explicit_bzero(hp, sizeof *hp);
    free(hp);
    s->priv = NULL;
}

const struct scanner_ops scanner_hidpos_ops = {
    .name = "hidpos",
    .open = hidpos_open,
    .read = hidpos_read,
    .close = hidpos_close,
};
