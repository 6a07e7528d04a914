/* app/ctl/cmd_printer.c: `kioskctl printer status` and `kioskctl printer test` (app layer,
 * ctl). status: the configured printer's DLE EOT status, one line per item, exit 0 when it
 * can print, 1 otherwise. test: a test page (driver, device, width, status and a QR), printed
 * on the configured printer. */
#include <stdio.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "app/receipt/testpage.h"
#include "drivers/printer/printer.h"
#include "platform/strings.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    char err[512], state[256];
    bool test = argc == 2 && strcmp(argv[1], "test") == 0;
    if (argc != 2 || (!test && strcmp(argv[1], "status") != 0)) {
        ctl_fail("E984", NULL, "printer.ctl.bad_args", NULL);
        return 2;
    }
    const struct kconfig *cfg = ctx->cfg;
    struct printer *p = printer_open(cfg->printer_driver, cfg->printer_device,
                                     (int)cfg->printer_width, err, sizeof err);
    if (!p) {
        ctl_fail("E991", err, "printer.ctl.open_failed", NULL);
        return 1;
    }
    struct escpos_status st;
    enum kerr e = printer_status(p, &st);
    if (e != K_OK) {
        ctl_fail("E991", p->error, "printer.ctl.status_failed", NULL);
        printer_close(p);
        return 1;
    }
    receipt_printer_state(&st, state, sizeof state);
    char width[16];
    snprintf(width, sizeof width, "%ld", cfg->printer_width);
    printf("%s: %s\n%s: %s\n%s: %s\n%s: %s\n", tr("printer.ctl.field.driver"), cfg->printer_driver,
           tr("printer.ctl.field.device"), cfg->printer_device, tr("printer.ctl.field.width"),
           width, tr("printer.ctl.field.status"), state);
    int rc = printer_status_verdict(&st, err, sizeof err) == K_OK ? 0 : 1;
    if (test) {
        char who[384];
        printer_identity(p, who, sizeof who);
        struct bitmap *bmp = NULL;
        e = receipt_test_page(cfg, who, &st, &bmp, err, sizeof err);
        if (e == K_OK) {
            e = printer_print(p, bmp);
            if (e != K_OK)
                snprintf(err, sizeof err, "%s", p->error);
        }
        bitmap_destroy(bmp);
        if (e == K_OK) {
            printf("%s\n", tr("printer.ctl.test_printed"));
        } else {
            ctl_fail("E991", err, "printer.ctl.test_failed", NULL);
            rc = 1;
        }
    }
    printer_close(p);
    return rc;
}

const struct ctl_command ctl_cmd_printer = {
    .name = "printer",
    .help_key = "receipt.ctl.help.printer",
    .run = run,
};
