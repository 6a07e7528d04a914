/* platform/usb.c: the shared libusb context and VID:PID lookup (see usb.h). */
#include "platform/usb.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

static pthread_once_t once = PTHREAD_ONCE_INIT;
static libusb_context *ctx;

static void init(void)
{
    if (libusb_init(&ctx) != 0)
        ctx = NULL;
}

libusb_context *kusb_context(void)
{
    pthread_once(&once, init);
    return ctx;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static bool hex4(const char **p, uint16_t *out)
{
    unsigned v = 0;
    int k = 0;
    while (k < 4 && hexval(**p) >= 0) {
        v = v << 4 | (unsigned)hexval(**p);
        (*p)++;
        k++;
    }
    *out = (uint16_t)v;
    return k > 0 && hexval(**p) < 0;
}

bool kusb_parse_ids(const char *spec, struct kusb_id *ids, size_t max, size_t *n)
{
    *n = 0;
    const char *p = spec ? spec : "";
    for (;;) {
        while (*p == ',' || *p == ' ')
            p++;
        if (!*p)
            return true;
        struct kusb_id id;
        if (!hex4(&p, &id.vid) || *p != ':')
            return false;
        p++;
        if (!hex4(&p, &id.pid) || (*p && *p != ',' && *p != ' '))
            return false;
        if (*n >= max)
            return false;
        ids[(*n)++] = id;
    }
}

libusb_device_handle *kusb_open_first(const struct kusb_id *ids, size_t n, bool *busy)
{
    if (busy)
        *busy = false;
    libusb_context *c = kusb_context();
    if (!c)
        return NULL;
    libusb_device **list = NULL;
    ssize_t cnt = libusb_get_device_list(c, &list);
    libusb_device_handle *h = NULL;
    for (ssize_t i = 0; i < cnt && !h; i++) {
        struct libusb_device_descriptor d;
        if (libusb_get_device_descriptor(list[i], &d) != 0)
            continue;
        for (size_t k = 0; k < n; k++) {
            if (d.idVendor != ids[k].vid || d.idProduct != ids[k].pid)
                continue;
            int r = libusb_open(list[i], &h);
            if (r != 0) {
                h = NULL;
                if (busy && (r == LIBUSB_ERROR_BUSY || r == LIBUSB_ERROR_ACCESS))
                    *busy = true;
            }
            break;
        }
    }
    if (cnt >= 0)
        libusb_free_device_list(list, 1);
    return h;
}
