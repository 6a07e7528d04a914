/* app/core/calendar_import.c: a new holiday table, validated before it replaces anything. */
#include "app/core/calendar_import.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/calendar.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"

bool calendar_import_name_ok(const char *name)
{
    size_t n = strlen(name);
    return n > 5 && n <= 64 && name[0] != '.' && strcmp(name + n - 5, ".json") == 0;
}

/* Load, in a scratch folder, every table of dir except one named like the new file, plus the
 * new file. K_OK when that calendar loads. */
static enum kerr trial_load(const char *dir, const char *name, const char *data, size_t len,
                            char *err, size_t errlen)
{
    /* TMPDIR when set (the scratch copies need no durability: fuzzing puts them on tmpfs) */
    const char *tmp = getenv("TMPDIR");
    char tmpl[600];
    snprintf(tmpl, sizeof tmpl, "%s/kiosk-calendar.XXXXXX",
             tmp && tmp[0] == '/' && strlen(tmp) < 500 ? tmp : "/tmp");
    char *scratch = mkdtemp(tmpl);
    if (!scratch) {
        snprintf(err, errlen, "E830: cannot create a scratch folder");
        return K_ERR_IO;
    }
    enum kerr rc = K_OK;
    DIR *d = opendir(dir);
    struct dirent *de;
    while (rc == K_OK && d && (de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l <= 5 || de->d_name[0] == '.' || strcmp(de->d_name + l - 5, ".json") != 0 ||
            strcmp(de->d_name, name) == 0)
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
    if (rc == K_OK) {
        rc = calendar_load_dir(scratch, &cal, err, errlen);
        /* The reason names files by their scratch path: name them by their own. */
        size_t sl = strlen(scratch);
        for (char *p = strstr(err, scratch); rc != K_OK && p; p = strstr(p, scratch))
            memmove(p, p + sl + (p[sl] == '/'), strlen(p + sl + (p[sl] == '/')) + 1);
    }
    calendar_destroy(cal);
    fs_remove_tree(scratch);
    return rc;
}

enum calendar_import_result calendar_import(const char *dir, const char *file, char *dst, size_t n,
                                            char *err, size_t errlen)
{
    const char *name = strrchr(file, '/') ? strrchr(file, '/') + 1 : file;
    snprintf(dst, n, "%s/%s", dir, name);
    err[0] = '\0';
    if (!calendar_import_name_ok(name))
        return CAL_IMPORT_BAD_NAME;
    char *data = NULL;
    size_t len = 0;
    if (fs_read_file(file, CALENDAR_FILE_MAX, &data, &len) != K_OK)
        return CAL_IMPORT_UNREADABLE;
    if (trial_load(dir, name, data, len, err, errlen) != K_OK) {
        free(data);
        return CAL_IMPORT_REJECTED;
    }
    enum kerr rc = fs_write_atomic(dst, data, len, 0644);
    free(data);
    return rc == K_OK ? CAL_IMPORT_OK : CAL_IMPORT_UNWRITABLE;
}
