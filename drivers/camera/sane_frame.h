/* drivers/camera/sane_frame.h: checking the parameters a SANE backend reports for a page and
 * turning the bytes it read into an image, without I/O (drivers), for camera_sane.c and the fuzz
 * target. A backend is outside code talking about outside hardware: its numbers are untrusted.
 */
#ifndef DRIVERS_CAMERA_SANE_FRAME_H
#define DRIVERS_CAMERA_SANE_FRAME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/err.h"
#include "platform/image.h"

#define SANE_FRAME_MAX_BYTES (256L << 20)

/* What sane_get_parameters said, in plain ints (rgb: SANE_FRAME_RGB, else grey). */
struct sane_frame {
    bool rgb, gray; /* exactly one set for a supported frame */
    int depth, lines, pixels_per_line, bytes_per_line;
};

/* K_OK when f is a frame we can read: 8 bits, RGB or grey, a sane size, lines long enough for
 * their pixels; then *total is the
 * number of bytes to read. K_ERR_PROTOCOL otherwise. */
enum kerr sane_frame_check(const struct sane_frame *f, size_t *total);
/* The len bytes read for frame f as a new RGBA image (*out). K_ERR_PROTOCOL for a frame
 * sane_frame_check refuses, K_ERR_IO when len is not the whole frame. */
enum kerr sane_frame_to_image(const struct sane_frame *f, const uint8_t *raw, size_t len,
                              struct image **out);

#endif
