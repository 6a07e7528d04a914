/* tests/server/test_kill_soak.c: casehub killed with SIGKILL while a kiosk client is busy
 * creating cases, uploading blobs and completing cases, several times over. After each
 * restart: every answer casehub acknowledged (2xx) is still there (cases by `casehub case
 * show`, blobs on disk with the right bytes), and the kiosk's retries of everything, the
 * acknowledged and the interrupted alike, succeed with the same body (never 409 or 5xx), so
 * nothing is half-stored. The kill moments are random; nothing here depends on timing.
 *
 * The server is started with --listen 127.0.0.1:0 and its port read from the
 * "listening on ADDR:PORT" line. */
#include <curl/curl.h>
#include <pthread.h>
#include <signal.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app/core/trackcode.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"
#include "tests/support/ktest.h"

#define ROUNDS    5
#define MAX_CASES 400

static const char *bin;
static char data[600];
static char token[128];
static pid_t pid;
static int port;

static const uint8_t secret[32] = {9, 9, 9};

struct kcase {
    char uuid[40], code[TRACKCODE_MAX], tok[TRACKCODE_TOKEN_MAX], hash[65];
    char *body;
    unsigned char *blob;
    size_t blob_len;
    bool created, uploaded, completed; /* acknowledged with a 2xx */
};
static struct kcase cases[MAX_CASES];
static int n_cases;
static volatile int stop_client;

static void hex_of(const void *p, size_t n, char out[65])
{
    unsigned char d[32];
    crypto_hash_sha256(d, p, n);
    sodium_bin2hex(out, 65, d, sizeof d);
}

static void make_case(struct kcase *k, int seq)
{
    snprintf(k->uuid, sizeof k->uuid, "5a5a5a5a-0000-4000-8000-%012d", seq);
    trackcode_make(5, seq, k->code);
    trackcode_token(secret, sizeof secret, k->code, k->tok);
    k->blob_len = 1000 + randombytes_uniform(200000);
    k->blob = xcalloc(1, k->blob_len);
    randombytes_buf(k->blob, k->blob_len);
    hex_of(k->blob, k->blob_len, k->hash);
    k->body = xasprintf("{\"uuid\":\"%s\",\"code\":\"%s\",\"token\":\"%s\",\"kiosk_id\":5,"
                        "\"district\":\"dongsheng\",\"created_ms\":1790000000000,"
                        "\"matters\":[1,2],\"form\":{\"name\":\"赵六\",\"phone\":\"13812345678\"},"
                        "\"attachments\":[{\"material\":1,\"sha256\":\"%s\",\"size\":%zu,"
                        "\"mime\":\"image/jpeg\"}]}",
                        k->uuid, k->code, k->tok, k->hash, k->blob_len);
}

static size_t sink(char *p, size_t size, size_t nmemb, void *u)
{
    (void)p;
    (void)u;
    return size * nmemb;
}

/* One request; the HTTP status, or 0 when there was no answer (the server died). */
static long call(CURL *c, const char *method, const char *path, const char *ctype, const char *idem,
                 const void *body, size_t len)
{
    char url[300], auth[200], ct[100], key[100];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", port, path);
    snprintf(auth, sizeof auth, "Authorization: Bearer %s", token);
    struct curl_slist *h = curl_slist_append(NULL, auth);
    h = curl_slist_append(h, "Expect:");
    if (ctype) {
        snprintf(ct, sizeof ct, "Content-Type: %s", ctype);
        h = curl_slist_append(h, ct);
    }
    if (idem) {
        snprintf(key, sizeof key, "Idempotency-Key: %s", idem);
        h = curl_slist_append(h, key);
    }
    curl_easy_reset(c);
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, h);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, sink);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, 30L);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
    curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? len : 0));
    long st = 0;
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &st);
    curl_slist_free_all(h);
    return st;
}

static bool ok2xx(long st)
{
    return st >= 200 && st < 300;
}

/* The client: new cases one after another (create, upload, complete) until told to stop or
 * the server stops answering. */
static void *client(void *arg)
{
    (void)arg;
    CURL *c = curl_easy_init();
    char path[200];
    while (!stop_client && n_cases < MAX_CASES) {
        struct kcase *k = &cases[n_cases];
        make_case(k, n_cases + 1);
        n_cases++;
        long st =
            call(c, "POST", "/api/v1/cases", "application/json", k->uuid, k->body, strlen(k->body));
        if (st == 0)
            break;
        k->created = ok2xx(st);
        snprintf(path, sizeof path, "/api/v1/blobs/%.64s", k->hash);
        st = call(c, "PUT", path, "application/octet-stream", NULL, k->blob, k->blob_len);
        if (st == 0)
            break;
        k->uploaded = ok2xx(st);
        snprintf(path, sizeof path, "/api/v1/cases/%.39s/complete", k->uuid);
        st = call(c, "POST", path, "application/json", NULL, "{}", 2);
        if (st == 0)
            break;
        k->completed = ok2xx(st);
    }
    curl_easy_cleanup(c);
    return NULL;
}

static int run_cli(char *out, size_t n, const char *a, const char *b, const char *c3)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t p = fork();
    if (p == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execl(bin, bin, "--data", data, a, b, c3, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    size_t len = 0;
    ssize_t r;
    while (len + 1 < n && (r = read(fd[0], out + len, n - 1 - len)) > 0)
        len += (size_t)r;
    out[len] = '\0';
    close(fd[0]);
    int st;
    waitpid(p, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static bool start_server(void)
{
    int fd[2];
    if (pipe(fd) != 0)
        return false;
    pid = fork();
    if (pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGKILL);
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execl(bin, bin, "--listen", "127.0.0.1:0", "--data", data, (char *)NULL);
        _exit(127);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    char line[200];
    port = 0;
    while (f && fgets(line, sizeof line, f)) {
        const char *colon = strrchr(line, ':');
        long p;
        line[strcspn(line, "\r\n")] = '\0';
        if (strncmp(line, "listening on ", 13) == 0 && colon &&
            str_to_long(colon + 1, 1, 65535, &p)) {
            port = (int)p;
            break;
        }
    }
    if (f)
        fclose(f);
    return port > 0;
}

static void kill_server(int sig)
{
    if (pid > 0) {
        kill(pid, sig);
        waitpid(pid, NULL, 0);
        pid = 0;
    }
}

/* Acknowledged things are there: the case (by the CLI) and the blob's bytes on disk. */
static void check_acknowledged(int round)
{
    char out[8192], path[800];
    int lost_cases = 0, lost_blobs = 0, not_submitted = 0;
    out[0] = '\0';
    for (int i = 0; i < n_cases; i++) {
        struct kcase *k = &cases[i];
        if (k->created && run_cli(out, sizeof out, "case", "show", k->code) != 0)
            lost_cases++;
        if (k->completed && strstr(out, "\"state\":\"receiving\""))
            not_submitted++;
        if (k->uploaded) {
            snprintf(path, sizeof path, "%s/blobs/%.2s/%s", data, k->hash, k->hash);
            char *b = NULL;
            size_t len = 0;
            char h[65] = "";
            if (fs_read_file(path, 64u << 20, &b, &len) == K_OK)
                hex_of(b, len, h);
            free(b);
            if (strcmp(h, k->hash) != 0)
                lost_blobs++;
        }
    }
    CHECKF(lost_cases == 0, "round %d: %d acknowledged cases lost", round, lost_cases);
    CHECKF(lost_blobs == 0, "round %d: %d acknowledged blobs lost or damaged", round, lost_blobs);
    CHECKF(not_submitted == 0, "round %d: %d completed cases not submitted", round, not_submitted);
}

/* The kiosk retries everything with the same bytes: never a conflict, never a server error. */
static void check_retries(void)
{
    CURL *c = curl_easy_init();
    char path[200];
    int bad = 0;
    for (int i = 0; i < n_cases; i++) {
        struct kcase *k = &cases[i];
        long a =
            call(c, "POST", "/api/v1/cases", "application/json", k->uuid, k->body, strlen(k->body));
        snprintf(path, sizeof path, "/api/v1/blobs/%.64s", k->hash);
        long b = call(c, "PUT", path, "application/octet-stream", NULL, k->blob, k->blob_len);
        snprintf(path, sizeof path, "/api/v1/cases/%.39s/complete", k->uuid);
        long d = call(c, "POST", path, "application/json", NULL, "{}", 2);
        if (!(a == 200 || a == 201) || !(b == 200 || b == 201) || d != 200) {
            if (bad++ < 5)
                fprintf(stderr, "case %d retry: create %ld, upload %ld, complete %ld\n", i, a, b,
                        d);
        }
        if (k->created)
            CHECKF(a == 200, "case %d acknowledged before the kill: retry answers %ld", i, a);
    }
    CHECKF(bad == 0, "%d cases could not be finished by retrying", bad);
    curl_easy_cleanup(c);
}

int main(void)
{
    bin = getenv("CASEHUB_BIN");
    if (!bin || access(bin, X_OK) != 0) {
        CHECKF(false, "CASEHUB_BIN is not set to a casehub binary");
        return ktest_done();
    }
    if (sodium_init() < 0)
        return 1;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    snprintf(data, sizeof data, "%.500s/hub", ktest_tmpdir());
    fs_mkdir_p(data, 0700);
    char out[1024];
    CHECK_EQ_INT(run_cli(out, sizeof out, "kiosk", "add", "soak"), 0);
    char *end = out + strlen(out);
    while (end > out && (end[-1] == '\n' || end[-1] == ' '))
        *--end = '\0';
    char *nl = strrchr(out, '\n');
    str_copy(token, sizeof token, nl ? nl + 1 : out);

    for (int round = 1; round <= ROUNDS; round++) {
        if (!start_server()) {
            CHECKF(false, "round %d: casehub did not start", round);
            break;
        }
        int before = n_cases;
        stop_client = 0;
        pthread_t t;
        pthread_create(&t, NULL, client, NULL);
        /* let a few cases through, then kill at a random moment of the next one */
        while (n_cases < before + 3 && n_cases < MAX_CASES)
            usleep(2000);
        usleep(randombytes_uniform(30000));
        kill_server(SIGKILL);
        stop_client = 1;
        pthread_join(t, NULL);
        CHECKF(start_server(), "round %d: restart after SIGKILL", round);
        check_acknowledged(round);
        kill_server(SIGTERM);
    }
    int acked = 0;
    for (int i = 0; i < n_cases; i++)
        acked += cases[i].completed;
    printf("%d cases attempted, %d completed before kills\n", n_cases, acked);
    CHECK(acked > 0);
    CHECK(start_server());
    check_retries();
    kill_server(SIGTERM);
    for (int i = 0; i < n_cases; i++) {
        free(cases[i].body);
        free(cases[i].blob);
    }
    curl_global_cleanup();
    return ktest_done();
}
