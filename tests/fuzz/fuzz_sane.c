/* tests/fuzz/fuzz_sane.c: what a SANE backend reports and reads for a page
 * (drivers/camera/sane_frame.c). The first 9 bytes are the parameters (format byte, depth,
 * lines, pixels per line, bytes per line as 16-bit numbers); the rest is what sane_read gave.
 * A frame accepted converts within the bytes given; nothing may crash. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/camera/sane_frame.h"

static int u16(const uint8_t *p)
{
    return (int)(p[0] | (p[1] << 8));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 9)
        return 0;
    struct sane_frame f = {.rgb = (data[0] & 3) == 1,
                           .gray = (data[0] & 3) == 2 || (data[0] & 3) == 3,
                           .depth = data[0] & 4   ? 16
                                    : data[0] & 8 ? 1
                                                  : 8,
                           .lines = u16(data + 1) - (data[0] & 16 ? 32768 : 0),
                           .pixels_per_line = u16(data + 3),
                           .bytes_per_line = u16(data + 5) + (data[0] & 32 ? 65536 * data[7] : 0)};
    if (data[0] & 64)
        f.rgb = f.gray = true;
    size_t len = size - 9;
    uint8_t *raw = malloc(len ? len : 1);
    memcpy(raw, data + 9, len);
    size_t total = 0;
    enum kerr chk = sane_frame_check(&f, &total);
    struct image *img = NULL;
    enum kerr e = sane_frame_to_image(&f, raw, len, &img);
    if (e == K_OK &&
        (chk != K_OK || len < total || !img || img->w != f.pixels_per_line || img->h != f.lines))
        abort();
    /* a line must hold its pixels: else the conversion reads past the bytes given */
    if (chk == K_OK && (long)f.bytes_per_line < (long)f.pixels_per_line * (f.rgb ? 3 : 1))
        abort();
    if (e != K_OK && img)
        abort();
    image_destroy(img);
    free(raw);
    return 0;
}
