/* bench/bench_frames.c: frame time of the applicant's kiosk over the full-application script
 * (tests/e2e/full_application.script) at 1080x1920 with SDL's software renderer, headless:
 * median, p99 and worst of kiosk_app_frame() (events, screen, present; the script's own
 * waits for device threads are not frames and are not counted), the same in CPU time of the
 * UI thread (steadier than wall time on a busy machine), the peak RSS of the process, and
 * its RSS, PSS and anonymous memory back at the attract screen after the session (the
 * script ends there). Prints BENCH lines (bench/bench.h), then per screen the number of frames, the
 * CPU time of its first frame (a new screen: its text rasterised, everything drawn) and its
 * worst later frame, and the p99 without those first frames, so that the figure is
 * explainable. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "app/kiosk/app.h"
#include "app/kiosk/script.h"
#include "app/screens/flow.h"
#include "app/ui/picture.h"
#include "bench/bench.h"
#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/memstat.h"
#include "tests/support/kiosk_run.h"
#include "tests/support/ktest.h"

#define MAX_FRAMES  20000
#define MAX_SCREENS 64

struct screen_stat {
    char name[32];
    int frames;
    double first_cpu, worst_cpu; /* worst_cpu: of the frames after the first */
};

static struct screen_stat *stat_of(struct screen_stat *st, int *nst, const char *name)
{
    for (int i = 0; i < *nst; i++)
        if (strcmp(st[i].name, name) == 0)
            return &st[i];
    if (*nst >= MAX_SCREENS)
        return NULL;
    struct screen_stat *s = &st[(*nst)++];
    memset(s, 0, sizeof *s);
    snprintf(s->name, sizeof s->name, "%s", name);
    return s;
}

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
    char tmpl[] = "/tmp/bench_frames.XXXXXX", conf[256];
    if (!bench_kiosk_conf(tmpl, conf, sizeof conf)) {
        perror("bench_frames: scratch folder");
        return 1;
    }
    struct kiosk_opts opts = ktest_script_opts(conf, "full_application");
    static struct kiosk_app app;
    if (kiosk_app_init(&app, &opts) != 0)
        return 1;
    double *t = calloc(MAX_FRAMES, sizeof *t), *cpu = calloc(MAX_FRAMES, sizeof *cpu);
    double *later = calloc(MAX_FRAMES, sizeof *later),
           *later_cpu = calloc(MAX_FRAMES, sizeof *later_cpu);
    static struct screen_stat st[MAX_SCREENS];
    int n = 0, nlater = 0, nst = 0;
    char last[32] = "";
    while (n < MAX_FRAMES && script_step(app.script, &app)) {
        double t0 = bench_now_ms(), c0 = thread_cpu_ms();
        kiosk_app_frame(&app);
        cpu[n] = thread_cpu_ms() - c0;
        t[n] = bench_now_ms() - t0;
        /* The screen this frame drew (a switch is made at the start of a frame). */
        const char *name = flow_screen_name(app.flow);
        bool first = strcmp(name, last) != 0;
        snprintf(last, sizeof last, "%s", name);
        struct screen_stat *s = stat_of(st, &nst, name);
        if (s && first && s->frames == 0)
            s->first_cpu = cpu[n];
        else if (s && cpu[n] > s->worst_cpu)
            s->worst_cpu = cpu[n];
        if (s)
            s->frames++;
        if (!first) {
            later[nlater] = t[n];
            later_cpu[nlater++] = cpu[n];
        }
        n++;
    }
    int rc = app.exit_code;
    /* The script ends back at the attract screen: what the kiosk keeps after a session. */
    struct memstat after;
    memstat_read(0, &after);
    size_t text_bytes = ui_text_cache_bytes(app.ui);
    size_t pictures = picture_cache_count(ui_picture_cache(app.ui));
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
    if (nlater > 0) {
        bench_report("frame_1080x1920_sw_after_first", later, nlater, "ms");
        bench_report("frame_1080x1920_sw_cpu_after_first", later_cpu, nlater, "ms");
    }
    printf("# p99 (nearest rank) of %d frames is the %d. worst\n", n,
           n - ((n * 99 + 99) / 100 - 1));
    printf("# %-16s %6s %14s %16s\n", "screen", "frames", "first cpu ms", "worst later ms");
    for (int i = 0; i < nst; i++)
        printf("# %-16s %6d %14.3f %16.3f\n", st[i].name, st[i].frames, st[i].first_cpu,
               st[i].worst_cpu);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("BENCH kiosk_peak_rss %ld %ld KiB\n", ru.ru_maxrss, ru.ru_maxrss);
    bench_report_memstat("kiosk_after_session", &after);
    printf("# after the session (attract screen): text cache %zu KiB, %zu pictures held\n",
           text_bytes / 1024, pictures);
    printf("# bench_frames: %d frames\n", n);
    free(t);
    free(cpu);
    free(later);
    free(later_cpu);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
    if (system(cmd) != 0)
        fprintf(stderr, "bench_frames: could not remove %s\n", tmpl);
    return 0;
}
