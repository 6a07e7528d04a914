/* When librime cannot be loaded (E958), the kiosk goes on: the pinyin keyboard tells the
 * applicant to write by hand instead of showing nothing (tests/e2e/ime_down.script). The
 * failure is made here: this executable's dlopen refuses the library's name and hands every
 * other request to the real one. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <string.h>

#include "app/kiosk/app.h"
#include "app/ui/ime.h"
#include "tests/support/kiosk_run.h"
#include "tests/support/ktest.h"

static int refused;

void *dlopen(const char *file, int mode)
{
    if (file && strstr(file, "librime")) {
        refused++;
        return NULL; /* dlerror() then says nothing: ime.c reports "?" */
    }
    void *(*real)(const char *, int);
    *(void **)&real = dlsym(RTLD_NEXT, "dlopen"); /* POSIX's way to take a function */
    return real(file, mode);
}

int main(void)
{
    const char *conf = ktest_kiosk_conf("ime_down", "");
    if (!conf)
        return ktest_done();
    struct kiosk_opts opts = ktest_script_opts(conf, "ime_down");
    static struct kiosk_app app;
    CHECK(kiosk_app_init(&app, &opts) == 0);
    int rc = kiosk_app_run(&app);
    CHECKF(rc == 0, "ime_down failed with %d", rc);
    CHECKF(refused > 0, "librime was never asked for");
    CHECK(!ime_library_loaded());
    kiosk_app_finish(&app);
    return ktest_done();
}
