/* app/service/usb.h: USB sticks for service mode and kioskctl (app layer, service).
 *
 * Sticks are the mounted folders inside /media, /media/USER and /run/media/USER (each a
 * mount point of its own); with the environment variable KIOSK_USB_ROOT set, the folders directly
 * inside it instead (tests use a temporary folder as "the stick"). Log export copies the kiosk's
 * log file and its rotated predecessors (logs hold no personal data, platform/log.h).
 */
#ifndef APP_SERVICE_USB_H
#define APP_SERVICE_USB_H

#include <stddef.h>

#include "platform/err.h"

#define USB_PATH_MAX 1024
#define USB_MAX      8

/* The mounted sticks, at most max, sorted; returns how many. */
int usb_sticks(char out[][USB_PATH_MAX], int max);
/* Holiday table candidates on a stick: NAME.json files in its top folder and in its
 * "calendar" folder, at most max, sorted; returns how many. */
int usb_calendar_files(const char *stick, char out[][USB_PATH_MAX], int max);

/* Copy log_file and log_file.1 .. .9 (those that exist) into dir (created), durably. each
 * (may be NULL) is told every file written. *copied counts them. On a write failure returns
 * K_ERR_IO with the path in failed; K_ERR_NOT_FOUND when log_file is "" (no log configured). */
enum kerr usb_logs_export(const char *log_file, const char *dir,
                          void (*each)(const char *dst, void *ud), void *ud, int *copied,
                          char *failed, size_t n);

#endif
