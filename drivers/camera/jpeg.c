/* drivers/camera/jpeg.c: TurboJPEG wrappers (drivers layer). */
#include "drivers/camera/jpeg.h"

#include <stdlib.h>
#include <string.h>
#include <turbojpeg.h>

#include "platform/xalloc.h"

enum kerr jpeg_decode(const uint8_t *data, size_t len, enum image_format format, struct image **out)
{
    return jpeg_decode_max(data, len, format, JPEG_MAX_PIXELS, out);
}

enum kerr jpeg_decode_max(const uint8_t *data, size_t len, enum image_format format,
                          long max_pixels, struct image **out)
{
    *out = NULL;
    if (max_pixels > JPEG_MAX_PIXELS)
        max_pixels = JPEG_MAX_PIXELS;
    if (!data || len < 4 || len > (256u << 20))
        return K_ERR_INVALID;
    tjhandle tj = tjInitDecompress();
    if (!tj)
        return K_ERR_IO;
    int w = 0, h = 0, sub = 0, cs = 0;
    enum kerr rc = K_ERR_INVALID;
    if (tjDecompressHeader3(tj, data, (unsigned long)len, &w, &h, &sub, &cs) != 0 || w <= 0 ||
        h <= 0 || (long)w * h > max_pixels)
        goto out;
    struct image *img = image_create(w, h, format);
    if (!img)
        goto out;
    int pf = format == IMAGE_GRAY8 ? TJPF_GRAY : TJPF_RGBA;
    if (tjDecompress2(tj, data, (unsigned long)len, img->px, w, (int)img->stride, h, pf, 0) != 0 &&
        tjGetErrorCode(tj) != TJERR_WARNING) {
        image_destroy(img);
        goto out;
    }
    *out = img;
    rc = K_OK;
out:
    tjDestroy(tj);
    return rc;
}

enum kerr jpeg_encode(const struct image *img, int quality, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!img || quality < 1 || quality > 100)
        return K_ERR_INVALID;
    tjhandle tj = tjInitCompress();
    if (!tj)
        return K_ERR_IO;
    unsigned char *buf = NULL;
    unsigned long size = 0;
    bool grey = img->format == IMAGE_GRAY8;
    int rc =
        tjCompress2(tj, img->px, img->w, (int)img->stride, img->h, grey ? TJPF_GRAY : TJPF_RGBA,
                    &buf, &size, grey ? TJSAMP_GRAY : TJSAMP_420, quality, 0);
    tjDestroy(tj);
    if (rc != 0) {
        tjFree(buf);
        return K_ERR_INVALID;
    }
    *out = xcalloc(size, 1);
    memcpy(*out, buf, size);
    *len = size;
    tjFree(buf);
    return K_OK;
}
