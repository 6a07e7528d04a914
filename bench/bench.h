/* bench/bench.h: helpers every benchmark shares: sorting samples and printing the
 * "BENCH name median p99 unit" line that bench/run collects. Header-only. */
#ifndef BENCH_BENCH_H
#define BENCH_BENCH_H

#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "platform/memstat.h"

static inline int bench_cmp(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Sorts samples in place and prints median and p99 (nearest rank). */
static inline void bench_report(const char *name, double *samples, int n, const char *unit)
{
    qsort(samples, (size_t)n, sizeof *samples, bench_cmp);
    int p99 = (int)((n * 99 + 99) / 100) - 1;
    if (p99 < 0)
        p99 = 0;
    if (p99 >= n)
        p99 = n - 1;
    printf("BENCH %s %.3f %.3f %s\n", name, samples[n / 2], samples[p99], unit);
    fflush(stdout);
}

/* Prints one process's memory as three lines: "BENCH <prefix>_pss", "_rss" and "_anon", in
 * MiB (one sample: median and p99 are the same figure). */
static inline void bench_report_memstat(const char *prefix, const struct memstat *m)
{
    const struct {
        const char *name;
        long kib;
    } rows[] = {{"pss", m->pss_kib}, {"rss", m->rss_kib}, {"anon", m->anon_kib}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        printf("BENCH %s_%s %.1f %.1f MiB\n", prefix, rows[i].name, rows[i].kib / 1024.0,
               rows[i].kib / 1024.0);
    fflush(stdout);
}

/* Monotonic time in milliseconds, for timing loops. */
static inline double bench_now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* Make a scratch folder under /tmp (name like "/tmp/bench_x.XXXXXX", changed in place) with
 * a kiosk.conf in it (data in DIR/data, an unreachable backend, errors-only log); its path
 * goes to conf. False when either cannot be made. */
static inline bool bench_kiosk_conf(char *dir_tmpl, char *conf, size_t n)
{
    if (!mkdtemp(dir_tmpl))
        return false;
    snprintf(conf, n, "%s/kiosk.conf", dir_tmpl);
    FILE *f = fopen(conf, "w");
    if (!f)
        return false;
    fprintf(f, "paths.data_dir = %s/data\nbackend.url = http://127.0.0.1:9\nlog.level = error\n",
            dir_tmpl);
    return fclose(f) == 0;
}

static inline int open_devnull(void)
{
    return open("/dev/null", O_WRONLY);
}

#endif
