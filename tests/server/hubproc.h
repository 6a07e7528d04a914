/* tests/server/hubproc.h: casehub's security tests' helpers (test-only): start a casehub with
 * extra options on 127.0.0.1:0 (the port read from its "listening on" line), run its CLI,
 * and make HTTP requests from a chosen loopback source address with libcurl. */
#ifndef TESTS_SERVER_HUBPROC_H
#define TESTS_SERVER_HUBPROC_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

struct hubproc {
    pid_t pid;
    int port;
    char bin[512];
    char data[512];
};

/* Start `casehub --listen 127.0.0.1:0 --data DATA EXTRA...` (extra NULL-terminated, may be
 * NULL). 0 when it listens, -1 otherwise. */
int hubproc_start(struct hubproc *h, const char *bin, const char *data, const char *const *extra);
/* SIGTERM and wait (no-op when not running). */
void hubproc_stop(struct hubproc *h);
/* `casehub --data DATA ARGS...` (NULL-terminated), stdin from `input` when not NULL, stdout
 * into out. Returns the exit status (-1 when it could not run). */
int hubproc_cli(const struct hubproc *h, const char *input, char *out, size_t n, ...);

struct hresp {
    long status;
    char body[16384];
    size_t len;
    char headers[4096]; /* every response header line, as received */
    double seconds;     /* total time of the request */
};

struct hreq {
    const char *method;       /* "GET" when NULL */
    const char *path;         /* "/api/v1/..." */
    const char *from;         /* source address (127.x.y.z), NULL: the default */
    const char *const *extra; /* more request header lines, NULL-terminated, or NULL */
    const char *body;         /* NULL: none */
    size_t body_len;
    long timeout_s; /* 0: 30 s */
};

/* One request; r->status 0 when no answer came. */
void hreq_do(const struct hubproc *h, const struct hreq *q, struct hresp *r);
/* Value of a response header (case-insensitive name) into out; false when absent. */
bool hresp_header(const struct hresp *r, const char *name, char *out, size_t n);

#endif
