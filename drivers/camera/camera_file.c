/* drivers/camera/camera_file.c: replays a folder of recorded frames (JPEG or PNG files, in name
 * order), one per grab, then reports the end. For tests, and for a technician reproducing a
 * field problem from frames recorded on site. device: the folder. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/camera/camera.h"
#include "drivers/camera/jpeg.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"

struct files {
    char **paths;
    size_t n, next;
};

static int cmp(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool has_suffix(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a > b && strcmp(s + a - b, suf) == 0;
}

static enum kerr file_open(struct camera *cam, const char *device, char *err, size_t errlen)
{
    DIR *d = opendir(device);
    if (!d) {
        snprintf(err, errlen, "E502: file camera: cannot open folder \"%.200s\"", device);
        return K_ERR_NO_DEVICE;
    }
    struct files *f = xcalloc(1, sizeof *f);
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' ||
            !(has_suffix(de->d_name, ".jpg") || has_suffix(de->d_name, ".jpeg") ||
              has_suffix(de->d_name, ".png")))
            continue;
        f->paths = xrealloc(f->paths, (f->n + 1) * sizeof *f->paths);
        f->paths[f->n++] = xasprintf("%s/%s", device, de->d_name);
    }
    closedir(d);
    if (f->n)
        qsort(f->paths, f->n, sizeof *f->paths, cmp);
    cam->priv = f;
    return K_OK;
}

static enum kerr file_grab(struct camera *cam, int timeout_ms, struct image **out)
{
    struct files *f = cam->priv;
    (void)timeout_ms;
    if (f->next >= f->n)
        return K_ERR_NOT_FOUND;
    const char *p = f->paths[f->next++];
    if (has_suffix(p, ".png"))
        return image_read_png(p, IMAGE_RGBA32, out) == K_OK ? K_OK : K_ERR_INVALID;
    char *buf;
    size_t len;
    if (fs_read_file(p, 64u << 20, &buf, &len) != K_OK)
        return K_ERR_IO;
    enum kerr rc = jpeg_decode((const uint8_t *)buf, len, IMAGE_RGBA32, out);
    free(buf);
    return rc;
}

static void file_close(struct camera *cam)
{
    struct files *f = cam->priv;
    for (size_t i = 0; f && i < f->n; i++)
        free(f->paths[i]);
    if (f)
        free(f->paths);
    free(f);
}

const struct camera_ops camera_file_ops = {
    .name = "file",
    .open = file_open,
    .grab = file_grab,
    .close = file_close,
};
