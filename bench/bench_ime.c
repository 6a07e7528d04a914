/* bench/bench_ime.c: the input method (app/ui/ime.c) with real librime, the deployed data and
 * the shipped font as the candidate filter.
 *   ime_create_call_ms   time ime_create() blocks its caller (the UI thread: first frame)
 *   ime_first_start_ms   the first start in the process (librime modules, tables mapped)
 *   ime_start_ms         ime_create() until librime is ready (background thread)
 *   ime_key_to_cands_us  one key press through to the page of candidates (ime_key+ime_view)
 *   ime_page_next_us     next page of candidates
 *   ime_rss_added_kb     resident memory the IME adds (after start + typing 15 words, vs. before)
 *   ime_rss_added_after_restarts_kb  the same after 10 create/destroy cycles and 180 words
 */
#include <string.h>

#include "app/ui/ime.h"
#include "app/ui/ime_font.h"
#include "bench/bench.h"

static long rss_kb(void)
{
    FILE *f = fopen("/proc/self/status", "r");
    char line[256];
    long kb = -1;
    while (f && fgets(line, sizeof line, f))
        if (strncmp(line, "VmRSS:", 6) == 0)
            kb = strtol(line + 6, NULL, 10);
    if (f)
        fclose(f);
    return kb;
}

static const char *const words[] = {
    "eerduosi",    "dongshengqu",  "yijinhuoluoqi",    "kangbashiqu", "zhungeerqi",
    "tuiyijunren", "shenfenzheng", "neimengguzizhiqu", "huhehaote",   "wushenqi",
    "baotoushi",   "xm",           "zhanghua",         "wanglifang",  "kun",
};

int main(void)
{
    enum { CYCLES = 10, ROUNDS = 12, MAXS = 4000 };
    struct ime_font *font = ime_font_open(NULL);
    if (!font)
        return 1;
    struct ime_options opt = {.can_draw = ime_font_can_draw, .can_draw_ud = font};
    static double call[CYCLES], start[CYCLES], keys[MAXS], pages[MAXS];
    long rss0 = rss_kb();
    struct ime *ime = NULL;
    /* Memory first, on a fresh process: start, type every word once, measure. */
    double f0 = bench_now_ms();
    if (ime_create(&opt, &ime, NULL, 0) != K_OK || ime_wait_ready(ime) != K_OK)
        return 1;
    double first = bench_now_ms() - f0;
    for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
        for (const char *p = words[w]; *p; p++) {
            ime_key(ime, (unsigned char)*p);
            ime_view(ime);
        }
        ime_space(ime);
        free(ime_take_commit(ime));
    }
    long rss1 = rss_kb();
    ime_destroy(ime);
    for (int c = 0; c < CYCLES; c++) {
        char err[256];
        double t0 = bench_now_ms();
        if (ime_create(&opt, &ime, err, sizeof err) != K_OK) {
            fprintf(stderr, "%s\n", err);
            return 1;
        }
        double t1 = bench_now_ms();
        if (ime_wait_ready(ime) != K_OK) {
            fprintf(stderr, "%s\n", ime_error(ime));
            return 1;
        }
        double t2 = bench_now_ms();
        call[c] = t1 - t0;
        start[c] = t2 - t0;
        if (c + 1 < CYCLES)
            ime_destroy(ime);
    }
    int nk = 0, np = 0;
    for (int r = 0; r < ROUNDS; r++) {
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
            for (const char *p = words[w]; *p && nk < MAXS; p++) {
                double t0 = bench_now_ms();
                ime_key(ime, (unsigned char)*p);
                const struct ime_view *v = ime_view(ime);
                keys[nk++] = (bench_now_ms() - t0) * 1e3;
                if (v->count == 0)
                    fprintf(stderr, "no candidates for %s\n", words[w]);
            }
            double t0 = bench_now_ms();
            if (ime_page_next(ime) && np < MAXS) {
                ime_view(ime);
                pages[np++] = (bench_now_ms() - t0) * 1e3;
            }
            ime_space(ime);
            free(ime_take_commit(ime));
        }
        ime_session_wipe(ime);
    }
    long rss2 = rss_kb();
    bench_report("ime_create_call_ms", call, CYCLES, "ms");
    bench_report("ime_first_start_ms", &first, 1, "ms");
    bench_report("ime_start_ms", start, CYCLES, "ms");
    bench_report("ime_key_to_cands_us", keys, nk, "us");
    bench_report("ime_page_next_us", pages, np, "us");
    double added = (double)(rss1 - rss0), later = (double)(rss2 - rss0);
    bench_report("ime_rss_added_kb", &added, 1, "KB");
    bench_report("ime_rss_added_after_restarts_kb", &later, 1, "KB");
    ime_destroy(ime);
    ime_font_close(font);
    return 0;
}
