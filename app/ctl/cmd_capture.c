/* app/ctl/cmd_capture.c: `kioskctl capture process IN.jpg OUT.jpg [--colour]` runs the page
 * pipeline on one image and prints `angle DEG` and `page WxH` (or the rejection, exit 1);
 * `kioskctl capture grab OUT.jpg [--device SPEC] [--driver NAME] [--raw]` takes one page from
 * the configured camera or scanner (a still page, or the next scan), waiting at most 30 s;
 * --raw keeps the whole frame uncropped (to record frames on site for the file source). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "drivers/camera/capture.h"
#include "drivers/camera/jpeg.h"
#include "drivers/camera/still.h"
#include "platform/fsutil.h"
#include "platform/strings.h"

static int finish(const struct capture_page *pg, const char *out)
{
    if (fs_write_atomic(out, pg->jpeg, pg->jpeg_len, 0644) != K_OK) {
        ctl_fail("E989", NULL, "capture.cannot_write", out, NULL);
        return 1;
    }
    printf("angle %.2f\npage %dx%d\n", pg->angle_deg, pg->w, pg->h);
    return 0;
}

static int process(int argc, char **argv)
{
    bool colour = argc > 4 && strcmp(argv[4], "--colour") == 0;
    char *buf;
    size_t len;
    struct image *img = NULL;
    if (fs_read_file(argv[2], 64u << 20, &buf, &len) != K_OK) {
        ctl_fail("E986", NULL, "capture.cannot_read", argv[2], NULL);
        return 1;
    }
    enum kerr rc = jpeg_decode((const uint8_t *)buf, len, IMAGE_RGBA32, &img);
    free(buf);
    if (rc != K_OK && image_read_png(argv[2], IMAGE_RGBA32, &img) != K_OK) {
        ctl_fail("E987", NULL, "capture.not_image", argv[2], NULL);
        return 1;
    }
    struct capture_page pg;
    enum page_reject why;
    rc = capture_frame(img, colour, true, &pg, &why);
    image_destroy(img);
    if (rc != K_OK) {
        printf("%s\n", tr(capture_reject_key(why)));
        return 1;
    }
    int r = finish(&pg, argv[3]);
    capture_page_finish(&pg);
    return r;
}

static int grab(struct ctl_ctx *ctx, int argc, char **argv)
{
    const char *driver = ctx->cfg->camera_driver, *device = ctx->cfg->camera_device;
    bool raw = false;
    for (int i = 3; i < argc; i++) {
        if (strcmp(argv[i], "--device") == 0 && i + 1 < argc)
            device = argv[++i];
        else if (strcmp(argv[i], "--driver") == 0 && i + 1 < argc)
            driver = argv[++i];
        else if (strcmp(argv[i], "--raw") == 0)
            raw = true;
    }
    char err[512];
    struct kclock *clk = strcmp(driver, "sim") == 0 ? kclock_fake_create(0) : kclock_system();
    struct camera *cam = camera_open(driver, device, clk, err, sizeof err);
    if (!cam) {
        ctl_fail("E991", err, "capture.no_camera", NULL);
        kclock_destroy(clk);
        return 1;
    }
    bool scanner = strcmp(driver, "sane") == 0;
    struct still st;
    still_init(&st);
    int rc = 1;
    enum page_reject last = PAGE_NONE;
    int64_t deadline = kclock_mono_ms(clk) + 30000;
    while (kclock_mono_ms(clk) < deadline) {
        struct image *frame = NULL;
        enum kerr g = camera_grab(cam, 1000, &frame);
        if (g == K_ERR_TIMEOUT)
            continue;
        if (g != K_OK) {
            char key[64];
            snprintf(key, sizeof key, "err.%s", kerr_name(g));
            ctl_fail("E991", cam->error, "capture.grab_failed", tr(key), NULL);
            break;
        }
        bool take = scanner;
        if (!scanner) {
            struct image *grey = page_to_grey(frame);
            struct page_result r;
            bool found = page_find(grey, &r) == K_OK;
            last = r.reject;
            take = still_feed(&st, grey, found, kclock_mono_ms(clk));
            image_destroy(grey);
        }
        if (take && raw) {
            /* The whole frame, as the camera saw it: for recording frames on site. */
            struct capture_page pg = {.w = frame->w, .h = frame->h};
            if (jpeg_encode(frame, 92, &pg.jpeg, &pg.jpeg_len) == K_OK)
                rc = finish(&pg, argv[2]);
            capture_page_finish(&pg);
            image_destroy(frame);
            break;
        }
        if (take) {
            struct capture_page pg;
            enum page_reject why;
            if (capture_frame(frame, true, !scanner, &pg, &why) == K_OK) {
                rc = finish(&pg, argv[2]);
                capture_page_finish(&pg);
                image_destroy(frame);
                break;
            }
            last = why;
        }
        image_destroy(frame);
    }
    if (rc != 0 && last != PAGE_OK)
        printf("%s\n", tr(capture_reject_key(last)));
    camera_close(cam);
    kclock_destroy(clk);
    return rc;
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    if (argc >= 4 && strcmp(argv[1], "process") == 0)
        return process(argc, argv);
    if (argc >= 3 && strcmp(argv[1], "grab") == 0)
        return grab(ctx, argc, argv);
    fprintf(stderr, "%s\n", tr("ctl.help.capture"));
    return 2;
}

const struct ctl_command ctl_cmd_capture = {
    .name = "capture",
    .help_key = "ctl.help.capture",
    .run = run,
};
