/* drivers/camera/camera_v4l2.c: a UVC document camera through V4L2 (drivers layer).
 *
 * The sequence of research/capture-qr-calendar.md 1.3: find the node by capability and USB id
 * (never by index), pick MJPEG at the largest frame size, set 50 Hz power-line filtering, map
 * four buffers, stream, discard the first frames while exposure settles, and keep streaming
 * until closed. Frames are decoded with TurboJPEG; a frame whose header claims more pixels than
 * the agreed size is dropped without decoding, like any undecodable frame. device: "" (the first
 * MJPEG capture node), "VID:PID" (hex, from sysfs), or a path such as
 * /dev/v4l/by-id/...-video-index0. All kernel calls go through platform/v4l2.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <linux/videodev2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>

#include "drivers/camera/camera.h"
#include "drivers/camera/jpeg.h"
#include "platform/log.h"
#include "platform/v4l2.h"
#include "platform/xalloc.h"

#define NBUF          4
#define WARMUP_FRAMES 5

struct v4l {
    int fd;
    void *buf[NBUF];
    size_t len[NBUF];
    unsigned nbuf;
    int w, h;
    int warmup;
    bool streaming;
};

static int xioctl(int fd, unsigned long req, void *arg)
{
    return v4l2_sys()->ioctl(fd, req, arg);
}

/* Does the node at path capture video in MJPEG? Sets *fd_out (open) when it does. */
static bool usable(const char *path, int *fd_out)
{
    int fd = v4l2_sys()->open(path, O_RDWR | O_NONBLOCK);
    if (fd < 0)
        return false;
    struct v4l2_capability cap;
    memset(&cap, 0, sizeof cap);
    uint32_t caps = 0;
    if (xioctl(fd, VIDIOC_QUERYCAP, &cap) == 0)
        caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
    bool ok = (caps & V4L2_CAP_VIDEO_CAPTURE) && (caps & V4L2_CAP_STREAMING);
    for (uint32_t i = 0; ok; i++) {
        struct v4l2_fmtdesc fd_desc = {.index = i, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE};
        if (xioctl(fd, VIDIOC_ENUM_FMT, &fd_desc) != 0) {
            ok = false;
            break;
        }
        if (fd_desc.pixelformat == V4L2_PIX_FMT_MJPEG)
            break;
    }
    if (!ok) {
        v4l2_sys()->close(fd);
        return false;
    }
    *fd_out = fd;
    return true;
}

/* Does /sys/class/video4linux/videoN belong to the USB device vid:pid? */
static bool usb_id_matches(int n, const char *want)
{
    char path[128], vid[16] = "", pid[16] = "", id[40];
    snprintf(path, sizeof path, "/sys/class/video4linux/video%d/device/../idVendor", n);
    if (v4l2_sys()->read_text(path, vid, sizeof vid) < 4)
        return false;
    snprintf(path, sizeof path, "/sys/class/video4linux/video%d/device/../idProduct", n);
    if (v4l2_sys()->read_text(path, pid, sizeof pid) < 4)
        return false;
    snprintf(id, sizeof id, "%.4s:%.4s", vid, pid);
    return strncasecmp(id, want, 9) == 0;
}

static enum kerr find_device(const char *device, int *fd, char *err, size_t errlen)
{
    if (device[0] == '/') {
        if (usable(device, fd))
            return K_OK;
        snprintf(err, errlen, "E503: %.200s is not an MJPEG capture device", device);
        return K_ERR_NO_DEVICE;
    }
    for (int n = 0; n < 64; n++) {
        if (device[0] && !usb_id_matches(n, device))
            continue;
        char path[32];
        snprintf(path, sizeof path, "/dev/video%d", n);
        if (usable(path, fd))
            return K_OK;
    }
    snprintf(err, errlen, "E504: no MJPEG document camera found%s%.16s", device[0] ? " for " : "",
             device);
    return K_ERR_NO_DEVICE;
}

static void largest_size(int fd, int *w, int *h)
{
    *w = *h = 0;
    for (uint32_t i = 0; i < 256; i++) {
        struct v4l2_frmsizeenum fs = {.index = i, .pixel_format = V4L2_PIX_FMT_MJPEG};
        if (xioctl(fd, VIDIOC_ENUM_FRAMESIZES, &fs) != 0)
            break;
        int fw = 0, fh = 0;
        if (fs.type == V4L2_FRMSIZE_TYPE_DISCRETE) {
            fw = (int)fs.discrete.width;
            fh = (int)fs.discrete.height;
        } else {
            fw = (int)fs.stepwise.max_width;
            fh = (int)fs.stepwise.max_height;
        }
        if ((long)fw * fh > (long)*w * *h) {
            *w = fw;
            *h = fh;
        }
        if (fs.type != V4L2_FRMSIZE_TYPE_DISCRETE)
            break;
    }
}

static void v4l_close(struct camera *cam)
{
    struct v4l *v = cam->priv;
    if (!v)
        return;
    if (v->streaming) {
        int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
        xioctl(v->fd, VIDIOC_STREAMOFF, &type);
    }
    for (unsigned i = 0; i < v->nbuf; i++)
        if (v->buf[i] && v->buf[i] != MAP_FAILED)
            v4l2_sys()->munmap(v->buf[i], v->len[i]);
    if (v->fd >= 0)
        v4l2_sys()->close(v->fd);
    free(v);
    cam->priv = NULL;
}

static enum kerr v4l_open(struct camera *cam, const char *device, char *err, size_t errlen)
{
    struct v4l *v = xcalloc(1, sizeof *v);
    v->fd = -1;
    cam->priv = v;
    enum kerr rc = find_device(device, &v->fd, err, errlen);
    if (rc != K_OK)
        goto fail;
    largest_size(v->fd, &v->w, &v->h);
    if (!v->w) {
        snprintf(err, errlen, "E505: camera lists no MJPEG frame size");
        rc = K_ERR_PROTOCOL;
        goto fail;
    }
    struct v4l2_format fmt = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE};
    fmt.fmt.pix.width = (uint32_t)v->w;
    fmt.fmt.pix.height = (uint32_t)v->h;
    fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_MJPEG;
    fmt.fmt.pix.field = V4L2_FIELD_ANY;
    if (xioctl(v->fd, VIDIOC_S_FMT, &fmt) != 0 || fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_MJPEG) {
        snprintf(err, errlen, "E506: camera refused MJPEG %dx%d", v->w, v->h);
        rc = K_ERR_PROTOCOL;
        goto fail;
    }
    v->w = (int)fmt.fmt.pix.width;
    v->h = (int)fmt.fmt.pix.height;
    /* China's mains are 50 Hz: without this, fluorescent light bands the image. */
    struct v4l2_control ctrl = {.id = V4L2_CID_POWER_LINE_FREQUENCY,
                                .value = V4L2_CID_POWER_LINE_FREQUENCY_50HZ};
    if (xioctl(v->fd, VIDIOC_S_CTRL, &ctrl) != 0)
        log_info("camera", "camera has no power-line frequency control");
    struct v4l2_requestbuffers req = {
        .count = NBUF, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP};
    if (xioctl(v->fd, VIDIOC_REQBUFS, &req) != 0 || req.count < 2) {
        snprintf(err, errlen, "E507: camera gave no capture buffers");
        rc = K_ERR_PROTOCOL;
        goto fail;
    }
    v->nbuf = req.count > NBUF ? NBUF : req.count;
    for (unsigned i = 0; i < v->nbuf; i++) {
        struct v4l2_buffer b = {
            .index = i, .type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP};
        if (xioctl(v->fd, VIDIOC_QUERYBUF, &b) != 0)
            goto fail_buf;
        v->len[i] = b.length;
        v->buf[i] = v4l2_sys()->mmap(NULL, b.length, PROT_READ | PROT_WRITE, MAP_SHARED, v->fd,
                                     (off_t)b.m.offset);
        if (v->buf[i] == MAP_FAILED)
            goto fail_buf;
        if (xioctl(v->fd, VIDIOC_QBUF, &b) != 0)
            goto fail_buf;
    }
    int type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    if (xioctl(v->fd, VIDIOC_STREAMON, &type) != 0)
        goto fail_buf;
    v->streaming = true;
    v->warmup = WARMUP_FRAMES;
    log_info("camera", "v4l2 streaming MJPEG %dx%d", v->w, v->h);
    return K_OK;
fail_buf:
    snprintf(err, errlen, "E508: camera buffer setup failed (errno %d)", errno);
    rc = K_ERR_IO;
fail:
    v4l_close(cam);
    return rc;
}

static enum kerr v4l_grab(struct camera *cam, int timeout_ms, struct image **out)
{
    struct v4l *v = cam->priv;
    int64_t deadline = kclock_mono_ms(cam->clock) + timeout_ms;
    for (;;) {
        int64_t left = deadline - kclock_mono_ms(cam->clock);
        struct pollfd p = {.fd = v->fd, .events = POLLIN};
        int r = v4l2_sys()->poll(&p, 1, left > 0 ? (int)left : 0);
        if (r == 0)
            return K_ERR_TIMEOUT;
        if (r < 0 || (p.revents & (POLLERR | POLLHUP | POLLNVAL)))
            return K_ERR_NO_DEVICE;
        struct v4l2_buffer b = {.type = V4L2_BUF_TYPE_VIDEO_CAPTURE, .memory = V4L2_MEMORY_MMAP};
        if (xioctl(v->fd, VIDIOC_DQBUF, &b) != 0) {
            if (errno == EAGAIN)
                continue;
            return errno == ENODEV ? K_ERR_NO_DEVICE : K_ERR_IO;
        }
        enum kerr rc = K_ERR_TIMEOUT;
        if (b.index < v->nbuf && b.bytesused <= v->len[b.index] &&
            !(b.flags & V4L2_BUF_FLAG_ERROR)) {
            if (v->warmup > 0)
                v->warmup--; /* exposure and white balance are still settling */
            else
                rc = jpeg_decode_max(v->buf[b.index], b.bytesused, IMAGE_RGBA32, (long)v->w * v->h,
                                     out);
        }
        if (xioctl(v->fd, VIDIOC_QBUF, &b) != 0)
            return K_ERR_IO;
        if (rc == K_OK)
            return K_OK;
        if (rc != K_ERR_TIMEOUT)
            log_warn("camera", "dropped a frame that did not decode within %dx%d", v->w, v->h);
        if (kclock_mono_ms(cam->clock) >= deadline)
            return K_ERR_TIMEOUT;
    }
}

const struct camera_ops camera_v4l2_ops = {
    .name = "v4l2",
    .open = v4l_open,
    .grab = v4l_grab,
    .close = v4l_close,
};
