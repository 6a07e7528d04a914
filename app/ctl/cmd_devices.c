/* app/ctl/cmd_devices.c: `kioskctl devices` (app layer, ctl): one line per configured device
 * (ID card reader, receipt printer, QR scanner, document camera): kind, driver, device spec,
 * connection state and the error the probe met. Each device is opened briefly through its
 * driver (the reader's SAM and the printer's status are asked too) and closed again. Exit 0
 * when every device answered, 1 when any is missing. A device the running kiosk holds may
 * answer "busy": that counts as present. */
#include <stdio.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "app/receipt/testpage.h"
#include "drivers/camera/camera.h"
#include "drivers/idcard/idcard.h"
#include "drivers/printer/printer.h"
#include "drivers/scanner/scanner.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

struct probe {
    bool present;
    char state[256];
    char error[512];
};

static void probe_idcard(const struct kconfig *cfg, struct probe *p)
{
    struct idcard_reader *r = NULL;
    enum kerr e = idcard_open(cfg->idcard_driver, cfg->idcard_device, &r);
    if (e != K_OK) {
        snprintf(p->error, sizeof p->error, "%s", r ? idcard_error(r) : kerr_text(e));
        p->present = e == K_ERR_BUSY;
        str_copy(p->state, sizeof p->state,
                 tr(p->present ? "ctl.devices.busy" : "ctl.devices.missing"));
        idcard_close(r);
        return;
    }
    e = idcard_sam_status(r);
    p->present = true;
    str_copy(p->state, sizeof p->state,
             tr(e == K_OK ? "ctl.devices.ready" : "ctl.devices.sam_starting"));
    if (e != K_OK)
        snprintf(p->error, sizeof p->error, "%s", idcard_error(r));
    idcard_close(r);
}

static void probe_printer(const struct kconfig *cfg, struct probe *p)
{
    struct printer *pr = printer_open(cfg->printer_driver, cfg->printer_device,
                                      (int)cfg->printer_width, p->error, sizeof p->error);
    if (!pr) {
        str_copy(p->state, sizeof p->state, tr("ctl.devices.missing"));
        return;
    }
    p->present = true;
    struct escpos_status st;
    if (printer_status(pr, &st) == K_OK) {
        char words[200];
        receipt_printer_state(&st, words, sizeof words);
        tr_fmt(p->state, sizeof p->state, "ctl.devices.connected_as", words, NULL);
        if (printer_status_verdict(&st, p->error, sizeof p->error) == K_OK)
            p->error[0] = '\0';
    } else {
        str_copy(p->state, sizeof p->state, tr("ctl.devices.no_status"));
        snprintf(p->error, sizeof p->error, "%s", pr->error);
    }
    printer_close(pr);
}

static void probe_scanner(const struct kconfig *cfg, struct probe *p)
{
    enum kerr why = K_OK;
    struct scanner *s =
        scanner_open(cfg->scanner_driver, cfg->scanner_device, &why, p->error, sizeof p->error);
    p->present = s != NULL || why == K_ERR_BUSY;
    str_copy(p->state, sizeof p->state,
             tr(s                   ? "ctl.devices.ready"
                : why == K_ERR_BUSY ? "ctl.devices.busy"
                                    : "ctl.devices.missing"));
    scanner_close(s);
}

static void probe_camera(const struct kconfig *cfg, struct probe *p)
{
    struct camera *c = camera_open(cfg->camera_driver, cfg->camera_device, kclock_system(),
                                   p->error, sizeof p->error);
    p->present = c != NULL;
    str_copy(p->state, sizeof p->state, tr(c ? "ctl.devices.ready" : "ctl.devices.missing"));
    camera_close(c);
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "%s\n", tr("ctl.help.devices"));
        return 2;
    }
    const struct kconfig *cfg = ctx->cfg;
    const struct {
        const char *kind, *driver, *device;
        void (*probe)(const struct kconfig *, struct probe *);
    } rows[] = {
        {"svc.dev.idcard", cfg->idcard_driver, cfg->idcard_device, probe_idcard},
        {"svc.dev.printer", cfg->printer_driver, cfg->printer_device, probe_printer},
        {"svc.dev.scanner", cfg->scanner_driver, cfg->scanner_device, probe_scanner},
        {"svc.dev.camera", cfg->camera_driver, cfg->camera_device, probe_camera},
    };
    int missing = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct probe p = {0};
        rows[i].probe(cfg, &p);
        if (!p.present)
            missing++;
        /* Errors come from drivers: one line each, whatever they hold. */
        for (char *c = p.error; *c; c++)
            if ((unsigned char)*c < 0x20)
                *c = ' ';
        printf("%s\t%s\t%s\t%s\t%s\n", tr(rows[i].kind), rows[i].driver,
               rows[i].device[0] ? rows[i].device : tr("svc.dev.auto"), p.state,
               p.error[0] ? p.error : "-");
    }
    return missing ? 1 : 0;
}

const struct ctl_command ctl_cmd_devices = {
    .name = "devices",
    .help_key = "ctl.help.devices",
    .run = run,
};
