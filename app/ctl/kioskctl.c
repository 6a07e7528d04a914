/* app/ctl/kioskctl.c: kioskctl, the kiosk engine for the shell (app layer, ctl).
 * Parses global options, becomes the kiosk user when run as root, loads the configuration,
 * dispatches to a command. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ctl_table.h"
#include "platform/config.h"
#include "platform/log.h"
#include "platform/paths.h"
#include "platform/strings.h"
#include "version.h"

static void usage(FILE *out)
{
    fprintf(out, "%s\n", tr("ctl.usage"));
    for (size_t i = 0; ctl_table[i]; i++)
        fprintf(out, "  %s\n", tr(ctl_table[i]->help_key));
}

/* Run as root, kioskctl would leave root-owned files (database, keys, imported tables, the
 * configuration) that the kiosk, running as its own user, cannot open. So before it touches
 * anything it becomes that user: $KIOSK_USER, else "kiosk". When the default user does not
 * exist (a development machine, no installed kiosk) it runs as it is; when the user cannot be
 * taken on it refuses. Returns false after printing why. */
static bool drop_root(void)
{
    if (geteuid() != 0 && getuid() != 0)
        return true;
    const char *env = getenv("KIOSK_USER");
    const char *name = env && *env ? env : "kiosk";
    char msg[1024];
    errno = 0;
    struct passwd *pw = getpwnam(name);
    if (!pw && name == env) {
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "ctl.root_no_user", name, NULL));
        return false;
    }
    if (!pw)
        return true;
    char num[16];
    if (initgroups(pw->pw_name, pw->pw_gid) != 0 || setgid(pw->pw_gid) != 0 ||
        setuid(pw->pw_uid) != 0 || (pw->pw_uid != 0 && setuid(0) == 0)) {
        snprintf(num, sizeof num, "%d", errno);
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "ctl.root_refused", name, num, NULL));
        return false;
    }
    /* Files it creates are the kiosk's own: its home, not root's, for anything per-user. */
    setenv("HOME", pw->pw_dir, 1);
    return true;
}

int main(int argc, char **argv)
{
    const char *config_path = NULL;
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        if (strcmp(argv[i], "--version") == 0) {
            printf("kioskctl %s (%s)\n", KIOSK_VERSION, KIOSK_GIT_REV);
            return 0;
        } else if (strcmp(argv[i], "--config") == 0 && i + 1 < argc) {
            config_path = argv[++i];
        } else if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            usage(stdout);
            return 0;
        } else {
            usage(stderr);
            return 2;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return 2;
    }
    const struct ctl_command *cmd = NULL;
    for (size_t k = 0; ctl_table[k]; k++)
        if (strcmp(ctl_table[k]->name, argv[i]) == 0)
            cmd = ctl_table[k];
    if (!cmd) {
        ctl_fail("E982", NULL, "ctl.unknown_command", argv[i], NULL);
        usage(stderr);
        return 2;
    }
    if (!drop_root())
        return 2;
    struct kconfig cfg;
    char err[1024];
    bool optional = config_path == NULL;
    if (!config_path)
        config_path = paths_default_config();
    if (config_load(&cfg, config_path, optional, err, sizeof err) != K_OK) {
        ctl_fail("E100", err, "ctl.config_error", NULL);
        config_finish(&cfg);
        return 2;
    }
    log_setup(LOG_WARN, NULL, 0, 0);
    struct ctl_ctx ctx = {.cfg = &cfg, .config_path = config_path};
    int rc = cmd->run(&ctx, argc - i, argv + i);
    config_finish(&cfg);
    strings_unload();
    return rc;
}
