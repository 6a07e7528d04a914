/* tests/fuzz/fuzz_casehub_router.c: casehub's HTTP semantics in process (server/router.c, the
 * part of server/web.c that knows no libmicrohttpd) on a hub in a scratch folder: routing,
 * headers, cookies, query arguments, the kiosk API, url-encoded console forms, the phone page,
 * blob uploads.
 *
 * An input reads like an HTTP/1.1 request: a line "METHOD TARGET [VERSION]", header lines
 * "Name: value" up to an empty line, then the body (all the rest, whatever Content-Length
 * says, so that placeholders may change its length; the router checks the header). Lines end
 * in "\n" or "\r\n"; the target is split and decoded the way libmicrohttpd does it (path
 * %-decoded, query arguments with '+' as space), Cookie headers into cookies. So that inputs
 * get past authentication, before parsing "@T" stands for a valid kiosk token, "@S" for a
 * staff session cookie of a department and "@C" for its CSRF token, "@W" and "@V" for a
 * window user's session and CSRF token, "@K", "@Q" and "@U" for the code, QR token and uuid
 * of a routed case. Whatever the bytes: an answer with a status 200..499 (503 only for the
 * blob store), header values without CR, LF or NUL, a Location on every 303, a body length
 * that matches; and every 256 inputs /api/v1/health still answers 200. */
#include <cjson/cJSON.h>
#include <ctype.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "platform/fsutil.h"
#include "platform/strings.h"
#include "platform/xalloc.h"
#include "server/hub.h"
#include "server/router.h"
#include "tests/fuzz/expand.h"

static struct hub *hub;
static struct router *router;
static char dir[] = "/tmp/fuzz_casehub_router.XXXXXX";
static char token[128], session[80], csrf[33], wsession[80], wcsrf[33];
static char code[64] = "K0003-000-0000", qr[64] = "0000000000000000", uuid[64] = "0";

static void teardown(void)
{
    router_destroy(router);
    hub_close(hub);
    fs_remove_tree(dir);
}

static void new_session(const char *user, char *sess, size_t n, char csrf_out[33])
{
    if (hub_login(hub, user, "fuzz-password-1", sess, n) != K_OK)
        abort();
    router_csrf_of(sess, csrf_out);
}

/* A routed case for @K, @Q, @U: the first body of the casehub_case corpus that the hub
 * stores, completed. */
static void seed_case(const char *src)
{
    char path[700];
    snprintf(path, sizeof path, "%s/tests/fuzz/corpus/casehub_case", src);
    DIR *d = opendir(path);
    struct dirent *e;
    bool done = false;
    while (d && !done && (e = readdir(d))) {
        char file[1000], *body = NULL;
        size_t len = 0;
        snprintf(file, sizeof file, "%s/%s", path, e->d_name);
        if (e->d_name[0] == '.' || fs_read_file(file, HUB_MAX_CASE_BODY, &body, &len) != K_OK)
            continue;
        cJSON *j = cJSON_ParseWithLength(body, len);
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(j, "code");
        const cJSON *t = cJSON_GetObjectItemCaseSensitive(j, "token");
        const cJSON *u = cJSON_GetObjectItemCaseSensitive(j, "uuid");
        if (cJSON_IsString(c) && cJSON_IsString(t) && cJSON_IsString(u)) {
            struct hub_answer a;
            hub_case_create(hub, "kiosk-1", u->valuestring, body, len, &a);
            free(a.body);
            if (a.status == 201) {
                hub_case_complete(hub, "kiosk-1", u->valuestring, &a);
                free(a.body);
                str_copy(code, sizeof code, c->valuestring);
                str_copy(qr, sizeof qr, t->valuestring);
                str_copy(uuid, sizeof uuid, u->valuestring);
                done = true;
            }
        }
        cJSON_Delete(j);
        free(body);
    }
    if (d)
        closedir(d);
}

static void setup(void)
{
    if (!mkdtemp(dir))
        abort();
    const char *src = getenv("KIOSK_SRC");
    src = src ? src : ".";
    char svc[600], cal[600], strs[600], err[600];
    snprintf(svc, sizeof svc, "%s/assets/services/veteran-discharge.json", src);
    snprintf(cal, sizeof cal, "%s/assets/calendar", src);
    snprintf(strs, sizeof strs, "%s/assets/ui/strings", src);
    hub_cheap_pwhash_for_tests(); /* logging in again after a logout costs microseconds */
    if (strings_load_dir(strs, err, sizeof err) != K_OK ||
        hub_open(&hub, dir, svc, cal, err, sizeof err) != K_OK ||
        hub_kiosk_add(hub, "kiosk-1", 0, token, sizeof token, err, sizeof err) != K_OK ||
        hub_user_add(hub, "fuzz", "veterans", "fuzz-password-1", err, sizeof err) != K_OK ||
        hub_user_add(hub, "win", "window", "fuzz-password-1", err, sizeof err) != K_OK) {
        fprintf(stderr, "setup: %s\n", err);
        abort();
    }
    new_session("fuzz", session, sizeof session, csrf);
    new_session("win", wsession, sizeof wsession, wcsrf);
    seed_case(src);
    /* a budget the fuzzer does not exhaust, so that it mostly sees the handlers, not 429;
     * the peer is a trusted proxy, so that X-Forwarded-* are read */
    struct router_options o = {.status_per_minute = 1000000, .trusted_proxies = "127.0.0.1"};
    router = router_create(hub, &o);
    if (!router)
        abort();
    atexit(teardown);
}

/* %XX decoded in place (libmicrohttpd's MHD_http_unescape); plus: '+' is a space. The string
 * ends at a decoded NUL, as it does for the library's callers. */
static void unescape(char *s, bool plus)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (*p == '%' && isxdigit((unsigned char)p[1]) && isxdigit((unsigned char)p[2])) {
            char hx[3] = {p[1], p[2], 0};
            *o++ = (char)strtol(hx, NULL, 16);
            p += 2;
        } else {
            *o++ = plus && *p == '+' ? ' ' : *p;
        }
    }
    *o = '\0';
}

struct parsed {
    struct router_request q;
    struct router_pair headers[64], cookies[64], query[64];
    const char *body;
    size_t body_len;
    char *cookie_text[8]; /* copies of Cookie headers, cut up into cookies */
    size_t n_cookie_text;
};

/* "a=b&c" into the query (c without a value); text is cut up in place. */
static void split_query(char *text, struct parsed *p)
{
    for (char *arg = text; arg && p->q.n_query < 64;) {
        char *amp = strchr(arg, '&');
        if (amp)
            *amp = '\0';
        char *eq = strchr(arg, '=');
        if (eq)
            *eq++ = '\0';
        unescape(arg, true);
        if (eq)
            unescape(eq, true);
        if (arg[0] || eq)
            p->query[p->q.n_query++] = (struct router_pair){arg, eq};
        arg = amp ? amp + 1 : NULL;
    }
}

/* "a=b; c=\"d\"" into cookies (quotes around a value dropped); text is cut up in place. */
static void split_cookies(char *text, struct parsed *p)
{
    for (char *c = text; c && p->q.n_cookies < 64;) {
        char *semi = strchr(c, ';');
        if (semi)
            *semi = '\0';
        while (*c == ' ' || *c == '\t')
            c++;
        char *eq = strchr(c, '=');
        if (eq) {
            *eq++ = '\0';
            size_t n = strlen(eq);
            if (n >= 2 && eq[0] == '"' && eq[n - 1] == '"') {
                eq[n - 1] = '\0';
                eq++;
            }
            p->cookies[p->q.n_cookies++] = (struct router_pair){c, eq};
        }
        c = semi ? semi + 1 : NULL;
    }
}

/* The next line of text[*at..n) NUL-terminated in place (without its "\r\n" or "\n"), or
 * NULL at the end. */
static char *next_line(char *text, size_t n, size_t *at)
{
    if (*at >= n)
        return NULL;
    char *line = text + *at;
    char *nl = memchr(line, '\n', n - *at);
    size_t len = nl ? (size_t)(nl - line) : n - *at;
    *at += len + (nl ? 1 : 0);
    line[len] = '\0';
    if (len && line[len - 1] == '\r')
        line[len - 1] = '\0';
    return line;
}

/* Parse req[0..n) (NUL-terminated at n) into p; false when it has no request line. */
static bool parse(char *req, size_t n, struct parsed *p)
{
    memset(p, 0, sizeof *p);
    size_t at = 0;
    char *line = next_line(req, n, &at);
    if (!line)
        return false;
    char *sp = strchr(line, ' ');
    if (!sp)
        return false;
    *sp = '\0';
    char *target = sp + 1, *ver = strchr(target, ' ');
    if (ver)
        *ver = '\0';
    char *qm = strchr(target, '?');
    if (qm)
        *qm++ = '\0';
    unescape(target, false);
    p->q.method = line;
    p->q.path = target;
    if (qm)
        split_query(qm, p);
    while ((line = next_line(req, n, &at)) && line[0] && p->q.n_headers < 64) {
        char *colon = strchr(line, ':');
        if (!colon)
            continue;
        *colon = '\0';
        char *v = colon + 1;
        while (*v == ' ' || *v == '\t')
            v++;
        p->headers[p->q.n_headers++] = (struct router_pair){line, v};
    }
    p->body = req + at;
    p->body_len = at < n ? n - at : 0;
    for (size_t i = 0; i < p->q.n_headers && p->n_cookie_text < 8; i++)
        if (strcasecmp(p->headers[i].name, "Cookie") == 0) {
            char *c = p->cookie_text[p->n_cookie_text++] = xstrdup(p->headers[i].value);
            split_cookies(c, p);
        }
    p->q.headers = p->headers;
    p->q.cookies = p->cookies;
    p->q.query = p->query;
    static const unsigned char localhost[16] = {0, 0, 0,    0,    0,   0, 0, 0,
                                                0, 0, 0xff, 0xff, 127, 0, 0, 1};
    memcpy(p->q.peer, localhost, 16);
    return true;
}

static void check(const struct router_answer *a, const char *what)
{
    bool ok = a->status >= 200 && a->status <= 599 && (a->len == 0 || a->body);
    if (a->status >= 500 && a->status != 503)
        ok = false;
    bool location = false;
    for (size_t i = 0; i < a->n_headers; i++) {
        const char *v = a->headers[i].value;
        if (!v || strpbrk(v, "\r\n"))
            ok = false;
        if (strcmp(a->headers[i].name, "Location") == 0)
            location = v && v[0] == '/';
    }
    if (a->status == 303 && !location)
        ok = false;
    if (!ok) {
        fprintf(stderr, "casehub router: a malformed answer (%s): status %d\n", what, a->status);
        for (size_t i = 0; i < a->n_headers; i++)
            fprintf(stderr, "  %s: %s\n", a->headers[i].name,
                    a->headers[i].value ? a->headers[i].value : "(null)");
        abort();
    }
}

/* Answer one request; the answer's status. */
static int serve(struct parsed *p)
{
    struct router_body *b = NULL;
    struct router_answer a;
    if (router_begin(router, &p->q, &b, &a)) {
        /* the body in two pieces, as a transport may hand it over */
        size_t half = p->body_len / 2;
        if (half)
            router_body_feed(b, p->body, half);
        if (p->body_len - half)
            router_body_feed(b, p->body + half, p->body_len - half);
        router_finish(router, &p->q, b, &a);
    }
    router_body_free(b);
    check(&a, p->q.path);
    int status = a.status;
    router_answer_free(&a);
    return status;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!router)
        setup();
    if (size > 65536)
        return 0;
    /* expand the placeholders */
    const char *subs[128] = {['T'] = token, ['S'] = session, ['C'] = csrf, ['W'] = wsession,
                             ['V'] = wcsrf, ['K'] = code,    ['Q'] = qr,   ['U'] = uuid};
    size_t n;
    char *req = fuzz_expand(data, size, subs, &n);
    /* a request may have logged a session out: log in again, so that "@S" and "@W" keep
     * reaching the console */
    char user[80], dept[80];
    if (hub_session(hub, session, user, sizeof user, dept, sizeof dept) != K_OK)
        new_session("fuzz", session, sizeof session, csrf);
    if (hub_session(hub, wsession, user, sizeof user, dept, sizeof dept) != K_OK)
        new_session("win", wsession, sizeof wsession, wcsrf);
    struct parsed *p = xcalloc(1, sizeof *p);
    if (parse(req, n, p))
        serve(p);
    for (size_t i = 0; i < p->n_cookie_text; i++)
        free(p->cookie_text[i]);
    static unsigned execs;
    if (++execs % 256 == 0) { /* still serving */
        char health[] = "GET /api/v1/health HTTP/1.1\nHost: x\n\n";
        if (!parse(health, strlen(health), p) || serve(p) != 200) {
            fprintf(stderr, "casehub router stopped answering /api/v1/health\n");
            abort();
        }
    }
    free(p);
    free(req);
    return 0;
}
