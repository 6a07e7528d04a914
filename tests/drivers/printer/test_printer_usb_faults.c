/* tests/drivers/printer/test_printer_usb_faults.c: more faults for the "usb" transport through
 * the REAL libusb against umockdev-emulated printers (tests/usbmock), beyond
 * test_printer_usb.c: the printer unplugged in the middle of the raster, a garbled status
 * reply, paper near end (a warning, the print counts), a stale two-byte status packet, an
 * IEEE 1284 ID with a lying length and unprintable bytes, and a one-way printer (no bulk IN)
 * that cannot answer status. Every fault is followed by a successful reprint where the
 * printer can print. Exit 77 without umockdev. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "drivers/printer/model.h"
#include "drivers/printer/printer.h"
#include "tests/support/ktest.h"
#include "tests/usbmock/mockusb.h"

/* Printer class 0483:5743, interface 0 class 7/1/2: bulk OUT 0x02, bulk IN 0x81. */
static const uint8_t desc_bidir[] = {
    0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x83,
    0x04, 0x43, 0x57, 0x00, 0x01, 0x01, 0x02, 0x03, 0x01, /* device */
    0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, /* config, total 32 */
    0x09, 0x04, 0x00, 0x00, 0x02, 0x07, 0x01, 0x02, 0x00, /* interface 0, printer, bidir */
    0x07, 0x05, 0x02, 0x02, 0x40, 0x00, 0x00,             /* EP 0x02 bulk OUT */
    0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00,             /* EP 0x81 bulk IN */
};
/* A one-way printer 6868:0500, class 7/1/1: bulk OUT 0x01 only. */
static const uint8_t desc_oneway[] = {
    0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x68,
    0x68, 0x00, 0x05, 0x00, 0x01, 0x01, 0x02, 0x03, 0x01, /* device */
    0x09, 0x02, 0x19, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, /* config, total 25 */
    0x09, 0x04, 0x00, 0x00, 0x01, 0x07, 0x01, 0x01, 0x00, /* interface 0, printer, one way */
    0x07, 0x05, 0x01, 0x02, 0x40, 0x00, 0x00,             /* EP 0x01 bulk OUT */
};

struct emu {
    pthread_mutex_t mu;
    struct printer_model model;
    int garble;        /* answer the next n status requests with 0xFF */
    long unplug_after; /* unplug once this many raster bytes arrived (-1 = never) */
    long raster_bytes;
    bool lying_id; /* GET_DEVICE_ID: length field 0xFFFF and control bytes */
};
static struct emu emu;

static int on_control(struct mockusb_dev *dev, const uint8_t setup[8], uint8_t *data, size_t len,
                      void *user)
{
    (void)dev;
    struct emu *e = user;
    if (setup[0] == 0xA1 && setup[1] == 0) { /* GET_DEVICE_ID */
        static const uint8_t good[] = "\x00\x1A"
                                      "MFG:Test;CMD:ESC/POS;MDL:";
        static const uint8_t lying[] = "\xFF\xFF"
                                       "MFG:\x01\x1B\x7F\xC3\xA9;CMD:ESC/POS;";
        pthread_mutex_lock(&e->mu);
        const uint8_t *src = e->lying_id ? lying : good;
        size_t n = e->lying_id ? sizeof(lying) - 1 : sizeof(good) - 1;
        pthread_mutex_unlock(&e->mu);
        if (n > len)
            n = len;
        memcpy(data, src, n);
        return (int)n;
    }
    if (setup[0] == 0xA1 && setup[1] == 1 && len >= 1) { /* GET_PORT_STATUS */
        data[0] = 0x18;
        return 1;
    }
    return -1;
}

static void on_out(struct mockusb_dev *dev, uint8_t ep, const uint8_t *data, size_t n, void *user)
{
    struct emu *e = user;
    bool unplug = false;
    uint8_t replies[64];
    size_t nr;
    (void)ep;
    pthread_mutex_lock(&e->mu);
    if (n > 8)
        e->raster_bytes += (long)n;
    if (e->unplug_after >= 0 && e->raster_bytes >= e->unplug_after) {
        e->unplug_after = -1;
        unplug = true;
    } else {
        printer_model_write(&e->model, data, n);
    }
    nr = printer_model_read(&e->model, replies, sizeof(replies));
    if (e->garble > 0 && nr > 0) {
        e->garble--;
        replies[0] = 0xFF;
    }
    pthread_mutex_unlock(&e->mu);
    if (unplug) {
        mockusb_unplug(dev);
        return;
    }
    for (size_t i = 0; i < nr; i++) /* one status byte per packet, as printers send them */
        mockusb_queue_in(dev, 0x81, replies + i, 1);
}

static struct bitmap *pattern(int w, int h)
{
    struct bitmap *b = bitmap_create(w, h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if (((x / 8) + (y / 8)) % 2 == 0 || x == y)
                bitmap_set(b, x, y, true);
    return b;
}

static long receipts(void)
{
    pthread_mutex_lock(&emu.mu);
    long n = emu.model.receipts;
    pthread_mutex_unlock(&emu.mu);
    return n;
}

static struct printer *open_usb(const char *device)
{
    char err[256] = "";
    struct printer *p = printer_open("usb", device, 384, err, sizeof(err));
    CHECKF(p != NULL, "%s", err);
    return p;
}

static void test_bidirectional(struct mockusb_bed *bed)
{
    static const char *const strings[] = {"Test", "KP-58", "SN0001"};
    struct mockusb_config cfg = {.descriptors = desc_bidir,
                                 .descriptors_len = sizeof(desc_bidir),
                                 .strings = strings,
                                 .nstrings = 3,
                                 .kernel_driver = "usblp"};
    struct mockusb_model model = {.control = on_control, .data_out = on_out};
    struct mockusb_dev *dev = mockusb_dev_create(bed, &cfg, &model, &emu);
    CHECK_EQ_INT(mockusb_plug(dev), 0);
    struct bitmap *b = pattern(384, 600); /* three bands */
    struct printer *p = open_usb("0483:5743");
    if (!p)
        goto out;

    /* 1: a stale packet of two bytes ("paper end" replies nobody read) is drained whole. */
    static const uint8_t stale[] = {0x72, 0x72};
    mockusb_queue_in(dev, 0x81, stale, sizeof(stale));
    struct escpos_status st;
    CHECK_EQ_INT(printer_status(p, &st), K_OK);
    CHECK(!st.paper_end);
    CHECK_EQ_INT(mockusb_in_queued(dev, 0x81), 0);

    /* 2: a garbled status reply: E209, nothing printed; then the reprint works. */
    pthread_mutex_lock(&emu.mu);
    emu.garble = 1;
    pthread_mutex_unlock(&emu.mu);
    long before = receipts();
    CHECK_EQ_INT(printer_print(p, b), K_ERR_PROTOCOL);
    CHECKF(strncmp(p->error, "E209", 4) == 0, "%s", p->error);
    CHECK_EQ_INT(receipts(), before);
    CHECKF(printer_print(p, b) == K_OK, "reprint after garble: %s", p->error);
    CHECK_EQ_INT(receipts(), before + 1);

    /* 3: paper near end is a warning: the print counts, the status says so. */
    pthread_mutex_lock(&emu.mu);
    emu.model.st.paper_near_end = true;
    pthread_mutex_unlock(&emu.mu);
    long printed = p->printed;
    CHECKF(printer_print(p, b) == K_OK, "near end: %s", p->error);
    CHECK_EQ_INT(p->printed, printed + 1);
    CHECK_EQ_INT(printer_status(p, &st), K_OK);
    CHECK(st.paper_near_end);
    pthread_mutex_lock(&emu.mu);
    emu.model.st.paper_near_end = false;
    pthread_mutex_unlock(&emu.mu);

    /* 4: unplugged in the middle of the raster: E202 at once, the print does not count. */
    pthread_mutex_lock(&emu.mu);
    emu.raster_bytes = 0;
    emu.unplug_after = 4000;
    pthread_mutex_unlock(&emu.mu);
    before = receipts();
    printed = p->printed;
    CHECK_EQ_INT(printer_print(p, b), K_ERR_NO_DEVICE);
    CHECKF(strncmp(p->error, "E202", 4) == 0, "%s", p->error);
    CHECK_EQ_INT(receipts(), before);
    CHECK_EQ_INT(p->printed, printed);
    CHECK(!mockusb_plugged(dev));
    CHECK_EQ_INT(printer_status(p, &st), K_ERR_NO_DEVICE);
    printer_close(p);

    /* 5: plugged back, the ID with a lying length and control bytes is made safe text. */
    pthread_mutex_lock(&emu.mu);
    emu.lying_id = true;
    pthread_mutex_unlock(&emu.mu);
    CHECK_EQ_INT(mockusb_plug(dev), 0);
    p = open_usb("");
    if (p) {
        char ident[256];
        printer_identity(p, ident, sizeof(ident));
        bool printable = true;
        for (const char *c = ident; *c; c++)
            printable = printable && *c >= 0x20 && *c < 0x7F;
        CHECKF(printable, "identity \"%s\"", ident);
        CHECK(strstr(ident, "CMD:ESC/POS;") != NULL);
        /* ...and the reprint of the receipt lost to the unplug works. */
        CHECKF(printer_print(p, b) == K_OK, "reprint after unplug: %s", p->error);
        CHECK_EQ_INT(receipts(), before + 1);
        printer_close(p);
    }
out:
    bitmap_destroy(b);
    mockusb_dev_destroy(dev);
}

static void test_one_way(struct mockusb_bed *bed)
{
    struct mockusb_config cfg = {.descriptors = desc_oneway,
                                 .descriptors_len = sizeof(desc_oneway),
                                 .kernel_driver = "usblp"};
    struct mockusb_model model = {.control = on_control, .data_out = on_out};
    struct mockusb_dev *dev = mockusb_dev_create(bed, &cfg, &model, &emu);
    CHECK_EQ_INT(mockusb_plug(dev), 0);
    struct printer *p = open_usb("6868:0500");
    if (p) {
        p->timeout_ms = 50; /* no answer is expected: do not make the test wait */
        struct escpos_status st;
        CHECK_EQ_INT(printer_status(p, &st), K_ERR_TIMEOUT);
        CHECKF(strncmp(p->error, "E208", 4) == 0, "%s", p->error);
        struct bitmap *b = pattern(384, 64);
        long before = receipts();
        CHECK_EQ_INT(printer_print(p, b), K_ERR_TIMEOUT); /* never "done" without a status */
        CHECK_EQ_INT(receipts(), before);
        bitmap_destroy(b);
        printer_close(p);
    }
    mockusb_dev_destroy(dev);
}

int main(void)
{
    struct mockusb_bed *bed = mockusb_bed_create();
    if (!bed) {
        fprintf(stderr, "umockdev preload not active: skipped\n");
        return 77;
    }
    pthread_mutex_init(&emu.mu, NULL);
    printer_model_init(&emu.model, 384, NULL);
    emu.unplug_after = -1;
    test_bidirectional(bed);
    test_one_way(bed);
    mockusb_bed_destroy(bed);
    printer_model_finish(&emu.model);
    pthread_mutex_destroy(&emu.mu);
    return ktest_done();
}
