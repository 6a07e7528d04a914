/* app/ctl/devprobe.c: probing the configured devices (app layer, ctl); see devprobe.h. */
#include "app/ctl/devprobe.h"

#include <stdio.h>
#include <string.h>

#include "app/receipt/testpage.h"
#include "drivers/camera/camera.h"
#include "drivers/idcard/idcard.h"
#include "drivers/printer/printer.h"
#include "drivers/scanner/scanner.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

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

size_t devprobe_count(void)
{
    return 4;
}

struct devprobe_row devprobe_row(const struct kconfig *cfg, size_t i)
{
    const struct devprobe_row rows[] = {
        {"svc.dev.idcard", cfg->idcard_driver, cfg->idcard_device},
        {"svc.dev.printer", cfg->printer_driver, cfg->printer_device},
        {"svc.dev.scanner", cfg->scanner_driver, cfg->scanner_device},
        {"svc.dev.camera", cfg->camera_driver, cfg->camera_device},
    };
    return rows[i < 4 ? i : 0];
}

void devprobe_run(const struct kconfig *cfg, size_t i, struct probe *p)
{
    void (*const fns[])(const struct kconfig *, struct probe *) = {probe_idcard, probe_printer,
                                                                   probe_scanner, probe_camera};
    memset(p, 0, sizeof *p);
    if (i >= 4)
        return;
    fns[i](cfg, p);
    /* Errors come from drivers: one line each, whatever they hold. */
    for (char *c = p->error; *c; c++)
        if ((unsigned char)*c < 0x20)
            *c = ' ';
}
