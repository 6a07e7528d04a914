/* app/receipt/qr.h: QR codes drawn by zint (the only module that includes zint.h), as an
 * image: for the receipt and for the done screen. Pure computation; thread-safe. */
#ifndef APP_RECEIPT_QR_H
#define APP_RECEIPT_QR_H

#include "platform/err.h"
#include "platform/image.h"

/* A QR of the ASCII payload, error correction M, 4-module quiet zone, each module
 * module_px x module_px pixels, black on white (IMAGE_GRAY8). K_ERR_INVALID for an empty or
 * non-ASCII payload or one too long for a QR. */
enum kerr qr_render(const char *payload, int module_px, struct image **out);

#endif
