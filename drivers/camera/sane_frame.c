/* drivers/camera/sane_frame.c: SANE frame parameters and pixels. See sane_frame.h. */
#include "drivers/camera/sane_frame.h"

enum kerr sane_frame_check(const struct sane_frame *f, size_t *total)
{
    if (f->depth != 8 || f->lines <= 0 || f->pixels_per_line <= 0 || f->bytes_per_line <= 0 ||
        (long)f->bytes_per_line * f->lines > SANE_FRAME_MAX_BYTES || f->rgb == f->gray)
        return K_ERR_PROTOCOL;
    /* A line shorter than its pixels (a backend's wrong arithmetic, or a lie) would make the
     * conversion read past the frame: refused. */
    if ((long)f->bytes_per_line < (long)f->pixels_per_line * (f->rgb ? 3 : 1))
        return K_ERR_PROTOCOL;
    *total = (size_t)f->bytes_per_line * (size_t)f->lines;
    return K_OK;
}

enum kerr sane_frame_to_image(const struct sane_frame *f, const uint8_t *raw, size_t len,
                              struct image **out)
{
    *out = NULL;
    size_t total;
    if (sane_frame_check(f, &total) != K_OK)
        return K_ERR_PROTOCOL;
    if (len < total)
        return K_ERR_IO;
    struct image *img = image_create(f->pixels_per_line, f->lines, IMAGE_RGBA32);
    if (!img)
        return K_ERR_PROTOCOL;
    int bpp = f->rgb ? 3 : 1;
    for (int y = 0; y < f->lines; y++) {
        const uint8_t *src = raw + (size_t)y * (size_t)f->bytes_per_line;
        uint8_t *dst = img->px + (size_t)y * img->stride;
        for (int x = 0; x < f->pixels_per_line; x++, dst += 4) {
            const uint8_t *q = src + (size_t)x * (size_t)bpp;
            dst[0] = q[0];
            dst[1] = q[bpp > 1 ? 1 : 0];
            dst[2] = q[bpp > 1 ? 2 : 0];
            dst[3] = 255;
        }
    }
    *out = img;
    return K_OK;
}
