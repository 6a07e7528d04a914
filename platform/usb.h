/* platform/usb.h: the process-wide libusb context and device lookup by VID:PID list.
 *
 * Platform layer; with the USB transports, the only code that includes libusb.h. The context
 * is created on first use (libusb_init; Debian 12's libusb 1.0.26 has no
 * libusb_init_context) and lives until exit. Thread-safe.
 */
#ifndef PLATFORM_USB_H
#define PLATFORM_USB_H

#include <libusb.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The shared context, NULL when libusb cannot be initialised. */
libusb_context *kusb_context(void);

struct kusb_id {
    uint16_t vid, pid;
};

/* Parse "0400:C35A,1234:abcd" (hex, separated by commas or spaces) into ids; false on a
 * malformed entry or more than max entries. An empty spec gives *n = 0. */
bool kusb_parse_ids(const char *spec, struct kusb_id *ids, size_t max, size_t *n);
/* Open the first attached device whose VID:PID is in ids; NULL if none (or open failed:
 * *busy tells LIBUSB_ERROR_ACCESS/BUSY apart when busy is not NULL). */
libusb_device_handle *kusb_open_first(const struct kusb_id *ids, size_t n, bool *busy);

#endif
