/* drivers/printer/printer_lp.c: the "lp" transport: the kernel's usblp device /dev/usb/lpN.
 *
 * write() and read() on the character device with poll() for the timeouts. Tests put a pty
 * (with the simulated printer on the other side) in its place. ENODEV/EIO/EPIPE/EHUP mean
 * the printer was unplugged. Layer: drivers.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "drivers/printer/printer.h"
#include "platform/xalloc.h"

struct lp {
    int fd;
};

static enum kerr errno_kerr(int err)
{
    if (err == ENODEV || err == EIO || err == EPIPE || err == ENXIO || err == ENOENT)
        return K_ERR_NO_DEVICE;
    if (err == EAGAIN || err == ETIMEDOUT)
        return K_ERR_TIMEOUT;
    return K_ERR_IO;
}

static enum kerr lp_open(struct printer *p, const char *device, char *err, size_t errlen)
{
    if (!device[0]) {
        snprintf(err, errlen, "E214: printer.device is empty (want /dev/usb/lpN)");
        return K_ERR_INVALID;
    }
    int fd = open(device, O_RDWR | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errlen, "E214: cannot open printer %s: %s", device, strerror(e));
        return e == ENOENT || e == ENODEV || e == ENXIO ? K_ERR_NO_DEVICE : K_ERR_IO;
    }
    struct lp *lp = xcalloc(1, sizeof(*lp));
    lp->fd = fd;
    p->priv = lp;
    return K_OK;
}

static enum kerr lp_write(struct printer *p, const uint8_t *buf, size_t n, int timeout_ms)
{
    struct lp *lp = p->priv;
    size_t off = 0;
    while (off < n) {
        struct pollfd pfd = {.fd = lp->fd, .events = POLLOUT};
        int r = poll(&pfd, 1, timeout_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return errno_kerr(errno);
        if (r == 0)
            return K_ERR_TIMEOUT;
        if (pfd.revents & (POLLERR | POLLHUP | POLLNVAL))
            return K_ERR_NO_DEVICE;
        ssize_t w = write(lp->fd, buf + off, n - off);
        if (w < 0) {
            if (errno == EINTR || errno == EAGAIN)
                continue;
            return errno_kerr(errno);
        }
        off += (size_t)w;
    }
    return K_OK;
}

static enum kerr lp_read(struct printer *p, uint8_t *buf, size_t cap, size_t *got, int timeout_ms)
{
    struct lp *lp = p->priv;
    *got = 0;
    for (;;) {
        struct pollfd pfd = {.fd = lp->fd, .events = POLLIN};
        int r = poll(&pfd, 1, timeout_ms);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return errno_kerr(errno);
        if (r == 0)
            return K_OK;
        if ((pfd.revents & (POLLHUP | POLLERR | POLLNVAL)) && !(pfd.revents & POLLIN))
            return K_ERR_NO_DEVICE;
        ssize_t k = read(lp->fd, buf, cap);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN)
                return K_OK;
            return errno_kerr(errno);
        }
        if (k == 0) /* end of file: nobody on the other side any more */
            return K_ERR_NO_DEVICE;
        *got = (size_t)k;
        return K_OK;
    }
}

static void lp_close(struct printer *p)
{
    struct lp *lp = p->priv;
    if (!lp)
        return;
    close(lp->fd);
    free(lp);
    p->priv = NULL;
}

const struct printer_ops printer_lp_ops = {
    .name = "lp",
    .open = lp_open,
    .write = lp_write,
    .read = lp_read,
    .close = lp_close,
};
