/* tests/drivers/printer/test_printer_usb.c: the "usb" transport through the REAL libusb
 * against an emulated USB printer-class device (tests/usbmock on umockdev) with the simulated
 * printer (drivers/printer/model.c) behind its endpoints: descriptors, usblp detach and
 * re-attach, GET_DEVICE_ID, GET_PORT_STATUS, a full print, stale status drained, and every
 * fault (paper out before and during, cover open, cutter, unplug). Exit 77 without umockdev. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

#include "drivers/printer/model.h"
#include "drivers/printer/printer.h"
#include "tests/support/ktest.h"
#include "tests/usbmock/mockusb.h"

/* Printer class 7/1/2 "0416:5011": bulk OUT 0x02, bulk IN 0x81. */
static const uint8_t desc[] = {
    0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x16,
    0x04, 0x11, 0x50, 0x00, 0x01, 0x01, 0x02, 0x03, 0x01, /* device */
    0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, /* config, total 32 */
    0x09, 0x04, 0x00, 0x00, 0x02, 0x07, 0x01, 0x02, 0x00, /* interface 0: printer, bidir */
    0x07, 0x05, 0x02, 0x02, 0x40, 0x00, 0x00,             /* EP 0x02 bulk OUT */
    0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00,             /* EP 0x81 bulk IN */
};
static const char device_id[] = "MFG:KIOSKTEST;CMD:ESC/POS;MDL:POS-58;CLS:PRINTER;";

struct emu {
    pthread_mutex_t lock;
    struct printer_model model;
    atomic_int port_status_asked, device_id_asked;
};

static int on_control(struct mockusb_dev *dev, const uint8_t setup[8], uint8_t *data, size_t len,
                      void *user)
{
    (void)dev;
    struct emu *e = user;
    if (setup[0] == 0xA1 && setup[1] == 1 && len >= 1) { /* GET_PORT_STATUS */
        atomic_fetch_add(&e->port_status_asked, 1);
        pthread_mutex_lock(&e->lock);
        data[0] = e->model.st.paper_end ? 0x38 : 0x18;
        pthread_mutex_unlock(&e->lock);
        return 1;
    }
    if (setup[0] == 0xA1 && setup[1] == 0) { /* GET_DEVICE_ID */
        atomic_fetch_add(&e->device_id_asked, 1);
        size_t n = strlen(device_id) + 2;
        if (n > len)
            n = len;
        uint8_t buf[128];
        buf[0] = (uint8_t)((strlen(device_id) + 2) >> 8);
        buf[1] = (uint8_t)(strlen(device_id) + 2);
        memcpy(buf + 2, device_id, strlen(device_id));
        memcpy(data, buf, n);
        return (int)n;
    }
    return -1;
}

static void on_out(struct mockusb_dev *dev, uint8_t ep, const uint8_t *data, size_t n, void *user)
{
    struct emu *e = user;
    if (ep != 0x02)
        return;
    uint8_t reply[64];
    pthread_mutex_lock(&e->lock);
    printer_model_write(&e->model, data, n);
    size_t k = printer_model_read(&e->model, reply, sizeof(reply));
    pthread_mutex_unlock(&e->lock);
    for (size_t i = 0; i < k; i++) /* each status reply is its own transfer, as on a printer */
        mockusb_queue_in(dev, 0x81, reply + i, 1);
}

static struct bitmap *sample(int w, int h)
{
    struct bitmap *b = bitmap_create(w, h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if ((x * 7 + y * 3) % 11 < 4)
                bitmap_set(b, x, y, true);
    return b;
}

int main(void)
{
    struct mockusb_bed *bed = mockusb_bed_create();
    if (!bed) {
        printf("umockdev preload not active: skipped\n");
        return 77;
    }
    struct emu e;
    memset(&e, 0, sizeof(e));
    pthread_mutex_init(&e.lock, NULL);
    printer_model_init(&e.model, 384, NULL);
    struct mockusb_config cfg = {.descriptors = desc,
                                 .descriptors_len = sizeof(desc),
                                 .strings = (const char *[]){"Kiosk Test", "POS-58", "SN42"},
                                 .nstrings = 3,
                                 .kernel_driver = "usblp"};
    struct mockusb_model model = {.control = on_control, .data_out = on_out};
    struct mockusb_dev *dev = mockusb_dev_create(bed, &cfg, &model, &e);
    char err[256] = "";

    /* 1: nothing plugged: E202 */
    struct printer *p = printer_open("usb", "", 384, err, sizeof(err));
    CHECK(p == NULL);
    CHECKF(strncmp(err, "E202", 4) == 0, "%s", err);

    CHECK_EQ_INT(mockusb_plug(dev), 0);
    /* 2: another VID:PID: E202 */
    p = printer_open("usb", "04b8:0e28", 384, err, sizeof(err));
    CHECK(p == NULL);
    CHECKF(strncmp(err, "E202", 4) == 0, "%s", err);

    /* 3: open by VID:PID: usblp detached, interface claimed, port status probed */
    p = printer_open("usb", "0416:5011", 384, err, sizeof(err));
    CHECKF(p != NULL, "%s", err);
    if (!p)
        goto out;
    CHECK(!mockusb_kernel_driver_bound(dev, 0));
    CHECK(mockusb_claimed(dev, 0));
    CHECK(atomic_load(&e.port_status_asked) >= 1);
    char ident[256];
    printer_identity(p, ident, sizeof(ident));
    CHECK_EQ_STR(ident, device_id);

    /* 4: a print; stale status bytes waiting on IN are drained first (0x1A = offline) */
    static const uint8_t stale[] = {0x1A};
    mockusb_queue_in(dev, 0x81, stale, 1);
    mockusb_queue_in(dev, 0x81, stale, 1);
    struct bitmap *b = sample(384, 700);
    enum kerr rc = printer_print(p, b);
    CHECKF(rc == K_OK, "%s", p->error);
    pthread_mutex_lock(&e.lock);
    CHECK(e.model.receipts == 1 && e.model.last && e.model.last->h >= 700 &&
          memcmp(e.model.last->bits, b->bits, 700 * 48) == 0);
    pthread_mutex_unlock(&e.lock);

    /* 5..8: faults */
    static const struct {
        const char *what;
        int knob; /* 0 paper out, 1 cover, 2 paper runs out after 100 rows, 3 cutter jam */
        enum kerr rc;
        const char *code;
    } rows[] = {
        {"paper out", 0, K_ERR_PAPER_OUT, "E203"},
        {"cover open", 1, K_ERR_COVER_OPEN, "E204"},
        {"paper out while printing", 2, K_ERR_PAPER_OUT, "E203"},
        {"cutter jam", 3, K_ERR_DEVICE_FAULT, "E206"},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        pthread_mutex_lock(&e.lock);
        if (rows[i].knob == 0)
            printer_model_paper_out(&e.model, true);
        else if (rows[i].knob == 1)
            e.model.st.cover_open = true;
        else if (rows[i].knob == 2)
            printer_model_paper_rows(&e.model, 100);
        else
            e.model.cutter_jam = true;
        pthread_mutex_unlock(&e.lock);
        rc = printer_print(p, b);
        CHECKF(rc == rows[i].rc && strncmp(p->error, rows[i].code, 4) == 0, "row %zu %s: %s %s",
               i + 5, rows[i].what, kerr_name(rc), p->error);
        pthread_mutex_lock(&e.lock);
        printer_model_paper_out(&e.model, false);
        e.model.st.cover_open = false;
        e.model.st.cutter_error = false;
        pthread_mutex_unlock(&e.lock);
    }
    /* 9: fixed: it prints again */
    rc = printer_print(p, b);
    CHECKF(rc == K_OK, "reprint: %s", p->error);

    /* 10: unplugged: E202, no hang */
    mockusb_unplug(dev);
    rc = printer_print(p, b);
    CHECKF(rc == K_ERR_NO_DEVICE && strncmp(p->error, "E202", 4) == 0, "%s %s", kerr_name(rc),
           p->error);
    printer_close(p);
    p = NULL;

    /* 11: plugged again: found again; closing gives the interface back to usblp */
    CHECK_EQ_INT(mockusb_plug(dev), 0);
    p = printer_open("usb", "", 384, err, sizeof(err));
    CHECKF(p != NULL, "%s", err);
    if (p) {
        struct escpos_status st;
        CHECK_EQ_INT(printer_status(p, &st), K_OK);
        printer_close(p);
        CHECK(mockusb_kernel_driver_bound(dev, 0));
        CHECK(!mockusb_claimed(dev, 0));
    }
    bitmap_destroy(b);
out:
    mockusb_dev_destroy(dev);
    mockusb_bed_destroy(bed);
    printer_model_finish(&e.model);
    pthread_mutex_destroy(&e.lock);
    return ktest_done();
}
