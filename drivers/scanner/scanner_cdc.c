/* drivers/scanner/scanner_cdc.c: a scanner in USB CDC mode, a virtual serial port (drivers).
 *
 * The port is put in raw mode (cfmakeraw, 115200 8N1, no flow control: the scanner's
 * default, research/capture-qr-calendar.md 2.1) and read without blocking; a scan is the
 * bytes up to CR or LF (CR LF counts once; empty lines are skipped). A scan longer than the
 * caller's buffer is dropped whole, up to its terminator. Bytes of an unfinished scan that
 * stay alone for STALE_MS are dropped (a scanner set to "no suffix", or line noise), so that
 * they never glue onto the next scan. The device is a tty path or VID:PID (looked up in
 * sysfs); a pty works the same (tests).
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "drivers/scanner/assemble.h"
#include "drivers/scanner/scanner.h"
#include "platform/devnode.h"
#include "platform/xalloc.h"

#define STALE_MS 1000

struct cdc {
    int fd;
    struct cdc_line l; /* the scan being cut (assemble.c) */
    int64_t last_ms;   /* when the last byte of an unfinished scan came */
    uint8_t in[256];   /* bytes read but not yet consumed */
    size_t in_pos, in_len;
};

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static enum kerr cdc_open(struct scanner *s, const char *device, char *err, size_t errlen)
{
    char path[512];
    unsigned vid, pid;
    if (!device[0]) {
        snprintf(err, errlen, "E409: scanner.device must name the tty or VID:PID for cdc");
        return K_ERR_INVALID;
    }
    if (scanner_parse_vidpid(device, &vid, &pid)) {
        if (devnode_find_usb("/sys", "tty", "tty", vid, pid, path, sizeof path) != K_OK) {
            snprintf(err, errlen, "E402: no serial port of USB device %04x:%04x", vid, pid);
            return K_ERR_NO_DEVICE;
        }
    } else {
        str_copy(path, sizeof path, device);
    }
    int fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd < 0) {
        int e = errno;
        snprintf(err, errlen, "E%s: cannot open %s: %s", e == ENOENT ? "402" : "403", path,
                 strerror(e));
        return e == ENOENT || e == ENODEV || e == ENXIO ? K_ERR_NO_DEVICE : K_ERR_IO;
    }
    struct termios tio;
    if (tcgetattr(fd, &tio) != 0) {
        snprintf(err, errlen, "E403: %s is not a serial port: %s", path, strerror(errno));
        close(fd);
        return K_ERR_INVALID;
    }
    cfmakeraw(&tio);
    cfsetispeed(&tio, B115200);
    cfsetospeed(&tio, B115200);
    tio.c_cflag |= CLOCAL | CREAD;
    tio.c_cflag &= ~(tcflag_t)(CSTOPB | PARENB | CRTSCTS);
    tio.c_iflag &= ~(tcflag_t)(IXON | IXOFF | IXANY);
    tio.c_cc[VMIN] = 0;
    tio.c_cc[VTIME] = 0;
    if (tcsetattr(fd, TCSANOW, &tio) != 0) {
        snprintf(err, errlen, "E403: cannot set raw mode on %s: %s", path, strerror(errno));
        close(fd);
        return K_ERR_IO;
    }
    tcflush(fd, TCIFLUSH); /* whatever was buffered before we listened is not a fresh scan */
    struct cdc *c = xcalloc(1, sizeof *c);
    c->fd = fd;
    s->priv = c;
    return K_OK;
}

static enum kerr cdc_read(struct scanner *s, char *buf, size_t cap, size_t *len, int timeout_ms)
{
    struct cdc *c = s->priv;
    int64_t deadline = now_ms() + timeout_ms;
    for (;;) {
        bool dropped = false;
        if (cdc_line_take(&c->l, c->in, c->in_len, &c->in_pos, &dropped)) {
            if (dropped) {
                snprintf(s->error, sizeof s->error, "E405: scan longer than %zu bytes dropped",
                         sizeof c->l.line - 1);
                return K_ERR_TOO_LARGE;
            }
            size_t n = c->l.len;
            c->l.len = 0;
            if (n > cap - 1) {
                explicit_bzero(c->l.line, sizeof c->l.line);
                snprintf(s->error, sizeof s->error, "E405: scan of %zu bytes dropped", n);
                return K_ERR_TOO_LARGE;
            }
            memcpy(buf, c->l.line, n);
            buf[n] = '\0';
            explicit_bzero(c->l.line, sizeof c->l.line);
            *len = n;
            return K_OK;
        }
        int64_t now = now_ms();
        if ((c->l.len > 0 || c->l.overflow) && now - c->last_ms >= STALE_MS) {
            c->l.len = 0;
            c->l.overflow = false;
            explicit_bzero(c->l.line, sizeof c->l.line);
            snprintf(s->error, sizeof s->error,
                     "E407: unterminated scan dropped (no CR/LF for %d ms)", STALE_MS);
            return K_ERR_PROTOCOL;
        }
        int wait = (int)(deadline - now);
        if (wait < 0)
            wait = 0; /* one look without waiting, then give up */
        if ((c->l.len > 0 || c->l.overflow) && wait > STALE_MS)
            wait = STALE_MS;
        struct pollfd pfd = {.fd = c->fd, .events = POLLIN};
        int r = poll(&pfd, 1, wait);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            snprintf(s->error, sizeof s->error, "E410: poll on the serial port: %s",
                     strerror(errno));
            return K_ERR_IO;
        }
        if (r == 0) {
            if (now_ms() >= deadline)
                return K_ERR_TIMEOUT;
            continue;
        }
        ssize_t got = read(c->fd, c->in, sizeof c->in);
        if (got > 0) {
            c->in_pos = 0;
            c->in_len = (size_t)got;
            c->last_ms = now_ms();
            continue;
        }
        if (got < 0 && (errno == EAGAIN || errno == EINTR))
            continue;
        /* EOF or EIO: the port went away (USB unplug; a pty's master closed). */
        snprintf(s->error, sizeof s->error, "E404: serial scanner gone: %s",
                 got == 0 ? "end of file" : strerror(errno));
        return K_ERR_NO_DEVICE;
    }
}

static void cdc_close(struct scanner *s)
{
    struct cdc *c = s->priv;
    if (!c)
        return;
    close(c->fd);
    explicit_bzero(c, sizeof *c);
    free(c);
    s->priv = NULL;
}

const struct scanner_ops scanner_cdc_ops = {
    .name = "cdc",
    .open = cdc_open,
    .read = cdc_read,
    .close = cdc_close,
};
