/* bench/bench_casehub.c: casehub on loopback: status lookups per second and case creations per
 * second (each creation is a durable SQLite commit, synchronous=FULL), plus the latency of
 * one status lookup. Starts its own casehub ($CASEHUB_BIN or build/release/server/casehub)
 * with a temporary data folder and the rate limit lifted.
 * Prints: BENCH casehub_status_per_s, casehub_create_per_s (median and p99 over rounds, the
 * p99 being the slowest round), casehub_status_latency_us. */
#include <arpa/inet.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/core/trackcode.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"

#define ROUNDS         5
#define STATUS_PER_RND 2000
#define CREATE_PER_RND 200
#define THREADS        4

static int port;
static char token[256];
static char code0[TRACKCODE_MAX];
static const char *qr = "ABCDEFGHJKMNPQRS";

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static size_t sink(char *p, size_t s, size_t n, void *u)
{
    (void)p;
    (void)u;
    return s * n;
}

static int cmp_d(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static long do_req(CURL *c, const char *url, const char *body, struct curl_slist *h)
{
    curl_easy_setopt(c, CURLOPT_URL, url);
    if (body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    } else {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    }
    long code = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    return code;
}

static CURL *handle(void)
{
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    return c;
}

struct job {
    int t, round;
    long errors;
    double *lat; /* per-request latency (thread 0 of the first status round) */
};

static void *status_worker(void *arg)
{
    struct job *j = arg;
    CURL *c = handle();
    char url[256];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v1/status/%s?t=%s", port, code0, qr);
    for (int i = 0; i < STATUS_PER_RND / THREADS; i++) {
        double t0 = now_s();
        if (do_req(c, url, NULL, NULL) != 200)
            j->errors++;
        if (j->lat)
            j->lat[i] = (now_s() - t0) * 1e6;
    }
    curl_easy_cleanup(c);
    return NULL;
}

static void create_body(long seq, char *uuid, char *body, size_t n)
{
    char code[TRACKCODE_MAX];
    trackcode_make(7, seq, code);
    snprintf(uuid, 40, "%08lx-0000-4000-8000-%012lx", seq, seq);
    snprintf(body, n,
             "{\"uuid\":\"%s\",\"code\":\"%s\",\"token\":\"%s\",\"kiosk_id\":7,"
             "\"district\":\"dongsheng\",\"created_ms\":1790000000000,\"matters\":[1,2,3],"
             "\"form\":{\"name\":\"张三明\",\"phone\":\"13812345678\"},\"attachments\":[]}",
             uuid, code, qr);
}

static void *create_worker(void *arg)
{
    struct job *j = arg;
    CURL *c = handle();
    char url[128], auth[300], uuid[40], body[1024], idem[80];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v1/cases", port);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    for (int i = 0; i < CREATE_PER_RND / THREADS; i++) {
        long seq = 10 + ((long)j->round * THREADS + j->t) * CREATE_PER_RND + i;
        create_body(seq, uuid, body, sizeof body);
        snprintf(idem, sizeof idem, "Idempotency-Key: %s", uuid);
        struct curl_slist *h = curl_slist_append(NULL, auth);
        h = curl_slist_append(h, "Content-Type: application/json");
        h = curl_slist_append(h, idem);
        if (do_req(c, url, body, h) != 201)
            j->errors++;
        curl_slist_free_all(h);
    }
    curl_easy_cleanup(c);
    return NULL;
}

static double run_round(void *(*fn)(void *), int round, double *lat, long *errors)
{
    pthread_t th[THREADS];
    struct job jobs[THREADS];
    double t0 = now_s();
    for (int t = 0; t < THREADS; t++) {
        jobs[t] = (struct job){.t = t, .round = round, .lat = t == 0 ? lat : NULL};
        pthread_create(&th[t], NULL, fn, &jobs[t]);
    }
    for (int t = 0; t < THREADS; t++) {
        pthread_join(th[t], NULL);
        *errors += jobs[t].errors;
    }
    return now_s() - t0;
}

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t l = sizeof a;
    int p = -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &l) == 0)
        p = ntohs(a.sin_port);
    close(fd);
    return p;
}

int main(void)
{
    const char *bin = getenv("CASEHUB_BIN");
    if (!bin)
        bin = "build/release/server/casehub";
    char dir[] = "/tmp/bench_casehub.XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s --data %s/data kiosk add bench | tail -n 1", bin, dir);
    FILE *p = popen(cmd, "r");
    if (!p || !fgets(token, sizeof token, p)) {
        fprintf(stderr, "bench_casehub: cannot run %s\n", bin);
        return 1;
    }
    pclose(p);
    token[strcspn(token, "\r\n")] = '\0';
    port = free_port();
    char listen[64], data[300];
    snprintf(listen, sizeof listen, "127.0.0.1:%d", port);
    snprintf(data, sizeof data, "%s/data", dir);
    pid_t pid = fork();
    if (pid == 0) {
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 1); /* casehub prints where it listens: not a BENCH line */
        dup2(null, 2);
        execl(bin, bin, "--listen", listen, "--data", data, "--status-rate", "1000000000",
              (char *)NULL);
        _exit(127);
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *c = handle();
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%d/console/login", port);
    for (int i = 0; i < 200 && do_req(c, url, NULL, NULL) != 200; i++) {
        struct timespec ts = {0, 25000000};
        nanosleep(&ts, NULL);
    }
    curl_easy_cleanup(c);
    long errors = 0;
    double creates[ROUNDS], statuses[ROUNDS];
    static double lat[STATUS_PER_RND];
    for (int r = 0; r < ROUNDS; r++) {
        creates[r] = CREATE_PER_RND / run_round(create_worker, r, NULL, &errors);
    }
    trackcode_make(7, 10, code0); /* created in round 0: the case the lookups ask for */
    for (int r = 0; r < ROUNDS; r++)
        statuses[r] = STATUS_PER_RND / run_round(status_worker, r, r == 0 ? lat : NULL, &errors);
    kill(pid, SIGTERM);
    waitpid(pid, NULL, 0);
    fs_remove_tree(dir);
    curl_global_cleanup();
    if (errors) {
        fprintf(stderr, "bench_casehub: %ld requests failed\n", errors);
        return 1;
    }
    qsort(creates, ROUNDS, sizeof(double), cmp_d);
    qsort(statuses, ROUNDS, sizeof(double), cmp_d);
    int nl = STATUS_PER_RND / THREADS;
    qsort(lat, (size_t)nl, sizeof(double), cmp_d);
    /* for rates the "p99" is the slowest round (the worst case one can count on) */
    printf("BENCH casehub_status_per_s %.0f %.0f req/s\n", statuses[ROUNDS / 2], statuses[0]);
    printf("BENCH casehub_create_per_s %.0f %.0f req/s\n", creates[ROUNDS / 2], creates[0]);
    printf("BENCH casehub_status_latency_us %.0f %.0f us\n", lat[nl / 2], lat[nl * 99 / 100]);
    return 0;
}
