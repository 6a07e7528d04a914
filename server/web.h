/* server/web.h: casehub's HTTP side on libmicrohttpd (server/): the kiosk API of docs/api.md,
 * the department console (/console/) and the phone status page (/s/CODE?t=TOKEN).
 * Ownership: web_start/web_stop; the hub must outlive the server. */
#ifndef SERVER_WEB_H
#define SERVER_WEB_H

#include "server/hub.h"

struct web;

struct web_options {
    const char *listen;          /* "ADDR:PORT" (IPv4; port 0: a free one, see web_port) */
    int status_per_minute;       /* status lookups per client address and minute */
    const char *trusted_proxies; /* "ADDR[,ADDR...]" whose X-Forwarded-* are believed, or NULL */
    bool secure_cookies;         /* the session cookie is always Secure (TLS in front) */
    int per_ip_connections;      /* open connections per peer address; 0 = no limit, <0 = 16 */
    int idle_timeout_s;          /* close a connection silent this long; <= 0 = 10 s */
    int header_timeout_s;        /* a request's headers must arrive within; <= 0 = 10 s */
    int max_connections;         /* open connections at most; <= 0 = min(4000, open files - 128) */
};

/* Start serving; NULL (message on stderr) when the address cannot be used. */
struct web *web_start(struct hub *h, const struct web_options *o);
void web_stop(struct web *w);
/* The port actually bound (useful when ADDR:0 asked the system to choose one). */
int web_port(const struct web *w);

#endif
