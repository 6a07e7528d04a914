/* server/router.h: casehub's HTTP semantics without a transport (server/): routing, request
 * bodies, form and cookie parsing, the kiosk API, the console and the phone page, and the
 * answers they build. server/web.c feeds it what libmicrohttpd parsed and sends what it
 * answers; tests/fuzz/fuzz_casehub_router.c calls it in process. It does not include
 * microhttpd.h (tests/test_layering.sh checks).
 *
 * A request goes through three steps: router_begin when its headers are in (it may answer at
 * once: a body that is too large, unauthenticated or of the wrong type is refused before it
 * is read), router_body_feed for each piece of the body, router_finish once it is complete.
 * Ownership: router_create/router_destroy; the hub must outlive the router. The router is
 * used from several threads at once (its rate limits lock themselves); a body belongs to one
 * request. */
#ifndef SERVER_ROUTER_H
#define SERVER_ROUTER_H

#include <stdbool.h>
#include <stddef.h>

#include "server/hub.h"

struct router;
struct router_body;

/* A name and a value (a header, a cookie, a query argument); value may be NULL (a query
 * argument without '='). */
struct router_pair {
    const char *name;
    const char *value;
};

/* A request as the transport parsed it. Names are matched without regard to case, the first
 * one wins (libmicrohttpd's lookup); every header value is kept in order. Nothing is kept
 * after a call returns. */
struct router_request {
    const char *method;
    const char *path; /* percent-decoded, without the query */
    const struct router_pair *headers;
    size_t n_headers;
    const struct router_pair *cookies;
    size_t n_cookies;
    const struct router_pair *query; /* percent-decoded ('+' is a space) */
    size_t n_query;
    unsigned char peer[16]; /* the connecting address (server/proxy.h's 16-byte form) */
};

#define ROUTER_MAX_HEADERS 12

/* An answer: status, headers in the order they are sent (before the ones the transport adds:
 * Date, Content-Length, Connection), and a body of len bytes. */
struct router_answer {
    int status;
    size_t n_headers;
    struct {
        const char *name; /* a literal */
        char *value;      /* owned */
    } headers[ROUTER_MAX_HEADERS];
    char *body; /* owned (NULL when len is 0) */
    size_t len;
};

struct router_options {
    int status_per_minute;       /* status lookups per client address and minute (<= 0: 30) */
    const char *trusted_proxies; /* "ADDR[,ADDR...]" whose X-Forwarded-* are believed, or NULL */
    bool secure_cookies;         /* the session cookie is always Secure (TLS in front) */
};

/* A router over h; NULL (message on stderr) when the options or the database are unusable. */
struct router *router_create(struct hub *h, const struct router_options *o);
/* Free; NULL is a no-op. */
void router_destroy(struct router *r);

/* The headers of q are in. Returns the request's body collector in *body (always; free it
 * with router_body_free) and false when a is the request's answer already (refused before
 * its body: 411, 413, 401, 415, 400, 503); true when the body should be read. */
bool router_begin(struct router *r, const struct router_request *q, struct router_body **body,
                  struct router_answer *a);
/* The next n bytes of the body (beyond the limit, or after a write error, they are dropped
 * and the request will be refused). */
void router_body_feed(struct router_body *b, const char *data, size_t n);
/* The body is complete: the answer to q into a (every field set). */
void router_finish(struct router *r, const struct router_request *q, struct router_body *b,
                   struct router_answer *a);
/* Close and remove what the body holds (an unfinished upload); NULL is a no-op. */
void router_body_free(struct router_body *b);
/* Free what a owns and empty it. */
void router_answer_free(struct router_answer *a);

/* The first value of name in pairs[0..n) (case-insensitive), or NULL. */
const char *router_lookup(const struct router_pair *pairs, size_t n, const char *name);

/* The value of key in an application/x-www-form-urlencoded body, decoded, into out; false
 * when absent. */
bool router_form_value(const char *body, size_t len, const char *key, char *out, size_t n);
/* Every key and value of a form body, decoded, is UTF-8 without NUL bytes. */
bool router_form_ok(const char *body, size_t len);
/* The console's CSRF token of a session (hex, 32 characters). */
void router_csrf_of(const char *session, char out[33]);

#endif
