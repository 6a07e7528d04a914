/* platform/v4l2.c: the real system calls behind struct v4l2_sys (platform layer). */
#include "platform/v4l2.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

static int sys_open(const char *path, int flags)
{
    return open(path, flags | O_CLOEXEC);
}

static int sys_ioctl(int fd, unsigned long req, void *arg)
{
    int r;
    do {
        r = ioctl(fd, req, arg);
    } while (r == -1 && errno == EINTR);
    return r;
}

static ssize_t sys_read_text(const char *path, char *buf, size_t n)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    ssize_t r = read(fd, buf, n ? n - 1 : 0);
    close(fd);
    if (r >= 0)
        buf[r] = '\0';
    return r;
}

static const struct v4l2_sys real = {
    .open = sys_open,
    .close = close,
    .ioctl = sys_ioctl,
    .mmap = mmap,
    .munmap = munmap,
    .poll = poll,
    .read_text = sys_read_text,
};

static const struct v4l2_sys *current = &real;

const struct v4l2_sys *v4l2_sys(void)
{
    return current;
}

void v4l2_sys_override(const struct v4l2_sys *sys)
{
    current = sys ? sys : &real;
}
