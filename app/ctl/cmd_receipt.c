/* app/ctl/cmd_receipt.c: `kioskctl receipt render --sample [N] (--png OUT | --escpos OUT)`
 * (app layer, ctl). Renders a fictional sample case's receipt (app/receipt) at the configured
 * printer width, as a PNG or as the exact ESC/POS bytes printer_print would send. Rendering a
 * stored case by its code is not implemented yet (says so, exit 2). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "app/receipt/receipt.h"
#include "drivers/printer/printer.h"
#include "platform/fsutil.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    char msg[1400], err[1024], path[1024], font[1024];
    const char *png = NULL, *bin = NULL;
    long sample = -1;
    if (argc < 2 || strcmp(argv[1], "render") != 0) {
        fprintf(stderr, "%s\n", tr("receipt.ctl.bad_args"));
        return 2;
    }
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--sample") == 0) {
            sample = 0;
            if (i + 1 < argc && argv[i + 1][0] != '-' && !str_to_long(argv[++i], 0, 3, &sample)) {
                fprintf(stderr, "%s\n", tr("receipt.ctl.bad_args"));
                return 2;
            }
        } else if (strcmp(argv[i], "--png") == 0 && i + 1 < argc) {
            png = argv[++i];
        } else if (strcmp(argv[i], "--escpos") == 0 && i + 1 < argc) {
            bin = argv[++i];
        } else if (argv[i][0] != '-') {
            fprintf(stderr, "%s\n", tr("receipt.ctl.stored_case_unsupported"));
            return 2;
        } else {
            fprintf(stderr, "%s\n", tr("receipt.ctl.bad_args"));
            return 2;
        }
    }
    if (sample < 0 || (!png && !bin)) {
        fprintf(stderr, "%s\n",
                tr(sample < 0 ? "receipt.ctl.stored_case_unsupported" : "receipt.ctl.bad_args"));
        return 2;
    }
    struct service svc;
    struct calendar *cal = NULL;
    config_path(ctx->cfg, "service", path, sizeof path);
    if (service_load(path, &svc, err, sizeof err) != K_OK) {
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "receipt.ctl.failed", err, NULL));
        return 1;
    }
    config_path(ctx->cfg, "calendar", path, sizeof path);
    if (calendar_load_dir(path, &cal, err, sizeof err) != K_OK) {
        service_free(&svc);
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "receipt.ctl.failed", err, NULL));
        return 1;
    }
    struct receipt_case c;
    struct receipt_data d;
    struct bitmap *bmp = NULL;
    int width = (int)ctx->cfg->printer_width, rc = 1;
    receipt_case_sample((int)sample, &c);
    enum kerr e = receipt_data_from_case(&svc, cal, &c, &d, err, sizeof err);
    if (e == K_OK)
        e = receipt_compose(&d, receipt_font_path(ctx->cfg, font, sizeof font), width, &bmp, err,
                            sizeof err);
    if (e == K_OK && png) {
        struct image *img = bitmap_to_image(bmp);
        e = img ? image_write_png(img, png) : K_ERR_INVALID;
        image_destroy(img);
        snprintf(err, sizeof err, "%s: %s", png, kerr_text(e));
    }
    if (e == K_OK && bin) {
        struct escbuf b = {0};
        e = printer_encode(width, bmp, &b);
        if (e == K_OK)
            e = fs_write_atomic(bin, b.data, b.len, 0644);
        escbuf_free(&b);
        snprintf(err, sizeof err, "%s: %s", bin, kerr_text(e));
    }
    if (e == K_OK) {
        char w[16], h[16];
        snprintf(w, sizeof w, "%d", bmp->w);
        snprintf(h, sizeof h, "%d", bmp->h);
        printf("%s\n", tr_fmt(msg, sizeof msg, "receipt.ctl.written", png ? png : bin, w, h, NULL));
        if (png && bin)
            printf("%s\n", tr_fmt(msg, sizeof msg, "receipt.ctl.written", bin, w, h, NULL));
        rc = 0;
    } else {
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "receipt.ctl.failed", err, NULL));
    }
    bitmap_destroy(bmp);
    calendar_destroy(cal);
    service_free(&svc);
    return rc;
}

const struct ctl_command ctl_cmd_receipt = {
    .name = "receipt",
    .help_key = "receipt.ctl.help.receipt",
    .run = run,
};
