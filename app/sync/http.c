/* app/sync/http.c: libcurl wrapper (app layer, sync). See http.h. */
#include "app/sync/http.h"

#include <curl/curl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "platform/xalloc.h"

struct http {
    CURL *curl;
    char *base;
    char *auth;
    char *ca_file;
};

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static void global_init(void)
{
    curl_global_init(CURL_GLOBAL_DEFAULT);
}

struct http *http_create(const char *base_url, const char *token, const char *ca_file)
{
    struct http *h = xcalloc(1, sizeof *h);
    size_t bl = strlen(base_url);
    while (bl && base_url[bl - 1] == '/')
        bl--;
    h->base = xstrndup(base_url, bl);
    h->auth = token && *token ? xasprintf("Authorization: Bearer %s", token) : NULL;
    h->ca_file = ca_file && *ca_file ? xstrdup(ca_file) : NULL;
    return h;
}

void http_destroy(struct http *h)
{
    if (!h)
        return;
    if (h->curl)
        curl_easy_cleanup(h->curl);
    free(h->base);
    str_free_secure(h->auth);
    free(h->ca_file);
    free(h);
}

void http_resp_free(struct http_resp *r)
{
    if (!r)
        return;
    free(r->body);
    r->body = NULL;
    r->len = 0;
}

struct sink {
    struct http_resp *r;
    size_t cap;
    bool too_large;
};

static size_t on_body(char *p, size_t size, size_t n, void *arg)
{
    struct sink *s = arg;
    size_t add = size * n;
    if (s->r->len + add > HTTP_MAX_BODY) {
        s->too_large = true;
        return 0; /* aborts the transfer */
    }
    if (s->r->len + add + 1 > s->cap) {
        s->cap = (s->r->len + add + 1) * 2;
        s->r->body = xrealloc(s->r->body, s->cap);
    }
    memcpy(s->r->body + s->r->len, p, add);
    s->r->len += add;
    s->r->body[s->r->len] = '\0';
    return add;
}

bool http_parse_retry_after(const char *line, size_t len, time_t now, long *secs)
{
    static const char name[] = "retry-after:";
    if (len <= sizeof name - 1 || strncasecmp(line, name, sizeof name - 1) != 0)
        return false;
    char v[128];
    size_t vl = len - (sizeof name - 1);
    if (vl >= sizeof v)
        vl = sizeof v - 1;
    memcpy(v, line + sizeof name - 1, vl);
    v[vl] = '\0';
    char *b = v;
    while (*b == ' ' || *b == '\t')
        b++;
    char *e = b + strlen(b);
    while (e > b && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' '))
        *--e = '\0';
    long s;
    if (str_to_long(b, 0, 86400, &s)) {
        *secs = s;
        return true;
    }
    time_t t = curl_getdate(b, NULL); /* an HTTP-date */
    if (t <= 0)
        return false;
    *secs = t > now ? (long)(t - now) : 0;
    if (*secs > 86400)
        *secs = 86400;
    return true;
}

static size_t on_header(char *p, size_t size, size_t n, void *arg)
{
    struct sink *s = arg;
    size_t len = size * n;
    long secs;
    if (http_parse_retry_after(p, len, time(NULL), &secs))
        s->r->retry_after_s = secs;
    return len;
}

enum kerr http_request(struct http *h, const char *method, const char *path, const char *header,
                       const char *content_type, const void *body, size_t len, long timeout_ms,
                       struct http_resp *r)
{
    memset(r, 0, sizeof *r);
    r->retry_after_s = -1;
    /* libcurl (and the TLS library behind it) is set up at the first request, not when the
     * client is made at start-up: a kiosk whose queue is empty never pays for it. */
    if (!h->curl) {
        pthread_once(&global_once, global_init);
        h->curl = curl_easy_init();
        if (!h->curl)
            abort(); /* only fails when out of memory */
    }
    CURL *c = h->curl;
    curl_easy_reset(c);
    char *url = xasprintf("%s%s", h->base, path);
    struct sink sink = {.r = r};
    struct curl_slist *hdrs = NULL;
    char ct[128];
    if (h->auth)
        hdrs = curl_slist_append(hdrs, h->auth);
    if (header)
        hdrs = curl_slist_append(hdrs, header);
    if (content_type) {
        snprintf(ct, sizeof ct, "Content-Type: %s", content_type);
        hdrs = curl_slist_append(hdrs, ct);
    }
    hdrs = curl_slist_append(hdrs, "Expect:"); /* no 100-continue round trip for uploads */
    curl_easy_setopt(c, CURLOPT_URL, url);
    curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdrs);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms < 5000 ? timeout_ms : 5000L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
    if (h->ca_file)
        curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_file);
    curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_body);
    curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
    curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, on_header);
    curl_easy_setopt(c, CURLOPT_HEADERDATA, &sink);
    curl_easy_setopt(c, CURLOPT_USERAGENT, "kiosk-sync/1");
    if (strcmp(method, "GET") == 0) {
        curl_easy_setopt(c, CURLOPT_HTTPGET, 1L);
    } else if (strcmp(method, "HEAD") == 0) {
        curl_easy_setopt(c, CURLOPT_NOBODY, 1L);
    } else {
        curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, method);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body ? body : "");
        curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)(body ? len : 0));
    }
    CURLcode cc = curl_easy_perform(c);
    enum kerr e = K_OK;
    if (sink.too_large) {
        snprintf(r->err, sizeof r->err, "response larger than %u bytes", HTTP_MAX_BODY);
        e = K_ERR_TOO_LARGE;
    } else if (cc == CURLE_OPERATION_TIMEDOUT) {
        snprintf(r->err, sizeof r->err, "timed out after %ld ms", timeout_ms);
        e = K_ERR_TIMEOUT;
    } else if (cc != CURLE_OK) {
        snprintf(r->err, sizeof r->err, "%s", curl_easy_strerror(cc));
        e = K_ERR_NETWORK;
    }
    if (e == K_OK)
        curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &r->status);
    else
        r->status = 0;
    if (!r->body)
        r->body = xcalloc(1, 1);
    curl_slist_free_all(hdrs);
    free(url);
    return e;
}
