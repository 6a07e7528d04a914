/* tests/usbmock/mockusb.c: the usbfs ioctl emulation on a umockdev testbed (see mockusb.h).
 *
 * Test-support layer. Owns the testbed, the devices' URB queues and IN messages. The ioctl
 * handler runs on umockdev's worker thread; everything shared with other threads is under
 * the device's mutex. URB memory (UMockdevIoctlData) is touched only on the worker thread.
 */
#include "tests/usbmock/mockusb.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#include <umockdev.h>

#define SYS_ROOT   "/devices/pci0000:00/0000:00:14.0/usb1"
#define MAX_IFACES 32

struct msg {
    struct msg *next;
    uint8_t ep;
    size_t len, off;
    uint8_t data[];
};

struct urb {
    struct urb *next;
    UMockdevIoctlData *u;   /* the client's struct usbdevfs_urb */
    UMockdevIoctlData *buf; /* its buffer (child of u) */
    uint8_t ep;
};

struct mockusb_bed {
    UMockdevTestbed *tb;
    int next_devnum;
    int next_port;
};

struct mockusb_dev {
    struct mockusb_bed *bed;
    struct mockusb_model model;
    void *user;
    uint8_t *desc;
    size_t desc_len;
    char **strings;
    size_t nstrings;
    char *kdriver;
    int speed;
    int port;

    UMockdevIoctlBase *handler;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool plugged, gone;
    int devnum;
    char syspath[128], devnode[64];
    uint32_t driver_bound, claimed; /* bit per interface */
    unsigned outs;
    struct msg *in_head, *in_tail;
    struct urb *pending; /* IN URBs waiting for data, in submit order */
    struct urb *done_head, *done_tail;
};

/* ---- small helpers -------------------------------------------------------------------- */

static void *xmalloc(size_t n)
{
    void *p = calloc(1, n ? n : 1);
    if (!p)
        abort();
    return p;
}

static char *dupstr(const char *s)
{
    size_t n = strlen(s) + 1;
    char *d = xmalloc(n);
    memcpy(d, s, n);
    return d;
}

static void push_done(struct mockusb_dev *d, struct urb *r)
{
    r->next = NULL;
    if (d->done_tail)
        d->done_tail->next = r;
    else
        d->done_head = r;
    d->done_tail = r;
}

static void urb_finish(struct urb *r, int status, int actual)
{
    struct usbdevfs_urb *k = (struct usbdevfs_urb *)r->u->data;
    k->status = status;
    k->actual_length = actual;
}

static void urb_free(struct urb *r)
{
    if (r->buf)
        g_object_unref(r->buf);
    g_object_unref(r->u);
    free(r);
}

/* Give queued IN messages to pending IN URBs (called with the lock held). */
static void match_in(struct mockusb_dev *d)
{
    struct urb **pp = &d->pending;
    while (*pp) {
        struct urb *r = *pp;
        struct msg **mp = &d->in_head, *prev = NULL;
        while (*mp && (*mp)->ep != r->ep) {
            prev = *mp;
            mp = &(*mp)->next;
        }
        if (!*mp) {
            pp = &r->next;
            continue;
        }
        struct msg *m = *mp;
        size_t cap = r->buf ? (size_t)r->buf->data_len : 0;
        size_t n = m->len - m->off;
        if (n > cap)
            n = cap;
        if (n)
            memcpy(r->buf->data, m->data + m->off, n);
        m->off += n;
        if (m->off >= m->len) {
            *mp = m->next;
            if (d->in_tail == m)
                d->in_tail = prev;
            free(m);
        }
        urb_finish(r, 0, (int)n);
        *pp = r->next;
        push_done(d, r);
    }
}

/* Fail every pending URB with status (called with the lock held). */
static void fail_pending(struct mockusb_dev *d, int status)
{
    while (d->pending) {
        struct urb *r = d->pending;
        d->pending = r->next;
        urb_finish(r, status, 0);
        push_done(d, r);
    }
}

static void flush_msgs(struct mockusb_dev *d, uint8_t ep)
{
    struct msg **mp = &d->in_head;
    d->in_tail = NULL;
    while (*mp) {
        struct msg *m = *mp;
        if (ep == 0 || m->ep == ep) {
            *mp = m->next;
            free(m);
        } else {
            d->in_tail = m;
            mp = &m->next;
        }
    }
}

/* ---- standard requests ---------------------------------------------------------------- */

/* Find configuration descriptor number idx in the blob; returns its offset or -1. */
static long find_config(const struct mockusb_dev *d, unsigned idx, size_t *total)
{
    size_t off = d->desc_len >= 18 ? d->desc[0] : 0;
    unsigned seen = 0;
    while (off + 4 <= d->desc_len && d->desc[off] >= 2) {
        if (d->desc[off + 1] == 2) {
            if (seen == idx) {
                size_t t = (size_t)d->desc[off + 2] | (size_t)d->desc[off + 3] << 8;
                if (off + t > d->desc_len)
                    t = d->desc_len - off;
                *total = t;
                return (long)off;
            }
            seen++;
        }
        off += d->desc[off];
    }
    return -1;
}

/* Standard device requests; returns bytes, -1 stall, -2 not a standard request we answer. */
static int std_request(struct mockusb_dev *d, const uint8_t *setup, uint8_t *data, size_t len)
{
    uint8_t type = setup[0], req = setup[1];
    uint8_t dtype = setup[3], didx = setup[2];
    if (type == 0x80 && req == 8) { /* GET_CONFIGURATION */
        if (len < 1)
            return 0;
        data[0] = 1;
        return 1;
    }
    if (type != 0x80 || req != 6)
        return -2;
    const uint8_t *src = NULL;
    size_t n = 0;
    uint8_t sbuf[256];
    if (dtype == 1 && d->desc_len >= 18) {
        src = d->desc;
        n = 18;
    } else if (dtype == 2) {
        size_t total = 0;
        long off = find_config(d, didx, &total);
        if (off < 0)
            return -1;
        src = d->desc + off;
        n = total;
    } else if (dtype == 3) {
        if (didx == 0) {
            sbuf[0] = 4;
            sbuf[1] = 3;
            sbuf[2] = 0x09;
            sbuf[3] = 0x04;
            n = 4;
        } else if (didx <= d->nstrings) {
            const char *s = d->strings[didx - 1];
            size_t sl = strlen(s);
            if (sl > 126)
                sl = 126;
            sbuf[0] = (uint8_t)(2 + 2 * sl);
            sbuf[1] = 3;
            for (size_t i = 0; i < sl; i++) {
                sbuf[2 + 2 * i] = (uint8_t)s[i];
                sbuf[3 + 2 * i] = 0;
            }
            n = 2 + 2 * sl;
        } else {
            return -1;
        }
        src = sbuf;
    } else {
        return -1;
    }
    if (n > len)
        n = len;
    memcpy(data, src, n);
    return (int)n;
}

/* ---- the ioctl handler (umockdev worker thread) ----------------------------------------- */

static void do_submit(struct mockusb_dev *d, UMockdevIoctlClient *c, UMockdevIoctlData *arg)
{
    GError *err = NULL;
    UMockdevIoctlData *u = umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_urb), &err);
    if (!u) {
        g_clear_error(&err);
        umockdev_ioctl_client_complete(c, -1, EFAULT);
        return;
    }
    struct usbdevfs_urb *k = (struct usbdevfs_urb *)u->data;
    UMockdevIoctlData *buf = NULL;
    if (k->buffer_length > 0) {
        buf = umockdev_ioctl_data_resolve(u, G_STRUCT_OFFSET(struct usbdevfs_urb, buffer),
                                          (gsize)k->buffer_length, &err);
        if (!buf) {
            g_clear_error(&err);
            umockdev_ioctl_client_complete(c, -1, EFAULT);
            return;
        }
    }
    pthread_mutex_lock(&d->mu);
    bool gone = d->gone;
    pthread_mutex_unlock(&d->mu);
    if (gone) {
        umockdev_ioctl_client_complete(c, -1, ENODEV);
        return;
    }
    struct urb *r = xmalloc(sizeof *r);
    r->u = g_object_ref(u);
    r->buf = buf ? g_object_ref(buf) : NULL;
    r->ep = k->endpoint;

    if (k->type == USBDEVFS_URB_TYPE_CONTROL) {
        if (!buf || buf->data_len < 8) {
            urb_free(r);
            umockdev_ioctl_client_complete(c, -1, EINVAL);
            return;
        }
        uint8_t setup[8];
        memcpy(setup, buf->data, 8);
        size_t wlen = (size_t)setup[6] | (size_t)setup[7] << 8;
        size_t room = (size_t)buf->data_len - 8;
        if (wlen > room)
            wlen = room;
        int n = std_request(d, setup, buf->data + 8, wlen);
        if (n == -2) {
            n = d->model.control ? d->model.control(d, setup, buf->data + 8, wlen, d->user) : -1;
            if (n >= 0 && !(setup[0] & 0x80))
                n = (int)wlen;
        }
        if (n > (int)wlen)
            n = (int)wlen;
        urb_finish(r, n < 0 ? -EPIPE : 0, n < 0 ? 0 : n);
        pthread_mutex_lock(&d->mu);
        push_done(d, r);
        pthread_mutex_unlock(&d->mu);
    } else if (k->type == USBDEVFS_URB_TYPE_BULK || k->type == USBDEVFS_URB_TYPE_INTERRUPT) {
        if (k->endpoint & 0x80) {
            pthread_mutex_lock(&d->mu);
            struct urb **pp = &d->pending;
            while (*pp)
                pp = &(*pp)->next;
            r->next = NULL;
            *pp = r;
            match_in(d);
            pthread_mutex_unlock(&d->mu);
        } else {
            if (d->model.data_out)
                d->model.data_out(d, k->endpoint, buf ? buf->data : NULL,
                                  buf ? (size_t)buf->data_len : 0, d->user);
            urb_finish(r, 0, k->buffer_length);
            pthread_mutex_lock(&d->mu);
            d->outs++;
            pthread_cond_broadcast(&d->cv);
            push_done(d, r);
            pthread_mutex_unlock(&d->mu);
        }
    } else {
        urb_free(r);
        umockdev_ioctl_client_complete(c, -1, EINVAL); /* isochronous: not emulated */
        return;
    }
    umockdev_ioctl_client_complete(c, 0, 0);
}

static void do_reap(struct mockusb_dev *d, UMockdevIoctlClient *c, UMockdevIoctlData *arg)
{
    pthread_mutex_lock(&d->mu);
    match_in(d);
    struct urb *r = d->done_head;
    if (r) {
        d->done_head = r->next;
        if (!d->done_head)
            d->done_tail = NULL;
    }
    bool gone = d->gone;
    pthread_mutex_unlock(&d->mu);
    if (!r) {
        umockdev_ioctl_client_complete(c, -1, gone ? ENODEV : EAGAIN);
        return;
    }
    GError *err = NULL;
    UMockdevIoctlData *p = umockdev_ioctl_data_resolve(arg, 0, sizeof(gpointer), &err);
    if (!p) {
        g_clear_error(&err);
        urb_free(r);
        umockdev_ioctl_client_complete(c, -1, EFAULT);
        return;
    }
    umockdev_ioctl_data_set_ptr(p, 0, r->u);
    umockdev_ioctl_client_complete(c, 0, 0);
    urb_free(r);
}

static void do_discard(struct mockusb_dev *d, UMockdevIoctlClient *c, UMockdevIoctlData *arg)
{
    gulong addr = 0;
    if (arg && (size_t)arg->data_len >= sizeof addr)
        memcpy(&addr, arg->data, sizeof addr);
    pthread_mutex_lock(&d->mu);
    struct urb **pp = &d->pending;
    while (*pp && (*pp)->u->client_addr != addr)
        pp = &(*pp)->next;
    struct urb *r = *pp;
    if (r) {
        *pp = r->next;
        urb_finish(r, -ENOENT, 0);
        push_done(d, r);
    }
    pthread_mutex_unlock(&d->mu);
    umockdev_ioctl_client_complete(c, r ? 0 : -1, r ? 0 : EINVAL);
}

static unsigned read_uint(UMockdevIoctlData *arg, bool *ok)
{
    GError *err = NULL;
    UMockdevIoctlData *v = umockdev_ioctl_data_resolve(arg, 0, sizeof(unsigned), &err);
    if (!v) {
        g_clear_error(&err);
        *ok = false;
        return 0;
    }
    unsigned x;
    memcpy(&x, v->data, sizeof x);
    *ok = true;
    return x;
}

static gboolean handle_ioctl(UMockdevIoctlBase *h, UMockdevIoctlClient *c, gpointer user)
{
    (void)h;
    struct mockusb_dev *d = user;
    gulong req = umockdev_ioctl_client_get_request(c);
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(c);
    GError *err = NULL;
    bool ok;

    pthread_mutex_lock(&d->mu);
    bool gone = d->gone;
    pthread_mutex_unlock(&d->mu);

    switch (req) {
    case USBDEVFS_SUBMITURB:
        do_submit(d, c, arg);
        return TRUE;
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY:
        do_reap(d, c, arg);
        return TRUE;
    case USBDEVFS_DISCARDURB:
        do_discard(d, c, arg);
        return TRUE;
    default:
        break;
    }
    if (gone) {
        umockdev_ioctl_client_complete(c, -1, ENODEV);
        return TRUE;
    }
    switch (req) {
    case USBDEVFS_GET_CAPABILITIES: {
        UMockdevIoctlData *v = umockdev_ioctl_data_resolve(arg, 0, sizeof(uint32_t), &err);
        if (!v) {
            g_clear_error(&err);
            umockdev_ioctl_client_complete(c, -1, EFAULT);
            return TRUE;
        }
        uint32_t caps = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM |
                        USBDEVFS_CAP_REAP_AFTER_DISCONNECT | USBDEVFS_CAP_ZERO_PACKET;
        memcpy(v->data, &caps, sizeof caps);
        umockdev_ioctl_client_complete(c, 0, 0);
        return TRUE;
    }
    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_RELEASEINTERFACE: {
        unsigned ifno = read_uint(arg, &ok);
        if (!ok || ifno >= MAX_IFACES) {
            umockdev_ioctl_client_complete(c, -1, ok ? EINVAL : EFAULT);
            return TRUE;
        }
        pthread_mutex_lock(&d->mu);
        int e = 0;
        if (req == USBDEVFS_CLAIMINTERFACE) {
            if (d->driver_bound & (1u << ifno))
                e = EBUSY;
            else
                d->claimed |= 1u << ifno;
        } else {
            if (!(d->claimed & (1u << ifno)))
                e = EINVAL;
            d->claimed &= ~(1u << ifno);
        }
        pthread_mutex_unlock(&d->mu);
        umockdev_ioctl_client_complete(c, e ? -1 : 0, e);
        return TRUE;
    }
    case USBDEVFS_GETDRIVER: {
        UMockdevIoctlData *v =
            umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_getdriver), &err);
        if (!v) {
            g_clear_error(&err);
            umockdev_ioctl_client_complete(c, -1, EFAULT);
            return TRUE;
        }
        struct usbdevfs_getdriver *g = (struct usbdevfs_getdriver *)v->data;
        pthread_mutex_lock(&d->mu);
        bool bound = g->interface < MAX_IFACES && (d->driver_bound & (1u << g->interface));
        bool claimed = g->interface < MAX_IFACES && (d->claimed & (1u << g->interface));
        pthread_mutex_unlock(&d->mu);
        if (bound || claimed) {
            snprintf(g->driver, sizeof g->driver, "%s", bound ? d->kdriver : "usbfs");
            umockdev_ioctl_client_complete(c, 0, 0);
        } else {
            umockdev_ioctl_client_complete(c, -1, ENODATA);
        }
        return TRUE;
    }
    case USBDEVFS_IOCTL: {
        UMockdevIoctlData *v =
            umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_ioctl), &err);
        if (!v) {
            g_clear_error(&err);
            umockdev_ioctl_client_complete(c, -1, EFAULT);
            return TRUE;
        }
        struct usbdevfs_ioctl *io = (struct usbdevfs_ioctl *)v->data;
        if (io->ifno < 0 || io->ifno >= MAX_IFACES) {
            umockdev_ioctl_client_complete(c, -1, EINVAL);
            return TRUE;
        }
        uint32_t bit = 1u << io->ifno;
        pthread_mutex_lock(&d->mu);
        long ret = 0;
        int e = 0;
        if ((unsigned long)io->ioctl_code == (unsigned long)USBDEVFS_DISCONNECT) {
            if (d->driver_bound & bit)
                d->driver_bound &= ~bit;
            else
                e = ENODATA;
        } else if ((unsigned long)io->ioctl_code == (unsigned long)USBDEVFS_CONNECT) {
            if (d->claimed & bit)
                e = EBUSY;
            else if (d->kdriver)
                d->driver_bound |= bit;
            ret = 1;
        } else {
            e = ENOTTY;
        }
        pthread_mutex_unlock(&d->mu);
        umockdev_ioctl_client_complete(c, e ? -1 : ret, e);
        return TRUE;
    }
    case USBDEVFS_DISCONNECT_CLAIM: {
        UMockdevIoctlData *v =
            umockdev_ioctl_data_resolve(arg, 0, sizeof(struct usbdevfs_disconnect_claim), &err);
        if (!v) {
            g_clear_error(&err);
            umockdev_ioctl_client_complete(c, -1, EFAULT);
            return TRUE;
        }
        struct usbdevfs_disconnect_claim *dc = (struct usbdevfs_disconnect_claim *)v->data;
        if (dc->interface >= MAX_IFACES) {
            umockdev_ioctl_client_complete(c, -1, EINVAL);
            return TRUE;
        }
        uint32_t bit = 1u << dc->interface;
        pthread_mutex_lock(&d->mu);
        d->driver_bound &= ~bit;
        d->claimed |= bit;
        pthread_mutex_unlock(&d->mu);
        umockdev_ioctl_client_complete(c, 0, 0);
        return TRUE;
    }
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_SETCONFIGURATION:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESETEP:
    case USBDEVFS_RESET:
        umockdev_ioctl_client_complete(c, 0, 0);
        return TRUE;
    default:
        if (getenv("MOCKUSB_DEBUG"))
            fprintf(stderr, "mockusb: unhandled ioctl 0x%lx\n", (unsigned long)req);
        return FALSE; /* umockdev answers ENOTTY */
    }
}

/* ---- bed and devices -------------------------------------------------------------------- */

struct mockusb_bed *mockusb_bed_create(void)
{
    UMockdevTestbed *tb = umockdev_testbed_new();
    /* Only meaningful after the testbed exists (research §7.3). */
    if (!umockdev_in_mock_environment()) {
        g_object_unref(tb);
        return NULL;
    }
    GError *err = NULL;
    if (!umockdev_testbed_add_from_string(
            tb,
            "P: " SYS_ROOT "\n"
            "N: bus/usb/001/001\n"
            "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: DRIVER=usb\n"
            "E: DEVNAME=/dev/bus/usb/001/001\nE: BUSNUM=001\nE: DEVNUM=001\n"
            "A: busnum=1\\n\nA: devnum=1\\n\nA: speed=480\\n\nA: bConfigurationValue=1\\n\n"
            "H: descriptors=12010002090001406B1D020006060302010109021900010100E0000904000001090000"
            "000705810304000C\n",
            &err)) {
        fprintf(stderr, "mockusb: root hub: %s\n", err ? err->message : "?");
        g_clear_error(&err);
        g_object_unref(tb);
        return NULL;
    }
    struct mockusb_bed *bed = xmalloc(sizeof *bed);
    bed->tb = tb;
    bed->next_devnum = 2;
    bed->next_port = 1;
    return bed;
}

void mockusb_bed_destroy(struct mockusb_bed *bed)
{
    if (!bed)
        return;
    g_object_unref(bed->tb);
    free(bed);
}

struct mockusb_dev *mockusb_dev_create(struct mockusb_bed *bed, const struct mockusb_config *cfg,
                                       const struct mockusb_model *model, void *user)
{
    struct mockusb_dev *d = xmalloc(sizeof *d);
    d->bed = bed;
    if (model)
        d->model = *model;
    d->user = user;
    d->desc_len = cfg->descriptors_len;
    d->desc = xmalloc(cfg->descriptors_len);
    memcpy(d->desc, cfg->descriptors, cfg->descriptors_len);
    d->nstrings = cfg->nstrings;
    d->strings = xmalloc(sizeof(char *) * (cfg->nstrings + 1));
    for (size_t i = 0; i < cfg->nstrings; i++)
        d->strings[i] = dupstr(cfg->strings[i] ? cfg->strings[i] : "");
    d->kdriver = cfg->kernel_driver ? dupstr(cfg->kernel_driver) : NULL;
    d->speed = cfg->speed ? cfg->speed : 12;
    d->port = bed->next_port++;
    pthread_mutex_init(&d->mu, NULL);
    pthread_cond_init(&d->cv, NULL);
    return d;
}

void mockusb_dev_destroy(struct mockusb_dev *d)
{
    if (!d)
        return;
    mockusb_unplug(d);
    pthread_mutex_lock(&d->mu);
    flush_msgs(d, 0);
    fail_pending(d, -ENODEV);
    while (d->done_head) {
        struct urb *r = d->done_head;
        d->done_head = r->next;
        urb_free(r);
    }
    pthread_mutex_unlock(&d->mu);
    if (d->handler)
        g_object_unref(d->handler);
    for (size_t i = 0; i < d->nstrings; i++)
        free(d->strings[i]);
    free(d->strings);
    free(d->kdriver);
    free(d->desc);
    pthread_cond_destroy(&d->cv);
    pthread_mutex_destroy(&d->mu);
    free(d);
}

int mockusb_plug(struct mockusb_dev *d)
{
    pthread_mutex_lock(&d->mu);
    if (d->plugged) {
        pthread_mutex_unlock(&d->mu);
        return -1;
    }
    d->devnum = d->bed->next_devnum++;
    d->gone = false;
    d->claimed = 0;
    d->driver_bound = d->kdriver ? 0xffffffffu : 0;
    flush_msgs(d, 0);
    snprintf(d->syspath, sizeof d->syspath, SYS_ROOT "/1-%d", d->port);
    snprintf(d->devnode, sizeof d->devnode, "/dev/bus/usb/001/%03d", d->devnum);
    pthread_mutex_unlock(&d->mu);

    if (d->handler)
        g_object_unref(d->handler);
    d->handler = umockdev_ioctl_base_new();
    g_signal_connect(d->handler, "handle-ioctl", G_CALLBACK(handle_ioctl), d);
    GError *err = NULL;
    if (!umockdev_testbed_attach_ioctl(d->bed->tb, d->devnode, d->handler, &err)) {
        fprintf(stderr, "mockusb: attach_ioctl: %s\n", err ? err->message : "?");
        g_clear_error(&err);
        return -1;
    }
    size_t hexlen = d->desc_len * 2 + 1;
    char *hex = xmalloc(hexlen);
    for (size_t i = 0; i < d->desc_len; i++)
        snprintf(hex + 2 * i, 3, "%02X", d->desc[i]);
    size_t textlen = hexlen + 1024;
    char *text = xmalloc(textlen);
    snprintf(text, textlen,
             "P: %s\nN: bus/usb/001/%03d\n"
             "E: SUBSYSTEM=usb\nE: DEVTYPE=usb_device\nE: DRIVER=usb\n"
             "E: DEVNAME=%s\nE: BUSNUM=001\nE: DEVNUM=%03d\n"
             "A: busnum=1\\n\nA: devnum=%d\\n\nA: speed=%d\\n\nA: bConfigurationValue=1\\n\n"
             "H: descriptors=%s\n",
             d->syspath, d->devnum, d->devnode, d->devnum, d->devnum, d->speed, hex);
    pthread_mutex_lock(&d->mu);
    d->plugged = true;
    pthread_mutex_unlock(&d->mu);
    bool ok = umockdev_testbed_add_from_string(d->bed->tb, text, &err);
    free(text);
    free(hex);
    if (!ok) {
        fprintf(stderr, "mockusb: add device: %s\n", err ? err->message : "?");
        g_clear_error(&err);
        pthread_mutex_lock(&d->mu);
        d->plugged = false;
        pthread_mutex_unlock(&d->mu);
        umockdev_testbed_detach_ioctl(d->bed->tb, d->devnode, NULL);
        return -1;
    }
    return 0;
}

void mockusb_unplug(struct mockusb_dev *d)
{
    pthread_mutex_lock(&d->mu);
    if (!d->plugged) {
        pthread_mutex_unlock(&d->mu);
        return;
    }
    d->plugged = false;
    d->gone = true;
    flush_msgs(d, 0);
    fail_pending(d, -ENODEV);
    pthread_mutex_unlock(&d->mu);
    char sys[160];
    snprintf(sys, sizeof sys, "/sys%s", d->syspath);
    umockdev_testbed_uevent(d->bed->tb, sys, "remove");
    umockdev_testbed_remove_device(d->bed->tb, sys);
    /* The handler stays attached: the host's open fd keeps answering ENODEV until closed. A
     * re-plug uses a new device number, hence a new node. */
}

bool mockusb_plugged(struct mockusb_dev *d)
{
    pthread_mutex_lock(&d->mu);
    bool p = d->plugged;
    pthread_mutex_unlock(&d->mu);
    return p;
}

void mockusb_queue_in(struct mockusb_dev *d, uint8_t ep, const void *data, size_t n)
{
    struct msg *m = xmalloc(sizeof *m + n);
    m->ep = ep;
    m->len = n;
    if (n)
        memcpy(m->data, data, n);
    pthread_mutex_lock(&d->mu);
    if (!d->plugged) {
        pthread_mutex_unlock(&d->mu);
        free(m);
        return;
    }
    if (d->in_tail)
        d->in_tail->next = m;
    else
        d->in_head = m;
    d->in_tail = m;
    pthread_mutex_unlock(&d->mu);
}

void mockusb_flush_in(struct mockusb_dev *d, uint8_t ep)
{
    pthread_mutex_lock(&d->mu);
    flush_msgs(d, ep);
    pthread_mutex_unlock(&d->mu);
}

size_t mockusb_in_queued(struct mockusb_dev *d, uint8_t ep)
{
    size_t n = 0;
    pthread_mutex_lock(&d->mu);
    for (struct msg *m = d->in_head; m; m = m->next)
        if (m->ep == ep)
            n++;
    pthread_mutex_unlock(&d->mu);
    return n;
}

unsigned mockusb_out_count(struct mockusb_dev *d)
{
    pthread_mutex_lock(&d->mu);
    unsigned n = d->outs;
    pthread_mutex_unlock(&d->mu);
    return n;
}

bool mockusb_wait_out(struct mockusb_dev *d, unsigned n, int timeout_ms)
{
    struct timespec until;
    clock_gettime(CLOCK_REALTIME, &until);
    until.tv_sec += timeout_ms / 1000;
    until.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (until.tv_nsec >= 1000000000L) {
        until.tv_sec++;
        until.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&d->mu);
    int rc = 0;
    while (d->outs < n && rc == 0)
        rc = pthread_cond_timedwait(&d->cv, &d->mu, &until);
    bool ok = d->outs >= n;
    pthread_mutex_unlock(&d->mu);
    return ok;
}

bool mockusb_kernel_driver_bound(struct mockusb_dev *d, unsigned ifno)
{
    pthread_mutex_lock(&d->mu);
    bool b = ifno < MAX_IFACES && (d->driver_bound & (1u << ifno));
    pthread_mutex_unlock(&d->mu);
    return b;
}

bool mockusb_claimed(struct mockusb_dev *d, unsigned ifno)
{
    pthread_mutex_lock(&d->mu);
    bool b = ifno < MAX_IFACES && (d->claimed & (1u << ifno));
    pthread_mutex_unlock(&d->mu);
    return b;
}

int mockusb_busnum(struct mockusb_dev *d)
{
    return mockusb_plugged(d) ? 1 : 0;
}

int mockusb_devnum(struct mockusb_dev *d)
{
    pthread_mutex_lock(&d->mu);
    int n = d->plugged ? d->devnum : 0;
    pthread_mutex_unlock(&d->mu);
    return n;
}
