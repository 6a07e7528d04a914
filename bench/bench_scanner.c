/* bench/bench_scanner.c: scanner figures. Parsing a receipt QR with token verification
 * (app/core/scan.c), the CDC driver's latency from the scanner's last byte (written into a
 * pty) to the scan returned by scanner_read(), and the reader thread's latency from a scan
 * fed to the sim twin to its EV_SCAN taken from the event queue. */
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/core/scan.h"
#include "bench/bench.h"
#include "drivers/scanner/scanner.h"

enum { N = 200 };

int main(void)
{
    static const uint8_t secret[32] = "bench-secret-bench-secret-bench";
    char code[TRACKCODE_MAX], tok[TRACKCODE_TOKEN_MAX], url[256];
    if (trackcode_make(7, 1234, code) != K_OK)
        return 1;
    trackcode_token(secret, sizeof secret, code, tok);
    snprintf(url, sizeof url, "https://yjs.ordos.example/s/%s?t=%s", code, tok);
    double t[N];
    for (int i = 0; i < N; i++) {
        double t0 = bench_now_ms();
        for (int k = 0; k < 100; k++) {
            struct scan_result r;
            if (scan_parse("https://yjs.ordos.example/s/", secret, sizeof secret, url, strlen(url),
                           &r) != K_OK ||
                r.token_state != SCAN_TOKEN_OK)
                return 1;
        }
        t[i] = (bench_now_ms() - t0) * 1000.0 / 100; /* us per parse */
    }
    bench_report("scan_parse_receipt_url", t, N, "us");

    int master, slave;
    char name[128];
    if (openpty(&master, &slave, name, NULL, NULL) != 0)
        return 1;
    char err[256], buf[SCANNER_SCAN_MAX];
    enum kerr why;
    struct scanner *s = scanner_open("cdc", name, &why, err, sizeof err);
    if (!s)
        return 1;
    size_t len;
    for (int i = 0; i < N; i++) {
        char line[300];
        int n = snprintf(line, sizeof line, "%s\r\n", url);
        double t0 = bench_now_ms();
        if (write(master, line, (size_t)n) != n)
            return 1;
        if (scanner_read(s, buf, sizeof buf, &len, 5000) != K_OK)
            return 1;
        t[i] = (bench_now_ms() - t0) * 1000.0;
    }
    bench_report("scanner_cdc_pty_line_to_scan", t, N, "us");
    scanner_close(s);
    close(slave);
    close(master);

    struct evq *q = evq_create(16);
    struct scanner_thread_opts o = {.reopen_ms = 10, .poll_ms = 100};
    struct scanner_thread *th = scanner_thread_start("sim", "", q, &o, err, sizeof err);
    struct ev e;
    while (evq_wait(q, &e, 1000) && e.type != EV_SCANNER_STATE) /* ready */
        evq_event_free(&e);
    evq_event_free(&e);
    for (int i = 0; i < N; i++) {
        double t0 = bench_now_ms();
        scanner_sim_feed(url, strlen(url));
        bool got = false;
        while (!got && evq_wait(q, &e, 5000)) {
            got = e.type == EV_SCAN;
            evq_event_free(&e);
        }
        if (!got)
            return 1;
        t[i] = (bench_now_ms() - t0) * 1000.0;
    }
    bench_report("scanner_thread_feed_to_event", t, N, "us");
    scanner_thread_stop(th);
    evq_destroy(q);
    return 0;
}
