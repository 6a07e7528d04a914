/* platform/paths.c: default asset and config locations (platform layer). */
#include "platform/paths.h"

#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The packaged location, the last resort. */
#define PATHS_SYSTEM_ASSETS "/usr/share/kiosk/assets"
/* How many folders above the binary a build tree's top may be (build/release/tests/app/x). */
#define PATHS_BUILD_DEPTH 5

static bool has_theme(const char *assets)
{
    char probe[PATH_MAX + 32];
    /* A path too long for the probe holds no assets we could use (and the check of the
     * length keeps -O3's format-truncation analysis satisfied). */
    int r = snprintf(probe, sizeof probe, "%s/ui/theme.json", assets);
    return r > 0 && (size_t)r < sizeof probe && access(probe, R_OK) == 0;
}

/* Sets out to the canonical form of path when path holds assets. */
static bool take(char *out, size_t cap, const char *path)
{
    char canon[PATH_MAX];
    if (!has_theme(path) || !realpath(path, canon))
        return false;
    snprintf(out, cap, "%s", canon);
    return true;
}

/* The folder of the running binary, from /proc/self/exe. */
static bool exe_dir(char *out, size_t cap)
{
    ssize_t n = readlink("/proc/self/exe", out, cap - 1);
    if (n <= 0)
        return false;
    out[n] = '\0';
    char *slash = strrchr(out, '/');
    if (!slash || slash == out)
        return false;
    *slash = '\0';
    return true;
}

/* A build tree: a folder above the binary with CMakeCache.txt and the assets link the build
 * makes to the source tree (CMakeLists.txt). Nothing of the source path is compiled in. */
static bool find_build_tree(char *out, size_t cap, const char *dir)
{
    char d[PATH_MAX];
    snprintf(d, sizeof d, "%s", dir);
    for (int up = 0; up <= PATHS_BUILD_DEPTH && d[0]; up++) {
        char cache[PATH_MAX + 32], assets[PATH_MAX + 32];
        snprintf(cache, sizeof cache, "%s/CMakeCache.txt", d);
        snprintf(assets, sizeof assets, "%s/assets", d);
        if (access(cache, R_OK) == 0 && take(out, cap, assets))
            return true;
        char *slash = strrchr(d, '/');
        if (!slash || slash == d)
            break;
        *slash = '\0';
    }
    return false;
}

const char *paths_default_assets(void)
{
    static char found[PATH_MAX];
    const char *e = getenv("KIOSK_ASSETS");
    if (e && *e)
        return e;
    if (!found[0]) {
        char dir[PATH_MAX], installed[PATH_MAX + 32];
        bool have_dir = exe_dir(dir, sizeof dir);
        if (have_dir)
            snprintf(installed, sizeof installed, "%s/../share/kiosk/assets", dir);
        if (!(have_dir && take(found, sizeof found, installed)) &&
            !(have_dir && find_build_tree(found, sizeof found, dir)))
            snprintf(found, sizeof found, "%s", PATHS_SYSTEM_ASSETS);
    }
    return found;
}

const char *paths_default_config(void)
{
    const char *e = getenv("KIOSK_CONFIG");
    return (e && *e) ? e : "/etc/kiosk/kiosk.conf";
}
