/* bench/bench_frames.c: frame time of the applicant's kiosk over the full-application script
 * (tests/e2e/full_application.script) at 1080x1920 with SDL's software renderer, headless:
 * median, p99 and worst of kiosk_app_frame() (events, screen, present; the script's own
 * waits for device threads are not frames and are not counted), the same in CPU time of the
 * UI thread (steadier than wall time on a busy machine), and the peak RSS of the process
 * after the run. Prints BENCH lines (bench/bench.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "app/kiosk/app.h"
#include "app/kiosk/script.h"
#include "bench/bench.h"
#include "platform/fsutil.h"
#include "platform/log.h"
#include "tests/support/ktest.h"

#define MAX_FRAMES 20000

static double thread_cpu_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int main(void)
{
    setenv("SDL_VIDEODRIVER", "dummy", 1);
    setenv("SDL_RENDER_DRIVER", "software", 1);
    log_setup(LOG_ERROR, NULL, 0, 0);
    char tmpl[] = "/tmp/bench_frames.XXXXXX", conf[256], script[4096];
    if (!bench_kiosk_conf(tmpl, conf, sizeof conf)) {
        perror("bench_frames: scratch folder");
        return 1;
    }
    snprintf(script, sizeof script, "%s/tests/e2e/full_application.script", ktest_src());
    struct kiosk_opts opts = {.config_path = conf,
                              .orientation = "portrait",
                              .headless = true,
                              .sim = true,
                              .script = script};
    static struct kiosk_app app;
    if (kiosk_app_init(&app, &opts) != 0)
        return 1;
    double *t = calloc(MAX_FRAMES, sizeof *t), *cpu = calloc(MAX_FRAMES, sizeof *cpu);
    int n = 0;
    while (n < MAX_FRAMES && script_step(app.script, &app)) {
        double t0 = bench_now_ms(), c0 = thread_cpu_ms();
        kiosk_app_frame(&app);
        cpu[n] = thread_cpu_ms() - c0;
        t[n++] = bench_now_ms() - t0;
    }
    int rc = app.exit_code;
    kiosk_app_finish(&app);
    if (rc != 0 || n == 0) {
        fprintf(stderr, "bench_frames: the script failed (%d) after %d frames\n", rc, n);
        return 1;
    }
    double worst = 0;
    for (int i = 0; i < n; i++)
        worst = t[i] > worst ? t[i] : worst;
    bench_report("frame_1080x1920_sw", t, n, "ms");
    bench_report("frame_1080x1920_sw_cpu", cpu, n, "ms");
    printf("BENCH frame_1080x1920_sw_worst %.3f %.3f ms\n", worst, worst);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("BENCH kiosk_peak_rss %ld %ld KiB\n", ru.ru_maxrss, ru.ru_maxrss);
    printf("# bench_frames: %d frames\n", n);
    free(t);
    free(cpu);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_frames: could not remove %s\n", tmpl);
    return 0;
}
