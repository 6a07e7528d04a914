/* tests/server/test_router.c: casehub's router in process (server/router.c), table-driven:
 * a few ordinary answers, and the case codes in a console path that must never reach a
 * Location header (fuzz_casehub_router's findings, docs/fuzzing.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/strings.h"
#include "server/hub.h"
#include "server/router.h"
#include "tests/support/ktest.h"

static struct hub *hub;
static struct router *router;
static char session[80], csrf[33], wsession[80], wcsrf[33];

static void setup(void)
{
    const char *src = getenv("KIOSK_SRC");
    src = src ? src : ".";
    char svc[600], cal[600], strs[600], err[600], tok[128];
    snprintf(svc, sizeof svc, "%s/assets/services/veteran-discharge.json", src);
    snprintf(cal, sizeof cal, "%s/assets/calendar", src);
    snprintf(strs, sizeof strs, "%s/assets/ui/strings", src);
    hub_cheap_pwhash_for_tests();
    bool ok = strings_load_dir(strs, err, sizeof err) == K_OK &&
              hub_open(&hub, ktest_tmpdir(), svc, cal, err, sizeof err) == K_OK &&
              hub_kiosk_add(hub, "k", 0, tok, sizeof tok, err, sizeof err) == K_OK &&
              hub_user_add(hub, "staff", "veterans", "password-1", err, sizeof err) == K_OK &&
              hub_user_add(hub, "win", "window", "password-1", err, sizeof err) == K_OK &&
              hub_login(hub, "staff", "password-1", session, sizeof session) == K_OK &&
              hub_login(hub, "win", "password-1", wsession, sizeof wsession) == K_OK;
    CHECKF(ok, "setup: %s", err);
    if (!ok)
        exit(ktest_done());
    router_csrf_of(session, csrf);
    router_csrf_of(wsession, wcsrf);
    struct router_options o = {.status_per_minute = 1000};
    router = router_create(hub, &o);
    CHECK(router != NULL);
}

/* One request (a form body when body is not NULL) through begin, feed and finish. */
static void serve(const char *method, const char *path, const char *sess, const char *body,
                  struct router_answer *a)
{
    char cl[24];
    snprintf(cl, sizeof cl, "%zu", body ? strlen(body) : 0);
    struct router_pair headers[] = {{"Host", "x"},
                                    {"Content-Type", "application/x-www-form-urlencoded"},
                                    {"Content-Length", cl}};
    struct router_pair cookies[] = {{"casehub_session", sess}};
    struct router_request q = {.method = method,
                               .path = path,
                               .headers = headers,
                               .n_headers = body ? 3 : 1,
                               .cookies = cookies,
                               .n_cookies = sess ? 1 : 0,
                               .peer = {[10] = 0xff, [11] = 0xff, [12] = 127, [15] = 1}};
    struct router_body *b = NULL;
    if (router_begin(router, &q, &b, a)) {
        if (body && body[0])
            router_body_feed(b, body, strlen(body));
        router_finish(router, &q, b, a);
    }
    router_body_free(b);
}

static const char *header_of(const struct router_answer *a, const char *name)
{
    for (size_t i = 0; i < a->n_headers; i++)
        if (strcmp(a->headers[i].name, name) == 0)
            return a->headers[i].value;
    return NULL;
}

static void test_rows(void)
{
    enum { NONE, STAFF, WINDOW };
    static const struct {
        const char *method, *path;
        int who;
        const char *body; /* "@" is replaced by the session's CSRF token */
        int status;
        const char *location; /* expected Location, or NULL for none */
    } rows[] = {
        /* 1 */ {"GET", "/api/v1/health", NONE, NULL, 200, NULL},
        /* 2 */ {"GET", "/", NONE, NULL, 303, "/console/"},
        /* 3 */ {"GET", "/console/", NONE, NULL, 303, "/console/login"},
        /* 4 */ {"GET", "/nowhere", NONE, NULL, 404, NULL},
        /* 5 an unknown case, a plain code: redirected back with ?failed=1 */
        {"POST", "/console/case/K0001-000-0001/matter/1", STAFF, "action=accepted&csrf=@", 303,
         "/console/case/K0001-000-0001?failed=1"},
        /* 6 CR LF in the code (%0D%0A in the URL): no such case, never a Location */
        {"POST", "/console/case/K1\r\nSet-Cookie: x=y/matter/1", STAFF, "action=accepted&csrf=@",
         404, NULL},
        /* 7 the same through the window's verification */
        {"POST", "/console/case/K1\r\nX: y/verify", WINDOW, "csrf=@", 404, NULL},
        /* 8 a lone LF, a NUL-free control byte, a '?' that would forge a flash */
        {"POST", "/console/case/K1\n/matter/1", STAFF, "action=accepted&csrf=@", 404, NULL},
        /* 9 */ {"POST", "/console/case/K1\x01/verify", WINDOW, "csrf=@", 404, NULL},
        /* 10 */
        {"POST", "/console/case/K1?masked=1/matter/1", STAFF, "action=accepted&csrf=@", 404, NULL},
        /* 11 and when viewed */ {"GET", "/console/case/K1\r\n", STAFF, NULL, 404, NULL},
        /* 12 an empty code names no case: no redirect to /console/case/?failed=1 */
        {"POST", "/console/case//matter/1", STAFF, "action=accepted&csrf=@", 404, NULL},
        /* 13 */ {"POST", "/console/case//verify", WINDOW, "csrf=@", 404, NULL},
        /* 14 */ {"GET", "/console/case/", STAFF, NULL, 404, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *sess = rows[i].who == STAFF ? session : rows[i].who == WINDOW ? wsession : NULL;
        const char *tok = rows[i].who == WINDOW ? wcsrf : csrf;
        char body[200] = "";
        if (rows[i].body) {
            const char *at = strchr(rows[i].body, '@');
            snprintf(body, sizeof body, "%.*s%s%s", (int)(at - rows[i].body), rows[i].body, tok,
                     at + 1);
        }
        struct router_answer a;
        serve(rows[i].method, rows[i].path, sess, rows[i].body ? body : NULL, &a);
        const char *loc = header_of(&a, "Location");
        bool clean = true;
        for (size_t h = 0; h < a.n_headers; h++)
            clean = clean && !strpbrk(a.headers[h].value, "\r\n");
        CHECKF(a.status == rows[i].status, "row %zu: status %d", i + 1, a.status);
        CHECKF(rows[i].location ? loc && strcmp(loc, rows[i].location) == 0 : !loc,
               "row %zu: Location %s", i + 1, loc ? loc : "(none)");
        CHECKF(clean, "row %zu: a header value with CR or LF", i + 1);
        router_answer_free(&a);
    }
}

int main(void)
{
    setup();
    test_rows();
    router_destroy(router);
    hub_close(hub);
    return ktest_done();
}
