/* app/receipt/testpage.h: the printer's test page and its status in words (app layer,
 * receipt); shared by `kioskctl printer test` and service mode's printer test. */
#ifndef APP_RECEIPT_TESTPAGE_H
#define APP_RECEIPT_TESTPAGE_H

#include <stddef.h>

#include "drivers/printer/escpos.h"
#include "platform/bitmap.h"
#include "platform/config.h"
#include "platform/err.h"

/* The status items that are set, in Chinese, joined by "、" ("正常" when none is). */
void receipt_printer_state(const struct escpos_status *st, char *out, size_t n);
/* Compose the test page (driver, device and identity, paper width, status, a QR) for the
 * configured printer. identity: what the driver knows of the printer (may be ""). */
enum kerr receipt_test_page(const struct kconfig *cfg, const char *identity,
                            const struct escpos_status *st, struct bitmap **out, char *err,
                            size_t errlen);

#endif
