/* server/proxy.h: who the client is when casehub sits behind reverse proxies (server/).
 *
 * `casehub --trusted-proxy ADDR[,ADDR...]` names the proxies (IPv4 or IPv6 addresses) whose
 * X-Forwarded-For and X-Forwarded-Proto headers are believed. From any other peer those
 * headers are ignored: the peer's own address is the client. Pure functions, no I/O; the
 * list is filled once at start and then only read (any thread).
 */
#ifndef SERVER_PROXY_H
#define SERVER_PROXY_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/socket.h>

#include "platform/err.h"

#define PROXY_MAX 16

/* Addresses are kept as 16 bytes, IPv4 as IPv4-mapped IPv6 (::ffff:a.b.c.d). */
struct proxy_list {
    size_t n;
    unsigned char addr[PROXY_MAX][16];
};

/* Parse "ADDR[,ADDR...]" (spaces allowed around commas) into out (emptied first). K_OK, or
 * K_ERR_INVALID with "E761: ..." naming the bad entry in err. NULL or "" gives an empty list. */
enum kerr proxy_parse(const char *spec, struct proxy_list *out, char *err, size_t errlen);
/* The 16-byte form of a socket address (AF_INET or AF_INET6); false for other families. */
bool proxy_addr_of(const struct sockaddr *sa, unsigned char out[16]);
bool proxy_trusted(const struct proxy_list *l, const unsigned char addr[16]);
/* The client of a request that came from peer (16-byte form): when the peer is a trusted
 * proxy and xff (the X-Forwarded-For values, comma-separated, in order; may be NULL) names
 * addresses, the right-most one that is not itself a trusted proxy (what the nearest
 * untrusted hop connected from); otherwise the peer. A malformed entry stops the walk (the
 * entry before it, or the peer, is the client). */
void proxy_client(const struct proxy_list *l, const unsigned char peer[16], const char *xff,
                  unsigned char client[16]);
/* True when the peer is a trusted proxy whose last X-Forwarded-Proto value is "https". */
bool proxy_https(const struct proxy_list *l, const unsigned char peer[16], const char *xfp);

#endif
