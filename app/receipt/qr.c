/* app/receipt/qr.c: QR codes through zint (app layer, receipt). */
#include "app/receipt/qr.h"

#include <string.h>
#include <zint.h>

enum kerr qr_render(const char *payload, int module_px, struct image **out)
{
    *out = NULL;
    size_t len = payload ? strlen(payload) : 0;
    if (!len || len > 1000 || module_px < 1 || module_px > 32)
        return K_ERR_INVALID;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)payload[i] < 0x20 || (unsigned char)payload[i] > 0x7E)
            return K_ERR_INVALID;
    struct zint_symbol *sym = ZBarcode_Create();
    if (!sym)
        return K_ERR_INVALID;
    sym->symbology = BARCODE_QRCODE;
    sym->option_1 = 2; /* error correction level M */
    sym->input_mode = DATA_MODE;
    enum kerr rc = K_ERR_INVALID;
    if (ZBarcode_Encode(sym, (const unsigned char *)payload, (int)len) >= ZINT_ERROR)
        goto out;
    int quiet = 4, n = sym->width;
    int side = (n + 2 * quiet) * module_px;
    struct image *img = image_create(side, side, IMAGE_GRAY8);
    if (!img)
        goto out;
    memset(img->px, 255, img->stride * (size_t)side);
    for (int r = 0; r < sym->rows; r++)
        for (int c = 0; c < n; c++) {
            if (!((sym->encoded_data[r][c >> 3] >> (c & 7)) & 1))
                continue;
            for (int dy = 0; dy < module_px; dy++)
                memset(img->px + (size_t)((r + quiet) * module_px + dy) * img->stride +
                           (size_t)((c + quiet) * module_px),
                       0, (size_t)module_px);
        }
    *out = img;
    rc = K_OK;
out:
    ZBarcode_Delete(sym);
    return rc;
}
