/* bench/bench_store.c: the store's submit latency on disk with synchronous=FULL, and the
 * delivery throughput to a casehub on loopback ($CASEHUB_BIN; skipped when unset).
 * Data goes under $BENCH_DIR or the current folder (a real disk, not tmpfs). */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/ctl/sample.h"
#include "app/store/store.h"
#include "app/sync/sync.h"
#include "bench/bench.h"
#include "tests/app/sync/casehub_run.h"
#include "platform/fsutil.h"

static store *open_store(struct kconfig *cfg, const char *dir)
{
    char err[512];
    config_defaults(cfg);
    config_set(cfg, "paths.data_dir", dir, err, sizeof err);
    store *s = NULL;
    if (store_open(cfg, NULL, STORE_OPEN_STARTUP, &s, err, sizeof err) != K_OK) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    return s;
}

static void bench_submit(const char *base, const char *name, size_t att_bytes, int n)
{
    char dir[600];
    snprintf(dir, sizeof dir, "%s/%s", base, name);
    struct kconfig cfg;
    store *s = open_store(&cfg, dir);
    double *ms = calloc((size_t)n, sizeof *ms);
    for (int i = 0; i < n; i++) {
        struct sample_case sc;
        sample_init(&sc, (unsigned)i, att_bytes, "dongsheng");
        struct store_submitted out;
        double t0 = bench_now_ms();
        if (store_submit(s, &sc.in, &out) != K_OK) {
            fprintf(stderr, "%s\n", store_errmsg(s));
            exit(1);
        }
        ms[i] = bench_now_ms() - t0;
        sample_finish(&sc);
    }
    bench_report(name, ms, n, "ms");
    free(ms);
    store_close(s);
    config_finish(&cfg);
}

static void bench_deliver(const char *base, int batches, int per_batch)
{
    const char *bin = getenv("CASEHUB_BIN");
    if (!bin || !*bin) {
        fprintf(stderr, "CASEHUB_BIN not set: delivery throughput skipped\n");
        return;
    }
    char dir[600], hubdir[600], url[128], err[512];
    snprintf(dir, sizeof dir, "%s/deliver", base);
    snprintf(hubdir, sizeof hubdir, "%s/hub", base);
    struct casehub_run hub;
    if (casehub_run_start(bin, hubdir, &hub) != 0) {
        fprintf(stderr, "casehub did not start\n");
        exit(1);
    }
    struct kconfig cfg;
    store *s = open_store(&cfg, dir);
    snprintf(url, sizeof url, "http://127.0.0.1:%d", hub.port);
    config_set(&cfg, "backend.url", url, err, sizeof err);
    config_set(&cfg, "backend.token", hub.token, err, sizeof err);
    struct sync *sy = NULL;
    if (sync_create(&cfg, NULL, NULL, NULL, &sy, err, sizeof err) != K_OK) {
        fprintf(stderr, "%s\n", err);
        exit(1);
    }
    double *rate = calloc((size_t)batches, sizeof *rate);
    for (int b = 0; b < batches; b++) {
        for (int i = 0; i < per_batch; i++) {
            struct sample_case sc;
            sample_init(&sc, (unsigned)(1000 + b * per_batch + i), 300 * 1024, "dongsheng");
            struct store_submitted out;
            if (store_submit(s, &sc.in, &out) != K_OK)
                exit(1);
            sample_finish(&sc);
        }
        int delivered = 0, failed = 0, left = 0;
        double t0 = bench_now_ms();
        sync_pass(sy, true, &delivered, &failed, &left);
        double dt = bench_now_ms() - t0;
        if (delivered != per_batch || left != 0)
            fprintf(stderr, "batch %d: delivered %d failed %d left %d\n", b, delivered, failed,
                    left);
        rate[b] = delivered * 1000.0 / dt;
    }
    /* throughput: higher is better, so the "p99" column is the 1st percentile (the slow end) */
    for (int i = 0; i < batches; i++)
        rate[i] = -rate[i];
    qsort(rate, (size_t)batches, sizeof *rate, bench_cmp);
    printf("BENCH sync_deliver_3x300KB %.2f %.2f cases/s\n", -rate[batches / 2],
           -rate[batches - 1]);
    free(rate);
    sync_destroy(sy);
    store_close(s);
    config_finish(&cfg);
    casehub_run_stop(&hub);
}

int main(void)
{
    const char *env = getenv("BENCH_DIR");
    char base[512];
    snprintf(base, sizeof base, "%s/bench-store.XXXXXX", env && *env ? env : ".");
    if (!mkdtemp(base)) {
        perror("mkdtemp");
        return 1;
    }
    bench_submit(base, "store_submit_no_attachments", 0, 200);
    bench_submit(base, "store_submit_3x300KB", 300 * 1024, 100);
    bench_deliver(base, 7, 10);
    fs_remove_tree(base);
    return 0;
}
