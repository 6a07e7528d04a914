/* tests/app/sync/faultproxy.h: an HTTP proxy on loopback that misbehaves on purpose.
 *
 * It sits in front of a real backend (casehub) and answers each incoming request according to
 * a script of modes, one mode per request, then passes everything through. Every answer it
 * gives carries "Connection: close", and it forwards with "Connection: close", so that one
 * request is one connection. Runs on its own thread; test-only code. */
#ifndef TESTS_APP_SYNC_FAULTPROXY_H
#define TESTS_APP_SYNC_FAULTPROXY_H

#include <stddef.h>

enum fp_mode {
    FP_PASS,        /* forward to the backend and relay the answer */
    FP_500,         /* answer 500 without forwarding */
    FP_503_RETRY,   /* answer 503 with Retry-After: 1 */
    FP_RESET,       /* read the request, then reset the connection */
    FP_STALL,       /* read the request, then say nothing for stall_ms, then close */
    FP_GARBAGE,     /* answer 200 with a body that is not JSON */
    FP_FWD_GARBAGE, /* forward (the backend acts on it), then answer garbage */
    FP_FWD_RESET,   /* forward (the backend acts on it), then reset: the answer is lost */
};

struct faultproxy;

/* Start a proxy to 127.0.0.1:upstream_port; returns it with its own port in *port. The script
 * (n modes) is copied. */
struct faultproxy *faultproxy_start(int upstream_port, const enum fp_mode *script, size_t n,
                                    int stall_ms, int *port);
/* Replace the remaining script. */
void faultproxy_script(struct faultproxy *p, const enum fp_mode *script, size_t n);
/* Requests seen so far, and how many were answered with a fault. */
size_t faultproxy_requests(struct faultproxy *p);
size_t faultproxy_faults(struct faultproxy *p);
void faultproxy_stop(struct faultproxy *p);

#endif
