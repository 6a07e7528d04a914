/* tests/support/kiosk_run.h: options for a test kiosk that runs one of tests/e2e's scripts. */
#ifndef TESTS_SUPPORT_KIOSK_RUN_H
#define TESTS_SUPPORT_KIOSK_RUN_H

#include "app/kiosk/app.h"

/* A headless portrait kiosk on the simulated devices, configured by conf, running
 * tests/e2e/SCRIPT.script (its path is kept in a static buffer, valid until the next call). */
struct kiosk_opts ktest_script_opts(const char *conf, const char *script);

#endif
