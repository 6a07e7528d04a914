/* tests/drivers/scanner/test_hidpos.c: the HID-POS scanner driver through the REAL libusb
 * against umockdev-emulated scanners (tests/usbmock). The scanner model follows the HID-POS
 * report layout in drivers/scanner/scanner_hidpos.c (research/capture-qr-calendar.md 2.1):
 * 64-byte input reports [0x02][len][data..56][..][symbology @62][continued @63] on interrupt
 * IN 0x81, a report descriptor starting with usage page 0x8C, usbhid bound at plug time.
 * Exits 77 (skipped) when umockdev is not available. */
#include <libusb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/scanner/scanner.h"
#include "tests/support/ktest.h"
#include "tests/usbmock/mockusb.h"

#define WAIT 5000 /* a safety net against hangs, not a timing assertion */

/* HID interface 0 with interrupt IN 0x81 (64 bytes). VID:PID patched in per device. */
static const uint8_t desc_tmpl[] = {
    0x12, 0x01, 0x00, 0x02, 0x00, 0x00, 0x00, 0x40, 0xAB,
    0x1E, 0x10, 0x0D, 0x00, 0x01, 0x01, 0x02, 0x03, 0x01, /* device 1eab:0d10 */
    0x09, 0x02, 0x22, 0x00, 0x01, 0x01, 0x00, 0x80, 0x32, /* config, total 34 */
    0x09, 0x04, 0x00, 0x00, 0x01, 0x03, 0x00, 0x00, 0x00, /* interface 0, HID */
    0x09, 0x21, 0x11, 0x01, 0x00, 0x01, 0x22, 0x17, 0x00, /* HID 1.11, report desc 23 */
    0x07, 0x05, 0x81, 0x03, 0x40, 0x00, 0x01,             /* EP 0x81 interrupt IN 64 */
};

/* Usage Page (Bar Code Scanner), Usage (0x02), Collection (Application), Report ID 2, 63
 * bytes of input, End Collection. */
static const uint8_t pos_report_desc[] = {0x06, 0x8C, 0x00, 0x09, 0x02, 0xA1, 0x01, 0x85,
                                          0x02, 0x15, 0x00, 0x26, 0xFF, 0x00, 0x75, 0x08,
                                          0x95, 0x3F, 0x09, 0xFE, 0x81, 0x02, 0xC0};
/* A boot keyboard's report descriptor starts with Usage Page (Generic Desktop). */
static const uint8_t kbd_report_desc[] = {0x05, 0x01, 0x09, 0x06, 0xA1, 0x01, 0x05, 0x07,
                                          0x19, 0xE0, 0x29, 0xE7, 0x15, 0x00, 0x25, 0x01,
                                          0x75, 0x01, 0x95, 0x08, 0x81, 0x02, 0xC0};

struct model {
    const uint8_t *report_desc;
    size_t report_desc_len;
    uint8_t desc[sizeof desc_tmpl];
};

static int control(struct mockusb_dev *dev, const uint8_t setup[8], uint8_t *data, size_t len,
                   void *user)
{
    (void)dev;
    struct model *m = user;
    /* GET_DESCRIPTOR (Report) to the interface */
    if (setup[0] == 0x81 && setup[1] == 0x06 && setup[3] == 0x22) {
        size_t n = m->report_desc_len < len ? m->report_desc_len : len;
        memcpy(data, m->report_desc, n);
        return (int)n;
    }
    if (setup[0] == 0x21 && (setup[1] == 0x0A || setup[1] == 0x0B))
        return 0; /* SET_IDLE, SET_PROTOCOL */
    return -1;
}

static struct mockusb_dev *make(struct mockusb_bed *bed, struct model *m, bool pos, unsigned pid)
{
    memcpy(m->desc, desc_tmpl, sizeof desc_tmpl);
    m->desc[10] = (uint8_t)(pid & 0xff);
    m->desc[11] = (uint8_t)(pid >> 8);
    m->report_desc = pos ? pos_report_desc : kbd_report_desc;
    m->report_desc_len = pos ? sizeof pos_report_desc : sizeof kbd_report_desc;
    static const char *const strings[] = {"Newland", "HID POS scanner", "SN0001"};
    struct mockusb_config cfg = {.descriptors = m->desc,
                                 .descriptors_len = sizeof m->desc,
                                 .strings = strings,
                                 .nstrings = 3,
                                 .kernel_driver = "usbhid"};
    struct mockusb_model model = {.control = control};
    return mockusb_dev_create(bed, &cfg, &model, m);
}

/* Queue text as the scanner sends it: 56 bytes per report, continued flag on all but the last.
 */
static void send_scan(struct mockusb_dev *d, const char *text, size_t len)
{
    size_t off = 0;
    do {
        uint8_t rep[64] = {0x02};
        size_t n = len - off > 56 ? 56 : len - off;
        rep[1] = (uint8_t)n;
        memcpy(rep + 2, text + off, n);
        off += n;
        rep[62] = 'Q'; /* AIM symbology: QR */
        rep[63] = off < len ? 1 : 0;
        mockusb_queue_in(d, 0x81, rep, sizeof rep);
    } while (off < len);
}

static struct model m_pos, m_kbd;

static void reading(struct mockusb_bed *bed)
{
    struct mockusb_dev *d = make(bed, &m_pos, true, 0x0d10);
    mockusb_plug(d);
    char err[256], buf[SCANNER_SCAN_MAX];
    enum kerr why;
    size_t len;
    struct scanner *s = scanner_open("hidpos", "1eab:0d10", &why, err, sizeof err);
    CHECKF(s != NULL, "%s", err);
    if (!s) {
        mockusb_dev_destroy(d);
        return;
    }
    CHECK(mockusb_claimed(d, 0));
    CHECK(!mockusb_kernel_driver_bound(d, 0)); /* usbhid detached while we hold it */

    /* 1: one report */
    const char *url = "https://yjs.ordos.example/s/K0007-000-16J4?t=ABCDEFGH";
    send_scan(d, url, strlen(url));
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_OK);
    CHECK_EQ_STR(buf, url);
    /* 2: 150 bytes over three reports, reassembled */
    char longs[151];
    for (int i = 0; i < 150; i++)
        longs[i] = (char)('A' + i % 26);
    longs[150] = '\0';
    send_scan(d, longs, 150);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_OK);
    CHECK_EQ_INT(len, 150);
    CHECK_EQ_STR(buf, longs);
    /* 3: a report of another ID (e.g. status) is ignored */
    uint8_t other[64] = {0x04, 3, 'x', 'y', 'z'};
    mockusb_queue_in(d, 0x81, other, sizeof other);
    send_scan(d, "after-other", 11);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_OK);
    CHECK_EQ_STR(buf, "after-other");
    /* 4: a length beyond the data area breaks the layout: dropped, the next is fine */
    uint8_t bad[64] = {0x02, 60};
    memset(bad + 2, 'B', 60);
    mockusb_queue_in(d, 0x81, bad, sizeof bad);
    send_scan(d, "good", 4);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_ERR_PROTOCOL);
    CHECK(strstr(s->error, "E407") != NULL);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_OK);
    CHECK_EQ_STR(buf, "good");
    /* 5: a short report (2 bytes) */
    uint8_t tiny[2] = {0x02, 5};
    mockusb_queue_in(d, 0x81, tiny, sizeof tiny);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_ERR_PROTOCOL);
    /* 6: too long (600 bytes over 11 reports): dropped whole, the next is fine */
    char big[600];
    memset(big, 'Z', sizeof big);
    send_scan(d, big, sizeof big);
    send_scan(d, "next", 4);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_ERR_TOO_LARGE);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_OK);
    CHECK_EQ_STR(buf, "next");
    /* 7: control bytes inside a scan are refused by the wrapper */
    send_scan(d, "a\x1b[2Jb", 6);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_ERR_PROTOCOL);
    CHECK(strstr(s->error, "E406") != NULL);
    /* 8: nothing scanned: a timeout */
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 50), K_ERR_TIMEOUT);
    /* 9: a continuation that never comes: the partial scan is dropped, not glued on */
    uint8_t cont[64] = {0x02, 3, 'p', 'a', 'r'};
    cont[63] = 1;
    mockusb_queue_in(d, 0x81, cont, sizeof cont);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_ERR_PROTOCOL);
    send_scan(d, "fresh", 5);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_OK);
    CHECK_EQ_STR(buf, "fresh");
    /* 10: unplugged while reading */
    mockusb_unplug(d);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_ERR_NO_DEVICE);
    CHECK(strstr(s->error, "E404") != NULL);
    scanner_close(s);

    /* plugged back: opened again, released cleanly (usbhid re-attached on close) */
    mockusb_plug(d);
    s = scanner_open("hidpos", "1EAB:0D10", &why, err, sizeof err);
    CHECKF(s != NULL, "%s", err);
    scanner_close(s);
    CHECK(!mockusb_claimed(d, 0));
    CHECK(mockusb_kernel_driver_bound(d, 0));
    mockusb_dev_destroy(d);
}

static void choosing(struct mockusb_bed *bed)
{
    char err[256], buf[SCANNER_SCAN_MAX];
    enum kerr why;
    size_t len;
    /* a keyboard (HID, generic desktop) and a POS scanner: "" picks the POS one */
    struct mockusb_dev *kbd = make(bed, &m_kbd, false, 0x0001);
    struct mockusb_dev *pos = make(bed, &m_pos, true, 0x0d10);
    mockusb_plug(kbd);
    CHECK(scanner_open("hidpos", "", &why, err, sizeof err) == NULL);
    CHECK_EQ_INT(why, K_ERR_NO_DEVICE);
    CHECK(strstr(err, "E402") != NULL);
    CHECK(!mockusb_claimed(kbd, 0)); /* the keyboard was looked at, never taken */
    mockusb_plug(pos);
    struct scanner *s = scanner_open("hidpos", "", &why, err, sizeof err);
    CHECKF(s != NULL, "%s", err);
    CHECK(mockusb_claimed(pos, 0));
    CHECK(!mockusb_claimed(kbd, 0));
    CHECK(mockusb_kernel_driver_bound(kbd, 0));
    if (s) {
        send_scan(pos, "K0007-000-16J4", 14);
        CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_OK);
        CHECK_EQ_STR(buf, "K0007-000-16J4");
    }
    scanner_close(s);
    /* errors: absent VID:PID, malformed device */
    CHECK(scanner_open("hidpos", "dead:beef", &why, err, sizeof err) == NULL);
    CHECK_EQ_INT(why, K_ERR_NO_DEVICE);
    CHECK(scanner_open("hidpos", "/dev/hidraw0", &why, err, sizeof err) == NULL);
    CHECK_EQ_INT(why, K_ERR_INVALID);
    CHECK(strstr(err, "E409") != NULL);
    mockusb_dev_destroy(kbd);
    mockusb_dev_destroy(pos);
}

static bool wait_for(struct evq *q, enum ev_type t, int code, struct ev *out)
{
    for (int i = 0; i < 50; i++) {
        if (!evq_wait(q, out, 200))
            continue;
        if (out->type == t && (code < 0 || out->code == code))
            return true;
        evq_event_free(out);
    }
    return false;
}

/* The reader thread: absent at start, plugged, scans, unplugged, plugged back. */
static void hotplug(struct mockusb_bed *bed)
{
    struct mockusb_dev *d = make(bed, &m_pos, true, 0x0d10);
    struct evq *q = evq_create(16);
    char err[256];
    struct scanner_thread_opts o = {.reopen_ms = 20, .poll_ms = 50};
    struct scanner_thread *t = scanner_thread_start("hidpos", "1eab:0d10", q, &o, err, sizeof err);
    CHECK(t != NULL);
    struct ev e;
    CHECK(wait_for(q, EV_SCANNER_STATE, SCANNER_ABSENT, &e));
    evq_event_free(&e);
    for (int round = 0; round < 2; round++) {
        mockusb_plug(d);
        CHECKF(wait_for(q, EV_SCANNER_STATE, SCANNER_READY, &e), "round %d", round);
        evq_event_free(&e);
        send_scan(d, round ? "round-1" : "round-0", 7);
        CHECK(wait_for(q, EV_SCAN, -1, &e));
        CHECK_EQ_STR(e.payload, round ? "round-1" : "round-0");
        evq_event_free(&e);
        mockusb_unplug(d);
        CHECKF(wait_for(q, EV_SCANNER_STATE, SCANNER_ABSENT, &e), "round %d", round);
        evq_event_free(&e);
    }
    scanner_thread_stop(t);
    evq_destroy(q);
    mockusb_dev_destroy(d);
}

int main(void)
{
    struct mockusb_bed *bed = mockusb_bed_create();
    if (!bed) {
        printf("umockdev not available: skipped\n0 passed, 0 failed\n");
        return 77;
    }
    reading(bed);
    fprintf(stderr, "-- choosing\n");
    choosing(bed);
    fprintf(stderr, "-- hotplug\n");
    hotplug(bed);
    mockusb_bed_destroy(bed);
    return ktest_done();
}
