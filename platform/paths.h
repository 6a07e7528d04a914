/* platform/paths.h: where the program finds its assets by default.
 *
 * The assets folder is, in order: $KIOSK_ASSETS; ../share/kiosk/assets beside the binary
 * when it exists (an installed package); in a development build, the `assets` link to the
 * source tree that the build makes at the top of its build folder (found by walking up from
 * the binary to the folder holding CMakeCache.txt); /usr/share/kiosk/assets. No path of the
 * build machine is compiled in (reproducible builds). Data and config paths come from the
 * configuration (platform/config.h). */
#ifndef PLATFORM_PATHS_H
#define PLATFORM_PATHS_H

const char *paths_default_assets(void);
/* Default configuration file: $KIOSK_CONFIG, else /etc/kiosk/kiosk.conf. */
const char *paths_default_config(void);

#endif
