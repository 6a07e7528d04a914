/* app/ctl/cmd_logs.c: `kioskctl logs export DIR` copies the kiosk's log file and its rotated
 * predecessors into DIR (a USB stick's mount point, say), durably. Logs never hold personal
 * data (platform/log.h), so they may leave the kiosk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ctl/ctl.h"
#include "platform/fsutil.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    char msg[1024];
    if (argc != 3 || strcmp(argv[1], "export") != 0) {
        fprintf(stderr, "%s\n", tr("ctl.help.logs"));
        return 2;
    }
    const char *log = ctx->cfg->log_file;
    if (!log[0]) {
        fprintf(stderr, "%s\n", tr("ctl.logs.no_file"));
        return 1;
    }
    if (fs_mkdir_p(argv[2], 0755) != K_OK) {
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "ctl.logs.cannot_write", argv[2], NULL));
        return 1;
    }
    const char *base = strrchr(log, '/') ? strrchr(log, '/') + 1 : log;
    int copied = 0;
    for (int i = 0; i <= 9; i++) {
        char *src = i ? xasprintf("%s.%d", log, i) : xstrdup(log);
        char *dst = i ? xasprintf("%s/%s.%d", argv[2], base, i) : xasprintf("%s/%s", argv[2], base);
        char *buf = NULL;
        size_t len = 0;
        enum kerr rc = fs_read_file(src, 512u << 20, &buf, &len);
        if (rc == K_OK) {
            if (fs_write_atomic(dst, buf, len, 0644) != K_OK) {
                fprintf(stderr, "%s\n",
                        tr_fmt(msg, sizeof msg, "ctl.logs.cannot_write", dst, NULL));
                free(buf);
                free(src);
                free(dst);
                return 1;
            }
            printf("%s\n", dst);
            copied++;
        }
        free(buf);
        free(src);
        free(dst);
    }
    char n[16];
    snprintf(n, sizeof n, "%d", copied);
    printf("%s\n", tr_fmt(msg, sizeof msg, "ctl.logs.done", n, argv[2], NULL));
    return copied ? 0 : 1;
}

const struct ctl_command ctl_cmd_logs = {
    .name = "logs",
    .help_key = "ctl.help.logs",
    .run = run,
};
