/* app/ctl/cmd_pin.c: `kioskctl pin set` reads a new technician PIN from standard input (twice
 * when it is a terminal), stores its argon2id hash as service.pin_hash; `kioskctl pin check`
 * verifies one against the configured hash, going through the same lockout as the screen. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/ctl/ctl.h"
#include "app/service/pin.h"
#include "platform/strings.h"

static bool read_line(char *buf, size_t n)
{
    if (!fgets(buf, (int)n, stdin))
        return false;
    buf[strcspn(buf, "\r\n")] = '\0';
    return true;
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    char pin[64] = "", again[64] = "", msg[512], err[512];
    if (argc == 2 && strcmp(argv[1], "set") == 0) {
        bool tty = isatty(0);
        if (tty)
            fprintf(stderr, "%s", tr("ctl.pin.prompt"));
        if (!read_line(pin, sizeof pin) || !pin_well_formed(pin)) {
            ctl_fail("E984", NULL, "ctl.pin.malformed", NULL);
            return 1;
        }
        if (tty) {
            fprintf(stderr, "%s", tr("ctl.pin.again"));
            if (!read_line(again, sizeof again) || strcmp(pin, again) != 0) {
                ctl_fail("E984", NULL, "ctl.pin.mismatch", NULL);
                return 1;
            }
        }
        char hash[PIN_HASH_MAX];
        enum kerr rc = pin_hash(pin, hash);
        explicit_bzero(pin, sizeof pin);
        explicit_bzero(again, sizeof again);
        if (rc != K_OK || config_set(ctx->cfg, "service.pin_hash", hash, err, sizeof err) != K_OK ||
            config_save(ctx->cfg, ctx->config_path) != K_OK) {
            ctl_fail("E989", NULL, "ctl.config.save_failed", ctx->config_path, NULL);
            return 1;
        }
        printf("%s\n", tr("ctl.pin.saved"));
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "check") == 0) {
        if (!read_line(pin, sizeof pin))
            return 1;
        char state[4096];
        config_path(ctx->cfg, "service-pin.state", state, sizeof state);
        struct pin_guard *g = pin_guard_create(ctx->cfg->service_pin_hash, state, kclock_system());
        int left = 0;
        int64_t wait_s = 0;
        enum pin_result r = pin_guard_try(g, pin, &left, &wait_s);
        pin_guard_destroy(g);
        explicit_bzero(pin, sizeof pin);
        char n[32];
        switch (r) {
        case PIN_OK:
            printf("%s\n", tr("ctl.pin.ok"));
            return 0;
        case PIN_WRONG:
            snprintf(n, sizeof n, "%d", left);
            printf("%s\n", tr_fmt(msg, sizeof msg, "ctl.pin.wrong", n, NULL));
            return 1;
        case PIN_LOCKED:
            snprintf(n, sizeof n, "%lld", (long long)((wait_s + 59) / 60));
            printf("%s\n", tr_fmt(msg, sizeof msg, "ctl.pin.locked", n, NULL));
            return 1;
        default:
            printf("%s\n", tr("ctl.pin.disabled"));
            return 1;
        }
    }
    fprintf(stderr, "%s\n", tr("ctl.help.pin"));
    return 2;
}

const struct ctl_command ctl_cmd_pin = {
    .name = "pin",
    .help_key = "ctl.help.pin",
    .run = run,
};
