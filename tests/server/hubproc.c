/* tests/server/hubproc.c: a casehub child process and an HTTP client for its tests. */
#include "tests/server/hubproc.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/xalloc.h"

int hubproc_start(struct hubproc *h, const char *bin, const char *data, const char *const *extra)
{
    memset(h, 0, sizeof *h);
    str_copy(h->bin, sizeof h->bin, bin);
    str_copy(h->data, sizeof h->data, data);
    const char *argv[40];
    size_t k = 0;
    argv[k++] = bin;
    argv[k++] = "--listen";
    argv[k++] = "127.0.0.1:0";
    argv[k++] = "--data";
    argv[k++] = data;
    for (size_t i = 0; extra && extra[i] && k < 39; i++)
        argv[k++] = extra[i];
    argv[k] = NULL;
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    h->pid = fork();
    if (h->pid == 0) {
        prctl(PR_SET_PDEATHSIG, SIGTERM); /* never outlive a crashed test */
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        if (!getenv("CASEHUB_VERBOSE")) {
            int null = open("/dev/null", O_WRONLY);
            dup2(null, 2);
        }
        execv(bin, (char *const *)argv);
        _exit(127);
    }
    close(fd[1]);
    FILE *f = fdopen(fd[0], "r");
    char line[256];
    int port = -1;
    /* the line comes once it listens; EOF when it failed */
    while (f && fgets(line, sizeof line, f)) {
        const char *p = strstr(line, "listening on ");
        const char *colon = p ? strrchr(line, ':') : NULL;
        long v;
        line[strcspn(line, "\n")] = '\0';
        if (colon && str_to_long(colon + 1, 1, 65535, &v)) {
            port = (int)v;
            break;
        }
    }
    if (f)
        fclose(f);
    if (port < 0) {
        hubproc_stop(h);
        return -1;
    }
    h->port = port;
    return 0;
}

void hubproc_stop(struct hubproc *h)
{
    if (h->pid <= 0)
        return;
    kill(h->pid, SIGTERM);
    int st;
    waitpid(h->pid, &st, 0);
    h->pid = 0;
}

int hubproc_cli(const struct hubproc *h, const char *input, char *out, size_t n, ...)
{
    const char *argv[32];
    size_t k = 0;
    argv[k++] = h->bin;
    argv[k++] = "--data";
    argv[k++] = h->data;
    va_list ap;
    va_start(ap, n);
    const char *a;
    while (k < 31 && (a = va_arg(ap, const char *)) != NULL)
        argv[k++] = a;
    va_end(ap);
    argv[k] = NULL;
    int o[2], in[2];
    if (pipe(o) != 0)
        return -1;
    if (pipe(in) != 0) {
        close(o[0]);
        close(o[1]);
        return -1;
    }
    pid_t pid = fork();
    if (pid == 0) {
        dup2(o[1], 1);
        dup2(in[0], 0);
        close(o[0]);
        close(o[1]);
        close(in[0]);
        close(in[1]);
        int null = open("/dev/null", O_WRONLY);
        dup2(null, 2);
        execv(h->bin, (char *const *)argv);
        _exit(127);
    }
    close(o[1]);
    close(in[0]);
    if (input) {
        ssize_t w = write(in[1], input, strlen(input));
        (void)w;
    }
    close(in[1]);
    size_t len = 0;
    ssize_t r;
    while (len + 1 < n && (r = read(o[0], out + len, n - 1 - len)) > 0)
        len += (size_t)r;
    out[len] = '\0';
    close(o[0]);
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static size_t on_body(char *p, size_t size, size_t nmemb, void *u)
{
    struct hresp *r = u;
    size_t n = size * nmemb;
    size_t room = sizeof r->body - 1 - r->len;
    size_t k = n < room ? n : room;
    memcpy(r->body + r->len, p, k);
    r->len += k;
    r->body[r->len] = '\0';
    return n;
}

static size_t on_header(char *p, size_t size, size_t nmemb, void *u)
{
    struct hresp *r = u;
    size_t n = size * nmemb;
    size_t have = strlen(r->headers);
    size_t room = sizeof r->headers - 1 - have;
    size_t k = n < room ? n : room;
    memcpy(r->headers + have, p, k);
    r->headers[have + k] = '\0';
    return n;
}

void hreq_do(const struct hubproc *h, const struct hreq *q, struct hresp *r)
{
    memset(r, 0, sizeof *r);
    CURL *c = curl_easy_init();
    char url[1024];
    snprintf(url, sizeof url, "http://127.0.0.1:%d%s", h->port, q->path);
    struct curl_slist *hl = curl_slist_append(NULL, "Expect:");
    for (size_t i = 0; q->extra && q->extra[i]; i++)
        hl = curl_slist_append(hl, q->extra[i]);
    const char *method = q->method ? q->method : "GET";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
    if (strcmp(method, "HEAD") == 0)
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    if (q->body) {
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, q->body);
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)q->body_len);
    }
    char iface[64];
    if (q->from) {
        snprintf(iface, sizeof iface, "host!%s", q->from);
        curl_easy_setopt(c, CURLOPT_INTERFACE, iface);
    }
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hl);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, r);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, q->timeout_s > 0 ? q->timeout_s : 30L);
    if (curl_easy_perform(c) == CURLE_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &r->seconds);
    curl_slist_free_all(hl);
    curl_easy_cleanup(c);
}

bool hresp_header(const struct hresp *r, const char *name, char *out, size_t n)
{
    size_t nl = strlen(name);
    const char *p = r->headers;
    while (*p) {
        const char *eol = strchr(p, '\n');
        size_t ll = eol ? (size_t)(eol - p) : strlen(p);
        if (ll > nl && strncasecmp(p, name, nl) == 0 && p[nl] == ':') {
            const char *v = p + nl + 1;
            while (*v == ' ')
                v++;
            size_t vl = (size_t)(p + ll - v);
            while (vl && (v[vl - 1] == '\r' || v[vl - 1] == ' '))
                vl--;
            if (vl >= n)
                vl = n - 1;
            memcpy(out, v, vl);
            out[vl] = '\0';
            return true;
        }
        p += ll + (eol ? 1 : 0);
    }
    return false;
}
