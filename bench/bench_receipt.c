/* bench/bench_receipt.c: composing one receipt (fonts opened, text laid out, QR drawn) and
 * encoding it as ESC/POS, median and p99 per width and sample; the ESC/POS size against the
 * raw raster (width/8 * height bytes) as overhead per mille (target: at most 50, i.e. 5%). */
#include <stdio.h>
#include <string.h>

#include "app/receipt/receipt.h"
#include "bench/bench.h"
#include "drivers/printer/printer.h"
#include "platform/paths.h"

#define RUNS 40

int main(void)
{
    char path[1024], font[1024], err[256];
    struct service svc;
    struct calendar *cal = NULL;
    snprintf(path, sizeof(path), "%s/services/veteran-discharge.json", paths_default_assets());
    if (service_load(path, &svc, err, sizeof(err)) != K_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    snprintf(path, sizeof(path), "%s/calendar", paths_default_assets());
    if (calendar_load_dir(path, &cal, err, sizeof(err)) != K_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    snprintf(font, sizeof(font), "%s/fonts/NotoSansSC-GBK.otf", paths_default_assets());
    static const char *const names[] = {"one_matter", "all_eight"};
    for (int w = 0; w < 2; w++) {
        int width = w ? 576 : 384;
        for (int s = 0; s < 2; s++) {
            struct receipt_case c;
            struct receipt_data d;
            receipt_case_sample(s, &c);
            receipt_data_from_case(&svc, cal, &c, &d, err, sizeof(err));
            double t[RUNS];
            size_t esc = 0, raw = 0;
            for (int i = 0; i < RUNS; i++) {
                double t0 = bench_now_ms();
                struct bitmap *bmp = NULL;
                struct escbuf b = {0};
                if (receipt_compose(&d, font, width, &bmp, err, sizeof(err)) != K_OK ||
                    printer_encode(width, bmp, &b) != K_OK) {
                    fprintf(stderr, "%s\n", err);
                    return 1;
                }
                t[i] = bench_now_ms() - t0;
                esc = b.len;
                raw = bmp->stride * (size_t)bmp->h;
                escbuf_free(&b);
                bitmap_destroy(bmp);
            }
            char name[96];
            snprintf(name, sizeof(name), "receipt_compose_encode_%s_%d", names[s], width);
            bench_report(name, t, RUNS, "ms");
            double over = 1000.0 * (double)(esc - raw) / (double)raw;
            snprintf(name, sizeof(name), "receipt_escpos_overhead_%s_%d", names[s], width);
            printf("BENCH %s %.3f %.3f permille\n", name, over, over);
            printf("# %s: %zu ESC/POS bytes, %zu raw raster bytes\n", name, esc, raw);
        }
    }
    calendar_destroy(cal);
    service_free(&svc);
    return 0;
}
