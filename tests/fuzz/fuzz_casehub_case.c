/* tests/fuzz/fuzz_casehub_case.c: casehub's parser of a kiosk's case body (server/hub_case.c,
 * hub_case_create) and of status lookups (hub_status_json), against a real hub in a scratch
 * folder. Whatever the bytes: an answer with a status and a JSON body, never a crash; only a
 * 201/200 may have stored anything. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform/fsutil.h"
#include "platform/xalloc.h"
#include "server/hub.h"

static struct hub *hub;
static bool ready;
static char dir[] = "/tmp/fuzz_casehub.XXXXXX";

static void teardown(void)
{
    hub_close(hub);
    fs_remove_tree(dir);
}

static void setup(void)
{
    if (!mkdtemp(dir))
        abort();
    const char *src = getenv("KIOSK_SRC");
    char svc[600], cal[600], err[600];
    snprintf(svc, sizeof svc, "%s/assets/services/veteran-discharge.json", src ? src : ".");
    snprintf(cal, sizeof cal, "%s/assets/calendar", src ? src : ".");
    if (hub_open(&hub, dir, svc, cal, err, sizeof err) != K_OK) {
        fprintf(stderr, "%s\n", err);
        abort();
    }
    /* the kiosk the bodies come from, bound to the corpus's kiosk number (3) so that valid
     * bodies reach the insert; other numbers are refused with 403 (a token's binding) */
    char tok[128];
    if (hub_kiosk_add(hub, "fuzz", 3, tok, sizeof tok, err, sizeof err) != K_OK) {
        fprintf(stderr, "%s\n", err);
        abort();
    }
    ready = true;
    atexit(teardown);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready)
        setup();
    struct hub_answer a;
    /* the body's own uuid as the key, when it has one, so that valid bodies get through */
    char key[40] = "";
    for (size_t i = 0; i + 8 + 36 <= size; i++)
        if (memcmp(data + i, "\"uuid\":\"", 8) == 0) {
            memcpy(key, data + i + 8, 36);
            break;
        }
    hub_case_create(hub, "fuzz", key, (const char *)data, size, &a);
    if (a.status < 200 || a.status > 599 || !a.body || a.body[0] != '{')
        abort();
    free(a.body);
    char *text = xstrndup((const char *)data, size < 64 ? size : 64);
    char *q = strchr(text, '?');
    if (q)
        *q++ = '\0';
    hub_status_json(hub, text, q, &a);
    if ((a.status != 200 && a.status != 404) || !a.body)
        abort();
    free(a.body);
    free(text);
    return 0;
}
