/* app/receipt/testpage.c: the printer's test page (app layer, receipt). */
#include "app/receipt/testpage.h"

#include <stdio.h>
#include <string.h>

#include "app/receipt/receipt.h"
#include "platform/strings.h"

void receipt_printer_state(const struct escpos_status *st, char *out, size_t n)
{
    out[0] = '\0';
    static const char *const keys[] = {
        "printer.ctl.status.offline",      "printer.ctl.status.cover_open",
        "printer.ctl.status.paper_end",    "printer.ctl.status.paper_near_end",
        "printer.ctl.status.cutter_error", "printer.ctl.status.unrecoverable"};
    const bool on[] = {st->offline,        st->cover_open,   st->paper_end,
                       st->paper_near_end, st->cutter_error, st->unrecoverable};
    for (size_t i = 0; i < sizeof(on) / sizeof(on[0]); i++)
        if (on[i]) {
            size_t k = strlen(out);
            snprintf(out + k, n - k, "%s%s", k ? "、" : "", tr(keys[i]));
        }
    if (!out[0])
        snprintf(out, n, "%s", tr("printer.ctl.ok"));
}

enum kerr receipt_test_page(const struct kconfig *cfg, const char *identity,
                            const struct escpos_status *st, struct bitmap **out, char *err,
                            size_t errlen)
{
    char font[1024], ident[512], state[256], width[16];
    snprintf(width, sizeof width, "%ld", cfg->printer_width);
    snprintf(ident, sizeof ident, "%s %s", identity, cfg->printer_device);
    receipt_printer_state(st, state, sizeof state);
    struct receipt_data d = {
        .title = tr("printer.test.title"),
        .label = {.code = tr("printer.test.code_label"),
                  .name = tr("printer.ctl.field.driver"),
                  .district = tr("printer.ctl.field.status")},
        .code = width,
        .name_masked = ident,
        .district = state,
        .qr_payload = "KIOSK-PRINTER-TEST",
    };
    return receipt_compose(&d, receipt_font_path(cfg, font, sizeof font), (int)cfg->printer_width,
                           out, err, errlen);
}
