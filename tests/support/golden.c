/* tests/support/golden.c: golden images and byte files for tests. */
#include "tests/support/golden.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fsutil.h"
#include "platform/xalloc.h"
#include "tests/support/ktest.h"

static bool update_mode(void)
{
    const char *u = getenv("UPDATE_GOLDEN");
    return u && strcmp(u, "1") == 0;
}

static char *diff_dir(void)
{
    const char *b = getenv("KIOSK_BUILD");
    char *d = xasprintf("%s/golden-diff", b && *b ? b : ktest_tmpdir());
    fs_mkdir_p(d, 0755);
    return d;
}

bool golden_check(const struct image *img, const char *name)
{
    char *path = xasprintf("%s/tests/golden/%s.png", ktest_src(), name);
    struct image *want = NULL;
    enum kerr rc = image_read_png(path, img->format, &want);
    bool ok = false;
    if (rc == K_ERR_NOT_FOUND || update_mode()) {
        ok = image_write_png(img, path) == K_OK;
        fprintf(stderr, "golden %s: %s %s\n", name, rc == K_ERR_NOT_FOUND ? "created" : "updated",
                path);
        CHECKF(ok, "writing golden %s", path);
        goto out;
    }
    if (rc != K_OK) {
        CHECKF(false, "golden %s unreadable (%s)", path, kerr_name(rc));
        goto out;
    }
    size_t bad = 0, total = (size_t)img->w * (size_t)img->h;
    bool same_size = want->w == img->w && want->h == img->h;
    struct image *diff = NULL;
    if (same_size) {
        diff = image_create(img->w, img->h, IMAGE_RGBA32);
        int bpp = (int)img->format;
        for (int y = 0; y < img->h; y++) {
            for (int x = 0; x < img->w; x++) {
                const uint8_t *a = img->px + (size_t)y * img->stride + (size_t)x * (size_t)bpp;
                const uint8_t *b = want->px + (size_t)y * want->stride + (size_t)x * (size_t)bpp;
                int maxd = 0;
                for (int c = 0; c < bpp; c++) {
                    int d = abs((int)a[c] - (int)b[c]);
                    maxd = d > maxd ? d : maxd;
                }
                uint8_t *o = diff->px + (size_t)y * diff->stride + (size_t)x * 4;
                if (maxd > 8) {
                    bad++;
                    o[0] = 255, o[1] = 0, o[2] = 0, o[3] = 255;
                } else {
                    uint8_t g = (uint8_t)(a[0] / 3 + 170);
                    o[0] = g, o[1] = g, o[2] = g, o[3] = 255;
                }
            }
        }
    }
    ok = same_size && bad * 1000 <= total;
    if (!ok) {
        char *dir = diff_dir();
        char *ap = xasprintf("%s/%s_actual.png", dir, name);
        char *dp = xasprintf("%s/%s_diff.png", dir, name);
        image_write_png(img, ap);
        if (diff)
            image_write_png(diff, dp);
        CHECKF(false, "golden %s differs: %s; %zu of %zu pixels; see %s and %s", name,
               same_size ? "same size" : "size differs", bad, total, ap, dp);
        free(ap);
        free(dp);
        free(dir);
    } else {
        CHECK(ok);
    }
    image_destroy(diff);
out:
    image_destroy(want);
    free(path);
    return ok;
}

bool golden_check_bytes(const void *data, size_t len, const char *name)
{
    char *path = xasprintf("%s/tests/golden/%s", ktest_src(), name);
    char *want = NULL;
    size_t wlen = 0;
    enum kerr rc = fs_read_file(path, 64u << 20, &want, &wlen);
    bool ok;
    if (rc == K_ERR_NOT_FOUND || update_mode()) {
        ok = fs_write_atomic(path, data, len, 0644) == K_OK;
        fprintf(stderr, "golden %s: %s\n", name, rc == K_ERR_NOT_FOUND ? "created" : "updated");
        CHECKF(ok, "writing golden %s", path);
    } else {
        ok = rc == K_OK && wlen == len && memcmp(want, data, len) == 0;
        if (!ok) {
            char *dir = diff_dir();
            char *ap = xasprintf("%s/%s.actual", dir, name);
            for (char *p = ap + strlen(dir) + 1; *p; p++)
                if (*p == '/')
                    *p = '_';
            fs_write_atomic(ap, data, len, 0644);
            CHECKF(false, "golden %s differs (%zu vs %zu bytes); actual in %s", name, len, wlen,
                   ap);
            free(ap);
            free(dir);
        } else {
            CHECK(ok);
        }
    }
    free(want);
    free(path);
    return ok;
}
