/* tests/fuzz/fuzz_png.c: PNG bytes from outside (platform/image.c image_decode_png) read as
 * grey and as RGBA; a picture read has a sane size; nothing may crash or leak. */
#include <stdint.h>
#include <stdlib.h>

#include "platform/image.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    for (int f = 0; f < 2; f++) {
        struct image *img = NULL;
        enum kerr e = image_decode_png(data, size, f ? IMAGE_RGBA32 : IMAGE_GRAY8, &img);
        if (e == K_OK && (!img || img->w <= 0 || img->h <= 0 ||
                          (uint64_t)img->w * (uint64_t)img->h > IMAGE_MAX_PIXELS))
            abort();
        if (e != K_OK && img)
            abort();
        image_destroy(img);
    }
    return 0;
}
