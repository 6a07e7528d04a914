/* bench/bench_idle.c: CPU the kiosk burns while it idles at the attract screen. Starts the
 * real binary ($KIOSK_BIN, default build/bench/kiosk) headless with simulated devices and an
 * unreachable backend, lets it settle for two seconds, then reads the user and system time of
 * the whole process (every thread, /proc/PID/stat) at the start and the end of a window of
 * BENCH_IDLE_S seconds (default 60; a shorter one is fine for a quick run) and reports the
 * share of one core, plus the process's PSS, RSS and anonymous memory
 * (/proc/PID/smaps_rollup) at the attract screen.
 * Prints BENCH lines (bench/bench.h). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"
#include "platform/memstat.h"

/* utime + stime of the process in clock ticks, or -1. */
static long long cpu_ticks(pid_t pid)
{
    char path[64], buf[2048];
    snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    fclose(f);
    buf[n] = '\0';
    /* The command name may hold spaces: fields count from the last ')'. */
    char *p = strrchr(buf, ')');
    if (!p)
        return -1;
    unsigned long long ut = 0, st = 0;
    /* After ')': state(3) ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt
     * utime(14) stime(15). */
    if (sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %llu %llu", &ut, &st) != 2)
        return -1;
    return (long long)(ut + st);
}

int main(void)
{
    const char *bin = getenv("KIOSK_BIN");
    if (!bin)
        bin = "build/bench/kiosk";
    long secs = 60;
    const char *s = getenv("BENCH_IDLE_S");
    if (s) {
        char *end;
        long v = strtol(s, &end, 10);
        if (*end == '\0' && v > 0 && v <= 3600)
            secs = v;
    }
    char tmpl[] = "/tmp/bench_idle.XXXXXX", conf[256];
    if (!bench_kiosk_conf(tmpl, conf, sizeof conf)) {
        perror("bench_idle: scratch folder");
        return 1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        int devnull = open_devnull();
        dup2(devnull, 1);
        dup2(devnull, 2);
        execl(bin, bin, "--headless", "--sim", "--config", conf, (char *)NULL);
        _exit(127);
    }
    if (pid < 0)
        return 1;
    sleep(2);
    long ticks_s = sysconf(_SC_CLK_TCK);
    long long c0 = cpu_ticks(pid);
    double t0 = bench_now_ms();
    struct memstat mem;
    memstat_read(pid, &mem);
    sleep((unsigned)secs);
    long long c1 = cpu_ticks(pid);
    double t1 = bench_now_ms();
    kill(pid, SIGTERM);
    int status = 0;
    waitpid(pid, &status, 0);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_idle: could not remove %s\n", tmpl);
    if (c0 < 0 || c1 < 0 || !WIFEXITED(status)) {
        fprintf(stderr, "bench_idle: the kiosk did not run or did not stop cleanly\n");
        return 1;
    }
    double pct = 100.0 * ((double)(c1 - c0) / (double)ticks_s) / ((t1 - t0) / 1000.0);
    printf("BENCH kiosk_idle_attract_cpu %.3f %.3f %%core\n", pct, pct);
    bench_report_memstat("kiosk_idle_attract", &mem);
    printf("# bench_idle: %ld s window, %lld ticks of %ld/s\n", secs, c1 - c0, ticks_s);
    return 0;
}
