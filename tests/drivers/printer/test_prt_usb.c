/* tests/drivers/printer/test_prt_usb.c: the "usb" printer transport through the REAL libusb
 * against a printer-class printer emulated by umockdev (tests/usbmock), with the simulated
 * printer model behind its bulk endpoints: discovery from descriptors, kernel driver
 * detached and given back, GET_DEVICE_ID, a receipt printed and read back, stale status
 * drained, and every fault (paper out before and during, cover open, near end, garbled
 * status, unplugged before and during a print) with a reprint afterwards. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "drivers/printer/model.h"
#include "drivers/printer/printer.h"
#include "tests/support/ktest.h"
#include "tests/usbmock/mockusb.h"

/* Printer class 0483:5743 (an Xprinter-like 58 mm printer), interface 0 class 7/1/2:
 * bulk OUT 0x02, bulk IN 0x81, 64-byte packets. */
static const uint8_t desc[] = {
    0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0x83,
    0x04, 0x43, 0x57, 0x00, 0x01, 0x01, 0x02, 0x03, 0x01, /* device */
    0x09, 0x02, 0x20, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, /* config, total 32 */
    0x09, 0x04, 0x00, 0x00, 0x02, 0x07, 0x01, 0x02, 0x00, /* interface 0, printer, bidir */
    0x07, 0x05, 0x02, 0x02, 0x40, 0x00, 0x00,             /* EP 0x02 bulk OUT */
    0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00,             /* EP 0x81 bulk IN */
};
static const char ieee1284[] = "MFG:Test;CMD:ESC/POS;MDL:KP-58;CLS:PRINTER;";

struct emu {
    pthread_mutex_t mu;
    struct printer_model model;
    struct mockusb_dev *dev;
    int garble;        /* answer the next n status requests with a non-status byte */
    long unplug_after; /* unplug once this many raster bytes arrived (-1 = never) */
    long raster_bytes;
    unsigned port_status_asked, device_id_asked;
};
static struct emu emu;

static int on_control(struct mockusb_dev *dev, const uint8_t setup[8], uint8_t *data, size_t len,
                      void *user)
{
    (void)dev;
    struct emu *e = user;
    if (setup[0] == 0xA1 && setup[1] == 0) { /* GET_DEVICE_ID */
        size_t n = strlen(ieee1284) + 2;
        uint8_t buf[128];
        buf[0] = (uint8_t)(n >> 8), buf[1] = (uint8_t)n;
        memcpy(buf + 2, ieee1284, n - 2);
        if (n > len)
            n = len;
        memcpy(data, buf, n);
        pthread_mutex_lock(&e->mu);
        e->device_id_asked++;
        pthread_mutex_unlock(&e->mu);
        return (int)n;
    }
    if (setup[0] == 0xA1 && setup[1] == 1 && len >= 1) { /* GET_PORT_STATUS */
        pthread_mutex_lock(&e->mu);
        e->port_status_asked++;
        data[0] = e->model.st.paper_end ? 0x20 : 0x18;
        pthread_mutex_unlock(&e->mu);
        return 1;
    }
    return -1;
}

static void on_out(struct mockusb_dev *dev, uint8_t ep, const uint8_t *data, size_t n, void *user)
{
    struct emu *e = user;
    if (ep != 0x02)
        return;
    bool unplug = false;
    uint8_t replies[64];
    size_t nr;
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
    for (size_t i = 0; i < nr; i++) /* one status byte, one packet, as a printer sends them */
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

static struct printer *open_usb(const char *device)
{
    char err[256] = "";
    struct printer *p = printer_open("usb", device, 384, err, sizeof(err));
    CHECKF(p != NULL, "%s", err);
    return p;
}

static void test_open_and_print(void)
{
    CHECK(mockusb_kernel_driver_bound(emu.dev, 0));
    struct printer *p = open_usb("");
    if (!p)
        return;
    CHECK(!mockusb_kernel_driver_bound(emu.dev, 0)); /* usblp detached */
    CHECK(mockusb_claimed(emu.dev, 0));
    CHECK_EQ_STR(p->identity, ieee1284);
    CHECK(emu.device_id_asked >= 1);
    CHECK(emu.port_status_asked >= 1);

    struct escpos_status st;
    CHECK_EQ_INT(printer_status(p, &st), K_OK);
    CHECK(!st.paper_end && !st.cover_open && !st.offline && !st.paper_near_end);

    struct bitmap *b = pattern(384, 600); /* three bands */
    CHECK_EQ_INT(printer_print(p, b), K_OK);
    CHECK_EQ_INT(p->printed, 1);
    pthread_mutex_lock(&emu.mu);
    CHECK_EQ_INT(emu.model.receipts, 1);
    const struct bitmap *got = emu.model.last;
    CHECK(got && got->w == 384 && got->h >= 600);
    if (got && got->h >= 600) {
        /* Same dots, but for any the encoder drops so that data never reads as DLE EOT. */
        size_t bad = 0;
        for (size_t k = 0; k < b->stride * 600; k++)
            if (got->bits[k] != b->bits[k] && !(b->bits[k] == 0x10 && got->bits[k] == 0))
                bad++;
        CHECK_EQ_INT(bad, 0);
    }
    pthread_mutex_unlock(&emu.mu);
    bitmap_destroy(b);
    printer_close(p);
    CHECK(mockusb_kernel_driver_bound(emu.dev, 0)); /* given back */
    CHECK(!mockusb_claimed(emu.dev, 0));
}

static void test_by_id_and_missing(void)
{
    struct printer *p = open_usb("0483:5743");
    printer_close(p);
    char err[256] = "";
    CHECK(printer_open("usb", "0483:9999", 384, err, sizeof(err)) == NULL);
    CHECKF(strncmp(err, "E214", 4) == 0, "%s", err);
}

static void test_stale_status_drained(void)
{
    struct printer *p = open_usb("");
    if (!p)
        return;
    /* A late reply from before: a "paper end" byte for DLE EOT 4 nobody read. */
    static const uint8_t stale[] = {0x72, 0x72};
    mockusb_queue_in(emu.dev, 0x81, stale, sizeof(stale));
    struct escpos_status st;
    CHECK_EQ_INT(printer_status(p, &st), K_OK);
    CHECK(!st.paper_end);
    CHECK_EQ_INT(mockusb_in_queued(emu.dev, 0x81), 0);
    printer_close(p);
}

static void set_knobs(bool paper_out, bool cover, bool near_end, long rows)
{
    pthread_mutex_lock(&emu.mu);
    printer_model_paper_out(&emu.model, paper_out);
    if (rows >= 0)
        printer_model_paper_rows(&emu.model, rows);
    emu.model.st.cover_open = cover;
    emu.model.st.paper_near_end = near_end;
    pthread_mutex_unlock(&emu.mu);
}

static long receipts(void)
{
    pthread_mutex_lock(&emu.mu);
    long n = emu.model.receipts;
    pthread_mutex_unlock(&emu.mu);
    return n;
}

static void test_faults_then_reprint(void)
{
    static const struct {
        const char *what;
        bool paper_out, cover, near_end;
        long rows;
        int garble;
        enum kerr want;
        const char *code;
        bool prints; /* the receipt comes out (counted by the model) */
    } rows[] = {
        /* 1 */ {"paper out before", true, false, false, -1, 0, K_ERR_PAPER_OUT, "E203", false},
        /* 2 */ {"paper out during", false, false, false, 100, 0, K_ERR_PAPER_OUT, "E203", true},
        /* 3 */ {"cover open", false, true, false, -1, 0, K_ERR_COVER_OPEN, "E204", false},
        /* 4 */ {"near end", false, false, true, -1, 0, K_OK, "", true},
        /* 5 */ {"garbled status", false, false, false, -1, 1, K_ERR_PROTOCOL, "E209", false},
    };
    struct bitmap *b = pattern(384, 300);
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        struct printer *p = open_usb("");
        if (!p)
            break;
        set_knobs(rows[i].paper_out, rows[i].cover, rows[i].near_end, rows[i].rows);
        pthread_mutex_lock(&emu.mu);
        emu.garble = rows[i].garble;
        pthread_mutex_unlock(&emu.mu);
        long before = receipts();
        enum kerr e = printer_print(p, b);
        CHECKF(e == rows[i].want, "row %zu %s: %s", i + 1, rows[i].what, kerr_text(e));
        CHECKF(strncmp(p->error, rows[i].code, strlen(rows[i].code)) == 0, "row %zu: %s", i + 1,
               p->error);
        CHECKF((receipts() > before) == rows[i].prints, "row %zu: printed", i + 1);
        CHECK_EQ_INT(p->printed, rows[i].want == K_OK ? 1 : 0);
        /* Fixed (paper loaded, cover shut): the same receipt prints again. */
        set_knobs(false, false, false, -1);
        pthread_mutex_lock(&emu.mu);
        emu.garble = 0;
        pthread_mutex_unlock(&emu.mu);
        before = receipts();
        CHECKF(printer_print(p, b) == K_OK, "row %zu reprint: %s", i + 1, p->error);
        CHECK_EQ_INT(receipts(), before + 1);
        printer_close(p);
    }
    bitmap_destroy(b);
}

static void test_unplug(void)
{
    /* During a print: the device leaves after some raster bytes. */
    struct printer *p = open_usb("");
    if (!p)
        return;
    pthread_mutex_lock(&emu.mu);
    emu.raster_bytes = 0;
    emu.unplug_after = 4000;
    pthread_mutex_unlock(&emu.mu);
    struct bitmap *b = pattern(384, 600);
    long before = receipts();
    CHECK_EQ_INT(printer_print(p, b), K_ERR_NO_DEVICE);
    CHECKF(strncmp(p->error, "E202", 4) == 0, "%s", p->error);
    CHECK_EQ_INT(receipts(), before);
    CHECK(!mockusb_plugged(emu.dev));
    /* Still gone: status says so. */
    struct escpos_status st;
    CHECK_EQ_INT(printer_status(p, &st), K_ERR_NO_DEVICE);
    printer_close(p);
    char err[256] = "";
    CHECK(printer_open("usb", "", 384, err, sizeof(err)) == NULL);
    CHECKF(strncmp(err, "E214", 4) == 0, "%s", err);
    /* Plugged in again: the reprint works. */
    CHECK_EQ_INT(mockusb_plug(emu.dev), 0);
    p = open_usb("");
    if (p) {
        CHECK_EQ_INT(printer_print(p, b), K_OK);
        CHECK_EQ_INT(receipts(), before + 1);
        printer_close(p);
    }
    bitmap_destroy(b);
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
    static const char *const strings[] = {"Test", "KP-58", "SN0001"};
    struct mockusb_config cfg = {.descriptors = desc,
                                 .descriptors_len = sizeof(desc),
                                 .strings = strings,
                                 .nstrings = 3,
                                 .kernel_driver = "usblp"};
    struct mockusb_model model = {.control = on_control, .data_out = on_out};
    emu.dev = mockusb_dev_create(bed, &cfg, &model, &emu);
    mockusb_plug(emu.dev);
    KTEST_RUN(test_open_and_print);
    KTEST_RUN(test_by_id_and_missing);
    KTEST_RUN(test_stale_status_drained);
    KTEST_RUN(test_faults_then_reprint);
    KTEST_RUN(test_unplug);
    mockusb_dev_destroy(emu.dev);
    mockusb_bed_destroy(bed);
    printer_model_finish(&emu.model);
    pthread_mutex_destroy(&emu.mu);
    return ktest_done();
}
