/* app/ctl/cmd_receipt.c: `kioskctl receipt render --sample [KIND] [--width N] [--png OUT]
 * [--escpos OUT]`: the receipt of a fictional sample case as an image and as the exact bytes
 * the printer would receive. `receipt render CODE` (a stored case) waits for the store's
 * lookup API and says so. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/calendar.h"
#include "app/core/service.h"
#include "app/ctl/ctl.h"
#include "app/receipt/receipt.h"
#include "app/receipt/sample.h"
#include "drivers/printer/printer.h"
#include "platform/fsutil.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static int usage(void)
{
    fprintf(stderr, "%s\n", tr("ctl.receipt.usage"));
    return 2;
}

static int failed(const char *why)
{
    char msg[1024];
    fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "ctl.receipt.failed", why, NULL));
    return 1;
}

static bool kind_by_name(const char *s, enum receipt_sample_kind *k)
{
    static const char *const names[] = {"one", "all", "long", "rare", "beyond"};
    for (int i = 0; i < 5; i++)
        if (strcmp(s, names[i]) == 0) {
            *k = (enum receipt_sample_kind)i;
            return true;
        }
    return false;
}

static void written(const char *path, const struct bitmap *b, size_t bytes)
{
    char msg[1024], w[16], h[16], n[32];
    snprintf(w, sizeof w, "%d", b->w);
    snprintf(h, sizeof h, "%d", b->h);
    snprintf(n, sizeof n, "%zu", bytes);
    printf("%s\n", tr_fmt(msg, sizeof msg, "ctl.receipt.written", path, w, h, n, NULL));
}

static int render(struct ctl_ctx *ctx, int argc, char **argv)
{
    bool sample = false;
    enum receipt_sample_kind kind = RECEIPT_SAMPLE_ONE;
    long width = ctx->cfg->printer_width;
    const char *png = NULL, *bin = NULL, *code = NULL;
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--sample") == 0) {
            sample = true;
            if (i + 1 < argc && argv[i + 1][0] != '-' && kind_by_name(argv[i + 1], &kind))
                i++;
        } else if (strcmp(argv[i], "--width") == 0 && i + 1 < argc) {
            if (!str_to_long(argv[++i], 384, 576, &width))
                return usage();
        } else if (strcmp(argv[i], "--png") == 0 && i + 1 < argc) {
            png = argv[++i];
        } else if (strcmp(argv[i], "--escpos") == 0 && i + 1 < argc) {
            bin = argv[++i];
        } else if (argv[i][0] != '-' && !code) {
            code = argv[i];
        } else {
            return usage();
        }
    }
    if (!sample) {
        char msg[512];
        if (!code)
            return usage();
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "ctl.receipt.by_code_missing", code, NULL));
        return 1;
    }
    if (!png && !bin)
        return usage();
    char path[4096], err[1024];
    struct service svc = {0};
    struct calendar *cal = NULL;
    struct receipt *r = NULL;
    struct bitmap *bmp = NULL;
    struct receipt_built b = {0};
    struct escbuf job = {0};
    int rc = 1;
    config_path(ctx->cfg, "service", path, sizeof path);
    if (service_load(path, &svc, err, sizeof err) != K_OK)
        goto fail_err;
    config_path(ctx->cfg, "calendar", path, sizeof path);
    if (calendar_load_dir(path, &cal, err, sizeof err) != K_OK)
        goto fail_err;
    config_path(ctx->cfg, "assets", path, sizeof path);
    char *font = xasprintf("%s/fonts/NotoSansSC-GBK.otf", path);
    r = receipt_create(font, (int)width, err, sizeof err);
    free(font);
    if (!r)
        goto fail_err;
    struct receipt_sample s;
    receipt_sample_init(&s, kind, &svc, ctx->cfg->qr_base_url);
    if (receipt_build(&svc, cal, &s.c, &b, err, sizeof err) != K_OK)
        goto fail_err;
    if (receipt_compose(r, &b.data, &bmp, err, sizeof err) != K_OK)
        goto fail_err;
    if (png) {
        struct image *img = bitmap_to_image(bmp);
        enum kerr e = image_write_png(img, png);
        image_destroy(img);
        if (e != K_OK) {
            snprintf(err, sizeof err, "E220: cannot write %s (%s)", png, kerr_text(e));
            goto fail_err;
        }
        written(png, bmp, 0);
    }
    if (bin) {
        if (printer_encode((int)width, bmp, &job) != K_OK ||
            fs_write_atomic(bin, job.data, job.len, 0644) != K_OK) {
            snprintf(err, sizeof err, "E220: cannot write %s", bin);
            goto fail_err;
        }
        written(bin, bmp, job.len);
    }
    rc = 0;
    goto out;
fail_err:
    rc = failed(err);
out:
    escbuf_free(&job);
    bitmap_destroy(bmp);
    receipt_built_finish(&b);
    receipt_destroy(r);
    calendar_destroy(cal);
    service_free(&svc);
    return rc;
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "render") == 0)
        return render(ctx, argc, argv);
    return usage();
}

const struct ctl_command ctl_cmd_receipt = {
    .name = "receipt",
    .help_key = "ctl.help.receipt",
    .run = run,
};
