/* app/core/calendar_import.h: putting a new holiday table into the calendar folder (app
 * layer, core), for `kioskctl calendar import` and service mode's USB-stick update alike.
 *
 * The file is checked together with every table already in the folder (in a scratch copy):
 * nothing is replaced unless the whole calendar still loads; then it is written durably into
 * the folder under its own name (a table of the same name is replaced).
 */
#ifndef APP_CORE_CALENDAR_IMPORT_H
#define APP_CORE_CALENDAR_IMPORT_H

#include <stdbool.h>
#include <stddef.h>

enum calendar_import_result {
    CAL_IMPORT_OK,
    CAL_IMPORT_BAD_NAME,   /* not NAME.json, or a name over 64 bytes */
    CAL_IMPORT_UNREADABLE, /* missing, unreadable or over CALENDAR_FILE_MAX */
    CAL_IMPORT_REJECTED,   /* the calendar would not load with it (err says why) */
    CAL_IMPORT_UNWRITABLE, /* the folder could not be written (dst names the file) */
};

/* True for a table's file name: NAME.json, not hidden. */
bool calendar_import_name_ok(const char *name);
/* Import file into dir. dst (n bytes) receives the destination path; err the technician's
 * reason for a rejection. */
enum calendar_import_result calendar_import(const char *dir, const char *file, char *dst, size_t n,
                                            char *err, size_t errlen);

#endif
