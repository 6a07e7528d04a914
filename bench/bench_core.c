/* bench/bench_core.c: the domain layer's hot spots: loading the service definition and the
 * calendar folder (kiosk start, kioskctl), a 27-working-day deadline, evaluating the rules,
 * and making + tokenising + checking a tracking code. Run from the source root (or with
 * KIOSK_SRC set). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/core/calendar.h"
#include "app/core/rules.h"
#include "app/core/service.h"
#include "app/core/trackcode.h"
#include "bench/bench.h"
#include "platform/xalloc.h"

enum { RUNS = 200 };

int main(void)
{
    const char *src = getenv("KIOSK_SRC") ? getenv("KIOSK_SRC") : ".";
    char *svc_path = xasprintf("%s/assets/services/veteran-discharge.json", src);
    char *cal_dir = xasprintf("%s/assets/calendar", src);
    char err[512];
    double t[RUNS];
    struct service svc;
    struct calendar *cal;

    for (int i = 0; i < RUNS; i++) {
        double a = bench_now_ms();
        if (service_load(svc_path, &svc, err, sizeof err) != K_OK) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        t[i] = bench_now_ms() - a;
        service_free(&svc);
    }
    bench_report("core_service_load", t, RUNS, "ms");

    for (int i = 0; i < RUNS; i++) {
        double a = bench_now_ms();
        if (calendar_load_dir(cal_dir, &cal, err, sizeof err) != K_OK) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        t[i] = bench_now_ms() - a;
        calendar_destroy(cal);
    }
    bench_report("core_calendar_load", t, RUNS, "ms");

    calendar_load_dir(cal_dir, &cal, err, sizeof err);
    service_load(svc_path, &svc, err, sizeof err);
    for (int i = 0; i < RUNS; i++) {
        struct calendar_due due;
        double a = bench_now_ms();
        calendar_deadline(cal, (struct cdate){2026, 1 + i % 12, 1 + i % 28}, 27, &due);
        t[i] = (bench_now_ms() - a) * 1000.0;
    }
    bench_report("core_deadline_27", t, RUNS, "us");

    bool *chosen = xcalloc(svc.n_matters, sizeof *chosen);
    const char **answers = xcalloc(svc.n_questions, sizeof *answers);
    for (size_t m = 0; m < svc.n_matters; m++)
        chosen[m] = true;
    for (int i = 0; i < RUNS; i++) {
        struct rules_input in = {answers, chosen};
        struct rules_result r;
        double a = bench_now_ms();
        rules_eval(&svc, &in, &r);
        t[i] = (bench_now_ms() - a) * 1000.0;
        rules_result_finish(&r);
    }
    bench_report("core_rules_all_matters", t, RUNS, "us");

    const uint8_t secret[32] = {1, 2, 3};
    for (int i = 0; i < RUNS; i++) {
        char code[TRACKCODE_MAX], tok[TRACKCODE_TOKEN_MAX];
        double a = bench_now_ms();
        trackcode_make(7, i, code);
        trackcode_token(secret, sizeof secret, code, tok);
        bool ok = trackcode_token_verify(secret, sizeof secret, code, tok);
        t[i] = (bench_now_ms() - a) * 1000.0;
        if (!ok)
            return 1;
    }
    bench_report("core_trackcode_make_token_verify", t, RUNS, "us");

    free(chosen);
    free(answers);
    service_free(&svc);
    calendar_destroy(cal);
    free(svc_path);
    free(cal_dir);
    return 0;
}
