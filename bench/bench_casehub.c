/* bench/bench_casehub.c: casehub on loopback ($CASEHUB_BIN, else ./server/casehub from the
 * build folder): case creations per second (POST /api/v1/cases + complete, no attachments,
 * synchronous=FULL on the disk of $BENCH_DIR or the current folder) and status lookups per
 * second (GET /api/v1/status/CODE?t=TOKEN), each over one keep-alive connection. Throughput is
 * measured in batches; the "p99" column is the slow end (1st percentile) of the batch rates. */
#include <curl/curl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/trackcode.h"
#include "bench/bench.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"

#define N_CASES 40

struct hubproc {
    pid_t pid;
    int port;
    char token[128];
};

/* `casehub --data DIR kiosk add bench`, then `casehub --listen 127.0.0.1:0 --data DIR
 * --status-rate N` (no lookup limit while measuring), reading the port from its
 * "listening on ADDR:PORT" line. */
static int hub_start(const char *bin, const char *dir, struct hubproc *hp)
{
    char cmd[1400], line[512] = "";
    snprintf(cmd, sizeof cmd, "'%s' --data '%s' kiosk add bench", bin, dir);
    FILE *p = popen(cmd, "r");
    if (!p)
        return -1;
    while (fgets(line, sizeof line, p))
        if (line[0] && line[0] != '\n')
            str_copy(hp->token, sizeof hp->token, line);
    if (pclose(p) != 0)
        return -1;
    hp->token[strcspn(hp->token, "\r\n")] = '\0';
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    hp->pid = fork();
    if (hp->pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execl(bin, bin, "--listen", "127.0.0.1:0", "--data", dir, "--status-rate", "1000000000",
              (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    FILE *out = fdopen(fd[0], "r");
    hp->port = -1;
    while (out && fgets(line, sizeof line, out)) {
        const char *colon = strrchr(line, ':');
        long port;
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "listening on ", 13) == 0 && colon &&
            str_to_long(colon + 1, 1, 65535, &port)) {
            hp->port = (int)port;
            break;
        }
    }
    if (out)
        fclose(out);
    return hp->port > 0 ? 0 : -1;
}

static void hub_stop(struct hubproc *hp)
{
    if (hp->pid > 0) {
        kill(hp->pid, SIGTERM);
        waitpid(hp->pid, NULL, 0);
    }
}

static const uint8_t secret[32] = {7, 7, 7};
static char codes[N_CASES][TRACKCODE_MAX], tokens[N_CASES][TRACKCODE_TOKEN_MAX];

static size_t sink(char *p, size_t size, size_t nmemb, void *u)
{
    (void)p;
    (void)u;
    return size * nmemb;
}

static long post(CURL *c, const char *url, struct curl_slist *h, const char *body)
{
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
    curl_easy_setopt(c, CURLOPT_HTTPGET, 0L);
    curl_easy_setopt(c, CURLOPT_POST, 1L);
    long st = 0;
    if (curl_easy_perform(c) != CURLE_OK)
        return -1;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st);
    return st;
}

static long get(CURL *c, const char *url)
{
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, NULL);
    curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    long st = 0;
    if (curl_easy_perform(c) != CURLE_OK)
        return -1;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st);
    return st;
}

static void report_rate(const char *name, const char *unit, double *rate, int n)
{
    for (int i = 0; i < n; i++)
        rate[i] = -rate[i];
    qsort(rate, (size_t)n, sizeof *rate, bench_cmp);
    printf("BENCH %s %.1f %.1f %s\n", name, -rate[n / 2], -rate[n - 1], unit);
    fflush(stdout);
}

/* Creates and completes batches*per cases; the first N_CASES codes are kept for lookups. */
static void bench_create(CURL *c, const struct hubproc *hub, int batches, int per)
{
    char bearer[300], url[256];
    snprintf(bearer, sizeof bearer, "Authorization: Bearer %s", hub->token);
    double *rate = xcalloc((size_t)batches, sizeof *rate);
    int seq = 1;
    for (int b = 0; b < batches; b++) {
        double t0 = bench_now_ms();
        for (int i = 0; i < per; i++, seq++) {
            char code[TRACKCODE_MAX], tok[TRACKCODE_TOKEN_MAX], uuid[40], idem[80];
            trackcode_make(3, seq, code);
            trackcode_token(secret, sizeof secret, code, tok);
            snprintf(uuid, sizeof uuid, "00000000-0000-4000-8000-%012d", seq);
            snprintf(idem, sizeof idem, "Idempotency-Key: %s", uuid);
            char *body = xasprintf(
                "{\"uuid\":\"%s\",\"code\":\"%s\",\"token\":\"%s\",\"kiosk_id\":3,"
                "\"district\":\"dongsheng\",\"created_ms\":1790000000000,\"matters\":[1,2,3,4],"
                "\"form\":{\"name\":\"张三明\",\"phone\":\"13812345678\"},\"attachments\":[]}",
                uuid, code, tok);
            struct curl_slist *h = curl_slist_append(NULL, bearer);
            h = curl_slist_append(h, "Content-Type: application/json");
            h = curl_slist_append(h, idem);
            snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v1/cases", hub->port);
            long st = post(c, url, h, body);
            if (st != 201) {
                fprintf(stderr, "create answered %ld\n", st);
                exit(1);
            }
            curl_slist_free_all(h);
            h = curl_slist_append(NULL, bearer);
            h = curl_slist_append(h, "Content-Type: application/json");
            snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v1/cases/%s/complete", hub->port,
                     uuid);
            st = post(c, url, h, "{}");
            if (st != 200) {
                fprintf(stderr, "complete answered %ld\n", st);
                exit(1);
            }
            curl_slist_free_all(h);
            free(body);
            if (seq <= N_CASES) {
                str_copy(codes[seq - 1], sizeof codes[0], code);
                str_copy(tokens[seq - 1], sizeof tokens[0], tok);
            }
        }
        rate[b] = per * 1000.0 / (bench_now_ms() - t0);
    }
    report_rate("casehub_case_create_complete", "cases/s", rate, batches);
    free(rate);
}

static void bench_status(CURL *c, const struct hubproc *hub, int batches, int per)
{
    double *rate = xcalloc((size_t)batches, sizeof *rate);
    char url[256];
    for (int b = 0; b < batches; b++) {
        double t0 = bench_now_ms();
        for (int i = 0; i < per; i++) {
            int k = (b * per + i) % N_CASES;
            snprintf(url, sizeof url, "http://127.0.0.1:%d/api/v1/status/%s?t=%s", hub->port,
                     codes[k], tokens[k]);
            long st = get(c, url);
            if (st != 200) {
                fprintf(stderr, "status answered %ld\n", st);
                exit(1);
            }
        }
        rate[b] = per * 1000.0 / (bench_now_ms() - t0);
    }
    report_rate("casehub_status_lookup", "lookups/s", rate, batches);
    free(rate);
}

int main(void)
{
    const char *bin = getenv("CASEHUB_BIN");
    if (!bin || !*bin)
        bin = "./server/casehub";
    const char *env = getenv("BENCH_DIR");
    char base[512], hubdir[600];
    snprintf(base, sizeof base, "%s/bench-casehub.XXXXXX", env && *env ? env : ".");
    if (!mkdtemp(base)) {
        perror("mkdtemp");
        return 1;
    }
    snprintf(hubdir, sizeof hubdir, "%s/hub", base);
    fs_mkdir_p(hubdir, 0700);
    struct hubproc hub = {0};
    if (hub_start(bin, hubdir, &hub) != 0) {
        hub_stop(&hub);
        fprintf(stderr, "casehub (%s) did not start\n", bin);
        fs_remove_tree(base);
        return 1;
    }
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURL *c = curl_easy_init();
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    bench_create(c, &hub, 10, 20);
    bench_status(c, &hub, 20, 200);
    curl_easy_cleanup(c);
    curl_global_cleanup();
    hub_stop(&hub);
    fs_remove_tree(base);
    return 0;
}
