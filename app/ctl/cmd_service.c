/* app/ctl/cmd_service.c: `kioskctl service check [FILE]` (app layer, ctl).
 * Loads a service definition with the kiosk's own loader; prints a summary and exits 0, or
 * prints the error (file, JSON path, problem) and exits 1. Without FILE, the configured one,
 * and then kiosk.district must name one of its banners/districts. */
#include <stdio.h>
#include <string.h>

#include "app/core/service.h"
#include "app/ctl/ctl.h"
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
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "core.ctl.service.invalid", err, NULL));
        return 1;
    }
    /* With the configured file, the configured banner/district must be in it too. */
    if (argc == 2 && !service_district(&s, ctx->cfg->district)) {
        fprintf(stderr, "%s\n",
                tr_fmt(msg, sizeof msg, "core.ctl.service.no_district", ctx->cfg->district, NULL));
        service_free(&s);
        return 1;
    }
    char nf[16], nm[16], nt[16], nd[16];
    snprintf(nf, sizeof nf, "%zu", s.n_fields);
    snprintf(nm, sizeof nm, "%zu", s.n_matters);
    snprintf(nt, sizeof nt, "%zu", s.n_materials);
    snprintf(nd, sizeof nd, "%zu", s.n_districts);
    printf("%s\n", tr_fmt(msg, sizeof msg, "core.ctl.service.ok", s.title, nf, nm, nt, nd, NULL));
    service_free(&s);
    return 0;
}

const struct ctl_command ctl_cmd_service = {
    .name = "service",
    .help_key = "core.ctl.help.service",
    .run = run,
};
