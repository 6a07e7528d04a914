/* server/notify.c: the log-file and HTTP SMS-gateway notifiers (server/). */
#include "server/notify.h"

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "platform/xalloc.h"

static enum kerr log_send(struct notifier *n, const char *phone, const char *text)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "at", (double)time(NULL));
    cJSON_AddStringToObject(o, "phone", phone);
    cJSON_AddStringToObject(o, "text", text);
    char *line = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    enum kerr e = K_ERR_IO;
    int fd = open(n->target, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
    if (fd >= 0 && line) {
        size_t len = strlen(line);
        line[len] = '\n'; /* replaces the NUL: write len + 1 bytes */
        if (write(fd, line, len + 1) == (ssize_t)(len + 1) && fsync(fd) == 0)
            e = K_OK;
    }
    if (fd >= 0)
        close(fd);
    cJSON_free(line);
    return e;
}

static size_t discard(char *p, size_t size, size_t nmemb, void *u)
{
    (void)p;
    (void)u;
    return size * nmemb;
}

static enum kerr http_send(struct notifier *n, const char *phone, const char *text)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "phone", phone);
    cJSON_AddStringToObject(o, "text", text);
    char *body = cJSON_PrintUnformatted(o);
    cJSON_Delete(o);
    CURL *c = curl_easy_init();
    struct curl_slist *hdr = curl_slist_append(NULL, "Content-Type: application/json");
    char auth[300];
    if (n->auth[0]) {
        snprintf(auth, sizeof auth, "Authorization: Bearer %s", n->auth);
        hdr = curl_slist_append(hdr, auth);
    }
    enum kerr e = K_ERR_NETWORK;
    if (c && body) {
        curl_easy_setopt(c, CURLOPT_URL, n->target);
        curl_easy_setopt(c, CURLOPT_POSTFIELDS, body);
        curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
        curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, 10000L);
        curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
        if (curl_easy_perform(c) == CURLE_OK) {
            long code = 0;
            curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
            e = code >= 200 && code < 300 ? K_OK : K_ERR_SERVER;
        }
    }
    curl_slist_free_all(hdr);
    curl_easy_cleanup(c);
    cJSON_free(body);
    return e;
}

static void plain_destroy(struct notifier *n)
{
    free(n);
}

static const struct notifier_ops log_ops = {
    .name = "log", .send = log_send, .destroy = plain_destroy};
static const struct notifier_ops http_ops = {
    .name = "http", .send = http_send, .destroy = plain_destroy};

struct notifier *notifier_create(const char *kind, const char *target, const char *auth)
{
    const struct notifier_ops *ops = NULL;
    if (strcmp(kind, "log") == 0)
        ops = &log_ops;
    else if (strcmp(kind, "http") == 0)
        ops = &http_ops;
    if (!ops || !target || !target[0])
        return NULL;
    struct notifier *n = xcalloc(1, sizeof *n);
    n->ops = ops;
    if (!str_copy(n->target, sizeof n->target, target) ||
        !str_copy(n->auth, sizeof n->auth, auth ? auth : "")) {
        free(n);
        return NULL;
    }
    return n;
}

void notifier_destroy(struct notifier *n)
{
    if (n)
        n->ops->destroy(n);
}

enum kerr notifier_send(struct notifier *n, const char *phone, const char *text)
{
    if (!n || !phone || !phone[0] || !text)
        return K_ERR_INVALID;
    return n->ops->send(n, phone, text);
}
