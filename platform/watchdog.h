/* platform/watchdog.h: systemd service notifications (sd_notify protocol) for the kiosk.
 *
 * When started by systemd with Type=notify and WatchdogSec=, the environment carries
 * NOTIFY_SOCKET and WATCHDOG_USEC. watchdog_ready() says READY=1 once the first frame is up;
 * watchdog_kick() is called from the main loop every frame and sends WATCHDOG=1 at most every
 * half watchdog period, so a stalled UI thread gets the kiosk restarted. Without those
 * variables every call is a cheap no-op. Messages are datagrams on a unix socket (an abstract
 * one when the path starts with '@'), as sd_notify(3) documents. UI thread only.
 */
#ifndef PLATFORM_WATCHDOG_H
#define PLATFORM_WATCHDOG_H

#include <stdbool.h>
#include <stdint.h>

/* Read the environment; returns true when a notify socket is configured. */
bool watchdog_init(void);
void watchdog_ready(void);
/* now_ms: monotonic milliseconds (from the platform clock). */
void watchdog_kick(int64_t now_ms);
/* Send STOPPING=1 on orderly shutdown. */
void watchdog_stopping(void);
/* The keep-alive interval in ms (half of WATCHDOG_USEC), 0 when there is no watchdog. */
int64_t watchdog_interval_ms(void);

#endif
