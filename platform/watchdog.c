/* platform/watchdog.c: sd_notify datagrams to systemd (platform layer). */
#include "platform/watchdog.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "platform/log.h"
#include "platform/xalloc.h"

static struct sockaddr_un addr;
static socklen_t addr_len;
static bool enabled;
static int64_t interval_ms, last_kick_ms = -1;

bool watchdog_init(void)
{
    enabled = false;
    const char *sock = getenv("NOTIFY_SOCKET");
    if (!sock || !*sock || (sock[0] != '/' && sock[0] != '@') ||
        strlen(sock) >= sizeof addr.sun_path)
        return false;
    memset(&addr, 0, sizeof addr);
    addr.sun_family = AF_UNIX;
    memcpy(addr.sun_path, sock, strlen(sock));
    if (sock[0] == '@')
        addr.sun_path[0] = '\0';
    addr_len = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + strlen(sock));
    long usec = 0;
    const char *w = getenv("WATCHDOG_USEC");
    if (w && str_to_long(w, 1, 3600L * 1000000L, &usec))
        interval_ms = usec / 2000;
    else
        interval_ms = 0;
    enabled = true;
    return true;
}

static void send_msg(const char *msg)
{
    if (!enabled)
        return;
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return;
    if (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&addr, addr_len) < 0)
        log_warn("watchdog", "notify failed");
    close(fd);
}

void watchdog_ready(void)
{
    send_msg("READY=1");
}

void watchdog_kick(int64_t now_ms)
{
    if (!enabled || interval_ms <= 0)
        return;
    if (last_kick_ms >= 0 && now_ms - last_kick_ms < interval_ms)
        return;
    last_kick_ms = now_ms;
    send_msg("WATCHDOG=1");
}

void watchdog_stopping(void)
{
    send_msg("STOPPING=1");
}

int64_t watchdog_interval_ms(void)
{
    return enabled ? interval_ms : 0;
}
