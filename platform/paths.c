/* platform/paths.c: default asset and config locations (platform layer). */
#include "platform/paths.h"

#include <stdlib.h>

#ifndef KIOSK_ASSETS_DIR
#define KIOSK_ASSETS_DIR "/usr/share/kiosk/assets"
#endif

const char *paths_default_assets(void)
{
    const char *e = getenv("KIOSK_ASSETS");
    return (e && *e) ? e : KIOSK_ASSETS_DIR;
}

const char *paths_default_config(void)
{
    const char *e = getenv("KIOSK_CONFIG");
    return (e && *e) ? e : "/etc/kiosk/kiosk.conf";
}
