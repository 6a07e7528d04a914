/* platform/image.c: image buffers and PNG encode/decode with libpng (platform layer). */
#include "platform/image.h"

#include <png.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fsutil.h"
#include "platform/xalloc.h"

struct image *image_create(int w, int h, enum image_format format)
{
    if (w <= 0 || h <= 0 || w > 32768 || h > 32768)
        return NULL;
    struct image *img = xcalloc(1, sizeof *img);
    img->w = w;
    img->h = h;
    img->format = format;
    img->stride = (size_t)w * (size_t)format;
    img->px = xcalloc(img->stride * (size_t)h, 1);
    return img;
}

void image_destroy(struct image *img)
{
    if (!img)
        return;
    free(img->px);
    free(img);
}

void image_destroy_wiped(struct image *img)
{
    if (img && img->px)
        explicit_bzero(img->px, img->stride * (size_t)img->h);
    image_destroy(img);
}

/* PNG encodings started by each thread (image_png_encodes). */
static _Thread_local size_t png_encodes;

size_t image_png_encodes(void)
{
    return png_encodes;
}

enum kerr image_encode_png(const struct image *img, uint8_t **out, size_t *len)
{
    png_encodes++;
    png_image pi;
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION;
    pi.width = (png_uint_32)img->w;
    pi.height = (png_uint_32)img->h;
    pi.format = img->format == IMAGE_GRAY8 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGBA;
    /* One pass into a buffer of the largest size the encoding can take (libpng's bound: the
     * raw rows plus the format's overhead), given back down to the size written. Asking libpng
     * for the size first (a NULL buffer) would encode the image twice. */
    png_alloc_size_t size = PNG_IMAGE_PNG_SIZE_MAX(pi);
    if (size == 0)
        return K_ERR_INVALID;
    uint8_t *buf = xcalloc(size, 1); /* pages the encoder does not reach are never touched */
    if (!png_image_write_to_memory(&pi, buf, &size, 0, img->px, (png_int_32)img->stride, NULL)) {
        free(buf);
        return K_ERR_INVALID;
    }
    *out = xrealloc(buf, size ? size : 1);
    *len = size;
    return K_OK;
}

enum kerr image_write_png(const struct image *img, const char *path)
{
    uint8_t *buf;
    size_t len;
    enum kerr rc = image_encode_png(img, &buf, &len);
    if (rc != K_OK)
        return rc;
    rc = fs_write_atomic(path, buf, len, 0644);
    free(buf);
    return rc;
}

/* The rest of a read begun on pi (closes it either way). */
static enum kerr finish_read(png_image *pi, enum image_format format, struct image **out)
{
    if (pi->width == 0 || pi->height == 0 || pi->width > 32768 || pi->height > 32768 ||
        (uint64_t)pi->width * pi->height > IMAGE_MAX_PIXELS) {
        png_image_free(pi);
        return K_ERR_INVALID;
    }
    pi->format = format == IMAGE_GRAY8 ? PNG_FORMAT_GRAY : PNG_FORMAT_RGBA;
    struct image *img = image_create((int)pi->width, (int)pi->height, format);
    if (!png_image_finish_read(pi, NULL, img->px, (png_int_32)img->stride, NULL)) {
        png_image_free(pi);
        image_destroy(img);
        return K_ERR_INVALID;
    }
    *out = img;
    return K_OK;
}

enum kerr image_read_png(const char *path, enum image_format format, struct image **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rbe");
    if (!f)
        return K_ERR_NOT_FOUND;
    png_image pi;
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION;
    enum kerr rc = K_ERR_INVALID;
    if (png_image_begin_read_from_stdio(&pi, f))
        rc = finish_read(&pi, format, out);
    fclose(f);
    return rc;
}

enum kerr image_decode_png(const uint8_t *data, size_t len, enum image_format format,
                           struct image **out)
{
    *out = NULL;
    png_image pi;
    memset(&pi, 0, sizeof pi);
    pi.version = PNG_IMAGE_VERSION;
    if (!len || !png_image_begin_read_from_memory(&pi, data, len))
        return K_ERR_INVALID;
    return finish_read(&pi, format, out);
}
