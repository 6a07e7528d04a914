/* app/ctl/cmd_code.c: `kioskctl code make KIOSK SEQ | check CODE` (app layer, ctl).
 * make prints the grouped tracking code; check prints "valid" or "invalid" (exit 0/1). */
#include <stdio.h>
#include <string.h>

#include "app/core/trackcode.h"
#include "app/ctl/ctl.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    if (argc == 4 && strcmp(argv[1], "make") == 0) {
        long kiosk, seq;
        char code[TRACKCODE_MAX];
        if (!str_to_long(argv[2], 1, TRACKCODE_KIOSK_MAX, &kiosk) ||
            !str_to_long(argv[3], 0, TRACKCODE_SEQ_MAX, &seq) ||
            trackcode_make(kiosk, seq, code) != K_OK) {
            fprintf(stderr, "%s\n", tr("core.ctl.code.bad_number"));
            return 2;
        }
        printf("%s\n", code);
        return 0;
    }
    if (argc == 3 && strcmp(argv[1], "check") == 0) {
        char compact[TRACKCODE_MAX];
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
