/* app/ctl/ctl.h: the kioskctl command interface (app layer, ctl).
 *
 * Each command lives in app/ctl/cmd_NAME.c and defines `const struct ctl_command ctl_cmd_NAME`;
 * the build generates the table from the file names, so adding a command touches no other
 * file. A command gets the loaded configuration and its own arguments (argv[0] is the command
 * name) and returns the process exit code. Text for people comes from the string catalogue
 * (assets/ui/strings/ctl*.json); machine-readable output (JSON, "valid") is as each issue
 * specifies.
 */
#ifndef APP_CTL_CTL_H
#define APP_CTL_CTL_H

#include "platform/config.h"

struct ctl_ctx {
    struct kconfig *cfg;     /* loaded configuration (may be changed and saved by config) */
    const char *config_path; /* the file it came from */
};

struct ctl_command {
    const char *name;     /* first word on the command line */
    const char *help_key; /* string-catalogue key of its one-line usage */
    /* Run with argc/argv starting at the command name; returns the exit code. */
    int (*run)(struct ctl_ctx *ctx, int argc, char **argv);
};

/* Prints a failure to stderr, one language per line (issue 18 item 8): first the Chinese
 * message KEY, its placeholders filled from the NULL-ended arguments, after its numbered code
 * ("E104: 配置未修改，原因如下："); then DETAIL, when given, alone on the next line, indented:
 * a validator's or a library's own text (often English) never shares a line with Chinese.
 * The code is the first "Ennn" in DETAIL, else FALLBACK. */
void ctl_fail(const char *fallback, const char *detail, const char *key, ...);

#endif
