/* app/ctl/cmd_scan.c: `kioskctl scan parse TEXT` (app layer, ctl).
 *
 * Classifies TEXT as a scan would be (app/core/scan.h): prints "code CODE" (grouped form),
 * then "token ok", "token bad", "token absent" (or "token unchecked" when the kiosk holds no
 * secret file to check it with); exit 0 when the code is valid, 1 when the scan is not a
 * valid code (the reason, in Chinese, on stderr), 2 on usage errors or an unreadable secret.
 * The secret is the file config_path(cfg, "secret") when it exists. TEXT is never echoed. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/core/scan.h"
#include "app/ctl/ctl.h"
#include "platform/strings.h"

#define SECRET_MAX 1024

/* Read the secret file if it exists: *len = 0 when absent. False when it exists but cannot
 * be read. */
static bool load_secret(const char *path, uint8_t *buf, size_t cap, size_t *len)
{
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT;
    bool ok = true;
    for (;;) {
        ssize_t n = read(fd, buf + *len, cap - *len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            ok = false;
            break;
        }
        if (n == 0 || (*len += (size_t)n) == cap)
            break;
    }
    close(fd);
    return ok;
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    if (argc != 3 || strcmp(argv[1], "parse") != 0) {
        fprintf(stderr, "%s\n", tr("scanner.ctl.help.scan"));
        return 2;
    }
    char path[1024];
    uint8_t secret[SECRET_MAX];
    size_t secret_len = 0;
    config_path(ctx->cfg, "secret", path, sizeof path);
    if (!load_secret(path, secret, sizeof secret, &secret_len)) {
        ctl_fail("E986", NULL, "scanner.ctl.secret_unreadable", path, NULL);
        explicit_bzero(secret, sizeof secret);
        return 2;
    }
    struct scan_result r;
    enum kerr e = scan_parse(ctx->cfg->qr_base_url, secret_len ? secret : NULL, secret_len, argv[2],
                             strlen(argv[2]), &r);
    explicit_bzero(secret, sizeof secret);
    if (e != K_OK) {
        ctl_fail("E993", NULL, r.reason_key ? r.reason_key : "scanner.not_ours", NULL);
        return 1;
    }
    char grouped[TRACKCODE_MAX];
    if (!trackcode_group(r.code, grouped))
        return 1; /* cannot happen for a valid code */
    printf("code %s\ntoken %s\n", grouped, scan_token_name(r.token_state));
    if (r.token_state == SCAN_TOKEN_BAD)
        fprintf(stderr, "%s\n", tr(r.reason_key));
    return 0;
}

const struct ctl_command ctl_cmd_scan = {
    .name = "scan",
    .help_key = "scanner.ctl.help.scan",
    .run = run,
};
