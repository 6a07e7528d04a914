/* platform/devnode.c: evdev exclusive grab and sysfs look-up by USB id (platform layer). */
#include "platform/devnode.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/xalloc.h"

enum kerr devnode_open_input(const char *path, int *fd, bool *grabbed, char *err, size_t errlen)
{
    *fd = -1;
    *grabbed = false;
    int f = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    if (f < 0) {
        int e = errno;
        snprintf(err, errlen, "E%s: cannot open %s: %s", e == ENOENT ? "402" : "403", path,
                 strerror(e));
        return e == ENOENT || e == ENODEV || e == ENXIO ? K_ERR_NO_DEVICE : K_ERR_IO;
    }
    struct stat st;
    if (fstat(f, &st) != 0) {
        snprintf(err, errlen, "E403: cannot stat %s: %s", path, strerror(errno));
        close(f);
        return K_ERR_IO;
    }
    if (S_ISCHR(st.st_mode)) {
        if (ioctl(f, EVIOCGRAB, (void *)1) != 0) {
            int e = errno;
            snprintf(err, errlen, "E408: cannot grab %s exclusively: %s", path, strerror(e));
            close(f);
            return e == EBUSY ? K_ERR_BUSY : e == ENODEV ? K_ERR_NO_DEVICE : K_ERR_IO;
        }
        *grabbed = true;
    } else if (!S_ISFIFO(st.st_mode) && !S_ISREG(st.st_mode)) {
        snprintf(err, errlen, "E403: %s is not an input device", path);
        close(f);
        return K_ERR_IO;
    }
    *fd = f;
    return K_OK;
}

void devnode_close_input(int fd, bool grabbed)
{
    if (fd < 0)
        return;
    if (grabbed)
        (void)ioctl(fd, EVIOCGRAB, (void *)0);
    close(fd);
}

static bool read_hex(const char *path, unsigned *out)
{
    FILE *f = fopen(path, "re");
    if (!f)
        return false;
    char line[32] = "";
    bool ok = fgets(line, sizeof line, f) != NULL;
    fclose(f);
    if (!ok)
        return false;
    char *end;
    unsigned long v = strtoul(line, &end, 16);
    if (end == line || v > 0xffff)
        return false;
    *out = (unsigned)v;
    return true;
}

/* Walk up at most 4 levels from dir looking for idVendor/idProduct (the USB device). */
static bool usb_id_matches(const char *dir, unsigned vid, unsigned pid)
{
    char cur[PATH_MAX];
    if (!realpath(dir, cur))
        return false;
    for (int up = 0; up < 5; up++) {
        char p[PATH_MAX + 16];
        unsigned v, d;
        snprintf(p, sizeof p, "%s/idVendor", cur);
        if (read_hex(p, &v)) {
            snprintf(p, sizeof p, "%s/idProduct", cur);
            return read_hex(p, &d) && v == vid && d == pid;
        }
        char *slash = strrchr(cur, '/');
        if (!slash || slash == cur)
            return false;
        *slash = '\0';
    }
    return false;
}

static int cmp_names(const void *a, const void *b)
{
    const char *x = *(const char *const *)a, *y = *(const char *const *)b;
    size_t lx = strlen(x), ly = strlen(y); /* event2 before event10 */
    return lx != ly ? (lx < ly ? -1 : 1) : strcmp(x, y);
}

enum kerr devnode_find_usb(const char *sys_root, const char *cls, const char *prefix, unsigned vid,
                           unsigned pid, char *out, size_t n)
{
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s/class/%s", sys_root, cls);
    DIR *d = opendir(dir);
    if (!d)
        return K_ERR_NO_DEVICE;
    char **names = NULL;
    size_t count = 0;
    struct dirent *de;
    while ((de = readdir(d)) != NULL) {
        if (strncmp(de->d_name, prefix, strlen(prefix)) != 0)
            continue;
        names = xrealloc(names, (count + 1) * sizeof *names);
        names[count++] = xstrdup(de->d_name);
    }
    closedir(d);
    if (count)
        qsort(names, count, sizeof *names, cmp_names);
    enum kerr e = K_ERR_NO_DEVICE;
    for (size_t i = 0; i < count; i++) {
        char p[PATH_MAX + 300];
        snprintf(p, sizeof p, "%s/%s/device", dir, names[i]);
        if (e != K_OK && usb_id_matches(p, vid, pid)) {
            snprintf(out, n, "/dev/%s", names[i]);
            /* the node's place under /dev is in the uevent (input/event3) */
            snprintf(p, sizeof p, "%s/%s/uevent", dir, names[i]);
            FILE *f = fopen(p, "re");
            char line[256];
            while (f && fgets(line, sizeof line, f)) {
                if (strncmp(line, "DEVNAME=", 8) == 0 && !strstr(line, "..")) {
                    line[strcspn(line, "\n")] = '\0';
                    snprintf(out, n, "/dev/%s", line + 8);
                }
            }
            if (f)
                fclose(f);
            e = K_OK;
        }
        free(names[i]);
    }
    free(names);
    return e;
}
