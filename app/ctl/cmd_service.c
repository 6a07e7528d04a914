/* app/ctl/cmd_service.c: `kioskctl service check [FILE]` (app layer, ctl).
 * Loads a service definition with the kiosk's own loader; prints a summary and exits 0, or
 * prints the error (file, JSON path, problem) and exits 1. Without FILE, the configured one,
 * and then kiosk.district must name one of its banners/districts. Every picture it names
 * (icons) must be in the assets and readable. */
#include <stdio.h>
#include <string.h>

#include "app/core/service.h"
#include "app/ctl/ctl.h"
#include "app/ui/picture.h"
#include "platform/strings.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    if ((argc != 2 && argc != 3) || strcmp(argv[1], "check") != 0) {
        fprintf(stderr, "%s\n", tr("core.ctl.help.service"));
        return 2;
    }
    char path[1024], err[1024], msg[1400];
    if (argc == 3)
        snprintf(path, sizeof path, "%s", argv[2]);
    else
        config_path(ctx->cfg, "service", path, sizeof path);
    struct service s;
    if (service_load(path, &s, err, sizeof err) != K_OK) {
        ctl_fail("E801", err, "core.ctl.service.invalid", NULL);
        return 1;
    }
    /* With the configured file, the configured banner/district must be in it too. */
    if (argc == 2 && !service_district(&s, ctx->cfg->district)) {
        ctl_fail("E805", NULL, "core.ctl.service.no_district", ctx->cfg->district, NULL);
        service_free(&s);
        return 1;
    }
    /* Every picture it names must be there and readable (the kiosk would draw the tile or
     * the matter without it). */
    char assets[1024];
    config_path(ctx->cfg, "assets", assets, sizeof assets);
    int bad_pics = 0;
    for (size_t i = 0; i <= s.n_matters; i++) {
        const char *name = i < s.n_matters ? s.matters[i].icon : s.icon;
        struct image *img = NULL;
        if (!name || !name[0] || picture_load(assets, name, &img, err, sizeof err) == K_OK) {
            image_destroy(img);
            continue;
        }
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "core.ctl.service.picture", err, NULL));
        bad_pics++;
    }
    if (bad_pics) {
        service_free(&s);
        return 1;
    }
    char nf[16], nm[16], nt[16], nd[16];
    snprintf(nf, sizeof nf, "%zu", s.n_fields);
    snprintf(nm, sizeof nm, "%zu", s.n_matters);
    snprintf(nt, sizeof nt, "%zu", s.n_materials);
    snprintf(nd, sizeof nd, "%zu", s.n_districts);
    printf("%s\n", tr_fmt(msg, sizeof msg, "core.ctl.service.ok", s.title, nf, nm, nt, nd, NULL));
    /* The rules the kiosk enforces from the file: matters that need others, answers that
     * decline a matter. */
    size_t nreq = 0, ndecl = 0;
    for (size_t i = 0; i < s.n_matters; i++)
        nreq += s.matters[i].n_requires > 0;
    for (size_t q = 0; q < s.n_questions; q++)
        for (size_t a = 0; a < s.questions[q].n_answers; a++)
            ndecl += s.questions[q].answers[a].declines;
    char nr[16], ndc[16];
    snprintf(nr, sizeof nr, "%zu", nreq);
    snprintf(ndc, sizeof ndc, "%zu", ndecl);
    printf("%s\n", tr_fmt(msg, sizeof msg, "core.ctl.service.rules", nr, ndc, NULL));
    /* With the configured file: a district the plan gives no phone for, and no hall phone
     * configured, shows none (never an invented one); say so. */
    const struct service_district *d = argc == 2 ? service_district(&s, ctx->cfg->district) : NULL;
    if (d && !d->phone && !ctx->cfg->hall_phone[0])
        fprintf(stderr, "%s\n",
                tr_fmt(msg, sizeof msg, "core.ctl.service.no_phone", d->name, NULL));
    service_free(&s);
    return 0;
}

const struct ctl_command ctl_cmd_service = {
    .name = "service",
    .help_key = "core.ctl.help.service",
    .run = run,
};
