/* Fuzz target: bytes from a camera or a file, decoded as JPEG and run through the page finder
 * and the still detector (drivers/camera). Must never crash, hang or leak. */
#include <stdint.h>
#include <stdlib.h>

#include "drivers/camera/jpeg.h"
#include "drivers/camera/page.h"
#include "drivers/camera/still.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct image *img = NULL;
    if (jpeg_decode(data, size, IMAGE_GRAY8, &img) != K_OK)
        return 0;
    if ((long)img->w * img->h <= 4L * 1024 * 1024) {
        struct page_result r;
        page_find(img, &r);
        if (r.reject == PAGE_OK) {
            struct image *p = page_extract(img, &r.quad);
            image_destroy(p);
        }
        struct still s;
        still_init(&s);
        still_feed(&s, img, r.reject == PAGE_OK, 0);
        still_feed(&s, img, r.reject == PAGE_OK, 1000);
    }
    image_destroy(img);
    return 0;
}
