/* app/sync/http.h: a small HTTP client over libcurl for the sync worker (app layer, sync).
 *
 * One struct http is one curl easy handle (connections are reused) bound to a base URL, a
 * bearer token and TLS settings: peer and host verification are always on; ca_file ("" =
 * the system store) names the CA bundle. Not thread-safe: one per thread. Response bodies are
 * capped (HTTP_MAX_BODY); a bigger body is an error, never a crash. libcurl is initialised
 * (curl_global_init, once per process, and the easy handle) at a client's first request, not
 * by http_create: a kiosk that sends nothing does not load its TLS state.
 */
#ifndef APP_SYNC_HTTP_H
#define APP_SYNC_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "platform/err.h"

#define HTTP_MAX_BODY (1024u * 1024u)

struct http;

struct http_resp {
    long status; /* HTTP status, 0 when no answer */
    char *body;  /* NUL-terminated, owned (http_resp_free) */
    size_t len;
    long retry_after_s; /* Retry-After in seconds, -1 when absent */
    char err[256];      /* transport error text, "" when the exchange completed */
};

struct http *http_create(const char *base_url, const char *token, const char *ca_file);
void http_destroy(struct http *h);
/* One request: method "GET"/"POST"/"PUT"/"HEAD", path appended to the base URL, optional
 * extra header line (e.g. "Idempotency-Key: ..."), body (may be NULL) with its content type.
 * K_OK when a status line arrived (any status; check r->status); K_ERR_TIMEOUT when it took
 * longer than timeout_ms; K_ERR_NETWORK for connection errors; K_ERR_TOO_LARGE for an
 * oversized answer. r is always filled (free it with http_resp_free). */
enum kerr http_request(struct http *h, const char *method, const char *path, const char *header,
                       const char *content_type, const void *body, size_t len, long timeout_ms,
                       struct http_resp *r);
void http_resp_free(struct http_resp *r);
/* One received header line (with or without its CR LF, not NUL-terminated): when it is a
 * Retry-After with delay-seconds or an HTTP-date, true with the delay in seconds from now,
 * clamped to 0..86400; false for any other header or an unreadable value. */
bool http_parse_retry_after(const char *line, size_t len, time_t now, long *secs);

#endif
