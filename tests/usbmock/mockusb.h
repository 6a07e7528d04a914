/* tests/usbmock/mockusb.h: emulated USB devices for tests, seen by the REAL libusb.
 *
 * Test-support layer (tests/ only; never linked into the kiosk). It puts devices into a
 * umockdev testbed (sysfs entry + /dev/bus/usb node + a usbfs ioctl handler), so that the
 * unmodified libusb 1.0.26 Linux backend enumerates, opens, claims and transfers to them.
 * See ../shared/research/umockdev.md for why this works and its limits.
 *
 * What is emulated (the usbfs ioctl ABI libusb uses): GET_CAPABILITIES, SUBMITURB (control,
 * bulk, interrupt), REAPURB(NDELAY), DISCARDURB (timeouts/cancel), CLAIM/RELEASEINTERFACE,
 * DISCONNECT_CLAIM, GETDRIVER, IOCTL(DISCONNECT/CONNECT) (kernel driver detach/attach),
 * SETINTERFACE, SETCONFIGURATION, CLEAR_HALT, RESETEP, RESET. Standard GET_DESCRIPTOR
 * (device, configuration, string) and GET_CONFIGURATION are answered from the caller's
 * descriptor blob and string table; every other control request goes to the model.
 * Not emulated: isochronous transfers, babble/overflow, real timing.
 *
 * HOW TO USE (a device model = descriptors + two callbacks):
 *
 *     struct mockusb_bed *bed = mockusb_bed_create();   // BEFORE libusb_init()
 *     if (!bed) return 77;                               // preload not active: skip
 *     static const uint8_t desc[] = { 18-byte device descriptor, then the configuration
 *         descriptor with its interfaces and endpoints, exactly as sysfs "descriptors" };
 *     struct mockusb_config cfg = {.descriptors = desc, .descriptors_len = sizeof desc,
 *         .strings = (const char *[]){"Maker", "Product", "SN1"}, .nstrings = 3,
 *         .kernel_driver = "usblp"};                     // or NULL: no driver bound
 *     struct mockusb_model model = {.control = my_control, .data_out = my_out};
 *     struct mockusb_dev *dev = mockusb_dev_create(bed, &cfg, &model, my_state);
 *     mockusb_plug(dev);                                 // appears; libusb hotplug ARRIVED
 *     ... libusb code under test runs ...
 *     // inside my_out(): parse the host's bytes, answer with
 *     //     mockusb_queue_in(dev, 0x81, reply, reply_len);
 *     mockusb_unplug(dev);                               // in-flight URBs fail NO_DEVICE, LEFT
 *     mockusb_dev_destroy(dev);
 *     mockusb_bed_destroy(bed);                          // after libusb_exit()
 *
 * Linking: a test links the `usbmock` CMake target (it brings umockdev and links
 * libumockdev-preload.so into the test executable, which is what redirects /sys and /dev;
 * no wrapper needed) and sets SKIP_RETURN_CODE 77:
 *     target_link_libraries(<test> PRIVATE usbmock)
 *     set_tests_properties(<test> PROPERTIES SKIP_RETURN_CODE 77)
 *
 * Threads: model callbacks run on umockdev's worker thread (never on the test's thread) and
 * must not block; they may call mockusb_queue_in(). mockusb_queue_in(), mockusb_plug/unplug
 * and the queries are thread-safe and may be called from any thread. libusb busy-polls
 * REAPURBNDELAY while a device is open (a mocked node is a regular file): do not assert on
 * CPU use. No timed assertions: wait for what the device saw (mockusb_wait_out) instead.
 *
 * IN data: each mockusb_queue_in() call is one device-side transfer ("message"). A pending IN
 * URB on that endpoint receives the next message; if the URB's buffer is smaller, it gets the
 * first part and the rest waits for the next URB (like a transfer split on packet bounds).
 * A message is never merged with the next one into a single URB (the short packet ends it).
 */
#ifndef TESTS_USBMOCK_MOCKUSB_H
#define TESTS_USBMOCK_MOCKUSB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct mockusb_bed;
struct mockusb_dev;

/* A device model. Every callback is optional; user is the pointer given at creation. */
struct mockusb_model {
    /* A control request that is not a standard GET_DESCRIPTOR/GET_CONFIGURATION. setup is the
     * 8-byte SETUP packet (bmRequestType, bRequest, wValue, wIndex, wLength little-endian).
     * For device-to-host requests (setup[0] & 0x80) write at most len bytes into data and
     * return how many; for host-to-device requests data holds the len bytes sent; return 0.
     * Return -1 to STALL (libusb reports LIBUSB_ERROR_PIPE). Without this callback, every
     * such request stalls. */
    int (*control)(struct mockusb_dev *dev, const uint8_t setup[8], uint8_t *data, size_t len,
                   void *user);
    /* The host sent n bytes on OUT endpoint ep (bulk or interrupt). The transfer completes
     * with all bytes accepted. */
    void (*data_out)(struct mockusb_dev *dev, uint8_t ep, const uint8_t *data, size_t n,
                     void *user);
};

struct mockusb_config {
    /* The device descriptor (18 bytes) followed by ONE configuration descriptor with its
     * interface, class and endpoint descriptors (wTotalLength bytes): what Linux shows in
     * sysfs "descriptors". Copied. */
    const uint8_t *descriptors;
    size_t descriptors_len;
    /* String descriptors 1..nstrings (ASCII/UTF-8 ASCII subset), index i+1 = strings[i].
     * Copied. Index 0 answers language 0x0409. */
    const char *const *strings;
    size_t nstrings;
    /* Kernel driver bound to every interface at plug time ("usblp", "usbhid"), or NULL.
     * While bound, CLAIMINTERFACE fails with EBUSY (LIBUSB_ERROR_BUSY), as in the kernel. */
    const char *kernel_driver;
    /* Speed in Mbit/s for sysfs (12 full speed, 480 high speed); 0 means 12. */
    int speed;
};

/* Create the umockdev testbed (sets UMOCKDEV_DIR in this process's environment) with a root
 * hub on bus 1. Call it BEFORE libusb_init(). Returns NULL when libumockdev-preload is not
 * active in this process (the test should then exit 77 = skipped). One bed per process at
 * a time. */
struct mockusb_bed *mockusb_bed_create(void);
/* Destroy the bed; destroy its devices first. Call after libusb_exit(). NULL: no-op. */
void mockusb_bed_destroy(struct mockusb_bed *bed);

/* Create a device (not yet plugged). cfg and model are copied; user is kept (not owned). */
struct mockusb_dev *mockusb_dev_create(struct mockusb_bed *bed, const struct mockusb_config *cfg,
                                       const struct mockusb_model *model, void *user);
/* Unplug if plugged, free. NULL: no-op. */
void mockusb_dev_destroy(struct mockusb_dev *dev);

/* Plug the device in: a new device number each time (as the kernel does), a port of its own;
 * the "add" uevent reaches libusb hotplug. The kernel driver (if configured) is bound again.
 * Returns 0, or -1 if already plugged. Queued IN data is dropped. */
int mockusb_plug(struct mockusb_dev *dev);
/* Unplug: pending and future URBs fail with ENODEV (LIBUSB_ERROR_NO_DEVICE /
 * LIBUSB_TRANSFER_NO_DEVICE), the "remove" uevent reaches libusb hotplug, the device leaves
 * sysfs. Safe from any thread, also while the host is blocked in a transfer. No-op if not
 * plugged. */
void mockusb_unplug(struct mockusb_dev *dev);
bool mockusb_plugged(struct mockusb_dev *dev);

/* Queue one device-to-host message on IN endpoint ep (0x81...). Copied. n may be 0 (a
 * zero-length packet). Ignored when unplugged. */
void mockusb_queue_in(struct mockusb_dev *dev, uint8_t ep, const void *data, size_t n);
/* Drop every queued, not yet delivered IN message on ep (0 = all endpoints). */
void mockusb_flush_in(struct mockusb_dev *dev, uint8_t ep);
/* Number of queued IN messages not yet (fully) delivered on ep. */
size_t mockusb_in_queued(struct mockusb_dev *dev, uint8_t ep);

/* Number of OUT transfers (bulk/interrupt) the host has sent so far, all endpoints. */
unsigned mockusb_out_count(struct mockusb_dev *dev);
/* Wait until the host has sent at least n OUT transfers in total; false after timeout_ms
 * (a safety net against hangs, not a timing assertion). */
bool mockusb_wait_out(struct mockusb_dev *dev, unsigned n, int timeout_ms);

/* Is a kernel driver bound to interface ifno now (detached by the host or not)? */
bool mockusb_kernel_driver_bound(struct mockusb_dev *dev, unsigned ifno);
/* Is interface ifno claimed by the host now? */
bool mockusb_claimed(struct mockusb_dev *dev, unsigned ifno);
/* Bus and device number while plugged (bus is always 1), 0 when not plugged. */
int mockusb_busnum(struct mockusb_dev *dev);
int mockusb_devnum(struct mockusb_dev *dev);

#endif
