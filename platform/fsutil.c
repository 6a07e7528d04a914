/* platform/fsutil.c: file helpers (platform layer). */
#include "platform/fsutil.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/xalloc.h"

enum kerr fs_map_file(const char *path, size_t max, const void **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? K_ERR_NOT_FOUND : K_ERR_IO;
    struct stat st;
    enum kerr rc = K_ERR_IO;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0)
        goto cleanup;
    if ((unsigned long long)st.st_size > max) {
        rc = K_ERR_TOO_LARGE;
        goto cleanup;
    }
    void *p = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p == MAP_FAILED)
        goto cleanup;
    *out = p;
    *len = (size_t)st.st_size;
    rc = K_OK;
cleanup:
    close(fd);
    return rc;
}

void fs_map_release(const void *p, size_t len)
{
    if (p)
        madvise((void *)p, len, MADV_DONTNEED);
}

void fs_unmap_file(const void *p, size_t len)
{
    if (p)
        munmap((void *)p, len);
}

enum kerr fs_read_file(const char *path, size_t max, char **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return errno == ENOENT ? K_ERR_NOT_FOUND : K_ERR_IO;
    size_t cap = 4096, n = 0;
    char *buf = xcalloc(cap + 1, 1);
    for (;;) {
        if (n == cap) {
            if (cap >= max + 1) {
                free(buf);
                close(fd);
                return K_ERR_TOO_LARGE;
            }
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            free(buf);
            close(fd);
            return K_ERR_IO;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (n > max) {
        free(buf);
        return K_ERR_TOO_LARGE;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return K_OK;
}

enum kerr fs_sync_dir(const char *path)
{
    struct stat st;
    char *copy = xstrdup(path);
    const char *dir = (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) ? path : dirname(copy);
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    enum kerr rc = K_OK;
    if (fd < 0 || fsync(fd) != 0)
        rc = K_ERR_IO;
    if (fd >= 0)
        close(fd);
    free(copy);
    return rc;
}

enum kerr fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode)
{
    char *tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
    enum kerr rc = K_ERR_IO;
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
    if (fd < 0)
        goto out_free;
    const char *p = data;
    size_t left = len;
    while (left) {
        ssize_t w = write(fd, p, left);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            goto out_close;
        }
        p += w;
        left -= (size_t)w;
    }
    if (fsync(fd) != 0)
        goto out_close;
    if (close(fd) != 0) {
        fd = -1;
        goto out_unlink;
    }
    fd = -1;
    if (rename(tmp, path) != 0)
        goto out_unlink;
    rc = fs_sync_dir(path);
    goto out_free;
out_close:
    close(fd);
out_unlink:
    unlink(tmp);
out_free:
    free(tmp);
    return rc;
}

enum kerr fs_mkdir_p(const char *path, mode_t mode)
{
    char *p = xstrdup(path);
    enum kerr rc = K_OK;
    for (char *s = p + 1; *s; s++) {
        if (*s != '/')
            continue;
        *s = '\0';
        if (mkdir(p, mode) != 0 && errno != EEXIST)
            rc = K_ERR_IO;
        *s = '/';
    }
    if (rc == K_OK && mkdir(p, mode) != 0 && errno != EEXIST)
        rc = K_ERR_IO;
    free(p);
    return rc;
}

enum kerr fs_remove_tree(const char *path)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? K_OK : K_ERR_IO;
    if (!S_ISDIR(st.st_mode))
        return unlink(path) == 0 ? K_OK : K_ERR_IO;
    DIR *d = opendir(path);
    if (!d)
        return K_ERR_IO;
    enum kerr rc = K_OK;
    struct dirent *de;
    while ((de = readdir(d))) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
            continue;
        char *child = xasprintf("%s/%s", path, de->d_name);
        if (fs_remove_tree(child) != K_OK)
            rc = K_ERR_IO;
        free(child);
    }
    closedir(d);
    if (rmdir(path) != 0)
        rc = K_ERR_IO;
    return rc;
}

bool fs_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}
