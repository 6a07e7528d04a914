/* platform/paths.h: where the program finds its assets by default.
 *
 * The assets folder is, in order: $KIOSK_ASSETS; ../share/kiosk/assets beside the binary
 * when it exists (an installed package); the folder compiled in (the source tree's assets/ in
 * a development build). Data and config paths come
 * from the configuration (platform/config.h). */
#ifndef PLATFORM_PATHS_H
#define PLATFORM_PATHS_H

const char *paths_default_assets(void);
/* Default configuration file: $KIOSK_CONFIG, else /etc/kiosk/kiosk.conf. */
const char *paths_default_config(void);

#endif
