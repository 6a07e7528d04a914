/* bench/bench_idcard.c: ID card reader figures.
 *   idcard_decode      : parse + decode one full 30 01 reply (1295 bytes), us per decode
 *   idcard_cycle_sim   : find -> select -> read -> 30 03 through the driver and the simulated
 *                        twin (no device delay), ms per cycle
 *   idcard_cycle_usb   : the same through the real libusb against the umockdev-emulated
 *                        reader (model answers at once), ms per cycle; skipped without umockdev
 * The cycles include the driver's stale-input drain (a 1 ms wait per command). */
#include "bench/bench.h"
#include "drivers/idcard/idcard.h"
#include "drivers/idcard/idsim.h"
#include "tests/usbmock/mockusb.h"

static void bench_decode(void)
{
    static uint8_t f[2400];
    static struct idcard_card c;
    size_t n = idsim_read_reply(idsim_card_at(0), false, f, sizeof f);
    double s[200];
    for (int i = 0; i < 200; i++) {
        double t0 = bench_now_ms();
        for (int k = 0; k < 100; k++) {
            struct sam_reply r;
            if (sam_parse_reply(f, n, &r) != K_OK ||
                idcard_decode_read(r.data, r.data_len, false, &c, NULL, 0) != K_OK)
                abort();
        }
        s[i] = (bench_now_ms() - t0) * 1000.0 / 100;
    }
    bench_report("idcard_decode", s, 200, "us");
}

static void cycle(const char *name, struct idcard_reader *r, struct idsim *sim)
{
    static struct idcard_card c;
    double s[60];
    for (int i = 0; i < 60; i++) {
        idsim_place(sim, (size_t)i % idsim_card_count());
        double t0 = bench_now_ms();
        if (idcard_read(r, &c) != K_OK)
            abort();
        s[i] = bench_now_ms() - t0;
    }
    bench_report(name, s, 60, "ms");
}

static struct idsim *usb_sim;

static void usb_out(struct mockusb_dev *dev, uint8_t ep, const uint8_t *d, size_t n, void *u)
{
    (void)ep, (void)u;
    static uint8_t out[8192];
    size_t rn = idsim_feed(usb_sim, d, n, out, sizeof out);
    for (size_t off = 0; off < rn; off += 64)
        mockusb_queue_in(dev, 0x81, out + off, rn - off < 64 ? rn - off : 64);
}

int main(void)
{
    bench_decode();
    struct idcard_reader *r = NULL;
    if (idcard_open("sim", "", &r) == K_OK) {
        cycle("idcard_cycle_sim", r, idsim_shared());
        idcard_close(r);
    }
    struct mockusb_bed *bed = mockusb_bed_create();
    if (!bed)
        return 0;
    static const uint8_t desc[] = {0x12, 0x01, 0x10, 0x01, 0x00, 0x00, 0x00, 0x40, 0x00, 0x04,
                                   0x5A, 0xC3, 0x63, 0x00, 0x00, 0x00, 0x00, 0x01, 0x09, 0x02,
                                   0x20, 0x00, 0x01, 0x01, 0x00, 0xC0, 0x32, 0x09, 0x04, 0x00,
                                   0x00, 0x02, 0xFF, 0x00, 0x00, 0x00, 0x07, 0x05, 0x02, 0x02,
                                   0x40, 0x00, 0x00, 0x07, 0x05, 0x81, 0x02, 0x40, 0x00, 0x00};
    usb_sim = idsim_create();
    struct mockusb_config cfg = {.descriptors = desc, .descriptors_len = sizeof desc};
    struct mockusb_model m = {.data_out = usb_out};
    struct mockusb_dev *dev = mockusb_dev_create(bed, &cfg, &m, NULL);
    mockusb_plug(dev);
    if (idcard_open("usb", "", &r) == K_OK) {
        cycle("idcard_cycle_usb", r, usb_sim);
        idcard_close(r);
    }
    mockusb_dev_destroy(dev);
    mockusb_bed_destroy(bed);
    idsim_destroy(usb_sim);
    return 0;
}
