/* app/service/usb.c: USB sticks, their holiday tables, and log export (see usb.h). */
#include "app/service/usb.h"

#include <dirent.h>
#include <glob.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/core/calendar_import.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"

static int cmp(const void *a, const void *b)
{
    return strcmp((const char *)a, (const char *)b);
}

/* A folder that is a mount point of its own (another device than its parent). */
static bool mounted_dir(const char *path, bool need_mount)
{
    struct stat st, up;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return false;
    if (!need_mount)
        return true;
    char *parent = xasprintf("%s/..", path);
    bool ok = stat(parent, &up) == 0 && up.st_dev != st.st_dev;
    free(parent);
    return ok;
}

static int add_glob(const char *pattern, bool need_mount, char out[][USB_PATH_MAX], int n, int max)
{
    glob_t g;
    if (glob(pattern, GLOB_ONLYDIR, NULL, &g) != 0)
        return n;
    for (size_t i = 0; i < g.gl_pathc && n < max; i++)
        if (strlen(g.gl_pathv[i]) < USB_PATH_MAX && mounted_dir(g.gl_pathv[i], need_mount))
            snprintf(out[n++], USB_PATH_MAX, "%s", g.gl_pathv[i]);
    globfree(&g);
    return n;
}

int usb_sticks(char out[][USB_PATH_MAX], int max)
{
    int n = 0;
    const char *root = getenv("KIOSK_USB_ROOT");
    if (root && *root && strlen(root) < USB_PATH_MAX - 8) {
        char pat[USB_PATH_MAX + 8];
        snprintf(pat, sizeof pat, "%s/*", root);
        n = add_glob(pat, false, out, n, max);
    } else {
        n = add_glob("/media/*", true, out, n, max);
        n = add_glob("/run/media/*/*", true, out, n, max);
        /* /media/USER/LABEL (udisks on Debian) */
        n = add_glob("/media/*/*", true, out, n, max);
    }
    qsort(out, (size_t)n, sizeof out[0], cmp);
    return n;
}

static int add_json(const char *dir, char out[][USB_PATH_MAX], int n, int max)
{
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && n < max && (de = readdir(d))) {
        if (!calendar_import_name_ok(de->d_name) ||
            strlen(dir) + strlen(de->d_name) + 2 > USB_PATH_MAX)
            continue;
        char path[USB_PATH_MAX + 256];
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        struct stat st; /* lstat: a link on a stick could point anywhere on the kiosk */
        if (lstat(path, &st) == 0 && S_ISREG(st.st_mode))
            snprintf(out[n++], USB_PATH_MAX, "%.1000s", path);
    }
    if (d)
        closedir(d);
    return n;
}

int usb_calendar_files(const char *stick, char out[][USB_PATH_MAX], int max)
{
    int n = add_json(stick, out, 0, max);
    char *sub = xasprintf("%s/calendar", stick);
    n = add_json(sub, out, n, max);
    free(sub);
    qsort(out, (size_t)n, sizeof out[0], cmp);
    return n;
}

enum kerr usb_logs_export(const char *log_file, const char *dir,
                          void (*each)(const char *dst, void *ud), void *ud, int *copied,
                          char *failed, size_t n)
{
    *copied = 0;
    failed[0] = '\0';
    if (!log_file || !log_file[0])
        return K_ERR_NOT_FOUND;
    if (fs_mkdir_p(dir, 0755) != K_OK) {
        snprintf(failed, n, "%s", dir);
        return K_ERR_IO;
    }
    const char *base = strrchr(log_file, '/') ? strrchr(log_file, '/') + 1 : log_file;
    enum kerr rc = K_OK;
    for (int i = 0; i <= 9 && rc == K_OK; i++) {
        char *src = i ? xasprintf("%s.%d", log_file, i) : xstrdup(log_file);
        char *dst = i ? xasprintf("%s/%s.%d", dir, base, i) : xasprintf("%s/%s", dir, base);
        char *buf = NULL;
        size_t len = 0;
        if (fs_read_file(src, 512u << 20, &buf, &len) == K_OK) {
            if (fs_write_atomic(dst, buf, len, 0644) == K_OK) {
                (*copied)++;
                if (each)
                    each(dst, ud);
            } else {
                snprintf(failed, n, "%s", dst);
                rc = K_ERR_IO;
            }
        }
        free(buf);
        free(src);
        free(dst);
    }
    return rc;
}
