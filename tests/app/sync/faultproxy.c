/* tests/app/sync/faultproxy.c: the misbehaving proxy (tests). See faultproxy.h. */
#include "tests/app/sync/faultproxy.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "platform/xalloc.h"

struct faultproxy {
    int lfd, upstream, stall_ms;
    pthread_t thread;
    pthread_mutex_t lock;
    enum fp_mode *script;
    size_t n, next, requests, faults;
    int stop;
};

static int listen_any(int *port)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t l = sizeof a;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) != 0 || listen(fd, 16) != 0 ||
        getsockname(fd, (struct sockaddr *)&a, &l) != 0) {
        perror("faultproxy listen");
        exit(2);
    }
    *port = ntohs(a.sin_port);
    return fd;
}

static void write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = send(fd, p, n, MSG_NOSIGNAL); /* the client may be gone */
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return;
        p += w;
        n -= (size_t)w;
    }
}

/* Read one request (headers and Content-Length body) into a new buffer; NULL on EOF. */
static char *read_request(int fd, size_t *len)
{
    size_t cap = 65536, n = 0, need = 0;
    char *buf = xcalloc(cap + 1, 1);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
        struct pollfd pfd = {.fd = fd, .events = POLLIN};
        if (poll(&pfd, 1, 10000) <= 0)
            break;
        ssize_t r = read(fd, buf + n, cap - n);
        if (r <= 0)
            break;
        n += (size_t)r;
        buf[n] = '\0';
        char *end = strstr(buf, "\r\n\r\n");
        if (end && !need) {
            size_t hl = (size_t)(end - buf) + 4, cl = 0;
            for (char *p = buf; p < end; p = strstr(p, "\r\n") + 2) {
                if (strncasecmp(p, "content-length:", 15) == 0)
                    cl = strtoul(p + 15, NULL, 10);
                if (!strstr(p, "\r\n"))
                    break;
            }
            need = hl + cl;
        }
        if (need && n >= need) {
            *len = n;
            return buf;
        }
    }
    free(buf);
    return NULL;
}

/* Forward the request with Connection: close; the whole answer into a new buffer. */
static char *forward(struct faultproxy *p, const char *req, size_t len, size_t *alen)
{
    int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
                            .sin_port = htons((uint16_t)p->upstream)};
    if (connect(fd, (struct sockaddr *)&a, sizeof a) != 0) {
        close(fd);
        return NULL;
    }
    const char *eol = strstr(req, "\r\n");
    size_t first = (size_t)(eol - req) + 2;
    write_all(fd, req, first);
    write_all(fd, "Connection: close\r\n", 19);
    write_all(fd, req + first, len - first);
    size_t cap = 65536, n = 0;
    char *buf = xcalloc(cap + 1, 1);
    for (;;) {
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap + 1);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r <= 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    *alen = n;
    return buf;
}

static void reset(int fd)
{
    struct linger lg = {.l_onoff = 1, .l_linger = 0};
    setsockopt(fd, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
    close(fd);
}

static void answer(int fd, const char *status, const char *extra, const char *body)
{
    char head[512];
    snprintf(head, sizeof head,
             "HTTP/1.1 %s\r\nContent-Type: application/json\r\nContent-Length: %zu\r\n%s"
             "Connection: close\r\n\r\n",
             status, strlen(body), extra);
    write_all(fd, head, strlen(head));
    write_all(fd, body, strlen(body));
}

static void handle(struct faultproxy *p, int cfd)
{
    size_t len;
    char *req = read_request(cfd, &len);
    if (!req) {
        close(cfd);
        return;
    }
    pthread_mutex_lock(&p->lock);
    enum fp_mode m = p->next < p->n ? p->script[p->next++] : FP_PASS;
    p->requests++;
    if (m != FP_PASS)
        p->faults++;
    pthread_mutex_unlock(&p->lock);
    size_t alen = 0;
    char *ans = NULL;
    switch (m) {
    case FP_PASS:
    case FP_FWD_GARBAGE:
    case FP_FWD_RESET:
        ans = forward(p, req, len, &alen);
        if (!ans) {
            reset(cfd);
            break;
        }
        if (m == FP_PASS) {
            write_all(cfd, ans, alen);
            close(cfd);
        } else if (m == FP_FWD_GARBAGE) {
            answer(cfd, "200 OK", "", "{\"missing\": [\"trunc");
            close(cfd);
        } else {
            reset(cfd);
        }
        break;
    case FP_500:
        answer(cfd, "500 Internal Server Error", "", "{\"error\":\"boom\"}");
        close(cfd);
        break;
    case FP_503_RETRY:
        answer(cfd, "503 Service Unavailable", "Retry-After: 1\r\n", "{}");
        close(cfd);
        break;
    case FP_RESET:
        reset(cfd);
        break;
    case FP_STALL: {
        struct timespec ts = {.tv_sec = p->stall_ms / 1000,
                              .tv_nsec = (long)(p->stall_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        close(cfd);
        break;
    }
    case FP_GARBAGE:
        answer(cfd, "200 OK", "", "\x01\x02 not json at all <html>");
        close(cfd);
        break;
    }
    free(ans);
    free(req);
}

static void *run(void *arg)
{
    struct faultproxy *p = arg;
    for (;;) {
        struct pollfd pfd = {.fd = p->lfd, .events = POLLIN};
        int r = poll(&pfd, 1, 50);
        pthread_mutex_lock(&p->lock);
        int stop = p->stop;
        pthread_mutex_unlock(&p->lock);
        if (stop)
            break;
        if (r <= 0)
            continue;
        int cfd = accept(p->lfd, NULL, NULL);
        if (cfd >= 0)
            handle(p, cfd);
    }
    return NULL;
}

struct faultproxy *faultproxy_start(int upstream_port, const enum fp_mode *script, size_t n,
                                    int stall_ms, int *port)
{
    struct faultproxy *p = xcalloc(1, sizeof *p);
    p->upstream = upstream_port;
    p->stall_ms = stall_ms;
    pthread_mutex_init(&p->lock, NULL);
    faultproxy_script(p, script, n);
    p->lfd = listen_any(port);
    pthread_create(&p->thread, NULL, run, p);
    return p;
}

void faultproxy_script(struct faultproxy *p, const enum fp_mode *script, size_t n)
{
    pthread_mutex_lock(&p->lock);
    free(p->script);
    p->script = xcalloc(n + 1, sizeof *script);
    if (n)
        memcpy(p->script, script, n * sizeof *script);
    p->n = n;
    p->next = 0;
    pthread_mutex_unlock(&p->lock);
}

size_t faultproxy_requests(struct faultproxy *p)
{
    pthread_mutex_lock(&p->lock);
    size_t n = p->requests;
    pthread_mutex_unlock(&p->lock);
    return n;
}

size_t faultproxy_faults(struct faultproxy *p)
{
    pthread_mutex_lock(&p->lock);
    size_t n = p->faults;
    pthread_mutex_unlock(&p->lock);
    return n;
}

void faultproxy_stop(struct faultproxy *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->lock);
    p->stop = 1;
    pthread_mutex_unlock(&p->lock);
    pthread_join(p->thread, NULL);
    close(p->lfd);
    free(p->script);
    pthread_mutex_destroy(&p->lock);
    free(p);
}
