/* bench/bench_capture.c: document capture figures. A 2592x1944 frame (a 5 MP document camera)
 * from its MJPEG bytes to the stored page JPEG (decode, find, deskew, crop, encode), and the
 * preview path's frames per second (what the capture thread does for every frame). */
#include <stdlib.h>

#include "bench/bench.h"
#include "drivers/camera/capture.h"
#include "drivers/camera/jpeg.h"
#include "drivers/camera/synth.h"
#include "drivers/camera/still.h"

int main(void)
{
    struct synth_scene sc = synth_default(2592, 1944);
    sc.angle_deg = 7;
    struct image *frame = synth_render(&sc);
    uint8_t *mjpeg;
    size_t mlen;
    if (jpeg_encode(frame, 90, &mjpeg, &mlen) != K_OK)
        return 1;
    enum { N = 15 };
    double t[N];
    for (int i = 0; i < N; i++) {
        double t0 = bench_now_ms();
        struct image *img = NULL;
        jpeg_decode(mjpeg, mlen, IMAGE_RGBA32, &img);
        struct capture_page pg;
        enum page_reject why;
        if (capture_frame(img, false, true, &pg, &why) != K_OK)
            return 1;
        capture_page_finish(&pg);
        image_destroy(img);
        t[i] = bench_now_ms() - t0;
    }
    bench_report("capture_2592x1944_to_stored_jpeg", t, N, "ms");

    /* Preview path per frame: decode, grey, downscale, find the page, feed the detector. */
    struct still st;
    still_init(&st);
    double fps[N];
    for (int i = 0; i < N; i++) {
        double t0 = bench_now_ms();
        int frames = 5;
        for (int k = 0; k < frames; k++) {
            struct image *img = NULL;
            jpeg_decode(mjpeg, mlen, IMAGE_RGBA32, &img);
            struct image *grey = page_to_grey(img);
            struct image *small = page_downscale(grey, grey->w / CAPTURE_PREVIEW_W);
            struct page_result r;
            page_find(small, &r);
            still_feed(&st, small, r.reject == PAGE_OK, (int64_t)k * 100);
            image_destroy(small);
            image_destroy(grey);
            image_destroy(img);
        }
        fps[i] = frames * 1000.0 / (bench_now_ms() - t0);
    }
    bench_report("capture_preview_2592x1944", fps, N, "frames/s");
    free(mjpeg);
    image_destroy(frame);
    return 0;
}
