/* app/ctl/cmd_printer.c: `kioskctl printer status` (the configured printer's status) and
 * `kioskctl printer test` (a test page: driver, device, width, status and a QR whose
 * payload is printed beside it, so a phone can confirm the print is readable). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "app/receipt/receipt.h"
#include "drivers/printer/printer.h"
#include "platform/clock.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static int usage(void)
{
    fprintf(stderr, "%s\n", tr("ctl.printer.usage"));
    return 2;
}

/* Status in words for people: "正常", or the fault message, plus near end. */
static enum kerr status_text(struct printer *p, char *out, size_t n)
{
    struct escpos_status st;
    enum kerr e = printer_status(p, &st);
    if (e == K_OK)
        e = printer_status_verdict(&st, NULL, 0);
    snprintf(out, n, "%s%s%s", e == K_OK ? tr("ctl.printer.state_ok") : tr(printer_message_key(e)),
             e == K_OK && st.paper_near_end ? "；" : "",
             e == K_OK && st.paper_near_end ? tr("printer.near_end") : "");
    return e;
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    if (argc != 2 || (strcmp(argv[1], "status") != 0 && strcmp(argv[1], "test") != 0))
        return usage();
    struct kconfig *cfg = ctx->cfg;
    char err[512], msg[1024], state[512], width[16];
    struct printer *p = printer_open(cfg->printer_driver, cfg->printer_device,
                                     (int)cfg->printer_width, err, sizeof err);
    if (!p) {
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "ctl.printer.open_failed", err, NULL));
        return 1;
    }
    enum kerr e = status_text(p, state, sizeof state);
    snprintf(width, sizeof width, "%ld", cfg->printer_width);
    printf("%s\n", tr_fmt(msg, sizeof msg, "ctl.printer.status", cfg->printer_driver,
                          cfg->printer_device, width, state, NULL));
    if (e != K_OK && p->error[0])
        fprintf(stderr, "%s\n", p->error);
    int rc = e == K_OK ? 0 : 1;
    if (strcmp(argv[1], "test") == 0 && e == K_OK) {
        char path[4096], when[64], hint[512];
        config_path(cfg, "assets", path, sizeof path);
        char *font = xasprintf("%s/fonts/NotoSansSC-GBK.otf", path);
        struct receipt *r = receipt_create(font, (int)cfg->printer_width, err, sizeof err);
        free(font);
        struct kdate t = kclock_beijing(kclock_unix_ms(kclock_system()));
        snprintf(when, sizeof when, "%04d-%02d-%02d %02d:%02d", t.year, t.month, t.day, t.hour,
                 t.minute);
        const char *payload = "KIOSK-PRINTER-TEST-0123456789";
        struct receipt_data d = {
            .title = tr("ctl.printer.test_title"),
            .name_label = tr("ctl.printer.label.driver"),
            .name = cfg->printer_driver,
            .district_label = tr("ctl.printer.label.device"),
            .district = cfg->printer_device,
            .submitted_label = tr("ctl.printer.label.width"),
            .submitted = width,
            .deadline_label = tr("ctl.printer.label.status"),
            .deadline = state,
            .delivery_label = tr("ctl.printer.label.time"),
            .delivery = when,
            .qr_payload = payload,
            .qr_hint = tr_fmt(hint, sizeof hint, "ctl.printer.test_qr_hint", payload, NULL),
        };
        struct bitmap *bmp = NULL;
        if (!r || receipt_compose(r, &d, &bmp, err, sizeof err) != K_OK) {
            fprintf(stderr, "%s\n",
                    tr_fmt(msg, sizeof msg, "ctl.printer.test_failed", err, "", NULL));
            rc = 1;
        } else if ((e = printer_print(p, bmp)) != K_OK) {
            fprintf(stderr, "%s\n",
                    tr_fmt(msg, sizeof msg, "ctl.printer.test_failed", tr(printer_message_key(e)),
                           p->error, NULL));
            rc = 1;
        } else {
            printf("%s\n", tr("ctl.printer.test_done"));
        }
        bitmap_destroy(bmp);
        receipt_destroy(r);
    }
    printer_close(p);
    return rc;
}

const struct ctl_command ctl_cmd_printer = {
    .name = "printer",
    .help_key = "ctl.help.printer",
    .run = run,
};
