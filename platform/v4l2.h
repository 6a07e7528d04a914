/* platform/v4l2.h: the system-call boundary of the V4L2 camera path.
 *
 * The camera driver talks to the kernel only through this table, so that tests can put a fake
 * camera behind it (the machines have no /dev/video*) and exercise the real ioctl sequence.
 * v4l2_sys() returns the table in use: the real system calls, unless a test installed its own
 * with v4l2_sys_override(). Thread-safety: install overrides before any camera opens.
 */
#ifndef PLATFORM_V4L2_H
#define PLATFORM_V4L2_H

#include <poll.h>
#include <stddef.h>
#include <sys/types.h>

struct v4l2_sys {
    int (*open)(const char *path, int flags);
    int (*close)(int fd);
    int (*ioctl)(int fd, unsigned long req, void *arg);
    void *(*mmap)(void *addr, size_t len, int prot, int flags, int fd, off_t off);
    int (*munmap)(void *addr, size_t len);
    int (*poll)(struct pollfd *fds, nfds_t n, int timeout_ms);
    /* Read a small sysfs text file (USB ids); returns bytes read or -1. */
    ssize_t (*read_text)(const char *path, char *buf, size_t n);
};

const struct v4l2_sys *v4l2_sys(void);
/* Install a replacement table (NULL restores the real one). For tests. */
void v4l2_sys_override(const struct v4l2_sys *sys);

#endif
