/* tests/usbmock/test_mockusb.c: the shared USB emulation, exercised through the real libusb
 * (enumeration, strings, kernel driver detach, bulk/interrupt/control, timeouts, stalls,
 * unplug while blocked, hotplug arrive/leave). */
#include "tests/support/ktest.h"
#include "tests/usbmock/mockusb.h"

#include <libusb.h>
#include <pthread.h>
#include <stdatomic.h>

/* Vendor-class device 1234:5678, interface 0: bulk OUT 0x02, bulk IN 0x81, interrupt IN 0x83. */
static const uint8_t desc[] = {
    0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x34,
    0x12, 0x78, 0x56, 0x00, 0x01, 0x01, 0x02, 0x03, 0x01, /* device */
    0x09, 0x02, 0x27, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32, /* config, total 39 */
    0x09, 0x04, 0x00, 0x00, 0x03, 0xFF, 0x00, 0x00, 0x00, /* interface 0, 3 endpoints */
    0x07, 0x05, 0x02, 0x02, 0x40, 0x00, 0x00,             /* EP 0x02 bulk OUT */
    0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00,             /* EP 0x81 bulk IN */
    0x07, 0x05, 0x83, 0x03, 0x08, 0x00, 0x0A,             /* EP 0x83 interrupt IN */
};

struct echo {
    atomic_bool silent;
};

static void echo_out(struct mockusb_dev *dev, uint8_t ep, const uint8_t *data, size_t n, void *user)
{
    struct echo *e = user;
    if (atomic_load(&e->silent) || ep != 0x02)
        return;
    uint8_t rev[512];
    if (n > sizeof rev)
        n = sizeof rev;
    for (size_t i = 0; i < n; i++)
        rev[i] = data[n - 1 - i];
    mockusb_queue_in(dev, 0x81, rev, n);
}

static int echo_control(struct mockusb_dev *dev, const uint8_t setup[8], uint8_t *data, size_t len,
                        void *user)
{
    (void)dev, (void)user;
    if (setup[0] == 0xC0 && setup[1] == 0x01) {
        size_t n = len < 2 ? len : 2;
        memcpy(data, "hi", n);
        return (int)n;
    }
    if (setup[0] == 0x40 && setup[1] == 0x02)
        return 0;
    return -1;
}

static atomic_int arrived, left;

static int LIBUSB_CALL on_hotplug(libusb_context *ctx, libusb_device *d, libusb_hotplug_event ev,
                                  void *user)
{
    (void)ctx, (void)d, (void)user;
    if (ev == LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED)
        atomic_fetch_add(&arrived, 1);
    else
        atomic_fetch_add(&left, 1);
    return 0;
}

static void pump_until(libusb_context *ctx, atomic_int *v, int want)
{
    /* Bounded: at most ~5 s of 10 ms event rounds; the check after it tells. */
    for (int i = 0; i < 500 && atomic_load(v) < want; i++) {
        struct timeval tv = {0, 10000};
        libusb_handle_events_timeout_completed(ctx, &tv, NULL);
    }
}

struct unplug_arg {
    struct mockusb_dev *dev;
    unsigned after_outs;
};

static void *unplug_later(void *p)
{
    struct unplug_arg *a = p;
    mockusb_wait_out(a->dev, a->after_outs, 10000);
    mockusb_unplug(a->dev);
    return NULL;
}

int main(void)
{
    struct mockusb_bed *bed = mockusb_bed_create();
    if (!bed) {
        fprintf(stderr, "umockdev preload not active: skipped\n");
        return 77;
    }
    struct echo e = {0};
    const char *strs[] = {"Kiosk Test", "Echo", "SN42"};
    struct mockusb_config cfg = {.descriptors = desc,
                                 .descriptors_len = sizeof desc,
                                 .strings = strs,
                                 .nstrings = 3,
                                 .kernel_driver = "usblp"};
    struct mockusb_model model = {.control = echo_control, .data_out = echo_out};
    struct mockusb_dev *dev = mockusb_dev_create(bed, &cfg, &model, &e);
    CHECK_EQ_INT(mockusb_plug(dev), 0);
    CHECK_EQ_INT(mockusb_plug(dev), -1);

    libusb_context *ctx = NULL;
    CHECK_EQ_INT(libusb_init(&ctx), 0);
    libusb_hotplug_callback_handle hh;
    CHECK_EQ_INT(libusb_hotplug_register_callback(
                     ctx, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED | LIBUSB_HOTPLUG_EVENT_DEVICE_LEFT, 0,
                     0x1234, 0x5678, LIBUSB_HOTPLUG_MATCH_ANY, on_hotplug, NULL, &hh),
                 0);

    /* 1. enumeration and descriptors */
    libusb_device_handle *h = libusb_open_device_with_vid_pid(ctx, 0x1234, 0x5678);
    CHECK(h != NULL);
    if (!h)
        return ktest_done();
    libusb_device *ud = libusb_get_device(h);
    struct libusb_config_descriptor *cd = NULL;
    CHECK_EQ_INT(libusb_get_active_config_descriptor(ud, &cd), 0);
    if (cd) {
        CHECK_EQ_INT(cd->interface[0].altsetting[0].bNumEndpoints, 3);
        CHECK_EQ_INT(cd->interface[0].altsetting[0].endpoint[2].bEndpointAddress, 0x83);
        libusb_free_config_descriptor(cd);
    }
    CHECK_EQ_INT(libusb_get_bus_number(ud), 1);
    CHECK_EQ_INT(libusb_get_device_address(ud), mockusb_devnum(dev));
    unsigned char s[64] = {0};
    CHECK_EQ_INT(libusb_get_string_descriptor_ascii(h, 2, s, sizeof s), 4);
    CHECK_EQ_STR((char *)s, "Echo");
    CHECK_EQ_INT(libusb_get_string_descriptor_ascii(h, 3, s, sizeof s), 4);
    CHECK_EQ_STR((char *)s, "SN42");

    /* 2. kernel driver: claim refused while bound, then detach + claim */
    CHECK_EQ_INT(libusb_kernel_driver_active(h, 0), 1);
    CHECK_EQ_INT(libusb_claim_interface(h, 0), LIBUSB_ERROR_BUSY);
    CHECK_EQ_INT(libusb_detach_kernel_driver(h, 0), 0);
    CHECK(!mockusb_kernel_driver_bound(dev, 0));
    CHECK_EQ_INT(libusb_kernel_driver_active(h, 0), 0);
    CHECK_EQ_INT(libusb_claim_interface(h, 0), 0);
    CHECK(mockusb_claimed(dev, 0));

    /* 3. bulk OUT then IN (model echoes reversed) */
    int got = 0;
    uint8_t out[5] = {1, 2, 3, 4, 5}, in[512];
    CHECK_EQ_INT(libusb_bulk_transfer(h, 0x02, out, 5, &got, 1000), 0);
    CHECK_EQ_INT(got, 5);
    CHECK_EQ_INT(mockusb_out_count(dev), 1);
    CHECK_EQ_INT(libusb_bulk_transfer(h, 0x81, in, sizeof in, &got, 1000), 0);
    CHECK_EQ_INT(got, 5);
    CHECK(memcmp(in, (uint8_t[]){5, 4, 3, 2, 1}, 5) == 0);

    /* 4. a message larger than the URB is split over two URBs; messages are not merged */
    uint8_t big[100];
    for (int i = 0; i < 100; i++)
        big[i] = (uint8_t)i;
    mockusb_queue_in(dev, 0x81, big, 100);
    mockusb_queue_in(dev, 0x81, "xy", 2);
    CHECK_EQ_INT(mockusb_in_queued(dev, 0x81), 2);
    CHECK_EQ_INT(libusb_bulk_transfer(h, 0x81, in, 64, &got, 1000), 0);
    CHECK_EQ_INT(got, 64);
    CHECK_EQ_INT(libusb_bulk_transfer(h, 0x81, in + 64, 64, &got, 1000), 0);
    CHECK_EQ_INT(got, 36);
    CHECK(memcmp(in, big, 100) == 0);
    CHECK_EQ_INT(libusb_bulk_transfer(h, 0x81, in, 64, &got, 1000), 0);
    CHECK_EQ_INT(got, 2);

    /* 5. nothing queued: timeout (DISCARDURB path); flush drops queued data */
    CHECK_EQ_INT(libusb_bulk_transfer(h, 0x81, in, 64, &got, 30), LIBUSB_ERROR_TIMEOUT);
    CHECK_EQ_INT(got, 0);
    mockusb_queue_in(dev, 0x81, "stale", 5);
    mockusb_flush_in(dev, 0x81);
    CHECK_EQ_INT(libusb_bulk_transfer(h, 0x81, in, 64, &got, 30), LIBUSB_ERROR_TIMEOUT);

    /* 6. control: vendor IN, vendor OUT, unknown request stalls */
    CHECK_EQ_INT(libusb_control_transfer(h, 0xC0, 0x01, 0, 0, in, 8, 1000), 2);
    CHECK(memcmp(in, "hi", 2) == 0);
    CHECK_EQ_INT(libusb_control_transfer(h, 0x40, 0x02, 0, 0, out, 3, 1000), 3);
    CHECK_EQ_INT(libusb_control_transfer(h, 0xC0, 0x07, 0, 0, in, 8, 1000), LIBUSB_ERROR_PIPE);

    /* 7. interrupt IN */
    mockusb_queue_in(dev, 0x83, "\x02\x00\x04", 3);
    CHECK_EQ_INT(libusb_interrupt_transfer(h, 0x83, in, 8, &got, 1000), 0);
    CHECK_EQ_INT(got, 3);
    CHECK_EQ_INT(in[2], 4);

    /* 8. release, reattach the kernel driver */
    CHECK_EQ_INT(libusb_release_interface(h, 0), 0);
    CHECK_EQ_INT(libusb_attach_kernel_driver(h, 0), 0);
    CHECK(mockusb_kernel_driver_bound(dev, 0));
    libusb_set_auto_detach_kernel_driver(h, 1);
    CHECK_EQ_INT(libusb_claim_interface(h, 0), 0);
    CHECK(!mockusb_kernel_driver_bound(dev, 0));

    /* 9. unplug while the host is blocked in a 10 s bulk IN: NO_DEVICE, then LEFT */
    atomic_store(&e.silent, true);
    struct unplug_arg ua = {dev, mockusb_out_count(dev) + 1};
    pthread_t th;
    pthread_create(&th, NULL, unplug_later, &ua);
    CHECK_EQ_INT(libusb_bulk_transfer(h, 0x02, out, 5, &got, 1000), 0);
    int r = libusb_bulk_transfer(h, 0x81, in, 64, &got, 10000);
    pthread_join(th, NULL);
    CHECK_EQ_INT(r, LIBUSB_ERROR_NO_DEVICE);
    CHECK(!mockusb_plugged(dev));
    CHECK_EQ_INT(libusb_bulk_transfer(h, 0x02, out, 5, &got, 100), LIBUSB_ERROR_NO_DEVICE);
    pump_until(ctx, &left, 1);
    CHECK_EQ_INT(atomic_load(&left), 1);
    libusb_close(h);

    /* 10. plug again: ARRIVED, a new device number, the kernel driver bound again */
    atomic_store(&e.silent, false);
    CHECK_EQ_INT(mockusb_plug(dev), 0);
    pump_until(ctx, &arrived, 1);
    CHECK_EQ_INT(atomic_load(&arrived), 1);
    CHECK(mockusb_kernel_driver_bound(dev, 0));
    h = libusb_open_device_with_vid_pid(ctx, 0x1234, 0x5678);
    CHECK(h != NULL);
    if (h) {
        CHECK_EQ_INT(libusb_get_device_address(libusb_get_device(h)), mockusb_devnum(dev));
        libusb_set_auto_detach_kernel_driver(h, 1);
        CHECK_EQ_INT(libusb_claim_interface(h, 0), 0);
        CHECK_EQ_INT(libusb_bulk_transfer(h, 0x02, out, 2, &got, 1000), 0);
        CHECK_EQ_INT(libusb_bulk_transfer(h, 0x81, in, 64, &got, 1000), 0);
        CHECK_EQ_INT(got, 2);
        CHECK_EQ_INT(in[0], 2);
        libusb_release_interface(h, 0);
        libusb_close(h);
    }
    libusb_hotplug_deregister_callback(ctx, hh);
    libusb_exit(ctx);
    mockusb_dev_destroy(dev);
    mockusb_bed_destroy(bed);
    return ktest_done();
}
