/* tests/support/kiosk_run.c: see kiosk_run.h. */
#include "tests/support/kiosk_run.h"

#include <stdio.h>

#include "tests/support/ktest.h"

struct kiosk_opts ktest_script_opts(const char *conf, const char *script)
{
    static char path[1024];
    snprintf(path, sizeof path, "%s/tests/e2e/%s.script", ktest_src(), script);
    return (struct kiosk_opts){.config_path = conf,
                               .orientation = "portrait",
                               .headless = true,
                               .sim = true,
                               .script = path};
}
