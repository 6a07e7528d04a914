/* app/ctl/cmd_receipt.c: the receipt from kioskctl (app layer, ctl).
 *
 *   kioskctl receipt render (--sample [0-3] | CODE) [--png OUT.png] [--escpos OUT.bin]
 *   kioskctl receipt print  (--sample [0-3] | CODE)
 *
 * render writes the receipt at the configured printer width as a PNG and/or as the exact
 * ESC/POS bytes printer_print would send; print sends it to the configured printer (the
 * reprint path when the first print failed). --sample uses a fictional case; CODE a stored
 * case (district, matters, received materials, submission time, the applicant's name from
 * the encrypted form, masked; a purged case prints without the name). */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/trackcode.h"
#include "app/ctl/ctl.h"
#include "app/receipt/receipt.h"
#include "app/store/store.h"
#include "drivers/printer/printer.h"
#include "platform/clock.h"
#include "platform/fsutil.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

/* Storage for a case read from the store (receipt_case points into it). */
struct stored {
    char code[TRACKCODE_MAX];
    char district[64];
    char name[128];
    char url[512];
    const char *matter_ids[STORE_MAX_MATTERS];
    int materials[STORE_MAX_ATTACH];
};

static enum kerr from_store(const struct kconfig *cfg, const struct service *svc, const char *code,
                            struct stored *st, struct receipt_case *c, char *err, size_t n)
{
    store *s = NULL;
    enum kerr e = store_open(cfg, NULL, STORE_OPEN_DEFAULT, &s, err, n);
    if (e != K_OK)
        return e;
    struct store_case sc;
    e = store_case_by_code(s, code, &sc);
    if (e != K_OK) {
        snprintf(err, n, "%s: %s", code, kerr_text(e));
        store_close(s);
        return e;
    }
    memset(c, 0, sizeof(*c));
    snprintf(st->code, sizeof(st->code), "%s", sc.code);
    snprintf(st->district, sizeof(st->district), "%s", sc.district);
    st->name[0] = '\0';
    struct store_personal pers = {0};
    if (!sc.purged && store_personal_load(s, sc.id, &pers) == K_OK) {
        cJSON *j = cJSON_Parse(pers.form_json);
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(j, "name");
        if (cJSON_IsString(nm))
            snprintf(st->name, sizeof(st->name), "%s", nm->valuestring);
        cJSON_Delete(j);
        store_personal_free(&pers);
    }
    char token[TRACKCODE_TOKEN_MAX];
    store_case_token(s, sc.code, token);
    store_close(s);
    e = trackcode_url(cfg->qr_base_url, st->code, token, st->url, sizeof(st->url));
    if (e != K_OK) {
        snprintf(err, n, "E223: no QR URL for %s (qr.base_url)", st->code);
        return e;
    }
    size_t nm = 0, na = 0;
    for (size_t i = 0; i < sc.n_matters && nm < STORE_MAX_MATTERS; i++) {
        int m = sc.matters[i].matter;
        if (m < 1 || (size_t)m > svc->n_matters) {
            snprintf(err, n, "E223: case %s has matter number %d, unknown to the service", st->code,
                     m);
            return K_ERR_NOT_FOUND;
        }
        st->matter_ids[nm++] = svc->matters[m - 1].id;
    }
    for (size_t i = 0; i < sc.n_attachments; i++) { /* each material once, in order */
        bool seen = false;
        for (size_t k = 0; k < na; k++)
            seen = seen || st->materials[k] == sc.attachments[i].material;
        if (!seen && na < STORE_MAX_ATTACH)
            st->materials[na++] = sc.attachments[i].material;
    }
    struct kdate t = kclock_beijing(sc.created_ms);
    c->code = st->code;
    c->name = st->name;
    c->district_id = st->district;
    c->submitted = (struct cdate){t.year, t.month, t.day};
    c->hour = t.hour;
    c->minute = t.minute;
    c->matter_ids = st->matter_ids;
    c->n_matters = nm;
    c->material_numbers = st->materials;
    c->n_materials = na;
    c->qr_payload = st->url;
    return K_OK;
}

static int usage(void)
{
    ctl_fail("E984", NULL, "receipt.ctl.bad_args", NULL);
    return 2;
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    char msg[1400], err[1024], path[1024], font[1024];
    const char *png = NULL, *bin = NULL, *code = NULL;
    long sample = -1;
    bool print = argc >= 2 && strcmp(argv[1], "print") == 0;
    if (argc < 2 || (!print && strcmp(argv[1], "render") != 0))
        return usage();
    for (int i = 2; i < argc; i++) {
        if (strcmp(argv[i], "--sample") == 0) {
            sample = 0;
            if (i + 1 < argc && argv[i + 1][0] != '-' && !str_to_long(argv[++i], 0, 3, &sample))
                return usage();
        } else if (!print && strcmp(argv[i], "--png") == 0 && i + 1 < argc) {
            png = argv[++i];
        } else if (!print && strcmp(argv[i], "--escpos") == 0 && i + 1 < argc) {
            bin = argv[++i];
        } else if (argv[i][0] != '-' && !code) {
            code = argv[i];
        } else {
            return usage();
        }
    }
    if ((sample < 0) == (code == NULL) || (!print && !png && !bin))
        return usage();
    struct service svc;
    struct calendar *cal = NULL;
    config_path(ctx->cfg, "service", path, sizeof path);
    if (service_load(path, &svc, err, sizeof err) != K_OK) {
        ctl_fail("E992", err, "receipt.ctl.failed", NULL);
        return 1;
    }
    config_path(ctx->cfg, "calendar", path, sizeof path);
    if (calendar_load_dir(path, &cal, err, sizeof err) != K_OK) {
        service_free(&svc);
        ctl_fail("E992", err, "receipt.ctl.failed", NULL);
        return 1;
    }
    struct receipt_case c;
    struct receipt_data d;
    struct stored *st = xcalloc(1, sizeof(*st));
    struct bitmap *bmp = NULL;
    int width = (int)ctx->cfg->printer_width, rc = 1;
    enum kerr e = K_OK;
    if (code)
        e = from_store(ctx->cfg, &svc, code, st, &c, err, sizeof err);
    else
        receipt_case_sample((int)sample, &c);
    if (e == K_OK)
        e = receipt_data_from_case(&svc, cal, &c, &d, err, sizeof err);
    if (e == K_OK && print) {
        e = receipt_print(ctx->cfg, &d, err, sizeof err);
        if (e == K_OK) {
            printf("%s\n", tr("receipt.ctl.printed"));
            rc = 0;
        } else {
            /* the person's message for the kind of error, then the technician's detail */
            char key[64];
            snprintf(key, sizeof key, "err.%s", kerr_name(e));
            ctl_fail("E991", err, "receipt.ctl.print_failed", tr(key), NULL);
        }
        goto out;
    }
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
        if (png)
            printf("%s\n", tr_fmt(msg, sizeof msg, "receipt.ctl.written", png, w, h, NULL));
        if (bin)
            printf("%s\n", tr_fmt(msg, sizeof msg, "receipt.ctl.written", bin, w, h, NULL));
        rc = 0;
    } else {
        ctl_fail("E992", err, "receipt.ctl.failed", NULL);
    }
out:
    bitmap_destroy(bmp);
    free(st);
    calendar_destroy(cal);
    service_free(&svc);
    return rc;
}

const struct ctl_command ctl_cmd_receipt = {
    .name = "receipt",
    .help_key = "receipt.ctl.help.receipt",
    .run = run,
};
