/* app/kiosk/signature.c: the signature strokes drawn and encoded as PNG (app layer,
 * screens). */
#include "app/kiosk/signature.h"

#include <stdlib.h>
#include <string.h>

#include "platform/image.h"

static void plot(struct image *img, int x, int y)
{
    for (int dy = -SIGNATURE_PEN_PX; dy <= SIGNATURE_PEN_PX; dy++)
        for (int dx = -SIGNATURE_PEN_PX; dx <= SIGNATURE_PEN_PX; dx++) {
            int px = x + dx, py = y + dy;
            if (px >= 0 && py >= 0 && px < img->w && py < img->h)
                img->px[(size_t)py * img->stride + (size_t)px] = 0;
        }
}

enum kerr signature_png(const struct session_point *pts, size_t n, int w, int h, uint8_t **png,
                        size_t *len)
{
    *png = NULL;
    *len = 0;
    struct image *img = image_create(w, h, IMAGE_GRAY8);
    if (!img)
        return K_ERR_INVALID;
    memset(img->px, 255, img->stride * (size_t)h);
    for (size_t i = 0; i < n; i++) {
        const struct session_point *p = &pts[i];
        if (p->start || i == 0) {
            plot(img, p->x, p->y);
            continue;
        }
        const struct session_point *q = &pts[i - 1];
        int steps = abs(p->x - q->x) > abs(p->y - q->y) ? abs(p->x - q->x) : abs(p->y - q->y);
        for (int k = 0; k <= steps; k++)
            plot(img, q->x + (p->x - q->x) * k / (steps ? steps : 1),
                 q->y + (p->y - q->y) * k / (steps ? steps : 1));
    }
    enum kerr rc = image_encode_png(img, png, len);
    image_destroy_wiped(img);
    if (rc != K_OK) {
        *png = NULL;
        *len = 0;
    }
    return rc;
}
