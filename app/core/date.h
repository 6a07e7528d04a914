/* app/core/date.h: civil dates (proleptic Gregorian, no time zone) for forms and deadlines
 * (app/core, pure). Day numbers count from 1970-01-01 = 0. */
#ifndef APP_CORE_DATE_H
#define APP_CORE_DATE_H

#include <stdbool.h>

struct cdate {
    int year, month, day; /* month and day 1-based */
};

#define CDATE_MIN_YEAR 1900
#define CDATE_MAX_YEAR 2999
#define CDATE_TEXT     11 /* "YYYY-MM-DD" + NUL */

/* True when y-m-d is a real date with CDATE_MIN_YEAR <= y <= CDATE_MAX_YEAR. */
bool cdate_valid(int y, int m, int d);
/* Parse exactly "YYYY-MM-DD" (a real date in range); false on anything else. */
bool cdate_parse(const char *s, struct cdate *out);
/* Parse exactly "YYYYMMDD" (ID numbers, card fields). */
bool cdate_parse_compact(const char *s, struct cdate *out);
/* "YYYY-MM-DD" into out. */
void cdate_format(struct cdate d, char out[CDATE_TEXT]);
/* "2026年11月12日" (no leading zeros) into out of size n, for receipts and screens ("须于
 * 2026年11月12日前办结"). The date form itself is not translatable text, so it is not in the
 * string catalogue. */
void cdate_format_zh(struct cdate d, char *out, unsigned n);
/* Day number (1970-01-01 = 0) and back. */
long cdate_to_days(struct cdate d);
struct cdate cdate_from_days(long days);
/* 0 = Sunday .. 6 = Saturday. */
int cdate_weekday(struct cdate d);
/* <0, 0, >0 as a is before, equal to, after b. */
int cdate_cmp(struct cdate a, struct cdate b);

#endif
