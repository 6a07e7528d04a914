/* tests/server/test_conn_flood.c: 530 idle, half-sent connections to a casehub on loopback
 * must not starve GET /api/v1/health (issue #17, item 3). Everything stays on 127.0.0.0/8;
 * every loop is bounded.
 *   1  530 connections from one address (127.0.0.2), each with an unfinished request: the
 *      per-address connection limit keeps them from taking the server's slots;
 *   2  530 connections from 530 addresses (127.0.20.x, 127.0.21.x, ...): the connection limit
 *      is not 512 any more, so the health check still gets in;
 *   3  the silent connections are closed by the server within its idle timeout (10 s);
 *   4  slowloris: more unfinished requests than the server's connection limit, 16 from each of
 *      hundreds of addresses, each sending one more header byte every 2 s (so never silent
 *      for the idle timeout): the health check still gets in at once, and every one of them
 *      is closed within the header deadline (10 s) although it keeps sending. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "tests/server/hubproc.h"
#include "tests/support/ktest.h"

#define FLOOD 530

static struct hubproc hub;

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

/* A connection from src to the hub that sends half a request and then stays silent; -1 when
 * it could not connect (the server may refuse it: that is fine). */
static int half_open(const char *src)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0)
        return -1;
    struct sockaddr_in me = {.sin_family = AF_INET};
    inet_pton(AF_INET, src, &me.sin_addr);
    struct sockaddr_in to = {.sin_family = AF_INET, .sin_port = htons((uint16_t)hub.port)};
    inet_pton(AF_INET, "127.0.0.1", &to.sin_addr);
    struct timeval tv = {2, 0};
    setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
    if (bind(fd, (struct sockaddr *)&me, sizeof me) != 0 ||
        connect(fd, (struct sockaddr *)&to, sizeof to) != 0) {
        close(fd);
        return -1;
    }
    static const char part[] = "GET /api/v1/health HTTP/1.1\r\nHost: casehub\r\nX-Slow: ";
    ssize_t w = send(fd, part, sizeof part - 1, MSG_NOSIGNAL);
    (void)w;
    return fd;
}

/* GET /api/v1/health from 127.0.0.1: its status and how long it took. */
static long health(double *seconds)
{
    struct hresp r;
    struct hreq q = {.path = "/api/v1/health", .from = "127.0.0.1", .timeout_s = 8};
    double t0 = mono();
    hreq_do(&hub, &q, &r);
    *seconds = mono() - t0;
    return r.status;
}

static void close_all(int *fds, int n)
{
    for (int i = 0; i < n; i++)
        if (fds[i] >= 0)
            close(fds[i]);
}

static void test_one_address(void)
{
    static int fds[FLOOD];
    int opened = 0;
    for (int i = 0; i < FLOOD; i++) {
        fds[i] = half_open("127.0.0.2");
        opened += fds[i] >= 0;
    }
    struct timespec ts = {0, 300000000}; /* let the server accept what it accepts */
    nanosleep(&ts, NULL);
    double s = 0;
    long st = health(&s);
    CHECKF(st == 200 && s < 3.0, "health %ld after %.2f s with %d connections from one address", st,
           s, opened);
    fprintf(stderr, "one address: %d connected, health %ld in %.3f s\n", opened, st, s);
    close_all(fds, FLOOD);
}

static void test_many_addresses(void)
{
    static int fds[FLOOD];
    int opened = 0;
    for (int i = 0; i < FLOOD; i++) {
        char src[32];
        snprintf(src, sizeof src, "127.0.%d.%d", 20 + i / 200, 1 + i % 200);
        fds[i] = half_open(src);
        opened += fds[i] >= 0;
    }
    struct timespec ts = {0, 300000000};
    nanosleep(&ts, NULL);
    double s = 0;
    long st = health(&s);
    CHECKF(st == 200 && s < 3.0, "health %ld after %.2f s with %d connections from %d addresses",
           st, s, opened, FLOOD);
    fprintf(stderr, "many addresses: %d connected, health %ld in %.3f s\n", opened, st, s);
    /* 3 the server closes silent connections: wait (bounded) until a read sees EOF or reset */
    double t0 = mono();
    int closed = 0, probe = -1;
    for (int i = 0; i < FLOOD && probe < 0; i++)
        if (fds[i] >= 0)
            probe = fds[i];
    while (probe >= 0 && mono() - t0 < 20.0 && !closed) {
        struct pollfd p = {.fd = probe, .events = POLLIN};
        if (poll(&p, 1, 500) > 0) {
            char b[256];
            ssize_t n = recv(probe, b, sizeof b, 0);
            closed = n <= 0; /* an answer (408) would also end it: read on */
        }
    }
    double waited = mono() - t0;
    CHECKF(closed && waited < 15.0, "a silent connection was %s after %.1f s",
           closed ? "closed" : "still open", waited);
    fprintf(stderr, "silent connection closed after %.1f s\n", waited);
    close_all(fds, FLOOD);
}

/* The connection limit casehub takes (server/web.c): min(4000, open files - 128). */
static int hub_limit(void)
{
    struct rlimit r;
    if (getrlimit(RLIMIT_NOFILE, &r) != 0)
        return -1;
    rlim_t n = r.rlim_cur > 65536 ? 65536 : r.rlim_cur;
    return n >= 4000 + 128 ? 4000 : (int)n - 128;
}

static void test_slowloris(void)
{
    int limit = hub_limit(), n = limit + 64;
    int *fds = calloc((size_t)n, sizeof *fds);
    if (!fds || limit < 64) {
        CHECKF(false, "room for %d connections", n);
        free(fds);
        return;
    }
    int opened = 0;
    double t0 = mono();
    for (int i = 0; i < n; i++) {
        char src[32];
        int a = i / 16; /* 16 a address: the per-address limit */
        snprintf(src, sizeof src, "127.0.%d.%d", 40 + a / 200, 1 + a % 200);
        fds[i] = mono() - t0 < 30.0 ? half_open(src) : -1;
        opened += fds[i] >= 0;
    }
    struct timespec ts = {0, 300000000};
    nanosleep(&ts, NULL);
    double s = 0;
    long st = health(&s);
    CHECKF(st == 200 && s < 3.0, "health %ld after %.2f s with %d trickling connections (limit %d)",
           st, s, opened, limit);
    fprintf(stderr, "slowloris: %d connected (limit %d), health %ld in %.3f s\n", opened, limit, st,
            s);
    /* trickle one byte every 2 s into each connection still open, for 14 s */
    int open_now = opened;
    double t1 = mono();
    while (mono() - t1 < 14.0 && open_now > 0) {
        open_now = 0;
        for (int i = 0; i < n; i++) {
            if (fds[i] < 0)
                continue;
            char b[256];
            ssize_t r = recv(fds[i], b, sizeof b, MSG_DONTWAIT);
            bool gone = r == 0 || (r < 0 && errno != EAGAIN && errno != EWOULDBLOCK);
            if (!gone && send(fds[i], "a", 1, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 && errno != EAGAIN &&
                errno != EWOULDBLOCK)
                gone = true;
            if (gone) {
                close(fds[i]);
                fds[i] = -1;
            } else {
                open_now++;
            }
        }
        struct timespec two = {2, 0};
        nanosleep(&two, NULL);
    }
    CHECKF(open_now == 0, "%d of %d trickling connections still open after %.1f s", open_now,
           opened, mono() - t1);
    fprintf(stderr, "slowloris: %d still open after %.1f s\n", open_now, mono() - t1);
    close_all(fds, n);
    free(fds);
}

int main(void)
{
    const char *bin = getenv("CASEHUB_BIN");
    if (!bin || !strstr(bin, "casehub")) {
        printf("CASEHUB_BIN not set: casehub not built\n");
        return 77;
    }
    /* room for the slowloris case's descriptors (casehub, started from here, takes the same) */
    struct rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max > 65536 ? 65536 : nofile.rlim_max;
        setrlimit(RLIMIT_NOFILE, &nofile);
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    char data[600];
    snprintf(data, sizeof data, "%s/data", ktest_tmpdir());
    if (hubproc_start(&hub, bin, data, NULL) != 0) {
        CHECK(!"casehub starts");
        return ktest_done();
    }
    KTEST_RUN(test_one_address);
    KTEST_RUN(test_many_addresses);
    KTEST_RUN(test_slowloris);
    hubproc_stop(&hub);
    curl_global_cleanup();
    return ktest_done();
}
