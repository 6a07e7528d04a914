/* drivers/idcard/idcard_serial.c: the `serial` driver: a SAM_V reader on a tty at 115200 8N1
 * (termios, raw). spec is the tty path (default /dev/ttyUSB0). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <termios.h>
#include <unistd.h>

#include "drivers/idcard/idcard.h"
#include "platform/xalloc.h"

struct tty {
    int fd;
};

static enum kerr ser_open(struct idcard_reader *r, const char *spec)
{
    const char *path = spec && *spec ? spec : "/dev/ttyUSB0";
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0)
        return errno == EBUSY ? K_ERR_BUSY : K_ERR_NO_DEVICE;
    struct termios t;
    if (tcgetattr(fd, &t) != 0) {
        close(fd);
        return K_ERR_NO_DEVICE;
    }
    cfmakeraw(&t);
    t.c_cflag &= ~(tcflag_t)(PARENB | CSTOPB | CSIZE | CRTSCTS);
    t.c_cflag |= CS8 | CLOCAL | CREAD;
    t.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
    t.c_cc[VMIN] = 0;
    t.c_cc[VTIME] = 0;
    cfsetispeed(&t, B115200);
    cfsetospeed(&t, B115200);
    if (tcsetattr(fd, TCSANOW, &t) != 0) {
        close(fd);
        return K_ERR_IO;
    }
    tcflush(fd, TCIOFLUSH);
    struct tty *k = xcalloc(1, sizeof *k);
    k->fd = fd;
    r->priv = k;
    return K_OK;
}

static void ser_close(struct idcard_reader *r)
{
    struct tty *k = r->priv;
    if (k) {
        close(k->fd);
        free(k);
    }
    r->priv = NULL;
}

static enum kerr ser_send(struct idcard_reader *r, const uint8_t *f, size_t n, int timeout_ms)
{
    struct tty *k = r->priv;
    size_t off = 0;
    while (off < n) {
        struct pollfd p = {.fd = k->fd, .events = POLLOUT};
        int pr = poll(&p, 1, timeout_ms);
        if (pr == 0)
            return K_ERR_TIMEOUT;
        if (pr < 0) {
            if (errno == EINTR)
                continue;
            return K_ERR_IO;
        }
        if (p.revents & (POLLHUP | POLLERR | POLLNVAL))
            return K_ERR_NO_DEVICE;
        ssize_t w = write(k->fd, f + off, n - off);
        if (w < 0) {
            if (errno == EAGAIN || errno == EINTR)
                continue;
            return errno == EIO || errno == ENXIO ? K_ERR_NO_DEVICE : K_ERR_IO;
        }
        off += (size_t)w;
    }
    return K_OK;
}

static enum kerr ser_recv(struct idcard_reader *r, uint8_t *buf, size_t cap, size_t *got,
                          int timeout_ms)
{
    struct tty *k = r->priv;
    *got = 0;
    struct pollfd p = {.fd = k->fd, .events = POLLIN};
    int pr = poll(&p, 1, timeout_ms);
    if (pr == 0)
        return K_ERR_TIMEOUT;
    if (pr < 0)
        return errno == EINTR ? K_ERR_TIMEOUT : K_ERR_IO;
    if (p.revents & POLLNVAL)
        return K_ERR_NO_DEVICE;
    ssize_t n = read(k->fd, buf, cap);
    if (n > 0) {
        *got = (size_t)n;
        return K_OK;
    }
    if (n == 0 || (p.revents & POLLHUP) || errno == EIO || errno == ENXIO)
        return K_ERR_NO_DEVICE;
    return errno == EAGAIN || errno == EINTR ? K_ERR_TIMEOUT : K_ERR_IO;
}

const struct idcard_ops idcard_serial_ops = {
    .name = "serial",
    .open = ser_open,
    .close = ser_close,
    .send = ser_send,
    .recv = ser_recv,
};
