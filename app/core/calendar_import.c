/* app/core/calendar_import.c: a new holiday table, validated before it replaces anything. */
#include "app/core/calendar_import.h"

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

/* Load, in memory, every table of dir except one named like the new file, plus the new file,
 * each named by its own file name. K_OK when that calendar loads. */
static enum kerr trial_load(const char *dir, const char *name, char *data, size_t len, char *err,
                            size_t errlen)
{
    struct calendar_file *files = NULL;
    size_t n = 0;
    enum kerr rc = calendar_read_dir(dir, name, &files, &n, err, errlen);
    if (rc != K_OK) {
        calendar_files_free(files, n);
        return rc;
    }
    for (size_t i = 0; i < n; i++) {
        char *base = xstrdup(strrchr(files[i].name, '/') + 1);
        free(files[i].name);
        files[i].name = base;
    }
    files = xrealloc(files, (n + 1) * sizeof *files);
    files[n] = (struct calendar_file){.name = xstrdup(name), .data = data, .len = len};
    struct calendar *cal = NULL;
    rc = calendar_load_files(files, n + 1, dir, &cal, err, errlen);
    calendar_destroy(cal);
    /* the new table's bytes stay the caller's */
    for (size_t i = 0; i <= n; i++)
        if (files[i].data == data)
            files[i].data = NULL;
    calendar_files_free(files, n + 1);
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
