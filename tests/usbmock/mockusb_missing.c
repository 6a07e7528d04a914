/* tests/usbmock/mockusb_missing.c: mockusb when umockdev is not installed: every test that
 * needs it is skipped (mockusb_bed_create() returns NULL, the test exits 77). */
#include "tests/usbmock/mockusb.h"

#include <stdlib.h>

struct mockusb_bed *mockusb_bed_create(void)
{
    return NULL;
}
void mockusb_bed_destroy(struct mockusb_bed *bed)
{
    (void)bed;
}
struct mockusb_dev *mockusb_dev_create(struct mockusb_bed *bed, const struct mockusb_config *cfg,
                                       const struct mockusb_model *model, void *user)
{
    (void)bed, (void)cfg, (void)model, (void)user;
    abort();
}
void mockusb_dev_destroy(struct mockusb_dev *dev)
{
    (void)dev;
}
int mockusb_plug(struct mockusb_dev *dev)
{
    (void)dev;
    abort();
}
void mockusb_unplug(struct mockusb_dev *dev)
{
    (void)dev;
}
bool mockusb_plugged(struct mockusb_dev *dev)
{
    (void)dev;
    return false;
}
void mockusb_queue_in(struct mockusb_dev *dev, uint8_t ep, const void *data, size_t n)
{
    (void)dev, (void)ep, (void)data, (void)n;
}
void mockusb_flush_in(struct mockusb_dev *dev, uint8_t ep)
{
    (void)dev, (void)ep;
}
size_t mockusb_in_queued(struct mockusb_dev *dev, uint8_t ep)
{
    (void)dev, (void)ep;
    return 0;
}
unsigned mockusb_out_count(struct mockusb_dev *dev)
{
    (void)dev;
    return 0;
}
bool mockusb_wait_out(struct mockusb_dev *dev, unsigned n, int timeout_ms)
{
    (void)dev, (void)n, (void)timeout_ms;
    return false;
}
bool mockusb_kernel_driver_bound(struct mockusb_dev *dev, unsigned ifno)
{
    (void)dev, (void)ifno;
    return false;
}
bool mockusb_claimed(struct mockusb_dev *dev, unsigned ifno)
{
    (void)dev, (void)ifno;
    return false;
}
int mockusb_busnum(struct mockusb_dev *dev)
{
    (void)dev;
    return 0;
}
int mockusb_devnum(struct mockusb_dev *dev)
{
    (void)dev;
    return 0;
}
