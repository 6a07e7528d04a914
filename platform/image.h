/* platform/image.h: in-memory images and PNG files (libpng).
 *
 * An image owns its pixels. Formats: 8-bit grey and 32-bit RGBA (bytes R,G,B,A in memory).
 * Used for screenshots, goldens, the signature, camera pages and the printed receipt.
 */
#ifndef PLATFORM_IMAGE_H
#define PLATFORM_IMAGE_H

#include <stddef.h>
#include <stdint.h>

#include "platform/err.h"

/* Largest picture a PNG read accepts (pixels; 256 MiB as RGBA). */
#define IMAGE_MAX_PIXELS (64u * 1024u * 1024u)

enum image_format { IMAGE_GRAY8 = 1, IMAGE_RGBA32 = 4 };

struct image {
    int w, h;
    enum image_format format; /* its value is the bytes per pixel */
    size_t stride;            /* bytes per row */
    uint8_t *px;
};

/* A zeroed (black, transparent) image; w and h are 1..32768. Caller destroys. */
struct image *image_create(int w, int h, enum image_format format);
void image_destroy(struct image *img); /* NULL is a no-op */
/* image_destroy after zeroing the pixels: for pictures of somebody's documents or
 * signature. NULL is a no-op. */
void image_destroy_wiped(struct image *img);
/* Write img as a PNG file (durably, via fs_write_atomic). */
enum kerr image_write_png(const struct image *img, const char *path);
/* Encode img as PNG into a new buffer (*out, caller frees). */
enum kerr image_encode_png(const struct image *img, uint8_t **out, size_t *len);
/* PNG encodings (files written included) the calling thread has started, so that a test can
 * tell which thread does the work (an encoding costs milliseconds: not on the UI thread). */
size_t image_png_encodes(void);
/* Read a PNG file, converted to the requested format. K_ERR_NOT_FOUND when missing,
 * K_ERR_INVALID when not a readable PNG, larger than 32768 on a side or than
 * IMAGE_MAX_PIXELS. */
enum kerr image_read_png(const char *path, enum image_format format, struct image **out);
/* The same from len bytes in memory (an attachment, a file from a stick). */
enum kerr image_decode_png(const uint8_t *data, size_t len, enum image_format format,
                           struct image **out);

#endif
