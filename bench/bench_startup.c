/* bench/bench_startup.c: cold start of `kiosk` to its first presented frame (headless, the
 * software renderer), and the peak resident memory of that run. Runs the real binary N times
 * ($KIOSK_BIN, default build/bench/kiosk) with --report-first-frame --frames 1; the kiosk
 * prints the time from its main() to the first present; this program adds the process
 * start-up by timing fork to that line, and reports the PSS, RSS and anonymous memory the
 * kiosk read from /proc/self/smaps_rollup at its first frame besides the peak RSS. The kiosk keeps
 * its data in a scratch folder (bench_kiosk_conf), not in the machine's /var/lib/kiosk. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench/bench.h"

int main(void)
{
    const char *bin = getenv("KIOSK_BIN");
    if (!bin)
        bin = "build/bench/kiosk";
    char tmpl[] = "/tmp/bench_startup.XXXXXX", conf[256];
    if (!bench_kiosk_conf(tmpl, conf, sizeof conf)) {
        perror("bench_startup: scratch folder");
        return 1;
    }
    enum { RUNS = 15 };
    double start_ms[RUNS], rss_mb[RUNS], pss_mb[RUNS], frss_mb[RUNS], anon_mb[RUNS];
    int n = 0;
    for (int i = 0; i < RUNS; i++) {
        int fd[2];
        if (pipe(fd) != 0)
            return 1;
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid = fork();
        if (pid == 0) {
            dup2(fd[1], 1);
            close(fd[0]);
            int devnull = open_devnull();
            dup2(devnull, 2);
            execl(bin, bin, "--config", conf, "--headless", "--frames", "1", "--report-first-frame",
                  (char *)NULL);
            _exit(127);
        }
        close(fd[1]);
        char buf[256] = "";
        ssize_t r = read(fd[0], buf, sizeof buf - 1);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        close(fd[0]);
        int status;
        struct rusage ru;
        wait4(pid, &status, 0, &ru);
        if (r <= 0 || strncmp(buf, "first-frame", 11) != 0 || !WIFEXITED(status) ||
            WEXITSTATUS(status) != 0) {
            fprintf(stderr, "kiosk run %d failed\n", i);
            continue;
        }
        start_ms[n] =
            (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        rss_mb[n] = (double)ru.ru_maxrss / 1024.0;
        double ms = 0;
        long pss = -1, rss = -1, anon = -1;
        if (sscanf(buf, "first-frame %lf pss-kib %ld rss-kib %ld anon-kib %ld", &ms, &pss, &rss,
                   &anon) != 4 ||
            pss < 0) {
            fprintf(stderr, "kiosk run %d: no memory figures in '%s'\n", i, buf);
            continue;
        }
        pss_mb[n] = (double)pss / 1024.0;
        frss_mb[n] = (double)rss / 1024.0;
        anon_mb[n] = (double)anon / 1024.0;
        n++;
    }
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_startup: could not remove %s\n", tmpl);
    if (!n)
        return 1;
    bench_report("kiosk_cold_start_to_first_frame", start_ms, n, "ms");
    bench_report("kiosk_first_frame_peak_rss", rss_mb, n, "MiB");
    bench_report("kiosk_first_frame_pss", pss_mb, n, "MiB");
    bench_report("kiosk_first_frame_rss", frss_mb, n, "MiB");
    bench_report("kiosk_first_frame_anon", anon_mb, n, "MiB");
    return 0;
}
