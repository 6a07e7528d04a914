/* app/ctl/cmd_code.c: `kioskctl code make KIOSK SEQ | check CODE|URL` (app layer, ctl).
 * make prints the grouped tracking code; check prints "valid" or "invalid: REASON" (exit
 * 0/1). check also takes a receipt QR URL with the configured qr.base_url (the token is not
 * verified here: that needs the kiosk's secret, which the store owns). */
#include <stdio.h>
#include <string.h>

#include "app/core/trackcode.h"
#include "app/ctl/ctl.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    if (argc == 4 && strcmp(argv[1], "make") == 0) {
        long kiosk, seq;
        char code[TRACKCODE_MAX];
        if (!str_to_long(argv[2], 1, TRACKCODE_KIOSK_MAX, &kiosk) ||
            !str_to_long(argv[3], 0, TRACKCODE_SEQ_MAX, &seq) ||
            trackcode_make(kiosk, seq, code) != K_OK) {
            ctl_fail("E984", NULL, "core.ctl.code.bad_number", NULL);
            return 2;
        }
        printf("%s\n", code);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "check") == 0) {
        char compact[TRACKCODE_MAX], token[TRACKCODE_TOKEN_MAX];
        bool has_token;
        if (strncmp(argv[2], "http", 4) == 0) {
            enum kerr rc =
                trackcode_parse_url(ctx->cfg->qr_base_url, argv[2], compact, token, &has_token);
            if (rc == K_OK) {
                printf("valid\n");
                return 0;
            }
            printf("invalid: %s\n",
                   tr(rc == K_ERR_CHECKSUM ? "core.ctl.code.check_char" : "core.ctl.code.bad_url"));
            return 1;
        }
        if (!trackcode_normalize(argv[2], compact)) {
            printf("invalid: %s\n", tr("core.ctl.code.malformed"));
            return 1;
        }
        if (!trackcode_check(compact)) {
            printf("invalid: %s\n", tr("core.ctl.code.check_char"));
            return 1;
        }
        printf("valid\n");
        return 0;
    }
    fprintf(stderr, "%s\n", tr("core.ctl.help.code"));
    return 2;
}

const struct ctl_command ctl_cmd_code = {
    .name = "code",
    .help_key = "core.ctl.help.code",
    .run = run,
};
