/* app/core/calendar.h: the working-day calendar and deadlines (app/core).
 *
 * Tables live in a folder (calendar.dir, default ASSETS/calendar): one JSON file per State
 * Council notice ("kind": "official", "year": Y) and any number of local override files
 * ("kind": "local"), applied after the official ones so that they win. Each lists days:
 * {"date": "YYYY-MM-DD", "off": true|false, "name": "..."}; off=false marks an adjusted
 * working day (调休上班). The format is in docs/core.md.
 *
 * Working day: a listed day is a working day when off is false, a holiday when true; any other
 * day is a working day Monday to Friday. A deadline of N working days from an acceptance day
 * (day 0, not counted) is the N-th working day after it. Years without an official table are
 * computed with the weekday rule only, and the result says so (beyond_tables), because the
 * holidays of those years are not yet published.
 *
 * Ownership: calendar_create/calendar_destroy; a loaded calendar is read-only and may be
 * shared between threads.
 */
#ifndef APP_CORE_CALENDAR_H
#define APP_CORE_CALENDAR_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/date.h"
#include "platform/err.h"

#define CALENDAR_FILE_MAX (256u * 1024u) /* bytes per table file */
#define CALENDAR_MAX_DAYS 100000         /* working days in one deadline */

struct calendar;

struct calendar *calendar_create(void);
void calendar_destroy(struct calendar *cal);
/* Add one table from memory (name is used in errors). On error the calendar is unchanged and
 * err holds "E8nn: NAME: PATH: problem". Official tables for a year already loaded are an
 * error; local tables may be added any number of times (later entries win). */
enum kerr calendar_add_mem(struct calendar *cal, const char *name, const char *json, size_t len,
                           char *err, size_t errlen);
/* Create a calendar from every *.json in dir: official tables first, then local ones, each
 * group in file-name order. An empty or missing folder is an error (E821). */
enum kerr calendar_load_dir(const char *dir, struct calendar **out, char *err, size_t errlen);

/* One table file in memory: name (owned, used in errors and for the order) and its bytes. */
struct calendar_file {
    char *name;
    char *data;
    size_t len;
};
/* Read every *.json in dir but the one named skip (NULL: none) into *out (name = the file's
 * path), for calendar_load_files. E821 when the folder cannot be opened, E826 when a file
 * cannot be read or is over CALENDAR_FILE_MAX. Free with calendar_files_free. */
enum kerr calendar_read_dir(const char *dir, const char *skip, struct calendar_file **out,
                            size_t *count, char *err, size_t errlen);
void calendar_files_free(struct calendar_file *files, size_t n);
/* calendar_load_dir on tables already in memory (sorted here by name; what names the set in
 * E821). Nothing touches the disk: a table to import is tried together with the folder's. */
enum kerr calendar_load_files(struct calendar_file *files, size_t n, const char *what,
                              struct calendar **out, char *err, size_t errlen);

/* True for a working day (see above). */
bool calendar_is_workday(const struct calendar *cal, struct cdate d);
/* The holiday or adjusted-day name of a listed day, or NULL. */
const char *calendar_day_name(const struct calendar *cal, struct cdate d);
/* True when an official table covers year. */
bool calendar_covers(const struct calendar *cal, int year);
/* First and last year with an official table (0 when none). */
int calendar_first_year(const struct calendar *cal);
int calendar_last_year(const struct calendar *cal);

struct calendar_due {
    struct cdate due;   /* the N-th working day after day 0 */
    bool beyond_tables; /* some day from day 0 to due lies in a year without a table */
    int last_year;      /* last year with a table (0 when none), for the warning text */
};
/* Deadline of n working days (1..CALENDAR_MAX_DAYS) after day0. K_ERR_INVALID for a bad n or
 * when the result would leave the supported date range. */
enum kerr calendar_deadline(const struct calendar *cal, struct cdate day0, int n,
                            struct calendar_due *out);
/* Working days d with from < d <= to (0 when to <= from); for "days left" and overdue. */
long calendar_working_days_between(const struct calendar *cal, struct cdate from, struct cdate to);

#endif
