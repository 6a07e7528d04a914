/* server/proxy.c: trusted reverse proxies, X-Forwarded-For and X-Forwarded-Proto. */
#include "server/proxy.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

/* One address (no port, no brackets) of length n into out; false when it is not one. */
static bool parse_addr(const char *s, size_t n, unsigned char out[16])
{
    char buf[64];
    if (n == 0 || n >= sizeof buf)
        return false;
    memcpy(buf, s, n);
    buf[n] = '\0';
    struct in_addr a4;
    if (inet_pton(AF_INET, buf, &a4) == 1) {
        memset(out, 0, 10);
        out[10] = out[11] = 0xff;
        memcpy(out + 12, &a4, 4);
        return true;
    }
    return inet_pton(AF_INET6, buf, out) == 1;
}

static bool is_space(char c)
{
    return c == ' ' || c == '\t';
}

enum kerr proxy_parse(const char *spec, struct proxy_list *out, char *err, size_t errlen)
{
    memset(out, 0, sizeof *out);
    const char *p = spec ? spec : "";
    while (*p) {
        while (is_space(*p) || *p == ',')
            p++;
        if (!*p)
            break;
        const char *e = p;
        while (*e && *e != ',' && !is_space(*e))
            e++;
        if (out->n == PROXY_MAX || !parse_addr(p, (size_t)(e - p), out->addr[out->n])) {
            snprintf(err, errlen,
                     "E781: --trusted-proxy: '%.*s' is not an IPv4 or IPv6 address (at most %d)",
                     (int)(e - p > 64 ? 64 : e - p), p, PROXY_MAX);
            memset(out, 0, sizeof *out);
            return K_ERR_INVALID;
        }
        out->n++;
        p = e;
    }
    return K_OK;
}

bool proxy_addr_of(const struct sockaddr *sa, unsigned char out[16])
{
    if (!sa)
        return false;
    if (sa->sa_family == AF_INET) {
        const struct sockaddr_in *s4 = (const struct sockaddr_in *)(const void *)sa;
        memset(out, 0, 10);
        out[10] = out[11] = 0xff;
        memcpy(out + 12, &s4->sin_addr, 4);
        return true;
    }
    if (sa->sa_family == AF_INET6) {
        memcpy(out, &((const struct sockaddr_in6 *)(const void *)sa)->sin6_addr, 16);
        return true;
    }
    return false;
}

bool proxy_trusted(const struct proxy_list *l, const unsigned char addr[16])
{
    for (size_t i = 0; l && i < l->n; i++)
        if (memcmp(l->addr[i], addr, 16) == 0)
            return true;
    return false;
}

void proxy_client(const struct proxy_list *l, const unsigned char peer[16], const char *xff,
                  unsigned char client[16])
{
    memcpy(client, peer, 16);
    if (!xff || !proxy_trusted(l, peer))
        return;
    /* walk from the right: each hop appended the address it was connected from */
    size_t end = strlen(xff);
    while (end > 0) {
        size_t start = end;
        while (start > 0 && xff[start - 1] != ',')
            start--;
        size_t a = start, b = end;
        while (a < b && is_space(xff[a]))
            a++;
        while (b > a && is_space(xff[b - 1]))
            b--;
        unsigned char hop[16];
        if (!parse_addr(xff + a, b - a, hop))
            return; /* garbage (or a forged prefix): keep what we have */
        memcpy(client, hop, 16);
        if (!proxy_trusted(l, hop))
            return;
        end = start > 0 ? start - 1 : 0;
    }
}

bool proxy_https(const struct proxy_list *l, const unsigned char peer[16], const char *xfp)
{
    if (!xfp || !proxy_trusted(l, peer))
        return false;
    const char *last = strrchr(xfp, ',');
    last = last ? last + 1 : xfp;
    while (is_space(*last))
        last++;
    size_t n = strlen(last);
    while (n && is_space(last[n - 1]))
        n--;
    return n == 5 && strncasecmp(last, "https", 5) == 0;
}
