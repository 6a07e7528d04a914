/* Tests for drivers/camera/camera_v4l2.c at the ioctl boundary (platform/v4l2.h): a fake UVC
 * document camera answers the real V4L2 ioctl sequence. Checks node selection by capability
 * and USB id, the largest MJPEG size, the 50 Hz control, buffer mapping, warm-up frames
 * dropped, corrupt frames and frames larger than negotiated skipped, time-outs, and unplugging
 * mid-stream. */
#include <errno.h>
#include <linux/videodev2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "drivers/camera/camera.h"
#include "drivers/camera/jpeg.h"
#include "drivers/camera/synth.h"
#include "platform/v4l2.h"
#include "tests/support/ktest.h"

#define FAKE_FD 42
#define META_FD 41

static struct {
    bool present, unplug_after_first, poll_timeout;
    int corrupt_at;  /* the dequeue (1-based) that delivers garbage */
    int oversize_at; /* the dequeue whose frame header claims 4000 x 3000 */
    int power_line, streamon, streamoff, dqbufs, opens, closes, mapped;
    uint32_t set_w, set_h;
    uint8_t *jpeg;
    size_t jpeg_len;
    uint8_t *bufs[4];
    int queued[4];
    int delivered;
} fake;

static int f_open(const char *path, int flags)
{
    (void)flags;
    if (!fake.present)
        return -1;
    fake.opens++;
    if (strcmp(path, "/dev/video0") == 0)
        return META_FD; /* a metadata node: no capture capability */
    if (strcmp(path, "/dev/video1") == 0)
        return FAKE_FD;
    errno = ENOENT;
    return -1;
}

static int f_close(int fd)
{
    (void)fd;
    fake.closes++;
    return 0;
}

/* Rewrite the baseline frame header (SOF0) to claim w x h: a frame that a glitch on the cable
 * or a broken camera could send. The decoder still decodes it (short data is a warning). */
static void claim_size(uint8_t *jpeg, size_t len, int w, int h)
{
    for (size_t i = 0; i + 9 < len; i++)
        if (jpeg[i] == 0xFF && jpeg[i + 1] == 0xC0) {
            jpeg[i + 5] = (uint8_t)(h >> 8), jpeg[i + 6] = (uint8_t)h;
            jpeg[i + 7] = (uint8_t)(w >> 8), jpeg[i + 8] = (uint8_t)w;
            return;
        }
}

static int f_ioctl(int fd, unsigned long req, void *arg)
{
    if (fd == META_FD) {
        if (req == VIDIOC_QUERYCAP) {
            struct v4l2_capability *c = arg;
            memset(c, 0, sizeof *c);
            c->capabilities = V4L2_CAP_META_CAPTURE | V4L2_CAP_DEVICE_CAPS;
            c->device_caps = V4L2_CAP_META_CAPTURE;
            return 0;
        }
        errno = EINVAL;
        return -1;
    }
    switch (req) {
    case VIDIOC_QUERYCAP: {
        struct v4l2_capability *c = arg;
        memset(c, 0, sizeof *c);
        c->capabilities = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING | V4L2_CAP_DEVICE_CAPS;
        c->device_caps = V4L2_CAP_VIDEO_CAPTURE | V4L2_CAP_STREAMING;
        return 0;
    }
    case VIDIOC_ENUM_FMT: {
        struct v4l2_fmtdesc *d = arg;
        if (d->index > 1)
            break;
        d->pixelformat = d->index == 0 ? V4L2_PIX_FMT_YUYV : V4L2_PIX_FMT_MJPEG;
        return 0;
    }
    case VIDIOC_ENUM_FRAMESIZES: {
        static const uint32_t sizes[][2] = {{640, 480}, {2592, 1944}, {1920, 1080}};
        struct v4l2_frmsizeenum *f = arg;
        if (f->index >= 3 || f->pixel_format != V4L2_PIX_FMT_MJPEG)
            break;
        f->type = V4L2_FRMSIZE_TYPE_DISCRETE;
        f->discrete.width = sizes[f->index][0];
        f->discrete.height = sizes[f->index][1];
        return 0;
    }
    case VIDIOC_S_FMT: {
        struct v4l2_format *f = arg;
        fake.set_w = f->fmt.pix.width;
        fake.set_h = f->fmt.pix.height;
        return 0;
    }
    case VIDIOC_S_CTRL: {
        struct v4l2_control *c = arg;
        if (c->id == V4L2_CID_POWER_LINE_FREQUENCY)
            fake.power_line = c->value;
        return 0;
    }
    case VIDIOC_REQBUFS: {
        struct v4l2_requestbuffers *r = arg;
        r->count = 4;
        return 0;
    }
    case VIDIOC_QUERYBUF: {
        struct v4l2_buffer *b = arg;
        b->length = 1 << 20;
        b->m.offset = b->index << 20;
        return 0;
    }
    case VIDIOC_QBUF: {
        struct v4l2_buffer *b = arg;
        fake.queued[b->index] = 1;
        return 0;
    }
    case VIDIOC_DQBUF: {
        struct v4l2_buffer *b = arg;
        if (fake.unplug_after_first && fake.delivered > 0) {
            errno = ENODEV;
            return -1;
        }
        for (uint32_t i = 0; i < 4; i++) {
            if (!fake.queued[i])
                continue;
            fake.queued[i] = 0;
            b->index = i;
            memcpy(fake.bufs[i], fake.jpeg, fake.jpeg_len);
            b->bytesused = (uint32_t)fake.jpeg_len;
            fake.dqbufs++;
            if (fake.dqbufs == fake.corrupt_at)
                memset(fake.bufs[i], 0x55, 64); /* SOI gone: undecodable */
            if (fake.dqbufs == fake.oversize_at)
                claim_size(fake.bufs[i], fake.jpeg_len, 4000, 3000);
            return 0;
        }
        errno = EAGAIN;
        return -1;
    }
    case VIDIOC_STREAMON:
        fake.streamon++;
        return 0;
    case VIDIOC_STREAMOFF:
        fake.streamoff++;
        return 0;
    default:
        break;
    }
    errno = EINVAL;
    return -1;
}

static void *f_mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
    (void)addr, (void)prot, (void)flags, (void)fd;
    size_t i = (size_t)off >> 20;
    if (i >= 4)
        return MAP_FAILED;
    fake.bufs[i] = calloc(1, len);
    fake.mapped++;
    return fake.bufs[i];
}

static int f_munmap(void *addr, size_t len)
{
    (void)len;
    for (int i = 0; i < 4; i++)
        if (fake.bufs[i] == addr) {
            free(fake.bufs[i]);
            fake.bufs[i] = NULL;
            fake.mapped--;
        }
    return 0;
}

static int f_poll(struct pollfd *fds, nfds_t n, int timeout_ms)
{
    (void)n, (void)timeout_ms;
    if (fake.poll_timeout)
        return 0;
    fds[0].revents = POLLIN;
    return 1;
}

static ssize_t f_read_text(const char *path, char *buf, size_t n)
{
    const char *v = strstr(path, "video1") ? (strstr(path, "idVendor") ? "1b17\n" : "0211\n")
                                           : (strstr(path, "idVendor") ? "abcd\n" : "0001\n");
    snprintf(buf, n, "%s", v);
    return (ssize_t)strlen(buf);
}

static const struct v4l2_sys fake_sys = {f_open,   f_close, f_ioctl,    f_mmap,
                                         f_munmap, f_poll,  f_read_text};

int main(void)
{
    struct synth_scene sc = synth_default(320, 240);
    struct image *frame = synth_render(&sc);
    CHECK_EQ_INT(jpeg_encode(frame, 80, &fake.jpeg, &fake.jpeg_len), K_OK);
    image_destroy(frame);
    v4l2_sys_override(&fake_sys);
    struct kclock *clk = kclock_fake_create(0);
    char err[256] = "";

    /* No camera at all. */
    struct camera *cam = camera_open("v4l2", "", clk, err, sizeof err);
    CHECK(cam == NULL && strstr(err, "E504") != NULL);

    /* Found by USB id, skipping the metadata node; largest MJPEG size; 50 Hz. */
    fake.present = true;
    cam = camera_open("v4l2", "1b17:0211", clk, err, sizeof err);
    CHECKF(cam != NULL, "%s", err);
    CHECK_EQ_INT(fake.set_w, 2592);
    CHECK_EQ_INT(fake.set_h, 1944);
    CHECK_EQ_INT(fake.power_line, V4L2_CID_POWER_LINE_FREQUENCY_50HZ);
    CHECK_EQ_INT(fake.streamon, 1);
    CHECK_EQ_INT(fake.mapped, 4);
    struct image *img = NULL;
    fake.corrupt_at = 6;
    CHECK_EQ_INT(camera_grab(cam, 1000, &img), K_OK);
    /* Five warm-up frames dropped, then one corrupt frame skipped, then the frame. */
    CHECK_EQ_INT(fake.dqbufs, 7);
    CHECK(img && img->w == 320 && img->h == 240);
    image_destroy(img);
    fake.poll_timeout = true;
    CHECK_EQ_INT(camera_grab(cam, 200, &img), K_ERR_TIMEOUT);
    fake.poll_timeout = false;
    fake.unplug_after_first = true;
    fake.delivered = 1;
    CHECK_EQ_INT(camera_grab(cam, 200, &img), K_ERR_NO_DEVICE);
    CHECK(strstr(cam->error, "v4l2") != NULL);
    camera_close(cam);
    CHECK_EQ_INT(fake.streamoff, 1);
    CHECK_EQ_INT(fake.mapped, 0);
    CHECK_EQ_INT(fake.opens, fake.closes);

    /* A frame claiming more pixels than the negotiated 2592 x 1944 is dropped, not decoded
     * (a 4000 x 3000 RGBA frame would be 48 MB); the next one is taken. */
    fake.unplug_after_first = false;
    fake.dqbufs = 0;
    fake.corrupt_at = 0;
    fake.oversize_at = 6;
    cam = camera_open("v4l2", "1b17:0211", clk, err, sizeof err);
    CHECKF(cam != NULL, "%s", err);
    CHECK_EQ_INT(camera_grab(cam, 1000, &img), K_OK);
    CHECK_EQ_INT(fake.dqbufs, 7);
    CHECK(img && img->w == 320 && img->h == 240);
    image_destroy(img);
    camera_close(cam);

    /* A USB id that is not attached. */
    cam = camera_open("v4l2", "dead:beef", clk, err, sizeof err);
    CHECK(cam == NULL && strstr(err, "dead:beef") != NULL);
    /* A path to the metadata node is refused. */
    cam = camera_open("v4l2", "/dev/video0", clk, err, sizeof err);
    CHECK(cam == NULL && strstr(err, "E503") != NULL);

    v4l2_sys_override(NULL);
    kclock_destroy(clk);
    free(fake.jpeg);
    return ktest_done();
}
