/* app/store/crypt.c: the data key file and the AEAD used for personal data (app layer, store).
 * XChaCha20-Poly1305-IETF from libsodium: random 192-bit nonces are safe to draw per blob. */
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/store/store_internal.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"

#define NPUB   crypto_aead_xchacha20poly1305_ietf_NPUBBYTES
#define ABYTES crypto_aead_xchacha20poly1305_ietf_ABYTES

static enum kerr read_key(const char *path, uint8_t key[STORE_KEY_LEN], char *err, size_t errlen)
{
    struct stat st;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        snprintf(err, errlen, "E604: cannot read the key file %s: %s", path, strerror(errno));
        return errno == ENOENT ? K_ERR_NOT_FOUND : K_ERR_IO;
    }
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size != STORE_KEY_LEN) {
        close(fd);
        snprintf(err, errlen, "E604: the key file %s is not a %d-byte file", path, STORE_KEY_LEN);
        return K_ERR_CRYPTO;
    }
    if (st.st_mode & 0077) {
        close(fd);
        snprintf(err, errlen,
                 "E604: the key file %s is readable by others (mode %03o); "
                 "it must be 0600",
                 path, (unsigned)(st.st_mode & 0777));
        return K_ERR_CRYPTO;
    }
    ssize_t r = read(fd, key, STORE_KEY_LEN);
    close(fd);
    if (r != STORE_KEY_LEN) {
        snprintf(err, errlen, "E604: short read of the key file %s", path);
        return K_ERR_IO;
    }
    return K_OK;
}

/* Remove PATH.new.PID files left by a process killed while creating the key. */
static void sweep_stale(const char *path)
{
    char *copy = xstrdup(path);
    char *slash = strrchr(copy, '/');
    const char *dir = ".", *base = copy;
    if (slash) {
        *slash = '\0';
        dir = *copy ? copy : "/";
        base = slash + 1;
    }
    size_t bl = strlen(base);
    DIR *d = opendir(dir);
    struct dirent *de;
    while (d && (de = readdir(d)) != NULL) {
        long pid;
        if (strncmp(de->d_name, base, bl) != 0 || strncmp(de->d_name + bl, ".new.", 5) != 0 ||
            !str_to_long(de->d_name + bl + 5, 1, 4194304, &pid))
            continue;
        if (kill((pid_t)pid, 0) != 0 && errno == ESRCH) {
            char *p = xasprintf("%s/%s", dir, de->d_name);
            unlink(p);
            free(p);
        }
    }
    if (d)
        closedir(d);
    free(copy);
}

enum kerr store_key_load(const char *path, uint8_t key[STORE_KEY_LEN], char *err, size_t errlen)
{
    sweep_stale(path);
    enum kerr e = read_key(path, key, err, errlen);
    if (e != K_ERR_NOT_FOUND)
        return e;
    /* Create: write a temporary file durably, then link() it into place, which fails when a
     * second process won the race; then everyone reads the one key that exists. */
    uint8_t fresh[STORE_KEY_LEN];
    randombytes_buf(fresh, sizeof fresh);
    char *tmp = xasprintf("%s.new.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && write(fd, fresh, sizeof fresh) == (ssize_t)sizeof fresh && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    sodium_memzero(fresh, sizeof fresh);
    if (ok && link(tmp, path) != 0 && errno != EEXIST)
        ok = false;
    unlink(tmp);
    free(tmp);
    if (!ok || fs_sync_dir(path) != K_OK) {
        snprintf(err, errlen, "E604: cannot create the key file %s: %s", path, strerror(errno));
        return K_ERR_IO;
    }
    return read_key(path, key, err, errlen);
}

enum kerr store_key_move(const char *from, const char *path, char *err, size_t errlen)
{
    uint8_t key[STORE_KEY_LEN];
    enum kerr e = read_key(from, key, err, errlen);
    if (e != K_OK)
        return e;
    char *tmp = xasprintf("%s.new.%ld", path, (long)getpid());
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
    bool ok = fd >= 0 && write(fd, key, sizeof key) == (ssize_t)sizeof key && fsync(fd) == 0;
    if (fd >= 0)
        close(fd);
    sodium_memzero(key, sizeof key);
    if (ok && link(tmp, path) != 0 && errno != EEXIST)
        ok = false;
    unlink(tmp);
    free(tmp);
    if (!ok || fs_sync_dir(path) != K_OK) {
        snprintf(err, errlen, "E604: cannot move the key file %s to %s: %s", from, path,
                 strerror(errno));
        return K_ERR_IO;
    }
    /* the copy is in place and durable: the old one goes (a crash before leaves both, and the
     * next open finds the key in place and removes nothing; the check value catches a
     * mismatch) */
    unlink(from);
    fs_sync_dir(from);
    return K_OK;
}

uint8_t *store_seal(const uint8_t key[STORE_KEY_LEN], const void *pt, size_t len, const char *ad,
                    size_t *outlen)
{
    uint8_t *out = xcalloc(NPUB + len + ABYTES, 1);
    randombytes_buf(out, NPUB);
    unsigned long long clen = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(out + NPUB, &clen, pt, len, (const uint8_t *)ad,
                                               strlen(ad), NULL, out, key);
    *outlen = NPUB + (size_t)clen;
    return out;
}

uint8_t *store_open_sealed(const uint8_t key[STORE_KEY_LEN], const uint8_t *blob, size_t len,
                           const char *ad, size_t *outlen)
{
    *outlen = 0;
    if (!blob || len < NPUB + ABYTES)
        return NULL;
    uint8_t *out = xcalloc(len - NPUB - ABYTES + 1, 1);
    unsigned long long plen = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(out, &plen, NULL, blob + NPUB, len - NPUB,
                                                   (const uint8_t *)ad, strlen(ad), blob,
                                                   key) != 0) {
        free(out);
        return NULL;
    }
    *outlen = (size_t)plen;
    return out;
}
