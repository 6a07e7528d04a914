/* tests/app/core/test_calendar.c: dates, the holiday tables, working days and deadlines.
 * Expected deadlines were computed independently (a short Python count over the same JSON
 * tables); rows 103-110 are also the worked examples of research/capture-qr-calendar.md §3.6. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/calendar.h"
#include "app/core/calendar_import.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"
#include "tests/support/ktest.h"

static struct calendar *cal;

static void test_dates(void)
{
    static const struct {
        int row;
        const char *text;
        bool ok;
        int wday;
    } rows[] = {
        {1, "2026-01-01", true, 4},    {2, "2024-02-29", true, 4},   {3, "2025-02-29", false, 0},
        {4, "2000-02-29", true, 2},    {5, "1900-02-29", false, 0},  {6, "2026-13-01", false, 0},
        {7, "2026-00-10", false, 0},   {8, "2026-04-31", false, 0},  {9, "2026-4-3", false, 0},
        {10, "2026-04-03x", false, 0}, {11, "", false, 0},           {12, "1970-01-01", true, 4},
        {13, "2999-12-31", true, 2},   {14, "3000-01-01", false, 0}, {15, "1899-12-31", false, 0},
        {16, "2026/04/03", false, 0},  {17, "2026-11-28", true, 6},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct cdate d;
        bool ok = cdate_parse(rows[i].text, &d);
        CHECKF(ok == rows[i].ok, "row %d: %s", rows[i].row, rows[i].text);
        if (ok && rows[i].ok) {
            CHECKF(cdate_weekday(d) == rows[i].wday, "row %d: weekday %d", rows[i].row,
                   cdate_weekday(d));
            char t[CDATE_TEXT];
            cdate_format(d, t);
            CHECKF(strcmp(t, rows[i].text) == 0, "row %d: %s", rows[i].row, t);
        }
    }
    /* Round trip over every day 1900..2999. */
    long first = cdate_to_days((struct cdate){1900, 1, 1});
    long last = cdate_to_days((struct cdate){2999, 12, 31});
    long bad = 0;
    struct cdate prev = cdate_from_days(first - 1);
    for (long z = first; z <= last; z++) {
        struct cdate d = cdate_from_days(z);
        if (cdate_to_days(d) != z || !cdate_valid(d.year, d.month, d.day) ||
            cdate_cmp(prev, d) >= 0)
            bad++;
        prev = d;
    }
    CHECK_EQ_INT(bad, 0);
    char zh[32];
    cdate_format_zh((struct cdate){2026, 3, 5}, zh, sizeof zh);
    CHECK_EQ_STR(zh, "2026年3月5日");
    cdate_format_zh((struct cdate){2026, 11, 12}, zh, sizeof zh);
    CHECK_EQ_STR(zh, "2026年11月12日");
    struct cdate c;
    CHECK(cdate_parse_compact("19491231", &c) && c.year == 1949 && c.month == 12 && c.day == 31);
    CHECK(!cdate_parse_compact("19490231", &c));
}

static void test_workdays_2026(void)
{
    /* Every day of both tables' years: 248 working days each (research §3.3). */
    for (int y = 2025; y <= 2026; y++) {
        long n = 0;
        for (long z = cdate_to_days((struct cdate){y, 1, 1});
             z <= cdate_to_days((struct cdate){y, 12, 31}); z++)
            n += calendar_is_workday(cal, cdate_from_days(z));
        CHECKF(n == 248, "%d has %ld working days", y, n);
    }
    static const struct {
        int row;
        const char *date;
        bool work;
    } rows[] = {
        {1, "2026-01-01", false},  {2, "2026-01-02", false},  {3, "2026-01-03", false},
        {4, "2026-01-04", true},   {5, "2026-02-14", true},   {6, "2026-02-15", false},
        {7, "2026-02-23", false},  {8, "2026-02-24", true},   {9, "2026-02-28", true},
        {10, "2026-03-01", false}, {11, "2026-04-06", false}, {12, "2026-04-07", true},
        {13, "2026-05-05", false}, {14, "2026-05-09", true},  {15, "2026-05-10", false},
        {16, "2026-06-19", false}, {17, "2026-06-22", true},  {18, "2026-09-20", true},
        {19, "2026-09-25", false}, {20, "2026-10-07", false}, {21, "2026-10-08", true},
        {22, "2026-10-10", true},  {23, "2026-10-11", false}, {24, "2026-11-28", false},
        {25, "2026-11-30", true},  {26, "2027-01-01", true}, /* no 2027 table: weekday rule */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct cdate d;
        cdate_parse(rows[i].date, &d);
        CHECKF(calendar_is_workday(cal, d) == rows[i].work, "row %d: %s", rows[i].row,
               rows[i].date);
    }
    struct cdate d;
    cdate_parse("2026-10-01", &d);
    CHECK_EQ_STR(calendar_day_name(cal, d), "国庆节");
    cdate_parse("2026-10-12", &d);
    CHECK(calendar_day_name(cal, d) == NULL);
    CHECK_EQ_INT(calendar_first_year(cal), 2025);
    CHECK_EQ_INT(calendar_last_year(cal), 2026);
    CHECK(calendar_covers(cal, 2026) && !calendar_covers(cal, 2027));
}

static void test_deadline_rows(void)
{
    static const struct {
        int row;
        const char *day0;
        int n;
        const char *due;
        bool beyond;
    } rows[] = {
        {1, "2025-12-31", 1, "2026-01-04", false},    {2, "2025-12-31", 3, "2026-01-06", false},
        {3, "2026-01-01", 1, "2026-01-04", false},    {4, "2026-01-01", 3, "2026-01-06", false},
        {5, "2026-01-02", 1, "2026-01-04", false},    {6, "2026-01-02", 3, "2026-01-06", false},
        {7, "2026-01-03", 1, "2026-01-04", false},    {8, "2026-01-03", 3, "2026-01-06", false},
        {9, "2026-01-04", 1, "2026-01-05", false},    {10, "2026-02-13", 1, "2026-02-14", false},
        {11, "2026-02-13", 3, "2026-02-25", false},   {12, "2026-02-14", 1, "2026-02-24", false},
        {13, "2026-02-14", 3, "2026-02-26", false},   {14, "2026-02-15", 1, "2026-02-24", false},
        {15, "2026-02-15", 3, "2026-02-26", false},   {16, "2026-02-16", 1, "2026-02-24", false},
        {17, "2026-02-16", 3, "2026-02-26", false},   {18, "2026-02-17", 1, "2026-02-24", false},
        {19, "2026-02-17", 3, "2026-02-26", false},   {20, "2026-02-18", 1, "2026-02-24", false},
        {21, "2026-02-18", 3, "2026-02-26", false},   {22, "2026-02-19", 1, "2026-02-24", false},
        {23, "2026-02-19", 3, "2026-02-26", false},   {24, "2026-02-20", 1, "2026-02-24", false},
        {25, "2026-02-20", 3, "2026-02-26", false},   {26, "2026-02-21", 1, "2026-02-24", false},
        {27, "2026-02-21", 3, "2026-02-26", false},   {28, "2026-02-22", 1, "2026-02-24", false},
        {29, "2026-02-22", 3, "2026-02-26", false},   {30, "2026-02-23", 1, "2026-02-24", false},
        {31, "2026-02-27", 1, "2026-02-28", false},   {32, "2026-02-27", 3, "2026-03-03", false},
        {33, "2026-02-28", 1, "2026-03-02", false},   {34, "2026-04-03", 1, "2026-04-07", false},
        {35, "2026-04-03", 3, "2026-04-09", false},   {36, "2026-04-04", 1, "2026-04-07", false},
        {37, "2026-04-04", 3, "2026-04-09", false},   {38, "2026-04-05", 1, "2026-04-07", false},
        {39, "2026-04-05", 3, "2026-04-09", false},   {40, "2026-04-06", 1, "2026-04-07", false},
        {41, "2026-04-30", 1, "2026-05-06", false},   {42, "2026-04-30", 3, "2026-05-08", false},
        {43, "2026-05-01", 1, "2026-05-06", false},   {44, "2026-05-01", 3, "2026-05-08", false},
        {45, "2026-05-02", 1, "2026-05-06", false},   {46, "2026-05-02", 3, "2026-05-08", false},
        {47, "2026-05-03", 1, "2026-05-06", false},   {48, "2026-05-03", 3, "2026-05-08", false},
        {49, "2026-05-04", 1, "2026-05-06", false},   {50, "2026-05-04", 3, "2026-05-08", false},
        {51, "2026-05-05", 1, "2026-05-06", false},   {52, "2026-05-08", 1, "2026-05-09", false},
        {53, "2026-05-08", 3, "2026-05-12", false},   {54, "2026-05-09", 1, "2026-05-11", false},
        {55, "2026-06-18", 1, "2026-06-22", false},   {56, "2026-06-18", 3, "2026-06-24", false},
        {57, "2026-06-19", 1, "2026-06-22", false},   {58, "2026-06-19", 3, "2026-06-24", false},
        {59, "2026-06-20", 1, "2026-06-22", false},   {60, "2026-06-20", 3, "2026-06-24", false},
        {61, "2026-06-21", 1, "2026-06-22", false},   {62, "2026-09-19", 1, "2026-09-20", false},
        {63, "2026-09-19", 3, "2026-09-22", false},   {64, "2026-09-20", 1, "2026-09-21", false},
        {65, "2026-09-24", 1, "2026-09-28", false},   {66, "2026-09-24", 3, "2026-09-30", false},
        {67, "2026-09-25", 1, "2026-09-28", false},   {68, "2026-09-25", 3, "2026-09-30", false},
        {69, "2026-09-26", 1, "2026-09-28", false},   {70, "2026-09-26", 3, "2026-09-30", false},
        {71, "2026-09-27", 1, "2026-09-28", false},   {72, "2026-09-30", 1, "2026-10-08", false},
        {73, "2026-09-30", 3, "2026-10-10", false},   {74, "2026-10-01", 1, "2026-10-08", false},
        {75, "2026-10-01", 3, "2026-10-10", false},   {76, "2026-10-02", 1, "2026-10-08", false},
        {77, "2026-10-02", 3, "2026-10-10", false},   {78, "2026-10-03", 1, "2026-10-08", false},
        {79, "2026-10-03", 3, "2026-10-10", false},   {80, "2026-10-04", 1, "2026-10-08", false},
        {81, "2026-10-04", 3, "2026-10-10", false},   {82, "2026-10-05", 1, "2026-10-08", false},
        {83, "2026-10-05", 3, "2026-10-10", false},   {84, "2026-10-06", 1, "2026-10-08", false},
        {85, "2026-10-06", 3, "2026-10-10", false},   {86, "2026-10-07", 1, "2026-10-08", false},
        {87, "2026-10-09", 1, "2026-10-10", false},   {88, "2026-10-09", 3, "2026-10-13", false},
        {89, "2026-10-10", 1, "2026-10-12", false},   {90, "2024-12-30", 1, "2024-12-31", true},
        {91, "2024-12-31", 1, "2025-01-02", false},   {92, "2024-12-31", 248, "2025-12-31", false},
        {93, "2024-12-31", 496, "2026-12-31", false}, {94, "2025-12-30", 2, "2026-01-04", false},
        {95, "2026-12-30", 1, "2026-12-31", false},   {96, "2026-12-31", 1, "2027-01-01", true},
        {97, "2026-12-01", 27, "2027-01-07", true},   {98, "2026-11-20", 27, "2026-12-29", false},
        {99, "2026-11-05", 27, "2026-12-14", false},  {100, "2025-01-01", 1000, "2028-12-06", true},
        {101, "2025-06-15", 27, "2025-07-22", false}, {102, "2025-09-26", 27, "2025-11-10", false},
        {103, "2025-12-15", 27, "2026-01-22", false}, {104, "2026-01-05", 27, "2026-02-11", false},
        {105, "2026-02-10", 27, "2026-03-25", false}, {106, "2026-02-13", 27, "2026-03-30", false},
        {107, "2026-04-20", 27, "2026-05-29", false}, {108, "2026-09-15", 27, "2026-10-28", false},
        {109, "2026-09-30", 27, "2026-11-12", false}, {110, "2026-10-09", 27, "2026-11-16", false},
        {111, "2026-02-14", 27, "2026-03-31", false}, {112, "2026-02-15", 27, "2026-03-31", false},
        {113, "2026-10-01", 27, "2026-11-12", false},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct cdate d0;
        struct calendar_due due;
        CHECKF(cdate_parse(rows[i].day0, &d0), "row %d", rows[i].row);
        enum kerr rc = calendar_deadline(cal, d0, rows[i].n, &due);
        char t[CDATE_TEXT];
        cdate_format(due.due, t);
        CHECKF(rc == K_OK && strcmp(t, rows[i].due) == 0, "row %d: %s +%d = %s, want %s",
               rows[i].row, rows[i].day0, rows[i].n, t, rows[i].due);
        CHECKF(due.beyond_tables == rows[i].beyond, "row %d: beyond %d", rows[i].row,
               due.beyond_tables);
        CHECKF(due.last_year == 2026, "row %d", rows[i].row);
        /* The due day is a working day, and exactly n working days lie in (day0, due]. */
        CHECKF(calendar_is_workday(cal, due.due), "row %d: due is a working day", rows[i].row);
        CHECKF(calendar_working_days_between(cal, d0, due.due) == rows[i].n, "row %d: count",
               rows[i].row);
    }
    struct calendar_due due;
    struct cdate d0 = {2026, 1, 1};
    CHECK(calendar_deadline(cal, d0, 0, &due) == K_ERR_INVALID);
    CHECK(calendar_deadline(cal, d0, -3, &due) == K_ERR_INVALID);
    CHECK(calendar_deadline(cal, d0, CALENDAR_MAX_DAYS + 1, &due) == K_ERR_INVALID);
    CHECK(calendar_deadline(cal, (struct cdate){2999, 12, 30}, 5, &due) == K_ERR_INVALID);
    CHECK(calendar_deadline(cal, (struct cdate){2026, 2, 30}, 5, &due) == K_ERR_INVALID);
    CHECK(calendar_working_days_between(cal, (struct cdate){2026, 5, 1},
                                        (struct cdate){2026, 4, 1}) == 0);
}

/* A second, independent listing: NateScarlet/holiday-cn 2026.json (39 entries) and 2025.json
 * as quoted in research/capture-qr-calendar.md §3.5. Every entry must agree with our table
 * (transcribed from the notices, §3.2/§3.3), and our table must list nothing else. */
static void test_holiday_cn(void)
{
    static const struct {
        int row;
        const char *from, *to;
        bool off;
    } rows[] = {
        {1, "2026-01-01", "2026-01-03", true},   {2, "2026-01-04", "2026-01-04", false},
        {3, "2026-02-14", "2026-02-14", false},  {4, "2026-02-15", "2026-02-23", true},
        {5, "2026-02-28", "2026-02-28", false},  {6, "2026-04-04", "2026-04-06", true},
        {7, "2026-05-01", "2026-05-05", true},   {8, "2026-05-09", "2026-05-09", false},
        {9, "2026-06-19", "2026-06-21", true},   {10, "2026-09-20", "2026-09-20", false},
        {11, "2026-09-25", "2026-09-27", true},  {12, "2026-10-01", "2026-10-07", true},
        {13, "2026-10-10", "2026-10-10", false}, {14, "2025-01-01", "2025-01-01", true},
        {15, "2025-01-28", "2025-02-04", true},  {16, "2025-04-04", "2025-04-06", true},
        {17, "2025-05-01", "2025-05-05", true},  {18, "2025-05-31", "2025-06-02", true},
        {19, "2025-10-01", "2025-10-08", true},  {20, "2025-01-26", "2025-01-26", false},
        {21, "2025-02-08", "2025-02-08", false}, {22, "2025-04-27", "2025-04-27", false},
        {23, "2025-09-28", "2025-09-28", false}, {24, "2025-10-11", "2025-10-11", false},
    };
    long listed = 0, n2026 = 0;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct cdate a, b;
        CHECK(cdate_parse(rows[i].from, &a) && cdate_parse(rows[i].to, &b));
        for (long z = cdate_to_days(a); z <= cdate_to_days(b); z++) {
            struct cdate d = cdate_from_days(z);
            CHECKF(calendar_day_name(cal, d) != NULL, "row %d: %04d-%02d-%02d listed", rows[i].row,
                   d.year, d.month, d.day);
            CHECKF(calendar_is_workday(cal, d) == !rows[i].off, "row %d: %04d-%02d-%02d",
                   rows[i].row, d.year, d.month, d.day);
            listed++;
            n2026 += d.year == 2026;
        }
    }
    CHECK_EQ_INT(n2026, 39);
    /* Nothing else is listed in our tables for 2025-2026. */
    long ours = 0;
    for (long z = cdate_to_days((struct cdate){2025, 1, 1});
         z <= cdate_to_days((struct cdate){2026, 12, 31}); z++)
        ours += calendar_day_name(cal, cdate_from_days(z)) != NULL;
    CHECK_EQ_INT(ours, listed);
}

static void test_local_override(void)
{
    struct calendar *c = calendar_create();
    char err[256];
    char *path = xasprintf("%s/assets/calendar/2026.json", ktest_src());
    char *buf;
    size_t len;
    CHECK(fs_read_file(path, CALENDAR_FILE_MAX, &buf, &len) == K_OK);
    CHECK(calendar_add_mem(c, "2026.json", buf, len, err, sizeof err) == K_OK);
    /* The same official year twice is refused. */
    CHECK(calendar_add_mem(c, "again.json", buf, len, err, sizeof err) == K_ERR_INVALID);
    CHECKF(strncmp(err, "E825: again.json: $.year", 24) == 0, "%s", err);
    free(buf);
    free(path);
    /* 2026-05-01 (1947: the autonomous region's founding) as a local example: a Monday off
     * and a Saturday on. */
    const char *local = "{\"kind\": \"local\", \"days\": ["
                        "{\"date\": \"2026-06-01\", \"off\": true, \"name\": \"本地放假\"},"
                        "{\"date\": \"2026-06-06\", \"off\": false},"
                        "{\"date\": \"2026-01-04\", \"off\": true}]}";
    CHECK(calendar_add_mem(c, "local.json", local, strlen(local), err, sizeof err) == K_OK);
    CHECK(!calendar_is_workday(c, (struct cdate){2026, 6, 1}));
    CHECK(calendar_is_workday(c, (struct cdate){2026, 6, 6}));
    CHECK(!calendar_is_workday(c, (struct cdate){2026, 1, 4})); /* overrides the official */
    CHECK_EQ_STR(calendar_day_name(c, (struct cdate){2026, 6, 1}), "本地放假");
    struct calendar_due due;
    CHECK(calendar_deadline(c, (struct cdate){2026, 5, 29}, 1, &due) == K_OK);
    CHECK(due.due.month == 6 && due.due.day == 2);
    calendar_destroy(c);
    calendar_destroy(NULL);
}

static void test_broken_tables(void)
{
    static const struct {
        int row;
        const char *json;
        const char *want;
    } rows[] = {
        {1, "", "E820: t: line 1"},
        {2, "[]", "E822: t: $: must be an object"},
        {3, "{\"kind\": \"x\", \"days\": []}", "E822: t: $.kind"},
        {4, "{\"kind\": \"official\", \"days\": []}", "E822: t: $.year"},
        {5, "{\"kind\": \"official\", \"year\": 2027}", "E822: t: $.days: must be an array"},
        {6,
         "{\"kind\": \"official\", \"year\": 2027, \"days\": [{\"date\": \"2027-02-30\", "
         "\"off\": true}]}",
         "E823: t: $.days[0].date"},
        {7,
         "{\"kind\": \"official\", \"year\": 2027, \"days\": [{\"date\": \"2030-01-01\", "
         "\"off\": true}]}",
         "E823: t: $.days[0].date: 2030-01-01 is far"},
        {8, "{\"kind\": \"official\", \"year\": 2027, \"days\": [{\"date\": \"2027-01-01\"}]}",
         "E822: t: $.days[0].off"},
        {9,
         "{\"kind\": \"official\", \"year\": 2027, \"days\": [{\"date\": \"2027-01-01\", "
         "\"off\": true}, {\"date\": \"2027-01-01\", \"off\": false}]}",
         "E824: t: $.days: 2027-01-01 is listed twice"},
        {10, "{\"kind\": \"local\", \"year\": 2027, \"days\": []}", "E822: t: $.year: only"},
        {11, "{\"kind\": \"local\", \"days\": [], \"extra\": 1}", "E822: t: $.extra: unknown key"},
        {12,
         "{\"kind\": \"local\", \"days\": [{\"date\": \"2027-01-01\", \"off\": true, "
         "\"when\": 1}]}",
         "E822: t: $.days[0].when: unknown key"},
        {13, "{\"kind\": \"official\", \"year\": 2027.5, \"days\": []}", "E822: t: $.year"},
        {14,
         "{\"kind\": \"local\", \"days\": [{\"date\": \"2027-01-01\", \"off\": true, "
         "\"name\": 5}]}",
         "E823: t: $.days[0].name"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct calendar *c = calendar_create();
        char err[256] = "";
        enum kerr rc =
            calendar_add_mem(c, "t", rows[i].json, strlen(rows[i].json), err, sizeof err);
        CHECKF(rc != K_OK, "row %d", rows[i].row);
        CHECKF(strncmp(err, rows[i].want, strlen(rows[i].want)) == 0, "row %d: got \"%s\"",
               rows[i].row, err);
        CHECKF(!calendar_covers(c, 2027), "row %d: nothing added", rows[i].row);
        calendar_destroy(c);
    }
    /* Folders: missing, empty, local only. */
    struct calendar *c;
    char err[512];
    CHECK(calendar_load_dir("/nonexistent/cal", &c, err, sizeof err) != K_OK && !c);
    char *dir = xasprintf("%s/cal", ktest_tmpdir());
    fs_mkdir_p(dir, 0700);
    CHECK(calendar_load_dir(dir, &c, err, sizeof err) != K_OK);
    CHECKF(strstr(err, "E821") != NULL, "%s", err);
    char *f = xasprintf("%s/local.json", dir);
    const char *local = "{\"kind\": \"local\", \"days\": []}";
    fs_write_atomic(f, local, strlen(local), 0600);
    CHECK(calendar_load_dir(dir, &c, err, sizeof err) != K_OK);
    free(f);
    /* A broken file names itself. */
    f = xasprintf("%s/2027.json", dir);
    fs_write_atomic(f, "{\"kind\": \"official\"", 19, 0600);
    CHECK(calendar_load_dir(dir, &c, err, sizeof err) != K_OK);
    CHECKF(strstr(err, "2027.json") != NULL && strstr(err, "E820") != NULL, "%s", err);
    free(f);
    free(dir);
}

/* An import is tried in memory with the folder's other tables: a refusal names the files by
 * their own names, changes nothing and leaves no scratch folder behind. */
static void test_import(void)
{
    char *dir = xasprintf("%s/imp", ktest_tmpdir()), *tmp = xasprintf("%s/tmp", ktest_tmpdir());
    char *cal_dir = xasprintf("%s/cal", dir);
    CHECK(fs_mkdir_p(cal_dir, 0700) == K_OK && fs_mkdir_p(tmp, 0700) == K_OK);
    setenv("TMPDIR", tmp, 1);
    static const char *const shipped[] = {"2025.json", "2026.json", "local.json"};
    for (size_t i = 0; i < 3; i++) {
        char *from = xasprintf("%s/assets/calendar/%s", ktest_src(), shipped[i]);
        char *to = xasprintf("%s/%s", cal_dir, shipped[i]), *buf;
        size_t len;
        CHECK(fs_read_file(from, CALENDAR_FILE_MAX, &buf, &len) == K_OK);
        CHECK(fs_write_atomic(to, buf, len, 0644) == K_OK);
        free(buf);
        free(from);
        free(to);
    }
    char dst[600], err[600];
    /* a second 2026 table under another name: refused, the clash named by file name */
    char *f = xasprintf("%s/again.json", dir), *b2026;
    char *p2026 = xasprintf("%s/2026.json", cal_dir);
    size_t l2026;
    CHECK(fs_read_file(p2026, CALENDAR_FILE_MAX, &b2026, &l2026) == K_OK);
    CHECK(fs_write_atomic(f, b2026, l2026, 0644) == K_OK);
    CHECK(calendar_import(cal_dir, f, dst, sizeof dst, err, sizeof err) == CAL_IMPORT_REJECTED);
    CHECKF(strncmp(err, "E825: again.json: $.year", 24) == 0, "%s", err);
    free(f);
    /* replacing 2026.json by a broken one: refused, 2026.json unchanged */
    f = xasprintf("%s/2026.json", dir);
    CHECK(fs_write_atomic(f, "{\"kind\": \"official\"", 19, 0644) == K_OK);
    CHECK(calendar_import(cal_dir, f, dst, sizeof dst, err, sizeof err) == CAL_IMPORT_REJECTED);
    CHECKF(strncmp(err, "E820: 2026.json:", 16) == 0, "%s", err);
    char *now;
    size_t lnow;
    CHECK(fs_read_file(p2026, CALENDAR_FILE_MAX, &now, &lnow) == K_OK);
    CHECK(lnow == l2026 && memcmp(now, b2026, lnow) == 0);
    free(now);
    /* a local table alone in place of the official ones would leave none: E821 */
    const char *no_official = "{\"kind\": \"local\", \"days\": []}";
    CHECK(fs_remove_tree(cal_dir) == K_OK && fs_mkdir_p(cal_dir, 0700) == K_OK);
    free(f);
    f = xasprintf("%s/mine.json", dir);
    CHECK(fs_write_atomic(f, no_official, strlen(no_official), 0644) == K_OK);
    CHECK(calendar_import(cal_dir, f, dst, sizeof dst, err, sizeof err) == CAL_IMPORT_REJECTED);
    CHECKF(strstr(err, "E821") && strstr(err, cal_dir), "%s", err);
    /* the 2026 table into the empty folder: accepted, written, and loads */
    free(f);
    f = xasprintf("%s/2026.json", dir);
    CHECK(fs_write_atomic(f, b2026, l2026, 0644) == K_OK);
    CHECK(calendar_import(cal_dir, f, dst, sizeof dst, err, sizeof err) == CAL_IMPORT_OK);
    CHECK_EQ_STR(dst, p2026);
    struct calendar *c = NULL;
    CHECKF(calendar_load_dir(cal_dir, &c, err, sizeof err) == K_OK && calendar_covers(c, 2026),
           "%s", err);
    calendar_destroy(c);
    /* nothing was written to TMPDIR */
    int entries = 0;
    DIR *d = opendir(tmp);
    for (struct dirent *de; d && (de = readdir(d));)
        entries += de->d_name[0] != '.';
    if (d)
        closedir(d);
    CHECK_EQ_INT(entries, 0);
    unsetenv("TMPDIR");
    free(b2026);
    free(p2026);
    free(f);
    free(cal_dir);
    free(tmp);
    free(dir);
}

int main(void)
{
    char err[512];
    char *dir = xasprintf("%s/assets/calendar", ktest_src());
    enum kerr rc = calendar_load_dir(dir, &cal, err, sizeof err);
    free(dir);
    CHECKF(rc == K_OK, "%s", err);
    if (rc != K_OK)
        return ktest_done();
    KTEST_RUN(test_dates);
    KTEST_RUN(test_workdays_2026);
    KTEST_RUN(test_deadline_rows);
    KTEST_RUN(test_holiday_cn);
    KTEST_RUN(test_local_override);
    KTEST_RUN(test_broken_tables);
    KTEST_RUN(test_import);
    calendar_destroy(cal);
    return ktest_done();
}
