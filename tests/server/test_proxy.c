/* tests/server/test_proxy.c: server/proxy.c, table-driven: the client address behind trusted
 * proxies (X-Forwarded-For) and https (X-Forwarded-Proto). */
#include <arpa/inet.h>
#include <string.h>

#include "server/proxy.h"
#include "tests/support/ktest.h"

static void addr(const char *s, unsigned char out[16])
{
    struct proxy_list one;
    char err[200];
    CHECKF(proxy_parse(s, &one, err, sizeof err) == K_OK && one.n == 1, "%s", s);
    memcpy(out, one.addr[0], 16);
}

static void test_parse(void)
{
    struct proxy_list l;
    char err[200] = "";
    CHECK(proxy_parse("10.0.0.1, 10.0.0.2,::1", &l, err, sizeof err) == K_OK && l.n == 3);
    CHECK(proxy_parse("", &l, err, sizeof err) == K_OK && l.n == 0);
    CHECK(proxy_parse(NULL, &l, err, sizeof err) == K_OK && l.n == 0);
    CHECK(proxy_parse("10.0.0.1,nope", &l, err, sizeof err) == K_ERR_INVALID && l.n == 0);
    CHECK(strstr(err, "E781") && strstr(err, "nope"));
    CHECK(proxy_parse("10.0.0.1/8", &l, err, sizeof err) == K_ERR_INVALID);
}

static void test_client(void)
{
    struct proxy_list l;
    char err[200];
    proxy_parse("10.0.0.1,10.0.0.2", &l, err, sizeof err);
    struct {
        const char *peer, *xff, *want;
    } rows[] = {
        {"10.0.0.1", "192.0.2.7", "192.0.2.7"},           /* 1 one proxy */
        {"10.0.0.1", "192.0.2.7, 10.0.0.2", "192.0.2.7"}, /* 2 two proxies */
        {"10.0.0.1", "6.6.6.6, 192.0.2.7", "192.0.2.7"},  /* 3 forged prefix ignored */
        {"10.0.0.1", "garbage, 192.0.2.7", "192.0.2.7"},  /* 4 garbage left of the client */
        {"10.0.0.1", "192.0.2.7, garbage", "10.0.0.1"},   /* 5 garbage at the end: the peer */
        {"10.0.0.1", NULL, "10.0.0.1"},                   /* 6 no header */
        {"10.0.0.1", "", "10.0.0.1"},                     /* 7 empty */
        {"192.0.2.9", "1.2.3.4", "192.0.2.9"},            /* 8 untrusted peer: header ignored */
        {"10.0.0.1", "10.0.0.2, 10.0.0.1", "10.0.0.2"},   /* 9 only proxies: the left-most */
        {"10.0.0.1", "2001:db8::7", "2001:db8::7"},       /* 10 IPv6 client */
        {"10.0.0.1", "192.0.2.7:4711", "10.0.0.1"},       /* 11 a port is not an address */
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        unsigned char peer[16], want[16], got[16];
        addr(rows[i].peer, peer);
        addr(rows[i].want, want);
        proxy_client(&l, peer, rows[i].xff, got);
        CHECKF(memcmp(got, want, 16) == 0, "row %zu", i + 1);
    }
}

static void test_https(void)
{
    struct proxy_list l;
    char err[200];
    proxy_parse("10.0.0.1", &l, err, sizeof err);
    unsigned char p[16], q[16];
    addr("10.0.0.1", p);
    addr("10.0.0.9", q);
    CHECK(proxy_https(&l, p, "https"));
    CHECK(proxy_https(&l, p, "http, HTTPS "));
    CHECK(!proxy_https(&l, p, "https, http"));
    CHECK(!proxy_https(&l, p, NULL));
    CHECK(!proxy_https(&l, q, "https")); /* not a trusted proxy */
}

int main(void)
{
    KTEST_RUN(test_parse);
    KTEST_RUN(test_client);
    KTEST_RUN(test_https);
    return ktest_done();
}
