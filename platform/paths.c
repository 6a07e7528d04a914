/* platform/paths.c: default asset and config locations (platform layer). */
#include "platform/paths.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef KIOSK_ASSETS_DIR
#define KIOSK_ASSETS_DIR "/usr/share/kiosk/assets"
#endif

const char *paths_default_assets(void)
{
    static char found[4096];
    const char *e = getenv("KIOSK_ASSETS");
    if (e && *e)
        return e;
    if (!found[0]) {
        /* An installed build keeps its assets beside the binary, in ../share/kiosk/assets;
         * a development build uses the source tree's folder compiled in. */
        char exe[3000];
        ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
        char *slash = NULL;
        if (n > 0) {
            exe[n] = '\0';
            slash = strrchr(exe, '/');
        }
        if (slash) {
            *slash = '\0';
            snprintf(found, sizeof found, "%s/../share/kiosk/assets", exe);
        }
        char probe[4200];
        snprintf(probe, sizeof probe, "%s/ui/theme.json", found);
        char canon[PATH_MAX];
        if (!slash || access(probe, R_OK) != 0)
            snprintf(found, sizeof found, "%s", KIOSK_ASSETS_DIR);
        else if (realpath(found, canon))
            snprintf(found, sizeof found, "%s", canon);
    }
    return found;
}

const char *paths_default_config(void)
{
    const char *e = getenv("KIOSK_CONFIG");
    return (e && *e) ? e : "/etc/kiosk/kiosk.conf";
}
