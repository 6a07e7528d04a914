/* drivers/camera/synth.c: synthetic desk-and-page frames (drivers layer, pure). */
#include "drivers/camera/synth.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "platform/xalloc.h"

struct synth_scene synth_default(int w, int h)
{
    double ph = h * 0.8, pw = ph / 1.414;
    return (struct synth_scene){.frame_w = w,
                                .frame_h = h,
                                .page = true,
                                .page_w = pw,
                                .page_h = ph,
                                .cx = w / 2.0,
                                .cy = h / 2.0,
                                .noise = 12,
                                .seed = 1};
}

static uint32_t rng(uint32_t *s)
{
    *s ^= *s << 13;
    *s ^= *s >> 17;
    *s ^= *s << 5;
    return *s;
}

/* Colour of the page at page coordinates (u, v) from its top-left, in pixels. */
static void page_colour(const struct synth_scene *s, double u, double v, uint8_t rgb[3])
{
    rgb[0] = rgb[1] = rgb[2] = 228;
    double m = s->page_w * 0.08, lh = s->page_h / 40.0;
    /* Text lines: dark bars in the body of the page, ragged at the right. */
    if (u > m && u < s->page_w - m && v > m && v < s->page_h * 0.8) {
        double line = fmod(v - m, lh);
        int idx = (int)((v - m) / lh);
        double right = s->page_w - m - (idx % 5) * s->page_w * 0.07;
        /* Characters: short gaps along the line. */
        double ch = fmod(u - m, lh * 0.9);
        if (line < lh * 0.45 && u < right && ch < lh * 0.7)
            rgb[0] = rgb[1] = rgb[2] = 40;
    }
    if (s->seal) {
        double sx = s->page_w * 0.72, sy = s->page_h * 0.86, r = s->page_w * 0.1;
        double d = sqrt((u - sx) * (u - sx) + (v - sy) * (v - sy));
        if (d < r && d > r * 0.82) {
            rgb[0] = 200;
            rgb[1] = 30;
            rgb[2] = 30;
        }
    }
}

struct image *synth_render(const struct synth_scene *s)
{
    struct image *img = image_create(s->frame_w, s->frame_h, IMAGE_RGBA32);
    if (!img)
        return NULL;
    double th = s->angle_deg * M_PI / 180.0, c = cos(th), sn = sin(th);
    uint32_t seed = s->seed ? s->seed : 1;
    for (int y = 0; y < s->frame_h; y++) {
        uint8_t *p = img->px + (size_t)y * img->stride;
        for (int x = 0; x < s->frame_w; x++, p += 4) {
            uint8_t rgb[3] = {46, 44, 42}; /* desk */
            if (s->page) {
                /* Inverse-rotate the pixel centre into page coordinates. */
                double dx = x + 0.5 - s->cx, dy = y + 0.5 - s->cy;
                double u = dx * c + dy * sn + s->page_w / 2, v = -dx * sn + dy * c + s->page_h / 2;
                if (u >= 0 && v >= 0 && u < s->page_w && v < s->page_h)
                    page_colour(s, u, v, rgb);
            }
            if (s->hand) {
                double hx = s->hand_x * s->frame_w, hy = s->frame_h * 0.92;
                double rx = s->frame_w * 0.08, ry = s->frame_h * 0.25;
                double e = (x - hx) * (x - hx) / (rx * rx) + (y - hy) * (y - hy) / (ry * ry);
                if (e < 1) {
                    rgb[0] = 150;
                    rgb[1] = 105;
                    rgb[2] = 80;
                }
            }
            int nz = s->noise ? (int)(rng(&seed) % (uint32_t)(2 * s->noise + 1)) - s->noise : 0;
            for (int k = 0; k < 3; k++) {
                int v = rgb[k] + nz;
                p[k] = (uint8_t)(v < 0 ? 0 : v > 255 ? 255 : v);
            }
            p[3] = 255;
        }
    }
    if (s->blur > 0) {
        /* Separable box blur, applied twice (close to a Gaussian). */
        int r = s->blur;
        size_t rowlen = (size_t)s->frame_w * 4;
        uint8_t *tmp =
            xcalloc(rowlen > (size_t)s->frame_h * 4 ? rowlen : (size_t)s->frame_h * 4, 1);
        for (int pass = 0; pass < 2; pass++) {
            for (int y = 0; y < s->frame_h; y++) {
                uint8_t *row = img->px + (size_t)y * img->stride;
                for (int x = 0; x < s->frame_w; x++)
                    for (int k = 0; k < 3; k++) {
                        int acc = 0, n = 0;
                        for (int d = -r; d <= r; d++) {
                            int xx = x + d;
                            if (xx >= 0 && xx < s->frame_w) {
                                acc += row[(size_t)xx * 4 + (size_t)k];
                                n++;
                            }
                        }
                        tmp[(size_t)x * 4 + (size_t)k] = (uint8_t)(acc / n);
                    }
                for (int x = 0; x < s->frame_w; x++)
                    memcpy(row + (size_t)x * 4, tmp + (size_t)x * 4, 3);
            }
            for (int x = 0; x < s->frame_w; x++) {
                for (int y = 0; y < s->frame_h; y++)
                    for (int k = 0; k < 3; k++) {
                        int acc = 0, n = 0;
                        for (int d = -r; d <= r; d++) {
                            int yy = y + d;
                            if (yy >= 0 && yy < s->frame_h) {
                                acc +=
                                    img->px[(size_t)yy * img->stride + (size_t)x * 4 + (size_t)k];
                                n++;
                            }
                        }
                        tmp[(size_t)y * 4 + (size_t)k] = (uint8_t)(acc / n);
                    }
                for (int y = 0; y < s->frame_h; y++)
                    memcpy(img->px + (size_t)y * img->stride + (size_t)x * 4, tmp + (size_t)y * 4,
                           3);
            }
        }
        free(tmp);
    }
    return img;
}
