/* tests/drivers/idcard/test_idcard_usb.c: the real `usb` driver through the real libusb
 * against a umockdev-emulated 0400:C35A reader (tests/usbmock), in both endpoint layouts
 * (one bulk pair; the 4-endpoint split layout), with replies fragmented into 64-byte
 * transfers, a kernel driver bound at plug time, every fault of research §4 and unplug /
 * re-plug. The device logic is the simulated reader (drivers/idcard/idsim). */
#include "drivers/idcard/idcard.h"
#include "drivers/idcard/idsim.h"
#include "platform/evq.h"
#include "tests/support/ktest.h"
#include "tests/usbmock/mockusb.h"

#include <pthread.h>

/* pair layout: interface 0 vendor class, bulk OUT 0x02, bulk IN 0x81 */
static const uint8_t desc_pair[] = {0x12, 0x01, 0x10, 0x01, 0x00, 0x00, 0x00, 0x40, 0x00, 0x04,
                                    0x5A, 0xC3, 0x63, 0x00, 0x01, 0x02, 0x00, 0x01, 0x09, 0x02,
                                    0x20, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, 0x09, 0x04, 0x00,
                                    0x00, 0x02, 0xFF, 0x00, 0x00, 0x00, 0x07, 0x05, 0x02, 0x02,
                                    0x40, 0x00, 0x00, 0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00};
/* split layout: bulk OUT 0x02 and 0x06, bulk IN 0x81 and 0x85 */
static const uint8_t desc_split[] = {
    0x12, 0x01, 0x10, 0x01, 0x00, 0x00, 0x00, 0x40, 0x00, 0x04, 0x5A, 0xC3, 0x63, 0x00, 0x01, 0x02,
    0x00, 0x01, 0x09, 0x02, 0x2E, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, 0x09, 0x04, 0x00, 0x00, 0x04,
    0xFF, 0x00, 0x00, 0x00, 0x07, 0x05, 0x02, 0x02, 0x40, 0x00, 0x00, 0x07, 0x05, 0x06, 0x02, 0x40,
    0x00, 0x00, 0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00, 0x07, 0x05, 0x85, 0x02, 0x40, 0x00, 0x00};

struct model {
    struct idsim *sim;
    bool split;
};

static void queue_chunks(struct mockusb_dev *dev, uint8_t ep, const uint8_t *b, size_t n)
{
    for (size_t off = 0; off < n; off += 64)
        mockusb_queue_in(dev, ep, b + off, n - off < 64 ? n - off : 64);
}

static void reader_out(struct mockusb_dev *dev, uint8_t ep, const uint8_t *data, size_t n,
                       void *user)
{
    struct model *m = user;
    static uint8_t out[8192]; /* only the umockdev worker thread runs this */
    size_t rn = idsim_feed(m->sim, data, n, out, sizeof out);
    if (!rn)
        return;
    (void)ep;
    if (m->split && rn >= 7) {
        mockusb_queue_in(dev, 0x81, out, 7);
        queue_chunks(dev, 0x85, out + 7, rn - 7);
    } else {
        queue_chunks(dev, 0x81, out, rn);
    }
}

static const char *strs[] = {"SYNTHETIC", "IDR test reader"};

static struct mockusb_dev *make(struct mockusb_bed *bed, struct model *m, bool split)
{
    m->split = split;
    struct mockusb_config cfg = {.descriptors = split ? desc_split : desc_pair,
                                 .descriptors_len = split ? sizeof desc_split : sizeof desc_pair,
                                 .strings = strs,
                                 .nstrings = 2,
                                 .kernel_driver = "cdc_acm"};
    struct mockusb_model mm = {.data_out = reader_out};
    struct mockusb_dev *d = mockusb_dev_create(bed, &cfg, &mm, m);
    mockusb_plug(d);
    return d;
}

static void faults(struct idsim *s, struct idsim_faults f)
{
    idsim_set_faults(s, &f);
}

static void read_all_cards(struct idcard_reader *r, struct idsim *sim, const char *layout)
{
    struct idcard_card c;
    static const char *const names[] = {"张堃", "乌兰托娅", "陈家明", "史密斯"};
    for (size_t i = 0; i < idsim_card_count(); i++) {
        idsim_place(sim, i);
        enum kerr e = idcard_read(r, &c);
        CHECKF(e == K_OK, "%s card %zu: %s (%s)", layout, i, kerr_name(e), idcard_error(r));
        CHECKF(strcmp(c.name, names[i]) == 0, "%s card %zu name", layout, i);
        CHECKF(c.photo_len == 1024 && c.photo[0] == 0x57, "%s card %zu photo", layout, i);
        if (c.type != IDCARD_FOREIGN_PR)
            CHECKF(idcard_number_consistent(&c), "%s card %zu id", layout, i);
        /* already read: the card still lies there but find says no card */
        CHECKF(idcard_read(r, &c) == K_ERR_NO_CARD, "%s card %zu already read", layout, i);
        CHECKF(idcard_card_present(r) == K_OK, "%s card %zu present", layout, i);
        idsim_lift(sim);
        CHECKF(idcard_card_present(r) == K_ERR_NO_CARD, "%s card %zu lifted", layout, i);
    }
    idsim_place(sim, 1);
    CHECK_EQ_INT(idcard_read(r, &c), K_OK);
    CHECK_EQ_STR(c.extra_address, "内蒙古自治区呼和浩特市赛罕区大学西街8号");
    idsim_lift(sim);
}

static void test_faults(struct idcard_reader *r, struct idsim *sim)
{
    struct idcard_card c;
    /* no card */
    idsim_lift(sim);
    CHECK_EQ_INT(idcard_read(r, &c), K_ERR_NO_CARD);
    /* SAM not ready: 60 then ready */
    faults(sim, (struct idsim_faults){.sam_not_ready = 1});
    CHECK_EQ_INT(idcard_sam_status(r), K_ERR_BUSY);
    CHECK(strstr(idcard_error(r), "E303") != NULL);
    CHECK_EQ_INT(idcard_sam_status(r), K_OK);
    /* SAM silent while powering up */
    faults(sim, (struct idsim_faults){.silent_sam = 1});
    CHECK_EQ_INT(idcard_sam_status(r), K_ERR_BUSY);
    CHECK_EQ_INT(idcard_sam_status(r), K_OK);
    /* removal mid-read: asks to lift and place again; then find says no card */
    idsim_place(sim, 0);
    faults(sim, (struct idsim_faults){.remove_mid_read = true});
    CHECK_EQ_INT(idcard_read(r, &c), K_ERR_CARD_REMOVED);
    CHECK(strstr(idcard_error(r), "0x41") != NULL);
    CHECK_EQ_INT(idcard_read(r, &c), K_ERR_NO_CARD);
    /* bad checksum */
    idsim_place(sim, 0);
    faults(sim, (struct idsim_faults){.bad_checksum = true});
    CHECK_EQ_INT(idcard_read(r, &c), K_ERR_CHECKSUM);
    CHECK(strstr(idcard_error(r), "E302") != NULL);
    /* leading garbage is skipped */
    idsim_place(sim, 2);
    faults(sim, (struct idsim_faults){.garbage = true});
    CHECK_EQ_INT(idcard_read(r, &c), K_OK);
    CHECK_EQ_STR(c.permit_number, "H12345678");
    /* a stale reply left over is drained before the next command */
    idsim_place(sim, 3);
    faults(sim, (struct idsim_faults){.stale = true});
    CHECK_EQ_INT(idcard_sam_status(r), K_OK);
    CHECK_EQ_INT(idcard_read(r, &c), K_OK);
    CHECK_EQ_STR(c.nationality, "USA");
    /* truncated reply (the find reply cut in half) */
    idsim_place(sim, 0);
    faults(sim, (struct idsim_faults){.truncate = true});
    CHECK_EQ_INT(idcard_read(r, &c), K_ERR_PROTOCOL);
    CHECK(strstr(idcard_error(r), "E301") != NULL);
    /* silence */
    faults(sim, (struct idsim_faults){.silent = true});
    CHECK_EQ_INT(idcard_read(r, &c), K_ERR_TIMEOUT);
    faults(sim, (struct idsim_faults){0});
    CHECK_EQ_INT(idcard_read(r, &c), K_OK);
    idsim_lift(sim);
}

int main(void)
{
    struct mockusb_bed *bed = mockusb_bed_create();
    if (!bed) {
        fprintf(stderr, "umockdev preload not active: skipped\n");
        return 77;
    }
    struct idcard_reader *r = NULL;
    CHECK_EQ_INT(idcard_open("usb", "", &r), K_ERR_NO_DEVICE);
    CHECK_EQ_INT(idcard_open("usb", "zz:1", &r), K_ERR_INVALID);
    CHECK_EQ_INT(idcard_open("nope", "", &r), K_ERR_NOT_FOUND);

    /* --- pair layout --- */
    struct model m = {.sim = idsim_create()};
    struct mockusb_dev *dev = make(bed, &m, false);
    CHECK(mockusb_kernel_driver_bound(dev, 0));
    CHECK_EQ_INT(idcard_open("usb", "1234:5678, 0400:c35a", &r), K_OK);
    if (r) {
        CHECK(!mockusb_kernel_driver_bound(dev, 0));
        CHECK(mockusb_claimed(dev, 0));
        CHECK_EQ_INT(idcard_sam_status(r), K_OK);
        read_all_cards(r, m.sim, "pair");
        test_faults(r, m.sim);
        /* unplug: the driver reports the reader gone */
        mockusb_unplug(dev);
        struct idcard_card c;
        CHECK_EQ_INT(idcard_read(r, &c), K_ERR_NO_DEVICE);
        idcard_close(r);
        r = NULL;
    }
    CHECK_EQ_INT(idcard_open("usb", "", &r), K_ERR_NO_DEVICE);
    mockusb_dev_destroy(dev);

    /* --- split layout (header on 0x02/0x81, rest on 0x06/0x85) --- */
    struct model ms = {.sim = idsim_create()};
    struct mockusb_dev *ds = make(bed, &ms, true);
    CHECK_EQ_INT(idcard_open("usb", "", &r), K_OK);
    if (r) {
        CHECK_EQ_INT(idcard_sam_status(r), K_OK);
        read_all_cards(r, ms.sim, "split");
        struct idcard_card c;
        idsim_place(ms.sim, 0);
        faults(ms.sim, (struct idsim_faults){.remove_mid_read = true});
        CHECK_EQ_INT(idcard_read(r, &c), K_ERR_CARD_REMOVED);
        faults(ms.sim, (struct idsim_faults){.bad_checksum = true});
        idsim_place(ms.sim, 0);
        CHECK_EQ_INT(idcard_read(r, &c), K_ERR_CHECKSUM);
        faults(ms.sim, (struct idsim_faults){.stale = true});
        CHECK_EQ_INT(idcard_sam_status(r), K_OK);
        idsim_place(ms.sim, 0);
        CHECK_EQ_INT(idcard_read(r, &c), K_OK);
        idcard_close(r);
        r = NULL;
    }

    /* --- the reading loop over USB: read, unplug (kiosk keeps running), re-plug --- */
    struct evq *q = evq_create(64);
    idsim_place(ms.sim, 2);
    struct idcard_loop *loop = idcard_loop_start("usb", "", q);
    struct ev e;
    bool read = false;
    for (int i = 0; i < 100 && !read; i++)
        if (evq_wait(q, &e, 100)) {
            if (e.type == EV_IDCARD_READ) {
                read = true;
                CHECK_EQ_STR(((struct idcard_card *)e.payload)->permit_number, "H12345678");
            }
            evq_event_free(&e);
        }
    CHECK(read);
    mockusb_unplug(ds);
    bool gone = false;
    for (int i = 0; i < 100 && !gone; i++)
        if (evq_wait(q, &e, 100)) {
            gone = e.type == EV_IDCARD_STATE && e.code == IDCARD_NO_READER;
            evq_event_free(&e);
        }
    CHECK(gone);
    idsim_lift(ms.sim);
    idsim_place(ms.sim, 0);
    mockusb_plug(ds);
    read = false;
    for (int i = 0; i < 100 && !read; i++)
        if (evq_wait(q, &e, 100)) {
            if (e.type == EV_IDCARD_READ) {
                read = true;
                CHECK_EQ_STR(((struct idcard_card *)e.payload)->name, "张堃");
            }
            evq_event_free(&e);
        }
    CHECK(read);
    idcard_loop_stop(loop);
    evq_destroy(q);
    mockusb_dev_destroy(ds);
    idsim_destroy(m.sim);
    idsim_destroy(ms.sim);
    mockusb_bed_destroy(bed); /* the shared libusb context lives on until exit */
    return ktest_done();
}
