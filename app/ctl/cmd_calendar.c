/* app/ctl/cmd_calendar.c: `kioskctl calendar status` (the years the tables cover) and
 * `kioskctl calendar import FILE` (a new official or local holiday table, e.g. from a USB
 * stick). An import is checked together with every table already there and replaces nothing
 * unless the whole calendar still loads; the file is then written durably into calendar.dir
 * under its own name (a file of the same name is replaced). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/calendar.h"
#include "app/ctl/ctl.h"
#include "platform/fsutil.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static int status(struct ctl_ctx *ctx)
{
    char dir[4096], err[768], msg[1024], a[16], b[16];
    config_path(ctx->cfg, "calendar", dir, sizeof dir);
    struct calendar *cal = NULL;
    if (calendar_load_dir(dir, &cal, err, sizeof err) != K_OK) {
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "ctl.calendar.invalid", err, NULL));
        return 1;
    }
    snprintf(a, sizeof a, "%d", calendar_first_year(cal));
    snprintf(b, sizeof b, "%d", calendar_last_year(cal));
    printf("%s\n", tr_fmt(msg, sizeof msg, "ctl.calendar.status", dir, a, b, NULL));
    calendar_destroy(cal);
    return 0;
}

static bool is_json(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && name[0] != '.' && strcmp(name + n - 5, ".json") == 0;
}

/* Load, in a scratch folder, every table of dir except one named like the new file, plus the
 * new file. K_OK when that calendar loads. */
static enum kerr trial_load(const char *dir, const char *name, const char *data, size_t len,
                            char *err, size_t errlen)
{
    char tmpl[] = "/tmp/kiosk-calendar.XXXXXX";
    char *scratch = mkdtemp(tmpl);
    if (!scratch) {
        snprintf(err, errlen, "E830: cannot create a scratch folder");
        return K_ERR_IO;
    }
    enum kerr rc = K_OK;
    DIR *d = opendir(dir);
    struct dirent *de;
    while (rc == K_OK && d && (de = readdir(d))) {
        if (!is_json(de->d_name) || strcmp(de->d_name, name) == 0)
            continue;
        char *src = xasprintf("%s/%s", dir, de->d_name);
        char *dst = xasprintf("%s/%s", scratch, de->d_name);
        char *buf = NULL;
        size_t blen = 0;
        rc = fs_read_file(src, CALENDAR_FILE_MAX, &buf, &blen);
        if (rc == K_OK)
            rc = fs_write_atomic(dst, buf, blen, 0644);
        if (rc != K_OK)
            snprintf(err, errlen, "E831: cannot copy %s", src);
        free(buf);
        free(src);
        free(dst);
    }
    if (d)
        closedir(d);
    if (rc == K_OK) {
        char *dst = xasprintf("%s/%s", scratch, name);
        rc = fs_write_atomic(dst, data, len, 0644);
        free(dst);
    }
    struct calendar *cal = NULL;
    if (rc == K_OK)
        rc = calendar_load_dir(scratch, &cal, err, errlen);
    calendar_destroy(cal);
    fs_remove_tree(scratch);
    return rc;
}

static int import(struct ctl_ctx *ctx, const char *file)
{
    char dir[4096], err[768], msg[1200];
    config_path(ctx->cfg, "calendar", dir, sizeof dir);
    const char *name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    if (!is_json(name) || strlen(name) > 64) {
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "ctl.calendar.bad_name", name, NULL));
        return 1;
    }
    char *data = NULL;
    size_t len = 0;
    enum kerr rc = fs_read_file(file, CALENDAR_FILE_MAX, &data, &len);
    if (rc != K_OK) {
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "ctl.calendar.unreadable", file, NULL));
        return 1;
    }
    rc = trial_load(dir, name, data, len, err, sizeof err);
    if (rc != K_OK) {
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "ctl.calendar.rejected", err, NULL));
        free(data);
        return 1;
    }
    char *dst = xasprintf("%s/%s", dir, name);
    rc = fs_write_atomic(dst, data, len, 0644);
    free(data);
    if (rc != K_OK) {
        fprintf(stderr, "%s\n", tr_fmt(msg, sizeof msg, "ctl.calendar.unwritable", dst, NULL));
        free(dst);
        return 1;
    }
    printf("%s\n", tr_fmt(msg, sizeof msg, "ctl.calendar.imported", dst, NULL));
    free(dst);
    return status(ctx);
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    if (argc == 2 && strcmp(argv[1], "status") == 0)
        return status(ctx);
    if (argc == 3 && strcmp(argv[1], "import") == 0)
        return import(ctx, argv[2]);
    fprintf(stderr, "%s\n", tr("ctl.help.calendar"));
    return 2;
}

const struct ctl_command ctl_cmd_calendar = {
    .name = "calendar",
    .help_key = "ctl.help.calendar",
    .run = run,
};
