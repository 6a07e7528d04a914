/* tests/fuzz/fuzz_casehub_http.c: whole HTTP requests from the network against a real casehub
 * (server/web.c on libmicrohttpd, a hub in a scratch folder) over loopback: request line and
 * routing, headers, cookies, the kiosk API, url-encoded console forms, the phone page.
 *
 * So that the fuzzer gets past authentication, "@T" in the input stands for a valid kiosk
 * token, "@S" for a staff session cookie and "@C" for that session's CSRF token (replaced
 * before sending). Whatever the bytes: the server answers with an HTTP status line or says
 * nothing, and never crashes; every 256 inputs it must still answer /api/v1/health. */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sodium.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include "platform/fsutil.h"
#include "platform/strings.h"
#include "platform/xalloc.h"
#include "server/hub.h"
#include "server/web.h"
#include "tests/fuzz/expand.h"

static struct hub *hub;
static struct web *web;
static int port;
static char dir[] = "/tmp/fuzz_casehub_http.XXXXXX";
static char token[128], session[80], csrf[33];

static void teardown(void)
{
    web_stop(web);
    hub_close(hub);
    fs_remove_tree(dir);
}

static void new_session(void)
{
    if (hub_login(hub, "fuzz", "fuzz-password-1", session, sizeof session) != K_OK)
        abort();
    /* the console's CSRF token for this session (server/web.c csrf_of) */
    unsigned char d[16];
    crypto_generichash(d, sizeof d, (const unsigned char *)session, strlen(session),
                       (const unsigned char *)"casehub-csrf-key-0123456789abcdef", 32);
    sodium_bin2hex(csrf, sizeof csrf, d, sizeof d);
}

static void setup(void)
{
    signal(SIGPIPE, SIG_IGN);
    if (!mkdtemp(dir) || sodium_init() < 0)
        abort();
    const char *src = getenv("KIOSK_SRC");
    char svc[600], cal[600], strs[600], err[600];
    snprintf(svc, sizeof svc, "%s/assets/services/veteran-discharge.json", src ? src : ".");
    snprintf(cal, sizeof cal, "%s/assets/calendar", src ? src : ".");
    snprintf(strs, sizeof strs, "%s/assets/ui/strings", src ? src : ".");
    /* argon2id at its least work, as in fuzz_casehub_router: a fuzzed login (or an unknown
     * user's dummy hash) and the login again after a fuzzed logout cost microseconds, not
     * 64 MiB and tens of milliseconds each */
    hub_cheap_pwhash_for_tests();
    if (strings_load_dir(strs, err, sizeof err) != K_OK ||
        hub_open(&hub, dir, svc, cal, err, sizeof err) != K_OK ||
        hub_kiosk_add(hub, "kiosk-1", 0, token, sizeof token, err, sizeof err) != K_OK ||
        hub_user_add(hub, "fuzz", "veterans", "fuzz-password-1", err, sizeof err) != K_OK) {
        fprintf(stderr, "setup: %s\n", err);
        abort();
    }
    new_session();
    /* a generous lookup budget, so that the fuzzer mostly sees the handlers, not 429 */
    struct web_options o = {.listen = "127.0.0.1:0", .status_per_minute = 600};
    web = web_start(hub, &o);
    if (!web)
        abort();
    port = web_port(web);
    atexit(teardown);
}

/* True when ans[0..got) holds at least one whole answer (headers and Content-Length body). */
static bool answered(const char *ans, size_t got)
{
    const char *end = NULL;
    for (size_t i = 0; i + 4 <= got && !end; i++)
        if (memcmp(ans + i, "\r\n\r\n", 4) == 0)
            end = ans + i;
    if (!end)
        return false;
    size_t head = (size_t)(end - ans) + 4;
    long cl = 0;
    for (const char *p = ans; p < end; p++) {
        if ((p == ans || p[-1] == '\n') && (size_t)(end - p) > 15 &&
            strncasecmp(p, "Content-Length:", 15) == 0) {
            char *e;
            cl = strtol(p + 15, &e, 10);
            break;
        }
    }
    return got >= head + (size_t)(cl > 0 ? cl : 0);
}

/* poll that goes on after a signal (libFuzzer's SIGALRM timer for -timeout interrupts
 * system calls about once a second): the whole timeout again, which only lengthens a wait. */
static int poll_on(struct pollfd *p, int ms)
{
    int r;
    while ((r = poll(p, 1, ms)) < 0 && errno == EINTR)
        p->revents = 0;
    return r;
}

/* A connection to casehub. A connect interrupted by a signal goes on in the background: wait
 * for it and take its result. Anything else that fails is the server's fault: abort. */
static int connect_casehub(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int rc = fd < 0 ? -1 : connect(fd, (struct sockaddr *)&sa, sizeof sa);
    if (rc != 0 && fd >= 0 && (errno == EINTR || errno == EINPROGRESS)) {
        struct pollfd p = {.fd = fd, .events = POLLOUT};
        int e = 0;
        socklen_t el = sizeof e;
        if (poll_on(&p, 5000) == 1 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &el) == 0 && !e)
            rc = 0;
        else
            errno = e ? e : ETIMEDOUT;
    }
    if (rc != 0) {
        fprintf(stderr, "cannot connect to casehub: %s\n", strerror(errno));
        abort();
    }
    return fd;
}

/* Send req, collect the answer (up to cap bytes) until the server closes or one whole answer
 * came and nothing follows within 5 ms (libmicrohttpd keeps an answered connection open).
 * The end of our side is signalled a moment after the request, so that the server's epoll
 * sees it as an event of its own; a partial request gets no answer, so at most 300 ms of
 * silence end the exchange too. Calls a signal interrupts are made again. The length read. */
static long exchange(const char *req, size_t n, char *ans, size_t cap)
{
    int fd = connect_casehub();
    size_t off = 0;
    while (off < n) {
        ssize_t w = send(fd, req + off, n - off, MSG_NOSIGNAL);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break; /* the server may close early on a bad request */
        off += (size_t)w;
    }
    struct pollfd p = {.fd = fd, .events = POLLIN};
    poll_on(&p, 1);
    shutdown(fd, SHUT_WR);
    size_t got = 0;
    for (;;) {
        p.revents = 0;
        if (poll_on(&p, answered(ans, got) ? 5 : 300) <= 0)
            break;
        char tmp[4096];
        ssize_t r = recv(fd, tmp, sizeof tmp, 0);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        size_t k = (size_t)r < cap - got ? (size_t)r : cap - got;
        memcpy(ans + got, tmp, k);
        got += k;
    }
    close(fd);
    return (long)got;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!web)
        setup();
    if (size > 65536)
        return 0;
    /* expand the placeholders */
    const char *subs[128] = {['T'] = token, ['S'] = session, ['C'] = csrf};
    size_t n;
    char *req = fuzz_expand(data, size, subs, &n);
    /* a request may have logged the session out (or the fuzzer's password changed): log in
     * again, so that "@S" keeps reaching the console */
    char user[80], dept[80];
    if (hub_session(hub, session, user, sizeof user, dept, sizeof dept) != K_OK)
        new_session();
    static char ans[1 << 16];
    long got = exchange(req, n, ans, sizeof ans);
    free(req);
    if (got > 0 && (got < 9 || memcmp(ans, "HTTP/1.", 7) != 0)) {
        fprintf(stderr, "casehub answered something that is not HTTP\n");
        abort();
    }
    static unsigned execs;
    if (++execs % 256 == 0) { /* still serving */
        static const char health[] = "GET /api/v1/health HTTP/1.1\r\nHost: x\r\n\r\n";
        got = exchange(health, sizeof health - 1, ans, sizeof ans);
        if (got < 12 || memcmp(ans + 9, "200", 3) != 0) {
            fprintf(stderr, "casehub stopped answering /api/v1/health\n");
            abort();
        }
    }
    return 0;
}
