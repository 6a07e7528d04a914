/* drivers/camera/jpeg.h: JPEG decode and encode with TurboJPEG 2.x (libjpeg-turbo 2.1).
 *
 * Decoding tolerates what UVC cameras send (research/capture-qr-calendar.md 1.2): frames
 * without Huffman tables (libjpeg-turbo supplies the standard ones) and data that makes the
 * decoder warn but still produces an image (a warning counts as success). Anything that
 * claims more than 64 megapixels is refused before decoding. Pure; thread-safe.
 */
#ifndef DRIVERS_CAMERA_JPEG_H
#define DRIVERS_CAMERA_JPEG_H

#include <stddef.h>
#include <stdint.h>

#include "platform/err.h"
#include "platform/image.h"

#define JPEG_MAX_PIXELS (64L * 1024 * 1024)

/* Decode into the requested format (grey or RGBA). Caller destroys *out. */
enum kerr jpeg_decode(const uint8_t *data, size_t len, enum image_format format,
                      struct image **out);
/* The same, refusing (K_ERR_INVALID, before decoding) a header that claims more than
 * max_pixels (capped at JPEG_MAX_PIXELS): a camera's frame larger than the size it agreed to
 * is damaged, and decoding it would cost time and memory for nothing. */
enum kerr jpeg_decode_max(const uint8_t *data, size_t len, enum image_format format,
                          long max_pixels, struct image **out);
/* Encode img (grey gives a greyscale JPEG; RGBA gives 4:2:0 colour) at quality 1..100.
 * *out is malloc'd (caller frees). */
enum kerr jpeg_encode(const struct image *img, int quality, uint8_t **out, size_t *len);

#endif
