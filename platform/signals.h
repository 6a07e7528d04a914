/* platform/signals.h: clean shutdown on SIGTERM and SIGINT (platform layer).
 * The handler only sets a flag; the main loop polls it and shuts down in order. */
#ifndef PLATFORM_SIGNALS_H
#define PLATFORM_SIGNALS_H

#include <stdbool.h>

/* Install handlers for SIGTERM and SIGINT and ignore SIGPIPE. */
void signals_install(void);
/* True once SIGTERM or SIGINT arrived. Async-signal-safe to read. */
bool signals_quit_requested(void);
/* Request quit from code (tests, the service mode's exit). */
void signals_request_quit(void);

#endif
