/* app/core/date.c: civil date arithmetic (app/core, pure).
 * Day numbers use the usual era-based conversion between y-m-d and days since 1970-01-01
 * (400-year eras of 146097 days, years starting in March so the leap day comes last). */
#include "app/core/date.h"

#include <stdio.h>
#include <string.h>

static bool leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

static int month_days(int y, int m)
{
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

bool cdate_valid(int y, int m, int d)
{
    return y >= CDATE_MIN_YEAR && y <= CDATE_MAX_YEAR && m >= 1 && m <= 12 && d >= 1 &&
           d <= month_days(y, m);
}

static bool digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return true;
}

bool cdate_parse(const char *s, struct cdate *out)
{
    int y, m, d;
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-' || !digits(s, 4, &y) ||
        !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d) || !cdate_valid(y, m, d))
        return false;
    *out = (struct cdate){y, m, d};
    return true;
}

bool cdate_parse_compact(const char *s, struct cdate *out)
{
    int y, m, d;
    if (!s || strlen(s) != 8 || !digits(s, 4, &y) || !digits(s + 4, 2, &m) ||
        !digits(s + 6, 2, &d) || !cdate_valid(y, m, d))
        return false;
    *out = (struct cdate){y, m, d};
    return true;
}

void cdate_format(struct cdate d, char out[CDATE_TEXT])
{
    unsigned y = (unsigned)d.year % 10000u, m = (unsigned)d.month % 100u,
             dd = (unsigned)d.day % 100u;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = '\0';
}

void cdate_format_zh(struct cdate d, char *out, unsigned n)
{
    if (n)
        snprintf(out, n, "%d年%d月%d日", d.year, d.month, d.day);
}

long cdate_to_days(struct cdate d)
{
    long y = d.year - (d.month <= 2);
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long mp = (d.month + 9) % 12; /* March = 0 */
    long doy = (153 * mp + 2) / 5 + d.day - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

struct cdate cdate_from_days(long z)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long y = yoe + era * 400;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    long d = doy - (153 * mp + 2) / 5 + 1;
    long m = mp < 10 ? mp + 3 : mp - 9;
    return (struct cdate){(int)(y + (m <= 2)), (int)m, (int)d};
}

int cdate_weekday(struct cdate d)
{
    long z = cdate_to_days(d); /* 1970-01-01 was a Thursday */
    return (int)(((z % 7) + 11) % 7);
}

int cdate_cmp(struct cdate a, struct cdate b)
{
    long x = cdate_to_days(a), y = cdate_to_days(b);
    return x < y ? -1 : x > y;
}
