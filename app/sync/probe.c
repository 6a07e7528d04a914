/* app/sync/probe.c: backend reachability and clock skew with libcurl (app layer, sync). */
#include "app/sync/probe.h"

#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "platform/xalloc.h"

static size_t discard(char *p, size_t size, size_t n, void *ud)
{
    (void)p;
    (void)ud;
    return size * n;
}

static size_t on_header(char *p, size_t size, size_t n, void *ud)
{
    struct probe_result *r = ud;
    size_t len = size * n;
    if (len > 6 && len < 200 && strncasecmp(p, "Date:", 5) == 0) {
        char buf[200];
        memcpy(buf, p + 5, len - 5);
        buf[len - 5] = '\0';
        time_t t = curl_getdate(buf, NULL);
        if (t > 0)
            r->server_unix_s = (int64_t)t;
    }
    return len;
}

enum kerr probe_backend(const struct kconfig *cfg, int64_t local_unix_s, struct probe_result *r)
{
    memset(r, 0, sizeof *r);
    CURL *c = curl_easy_init();
    if (!c) {
        str_copy(r->error, sizeof r->error, "curl_easy_init failed");
        return K_ERR_NETWORK;
    }
    char *url = xasprintf("%s/api/v1/health", cfg->backend_url);
    char errbuf[CURL_ERROR_SIZE] = "";
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, cfg->backend_timeout_s);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, cfg->backend_timeout_s);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    if (cfg->backend_ca_file[0])
        curl_easy_setopt(c, CURLOPT_CAINFO, cfg->backend_ca_file);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, r);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->http_status);
    curl_easy_getinfo(c, CURLINFO_TOTAL_TIME, &r->seconds);
    if (rc != CURLE_OK)
        snprintf(r->error, sizeof r->error, "%s", errbuf[0] ? errbuf : curl_easy_strerror(rc));
    if (r->server_unix_s)
        r->skew_s = r->server_unix_s - local_unix_s;
    curl_easy_cleanup(c);
    free(url);
    return rc == CURLE_OK && r->http_status > 0 ? K_OK : K_ERR_NETWORK;
}
