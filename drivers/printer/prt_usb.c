/* drivers/printer/prt_usb.c: the "usb" transport (libusb, USB printer class).
 *
 * NOT IMPLEMENTED YET: opening it fails with E213 so that a kiosk configured for it says so
 * plainly instead of printing nothing. Use printer.driver=lp (the kernel's usblp) meanwhile.
 * Layer: drivers.
 */
#include <stdio.h>

#include "drivers/printer/printer.h"

static enum kerr usb_open(struct printer *p, const char *device, char *err, size_t errlen)
{
    (void)p;
    snprintf(err, errlen,
             "E213: the libusb printer transport is not built yet (device \"%s\"); use "
             "printer.driver=lp with /dev/usb/lpN",
             device);
    return K_ERR_UNSUPPORTED;
}

static enum kerr usb_write(struct printer *p, const uint8_t *buf, size_t n, int timeout_ms)
{
    (void)p, (void)buf, (void)n, (void)timeout_ms;
    return K_ERR_UNSUPPORTED;
}

static enum kerr usb_read(struct printer *p, uint8_t *buf, size_t cap, size_t *got, int timeout_ms)
{
    (void)p, (void)buf, (void)cap, (void)timeout_ms;
    *got = 0;
    return K_ERR_UNSUPPORTED;
}

static void usb_close(struct printer *p)
{
    (void)p;
}

const struct printer_ops printer_usb_ops = {
    .name = "usb",
    .open = usb_open,
    .write = usb_write,
    .read = usb_read,
    .close = usb_close,
};
