/* Tests for platform/watchdog.c: the sd_notify datagrams, received on a real unix socket,
 * from the module and from the kiosk binary's main loop. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "platform/watchdog.h"
#include "tests/support/ktest.h"

static int bind_abstract(const char *name)
{
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    struct sockaddr_un a;
    memset(&a, 0, sizeof a);
    a.sun_family = AF_UNIX;
    memcpy(a.sun_path + 1, name, strlen(name));
    if (bind(fd, (struct sockaddr *)&a, (socklen_t)(sizeof(sa_family_t) + 1 + strlen(name))))
        perror("bind");
    struct timeval tv = {.tv_sec = 5};
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    return fd;
}

static int recv_msg(int fd, char *buf, size_t n)
{
    ssize_t r = recv(fd, buf, n - 1, 0);
    if (r < 0)
        return -1;
    buf[r] = '\0';
    return (int)r;
}

static void test_module(void)
{
    char name[64], env[80], buf[128];
    snprintf(name, sizeof name, "kiosk-wd-test-%d", (int)getpid());
    int fd = bind_abstract(name);
    unsetenv("NOTIFY_SOCKET");
    CHECK(!watchdog_init());
    watchdog_ready(); /* no-op, must not crash */
    snprintf(env, sizeof env, "@%s", name);
    setenv("NOTIFY_SOCKET", env, 1);
    setenv("WATCHDOG_USEC", "200000", 1);
    CHECK(watchdog_init());
    CHECK_EQ_INT(watchdog_interval_ms(), 100);
    watchdog_ready();
    CHECK(recv_msg(fd, buf, sizeof buf) > 0 && strcmp(buf, "READY=1") == 0);
    watchdog_kick(1000);
    CHECK(recv_msg(fd, buf, sizeof buf) > 0 && strcmp(buf, "WATCHDOG=1") == 0);
    watchdog_kick(1050); /* within half a period: nothing sent */
    watchdog_kick(1100);
    CHECK(recv_msg(fd, buf, sizeof buf) > 0 && strcmp(buf, "WATCHDOG=1") == 0);
    watchdog_stopping();
    CHECK(recv_msg(fd, buf, sizeof buf) > 0 && strcmp(buf, "STOPPING=1") == 0);
    setenv("WATCHDOG_USEC", "garbage", 1);
    CHECK(watchdog_init());
    CHECK_EQ_INT(watchdog_interval_ms(), 0);
    setenv("NOTIFY_SOCKET", "relative/path", 1);
    CHECK(!watchdog_init());
    close(fd);
}

static void test_kiosk_binary(void)
{
    const char *bin = getenv("KIOSK_BIN");
    CHECK(bin != NULL);
    if (!bin)
        return;
    char name[64], env[80], buf[128], conf[512];
    snprintf(name, sizeof name, "kiosk-wd-bin-%d", (int)getpid());
    /* its own data folder: never the machine's /var/lib/kiosk */
    snprintf(conf, sizeof conf, "%s/watchdog.conf", ktest_tmpdir());
    FILE *cf = fopen(conf, "w");
    CHECK(cf != NULL);
    if (!cf)
        return;
    fprintf(cf, "paths.data_dir = %s/data\n", ktest_tmpdir());
    fclose(cf);
    int fd = bind_abstract(name);
    snprintf(env, sizeof env, "@%s", name);
    pid_t pid = fork();
    if (pid == 0) {
        setenv("NOTIFY_SOCKET", env, 1);
        setenv("WATCHDOG_USEC", "2000", 1); /* 1 ms keep-alive interval */
        int devnull = open("/dev/null", 1);
        dup2(devnull, 2);
        execl(bin, bin, "--config", conf, "--headless", "--frames", "20", (char *)NULL);
        _exit(127);
    }
    int ready = 0, kicks = 0, stopping = 0;
    while (recv_msg(fd, buf, sizeof buf) > 0) {
        ready += strcmp(buf, "READY=1") == 0;
        kicks += strcmp(buf, "WATCHDOG=1") == 0;
        if (strcmp(buf, "STOPPING=1") == 0) {
            stopping = 1;
            break;
        }
    }
    int status;
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    CHECK_EQ_INT(ready, 1);
    CHECKF(kicks >= 1, "%d keep-alives", kicks);
    CHECK_EQ_INT(stopping, 1);
    close(fd);
}

int main(void)
{
    KTEST_RUN(test_module);
    KTEST_RUN(test_kiosk_binary);
    return ktest_done();
}
