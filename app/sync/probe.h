/* app/sync/probe.h: a one-shot reachability probe of the backend for `kioskctl doctor` and
 * the service mode's network check: can we reach it, does TLS verify, how far apart are the
 * clocks. Blocking; never call it on the UI thread. */
#ifndef APP_SYNC_PROBE_H
#define APP_SYNC_PROBE_H

#include <stddef.h>
#include <stdint.h>

#include "platform/config.h"
#include "platform/err.h"

struct probe_result {
    long http_status;      /* 0 when no HTTP answer came */
    int64_t server_unix_s; /* the server's Date header, 0 when absent */
    int64_t skew_s;        /* server time minus local time */
    double seconds;        /* how long the request took */
    char error[256];       /* libcurl's words when it failed (English, for technicians) */
};

/* GET <backend.url>/api/v1/health with the configured timeout, CA file and TLS verification.
 * K_OK when any HTTP answer came back (the backend is reachable); K_ERR_NETWORK otherwise. */
enum kerr probe_backend(const struct kconfig *cfg, int64_t local_unix_s, struct probe_result *r);

#endif
