/* app/ctl/cmd_ime.c: `kioskctl ime candidates PINYIN [COUNT]` (app layer, ctl).
 * Prints the candidates the on-screen keyboard would offer for the typed letters, one per
 * line, best first (filtered by the shipped font, as on screen; COUNT defaults to 6, at most
 * 60, taken page after page). */
#include <stdio.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "app/ui/ime.h"
#include "app/ui/ime_font.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static int candidates(struct ctl_ctx *ctx, const char *pinyin, long want)
{
    char err[256];
    for (const char *p = pinyin; *p; p++) {
        if (!((*p >= 'a' && *p <= 'z') || *p == '\'')) {
            ctl_fail("E984", NULL, "ctl.ime.bad_pinyin", pinyin, NULL);
            return 2;
        }
    }
    struct ime_font *font = ime_font_open(NULL);
    if (!font) {
        ctl_fail("E986", NULL, "ctl.ime.no_font", NULL);
        return 1;
    }
    struct ime_options opt = {.can_draw = ime_font_can_draw, .can_draw_ud = font};
    if (ctx->cfg->ime_data_dir && *ctx->cfg->ime_data_dir)
        opt.data_dir = ctx->cfg->ime_data_dir;
    struct ime *ime;
    if (ime_create(&opt, &ime, err, sizeof err) != K_OK || ime_wait_ready(ime) != K_OK) {
        if (ime)
            str_copy(err, sizeof err, ime_error(ime));
        ctl_fail("E992", err, "ctl.ime.not_ready", NULL);
        ime_destroy(ime);
        ime_font_close(font);
        return 1;
    }
    for (const char *p = pinyin; *p; p++)
        ime_key(ime, (unsigned char)*p);
    long shown = 0;
    for (;;) {
        const struct ime_view *v = ime_view(ime);
        for (int i = 0; i < v->count && shown < want; i++, shown++)
            printf("%s\n", v->cand[i]);
        if (shown >= want || !ime_page_next(ime))
            break;
    }
    ime_destroy(ime);
    ime_font_close(font);
    return 0;
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    long want = IME_PAGE_MAX;
    if ((argc == 3 || argc == 4) && strcmp(argv[1], "candidates") == 0 &&
        (argc == 3 || str_to_long(argv[3], 1, 60, &want)))
        return candidates(ctx, argv[2], want);
    fprintf(stderr, "%s\n", tr("ctl.help.ime"));
    return 2;
}

const struct ctl_command ctl_cmd_ime = {
    .name = "ime",
    .help_key = "ctl.help.ime",
    .run = run,
};
