/* server/web.c: casehub on libmicrohttpd: what the library parsed goes to server/router.c,
 * what the router answers goes back out; the connection guard (server/conns.h) follows each
 * connection. */
#include "server/web.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/socket.h>

#include "platform/xalloc.h"
#include "server/conns.h"
#include "server/proxy.h"
#include "server/router.h"

struct web {
    struct MHD_Daemon *d;
    struct router *r;
    int port;            /* the bound port (the one chosen when --listen asked for 0) */
    struct conns *guard; /* header deadline, cap on waiting connections */
};

/* What the router needs of a request, gathered from the library (valid during one call). */
struct mhd_request {
    struct router_request q;
    size_t cap[3];
    struct router_pair *lists[3]; /* headers, cookies, query */
};

static enum MHD_Result collect(void *cls, enum MHD_ValueKind kind, const char *key,
                               const char *value)
{
    struct mhd_request *m = cls;
    int i = kind == MHD_HEADER_KIND ? 0 : kind == MHD_COOKIE_KIND ? 1 : 2;
    size_t *n = i == 0 ? &m->q.n_headers : i == 1 ? &m->q.n_cookies : &m->q.n_query;
    if (*n == m->cap[i]) {
        m->cap[i] = m->cap[i] ? 2 * m->cap[i] : 16;
        m->lists[i] = xrealloc(m->lists[i], m->cap[i] * sizeof *m->lists[i]);
    }
    m->lists[i][(*n)++] = (struct router_pair){key, value};
    return MHD_YES;
}

static void request_of(struct MHD_Connection *c, const char *url, const char *method,
                       struct mhd_request *m)
{
    memset(m, 0, sizeof *m);
    m->q.method = method;
    m->q.path = url;
    MHD_get_connection_values(c, MHD_HEADER_KIND, collect, m);
    MHD_get_connection_values(c, MHD_COOKIE_KIND, collect, m);
    MHD_get_connection_values(c, MHD_GET_ARGUMENT_KIND, collect, m);
    m->q.headers = m->lists[0];
    m->q.cookies = m->lists[1];
    m->q.query = m->lists[2];
    const union MHD_ConnectionInfo *ci =
        MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (ci)
        proxy_addr_of(ci->client_addr, m->q.peer);
}

static void request_finish(struct mhd_request *m)
{
    for (int i = 0; i < 3; i++)
        free(m->lists[i]);
}

/* Queue the router's answer (and free it). */
static enum MHD_Result send_answer(struct MHD_Connection *c, struct router_answer *a)
{
    struct MHD_Response *r =
        a->len ? MHD_create_response_from_buffer(a->len, a->body, MHD_RESPMEM_MUST_FREE)
               : MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
    if (!r) {
        router_answer_free(a);
        return MHD_NO;
    }
    if (a->len)
        a->body = NULL; /* the response frees it */
    for (size_t i = 0; i < a->n_headers; i++)
        MHD_add_response_header(r, a->headers[i].name, a->headers[i].value);
    enum MHD_Result ret = MHD_queue_response(c, (unsigned)a->status, r);
    MHD_destroy_response(r);
    router_answer_free(a);
    return ret;
}

static void on_complete(void *cls, struct MHD_Connection *c, void **con_cls,
                        enum MHD_RequestTerminationCode toe)
{
    (void)toe;
    struct web *w = cls;
    router_body_free(*con_cls);
    *con_cls = NULL;
    conns_idle(w->guard, c); /* waits for its next request (keep-alive) */
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
                              const char *method, const char *version, const char *upload,
                              size_t *upload_size, void **con_cls)
{
    (void)version;
    struct web *w = cls;
    struct router_body *b = *con_cls;
    struct mhd_request m;
    struct router_answer a;
    if (!b) {
        conns_request(w->guard, c); /* the headers are in: past the header deadline */
        request_of(c, url, method, &m);
        bool go_on = router_begin(w->r, &m.q, &b, &a);
        request_finish(&m);
        *con_cls = b;
        return go_on ? MHD_YES : send_answer(c, &a);
    }
    if (*upload_size) {
        router_body_feed(b, upload, *upload_size);
        *upload_size = 0;
        return MHD_YES;
    }
    request_of(c, url, method, &m);
    router_finish(w->r, &m.q, b, &a);
    request_finish(&m);
    return send_answer(c, &a);
}

struct web *web_start(struct hub *h, const struct web_options *o)
{
    char host[64];
    const char *colon = strrchr(o->listen, ':');
    long port;
    if (!colon || (size_t)(colon - o->listen) >= sizeof host ||
        !str_to_long(colon + 1, 0, 65535, &port)) {
        fprintf(stderr, "E740: --listen wants ADDR:PORT, not %s\n", o->listen);
        return NULL;
    }
    memcpy(host, o->listen, (size_t)(colon - o->listen));
    host[colon - o->listen] = '\0';
    struct sockaddr_in sa = {.sin_family = AF_INET, .sin_port = htons((uint16_t)port)};
    if (inet_pton(AF_INET, host, &sa.sin_addr) != 1) {
        fprintf(stderr, "E740: --listen address %s is not an IPv4 address\n", host);
        return NULL;
    }
    struct router_options ro = {.status_per_minute = o->status_per_minute,
                                .trusted_proxies = o->trusted_proxies,
                                .secure_cookies = o->secure_cookies};
    struct web *w = xcalloc(1, sizeof *w);
    w->r = router_create(h, &ro);
    if (!w->r) {
        free(w);
        return NULL;
    }
    /* Connections: as many as the file descriptors allow (epoll has no FD_SETSIZE), a few per
     * client address, and closed after a short silence, so that idle or half-sent requests
     * (slowloris) from one address cannot take the slots that health checks and kiosks need */
    struct rlimit nofile;
    unsigned limit = 4000;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur != RLIM_INFINITY &&
        nofile.rlim_cur < (rlim_t)limit + 128)
        limit = nofile.rlim_cur > 256 + 128 ? (unsigned)(nofile.rlim_cur - 128) : 256;
    if (o->max_connections > 0 && (unsigned)o->max_connections < limit)
        limit = o->max_connections < 16 ? 16u : (unsigned)o->max_connections;
    unsigned per_ip = o->per_ip_connections >= 0 ? (unsigned)o->per_ip_connections : 16u;
    unsigned timeout = o->idle_timeout_s > 0 ? (unsigned)o->idle_timeout_s : 10u;
    /* a request's headers must arrive whole within the header timeout however often bytes
     * trickle in, and unfinished requests may take half of the connections at most: the
     * other half stays for requests that arrive whole (server/conns.h) */
    w->guard =
        conns_create(limit / 2, o->header_timeout_s > 0 ? (unsigned)o->header_timeout_s : 10u);
    if (w->guard)
        w->d = MHD_start_daemon(
            MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_USE_ERROR_LOG, 0, NULL, NULL,
            handle, w, MHD_OPTION_SOCK_ADDR, &sa, MHD_OPTION_THREAD_POOL_SIZE, 4u,
            MHD_OPTION_NOTIFY_COMPLETED, on_complete, w, MHD_OPTION_NOTIFY_CONNECTION, conns_notify,
            w->guard, MHD_OPTION_CONNECTION_TIMEOUT, timeout, MHD_OPTION_CONNECTION_LIMIT, limit,
            MHD_OPTION_PER_IP_CONNECTION_LIMIT, per_ip, MHD_OPTION_END);
    if (!w->d) {
        conns_destroy(w->guard);
        fprintf(stderr, "E741: cannot listen on %s: %s\n", o->listen, strerror(errno));
        router_destroy(w->r);
        free(w);
        return NULL;
    }
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(w->d, MHD_DAEMON_INFO_BIND_PORT);
    w->port = di ? (int)di->port : (int)port;
    return w;
}

int web_port(const struct web *w)
{
    return w->port;
}

void web_stop(struct web *w)
{
    if (!w)
        return;
    MHD_stop_daemon(w->d);
    conns_destroy(w->guard);
    router_destroy(w->r);
    free(w);
}
