/* drivers/scanner/scanner_wedge.c: a keyboard-wedge scanner read from its own evdev node
 * (drivers).
 *
 * The node (/dev/input/by-id/...-event-kbd, or the event node of USB device VID:PID found in
 * sysfs) is opened and grabbed exclusively through platform/devnode.h, so the scanner's
 * keystrokes reach only this driver, never the UI or a console. Events are decoded by
 * wedge.c (fixed US layout, Enter ends a scan, 100 ms inter-key timeout, length limit). A
 * FIFO or a file of recorded `struct input_event` stands in for the node in tests; its end
 * reads as the device going away.
 */
#include <errno.h>
#include <linux/input.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "drivers/scanner/scanner.h"
#include "drivers/scanner/wedge.h"
#include "platform/devnode.h"
#include "platform/xalloc.h"

struct wedge_dev {
    int fd;
    bool grabbed;
    struct wedge dec;
    uint8_t in[64 * sizeof(struct input_event)];
    size_t in_pos, in_len;    /* unconsumed bytes in in[] (a pipe may split an event) */
    int64_t last_event_mono;  /* monotonic ms of the last event read */
    int64_t last_event_stamp; /* the event's own timestamp, ms */
};

static int64_t mono_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum kerr wedge_open(struct scanner *s, const char *device, char *err, size_t errlen)
{
    char path[512];
    unsigned vid, pid;
    if (!device[0]) {
        snprintf(err, errlen,
                 "E409: scanner.device must name the scanner's input node or VID:PID for "
                 "wedge (never the kiosk's keyboard)");
        return K_ERR_INVALID;
    }
    if (scanner_parse_vidpid(device, &vid, &pid)) {
        if (devnode_find_usb("/sys", "input", "event", vid, pid, path, sizeof path) != K_OK) {
            snprintf(err, errlen, "E402: no input device of USB device %04x:%04x", vid, pid);
            return K_ERR_NO_DEVICE;
        }
    } else {
        str_copy(path, sizeof path, device);
    }
    int fd;
    bool grabbed;
    enum kerr e = devnode_open_input(path, &fd, &grabbed, err, errlen);
    if (e != K_OK)
        return e;
    struct wedge_dev *w = xcalloc(1, sizeof *w);
    w->fd = fd;
    w->grabbed = grabbed;
    wedge_init(&w->dec, 0, 0);
    s->priv = w;
    return K_OK;
}

static enum kerr dropped(struct scanner *s, enum wedge_result r)
{
    switch (r) {
    case WEDGE_TOO_LONG:
        snprintf(s->error, sizeof s->error, "E405: wedge scan too long, dropped");
        return K_ERR_TOO_LARGE;
    case WEDGE_BAD_KEY:
        snprintf(s->error, sizeof s->error, "E407: wedge scan with a non-layout key, dropped");
        return K_ERR_PROTOCOL;
    case WEDGE_TIMEOUT:
        snprintf(s->error, sizeof s->error, "E407: unfinished wedge scan dropped (timeout)");
        return K_ERR_PROTOCOL;
    default:
        return K_OK;
    }
}

static enum kerr wedge_read(struct scanner *s, char *buf, size_t cap, size_t *len, int timeout_ms)
{
    struct wedge_dev *w = s->priv;
    int64_t deadline = mono_ms() + timeout_ms;
    for (;;) {
        while (w->in_len - w->in_pos >= sizeof(struct input_event)) {
            struct input_event ev;
            memcpy(&ev, w->in + w->in_pos, sizeof ev);
            w->in_pos += sizeof ev;
            int64_t t = (int64_t)ev.input_event_sec * 1000 + (int64_t)ev.input_event_usec / 1000;
            w->last_event_stamp = t;
            enum wedge_result r = wedge_feed(&w->dec, ev.type, ev.code, ev.value, t, buf, cap, len);
            if (r == WEDGE_SCAN)
                return K_OK;
            if (r != WEDGE_NONE)
                return dropped(s, r);
        }
        /* keep a partial event for the next read */
        memmove(w->in, w->in + w->in_pos, w->in_len - w->in_pos);
        w->in_len -= w->in_pos;
        w->in_pos = 0;
        int64_t now = mono_ms();
        if (w->last_event_mono) {
            /* no event for a while: the clock of the events advanced as much as ours */
            enum wedge_result r =
                wedge_idle(&w->dec, w->last_event_stamp + (now - w->last_event_mono));
            if (r != WEDGE_NONE)
                return dropped(s, r);
        }
        int wait = (int)(deadline - now);
        if (wait < 0)
            wait = 0; /* one look without waiting, then give up */
        if (wait > 50 && (w->dec.len || w->dec.bad || w->dec.overflow))
            wait = 50; /* come back to apply the inter-key timeout */
        struct pollfd pfd = {.fd = w->fd, .events = POLLIN};
        int pr = poll(&pfd, 1, wait);
        if (pr < 0 && errno != EINTR) {
            snprintf(s->error, sizeof s->error, "E410: poll on the input device: %s",
                     strerror(errno));
            return K_ERR_IO;
        }
        if (pr <= 0) {
            if (pr == 0 && mono_ms() >= deadline)
                return K_ERR_TIMEOUT;
            continue;
        }
        ssize_t got = read(w->fd, w->in + w->in_len, sizeof w->in - w->in_len);
        if (got > 0) {
            w->in_len += (size_t)got;
            w->last_event_mono = mono_ms();
            continue;
        }
        if (got < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        snprintf(s->error, sizeof s->error, "E404: wedge scanner gone: %s",
                 got == 0 ? "end of stream" : strerror(errno));
        return K_ERR_NO_DEVICE;
    }
}

static void wedge_close(struct scanner *s)
{
    struct wedge_dev *w = s->priv;
    if (!w)
        return;
    devnode_close_input(w->fd, w->grabbed);
    explicit_bzero(w, sizeof *w);
    free(w);
    s->priv = NULL;
}

const struct scanner_ops scanner_wedge_ops = {
    .name = "wedge",
    .open = wedge_open,
    .read = wedge_read,
    .close = wedge_close,
};
