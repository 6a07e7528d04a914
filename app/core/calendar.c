/* app/core/calendar.c: holiday tables and working-day deadlines (app/core).
 *
 * Listed days are kept in one array sorted by day number (later tables replace earlier
 * entries for the same date) and found by binary search. Error numbers: E820 syntax, E821
 * no tables, E822 missing key or wrong type, E823 bad value, E824 date listed twice in one
 * file, E825 year already loaded, E826 unreadable or too large.
 */
#include "app/core/calendar.h"

#include <cJSON.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/utf8.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"

#define MAX_ENTRIES 5000 /* per file */
#define MAX_YEARS   200

struct entry {
    long day;
    bool off;
    char name[64];
};

struct calendar {
    struct entry *e;
    size_t n, cap;
    int years[MAX_YEARS]; /* official years, sorted */
    size_t n_years;
};

struct calendar *calendar_create(void)
{
    return xcalloc(1, sizeof(struct calendar));
}

void calendar_destroy(struct calendar *cal)
{
    if (!cal)
        return;
    free(cal->e);
    free(cal);
}

__attribute__((format(printf, 5, 6))) static enum kerr
fail(char *err, size_t errlen, const char *name, int code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (errlen)
        snprintf(err, errlen, "E%03d: %s: %s", code, name, msg);
    return K_ERR_INVALID;
}

static long find(const struct calendar *cal, long day)
{
    size_t lo = 0, hi = cal->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (cal->e[mid].day < day)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < cal->n && cal->e[lo].day == day ? (long)lo : -1;
}

static void put(struct calendar *cal, const struct entry *x)
{
    long i = find(cal, x->day);
    if (i >= 0) {
        cal->e[i] = *x;
        return;
    }
    if (cal->n == cal->cap) {
        cal->cap = cal->cap ? cal->cap * 2 : 128;
        cal->e = xrealloc(cal->e, cal->cap * sizeof *cal->e);
    }
    size_t at = cal->n;
    while (at > 0 && cal->e[at - 1].day > x->day)
        at--;
    memmove(cal->e + at + 1, cal->e + at, (cal->n - at) * sizeof *cal->e);
    cal->e[at] = *x;
    cal->n++;
}

static int cmp_long(const void *a, const void *b)
{
    long x = *(const long *)a, y = *(const long *)b;
    return x < y ? -1 : x > y;
}

enum kerr calendar_add_mem(struct calendar *cal, const char *name, const char *json, size_t len,
                           char *err, size_t errlen)
{
    if (errlen)
        err[0] = '\0';
    if (!name)
        name = "(memory)";
    if (len > CALENDAR_FILE_MAX) {
        fail(err, errlen, name, 826, "$: file larger than %u bytes", CALENDAR_FILE_MAX);
        return K_ERR_TOO_LARGE;
    }
    char *text = xcalloc(len + 1, 1);
    memcpy(text, json, len);
    if (strlen(text) != len) {
        free(text);
        return fail(err, errlen, name, 820, "$: NUL byte in the file");
    }
    const char *end = NULL;
    cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, true);
    if (!root) {
        size_t off = end && end >= text ? (size_t)(end - text) : 0;
        int line = 1;
        for (size_t i = 0; i < off && text[i]; i++)
            line += text[i] == '\n';
        free(text);
        return fail(err, errlen, name, 820, "line %d: JSON syntax error", line);
    }
    free(text);

    enum kerr rc = K_OK;
    struct entry *add = NULL;
    long *seen = NULL;
    size_t n_add = 0;
    int year = 0;
    bool official = false;
    static const char *const keys[] = {"kind", "year", "source", "url", "published", "days", NULL};
    if (!cJSON_IsObject(root)) {
        rc = fail(err, errlen, name, 822, "$: must be an object");
        goto out;
    }
    for (const cJSON *it = root->child; it; it = it->next) {
        bool ok = it->string[0] == '_';
        for (const char *const *k = keys; *k && !ok; k++)
            ok = strcmp(*k, it->string) == 0;
        if (!ok) {
            rc = fail(err, errlen, name, 822, "$.%.40s: unknown key", it->string);
            goto out;
        }
    }
    const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
    if (!cJSON_IsString(kind) ||
        (strcmp(kind->valuestring, "official") != 0 && strcmp(kind->valuestring, "local") != 0)) {
        rc = fail(err, errlen, name, 822, "$.kind: must be \"official\" or \"local\"");
        goto out;
    }
    official = strcmp(kind->valuestring, "official") == 0;
    const cJSON *y = cJSON_GetObjectItemCaseSensitive(root, "year");
    if (official) {
        if (!cJSON_IsNumber(y) || y->valuedouble < CDATE_MIN_YEAR ||
            y->valuedouble > CDATE_MAX_YEAR || y->valuedouble != (double)(int)y->valuedouble) {
            rc = fail(err, errlen, name, 822, "$.year: an official table needs its year (%d-%d)",
                      CDATE_MIN_YEAR, CDATE_MAX_YEAR);
            goto out;
        }
        year = (int)y->valuedouble;
        for (size_t i = 0; i < cal->n_years; i++)
            if (cal->years[i] == year) {
                rc = fail(err, errlen, name, 825, "$.year: %d is already loaded", year);
                goto out;
            }
        if (cal->n_years >= MAX_YEARS) {
            rc = fail(err, errlen, name, 823, "$.year: too many years");
            goto out;
        }
    } else if (y) {
        rc = fail(err, errlen, name, 822, "$.year: only official tables have a year");
        goto out;
    }
    const cJSON *days = cJSON_GetObjectItemCaseSensitive(root, "days");
    if (!cJSON_IsArray(days)) {
        rc = fail(err, errlen, name, 822, "$.days: must be an array");
        goto out;
    }
    int nd = cJSON_GetArraySize(days);
    if (nd > MAX_ENTRIES) {
        rc = fail(err, errlen, name, 823, "$.days: more than %d entries", MAX_ENTRIES);
        goto out;
    }
    add = xcalloc((size_t)nd + 1, sizeof *add);
    seen = xcalloc((size_t)nd + 1, sizeof *seen);
    static const char *const dkeys[] = {"date", "off", "name", NULL};
    for (const cJSON *d = days->child; d; d = d->next, n_add++) {
        if (!cJSON_IsObject(d)) {
            rc = fail(err, errlen, name, 822, "$.days[%zu]: must be an object", n_add);
            goto out;
        }
        for (const cJSON *it = d->child; it; it = it->next) {
            bool ok = it->string[0] == '_';
            for (const char *const *k = dkeys; *k && !ok; k++)
                ok = strcmp(*k, it->string) == 0;
            if (!ok) {
                rc = fail(err, errlen, name, 822, "$.days[%zu].%.40s: unknown key", n_add,
                          it->string);
                goto out;
            }
        }
        const cJSON *ds = cJSON_GetObjectItemCaseSensitive(d, "date");
        const cJSON *off = cJSON_GetObjectItemCaseSensitive(d, "off");
        const cJSON *nm = cJSON_GetObjectItemCaseSensitive(d, "name");
        struct cdate date;
        if (!cJSON_IsString(ds) || !cdate_parse(ds->valuestring, &date)) {
            rc = fail(err, errlen, name, 823, "$.days[%zu].date: must be a real date YYYY-MM-DD",
                      n_add);
            goto out;
        }
        if (official && (date.year < year - 1 || date.year > year + 1)) {
            rc = fail(err, errlen, name, 823, "$.days[%zu].date: %s is far from the year %d", n_add,
                      ds->valuestring, year);
            goto out;
        }
        if (!cJSON_IsBool(off)) {
            rc = fail(err, errlen, name, 822, "$.days[%zu].off: must be true or false", n_add);
            goto out;
        }
        if (nm && (!cJSON_IsString(nm) || utf8_count(nm->valuestring) < 0 ||
                   utf8_has_control(nm->valuestring, false) ||
                   strlen(nm->valuestring) >= sizeof add[0].name)) {
            rc = fail(err, errlen, name, 823, "$.days[%zu].name: must be a short text", n_add);
            goto out;
        }
        add[n_add].day = cdate_to_days(date);
        add[n_add].off = cJSON_IsTrue(off);
        if (nm)
            str_copy(add[n_add].name, sizeof add[n_add].name, nm->valuestring);
        seen[n_add] = add[n_add].day;
    }
    if (n_add)
        qsort(seen, n_add, sizeof *seen, cmp_long);
    for (size_t i = 1; i < n_add; i++)
        if (seen[i] == seen[i - 1]) {
            char t[CDATE_TEXT];
            cdate_format(cdate_from_days(seen[i]), t);
            rc = fail(err, errlen, name, 824, "$.days: %s is listed twice", t);
            goto out;
        }
    for (size_t i = 0; i < n_add; i++)
        put(cal, &add[i]);
    if (official) {
        size_t at = cal->n_years;
        while (at > 0 && cal->years[at - 1] > year) {
            cal->years[at] = cal->years[at - 1];
            at--;
        }
        cal->years[at] = year;
        cal->n_years++;
    }
out:
    free(add);
    free(seen);
    cJSON_Delete(root);
    return rc;
}

static int cmp_file(const void *a, const void *b)
{
    return strcmp(((const struct calendar_file *)a)->name, ((const struct calendar_file *)b)->name);
}

enum kerr calendar_load_files(struct calendar_file *files, size_t n, const char *what,
                              struct calendar **out, char *err, size_t errlen)
{
    *out = NULL;
    if (errlen)
        err[0] = '\0';
    if (n)
        qsort(files, n, sizeof *files, cmp_file);
    struct calendar *cal = calendar_create();
    enum kerr rc = K_OK;
    /* Two passes: official tables, then local overrides. */
    for (int pass = 0; pass < 2 && rc == K_OK; pass++) {
        for (size_t i = 0; i < n && rc == K_OK; i++) {
            /* Cheap peek at the kind; calendar_add_mem validates it properly. */
            cJSON *root = cJSON_ParseWithLength(files[i].data, files[i].len);
            const cJSON *kind = cJSON_GetObjectItemCaseSensitive(root, "kind");
            bool local = cJSON_IsString(kind) && strcmp(kind->valuestring, "local") == 0;
            cJSON_Delete(root);
            if (local == (pass == 1))
                rc = calendar_add_mem(cal, files[i].name, files[i].data, files[i].len, err, errlen);
        }
    }
    if (rc == K_OK && cal->n_years == 0)
        rc = fail(err, errlen, what, 821, "no official holiday table in the folder");
    if (rc != K_OK) {
        calendar_destroy(cal);
        return rc;
    }
    *out = cal;
    return K_OK;
}

void calendar_files_free(struct calendar_file *files, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        free(files[i].name);
        free(files[i].data);
    }
    free(files);
}

enum kerr calendar_read_dir(const char *dir, const char *skip, struct calendar_file **out,
                            size_t *count, char *err, size_t errlen)
{
    *out = NULL;
    *count = 0;
    DIR *d = opendir(dir);
    if (!d) {
        fail(err, errlen, dir, 821, "cannot open the calendar folder");
        return K_ERR_IO;
    }
    struct calendar_file *files = NULL;
    size_t n = 0;
    enum kerr rc = K_OK;
    struct dirent *de;
    while (rc == K_OK && (de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (de->d_name[0] == '.' || l < 6 || strcmp(de->d_name + l - 5, ".json") != 0 ||
            (skip && strcmp(de->d_name, skip) == 0))
            continue;
        char *path = xasprintf("%s/%s", dir, de->d_name);
        files = xrealloc(files, (n + 1) * sizeof *files);
        files[n] = (struct calendar_file){.name = path};
        rc = fs_read_file(path, CALENDAR_FILE_MAX, &files[n].data, &files[n].len);
        n++;
        if (rc != K_OK)
            fail(err, errlen, path, 826, "cannot read the file");
    }
    closedir(d);
    if (rc != K_OK) {
        calendar_files_free(files, n);
        return rc;
    }
    *out = files;
    *count = n;
    return K_OK;
}

enum kerr calendar_load_dir(const char *dir, struct calendar **out, char *err, size_t errlen)
{
    *out = NULL;
    struct calendar_file *files = NULL;
    size_t n = 0;
    enum kerr rc = calendar_read_dir(dir, NULL, &files, &n, err, errlen);
    if (rc == K_OK)
        rc = calendar_load_files(files, n, dir, out, err, errlen);
    calendar_files_free(files, n);
    return rc;
}

static bool workday_n(const struct calendar *cal, long day)
{
    long i = find(cal, day);
    if (i >= 0)
        return !cal->e[i].off;
    int wd = (int)(((day % 7) + 11) % 7);
    return wd >= 1 && wd <= 5;
}

bool calendar_is_workday(const struct calendar *cal, struct cdate d)
{
    return workday_n(cal, cdate_to_days(d));
}

const char *calendar_day_name(const struct calendar *cal, struct cdate d)
{
    long i = find(cal, cdate_to_days(d));
    return i >= 0 && cal->e[i].name[0] ? cal->e[i].name : (i >= 0 ? "" : NULL);
}

bool calendar_covers(const struct calendar *cal, int year)
{
    for (size_t i = 0; i < cal->n_years; i++)
        if (cal->years[i] == year)
            return true;
    return false;
}

int calendar_first_year(const struct calendar *cal)
{
    return cal->n_years ? cal->years[0] : 0;
}

int calendar_last_year(const struct calendar *cal)
{
    return cal->n_years ? cal->years[cal->n_years - 1] : 0;
}

enum kerr calendar_deadline(const struct calendar *cal, struct cdate day0, int n,
                            struct calendar_due *out)
{
    memset(out, 0, sizeof *out);
    if (n < 1 || n > CALENDAR_MAX_DAYS || !cdate_valid(day0.year, day0.month, day0.day))
        return K_ERR_INVALID;
    long day = cdate_to_days(day0);
    long limit = cdate_to_days((struct cdate){CDATE_MAX_YEAR, 12, 31});
    bool beyond = false;
    int year = 0; /* last year checked for a table */
    for (int counted = 0; counted < n;) {
        if (++day > limit)
            return K_ERR_INVALID;
        struct cdate d = cdate_from_days(day);
        if (d.year != year) {
            year = d.year;
            beyond = beyond || !calendar_covers(cal, year);
        }
        if (workday_n(cal, day))
            counted++;
    }
    out->due = cdate_from_days(day);
    out->beyond_tables = beyond;
    out->last_year = calendar_last_year(cal);
    return K_OK;
}

long calendar_working_days_between(const struct calendar *cal, struct cdate from, struct cdate to)
{
    long a = cdate_to_days(from), b = cdate_to_days(to), n = 0;
    for (long d = a + 1; d <= b; d++)
        n += workday_n(cal, d);
    return n;
}
