/* tests/app/sync/casehub_run.c: a real casehub child process for tests (test-only). */
#include "tests/app/sync/casehub_run.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "platform/fsutil.h"
#include "platform/xalloc.h"

static int free_port(void)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
    socklen_t l = sizeof a;
    int port = -1;
    if (bind(fd, (struct sockaddr *)&a, sizeof a) == 0 &&
        getsockname(fd, (struct sockaddr *)&a, &l) == 0)
        port = ntohs(a.sin_port);
    close(fd);
    return port;
}

static bool answers(int port)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    struct sockaddr_in a = {.sin_family = AF_INET,
                            .sin_addr.s_addr = htonl(INADDR_LOOPBACK),
                            .sin_port = htons((uint16_t)port)};
    bool ok = connect(fd, (struct sockaddr *)&a, sizeof a) == 0;
    close(fd);
    return ok;
}

int casehub_run_cli(const struct casehub_run *hub, char *out, size_t n, ...)
{
    const char *argv[32];
    size_t k = 0;
    argv[k++] = hub->bin;
    argv[k++] = "--data";
    argv[k++] = hub->data;
    va_list ap;
    va_start(ap, n);
    const char *a;
    while (k < 31 && (a = va_arg(ap, const char *)) != NULL)
        argv[k++] = a;
    va_end(ap);
    argv[k] = NULL;
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        dup2(fd[1], 1);
        close(fd[0]);
        close(fd[1]);
        execv(hub->bin, (char *const *)argv);
        _exit(127);
    }
    close(fd[1]);
    size_t len = 0;
    ssize_t r;
    while (len + 1 < n && (r = read(fd[0], out + len, n - 1 - len)) > 0)
        len += (size_t)r;
    out[len] = '\0';
    close(fd[0]);
    int st;
    waitpid(pid, &st, 0);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

int casehub_run_start(const char *bin, const char *data_dir, struct casehub_run *hub)
{
    memset(hub, 0, sizeof *hub);
    str_copy(hub->bin, sizeof hub->bin, bin);
    str_copy(hub->data, sizeof hub->data, data_dir);
    fs_mkdir_p(data_dir, 0700);
    char out[1024];
    if (casehub_run_cli(hub, out, sizeof out, "kiosk", "add", "kiosk-1", NULL) != 0) {
        fprintf(stderr, "casehub kiosk add failed: %s\n", out);
        return -1;
    }
    /* the token is the last non-empty line */
    char *end = out + strlen(out);
    while (end > out && (end[-1] == '\n' || end[-1] == ' '))
        *--end = '\0';
    char *line = strrchr(out, '\n');
    str_copy(hub->token, sizeof hub->token, line ? line + 1 : out);
    for (int tries = 0; tries < 5; tries++) {
        hub->port = free_port();
        char listen[64];
        snprintf(listen, sizeof listen, "127.0.0.1:%d", hub->port);
        hub->pid = fork();
        if (hub->pid == 0) {
            prctl(PR_SET_PDEATHSIG, SIGTERM); /* never outlive a crashed test */
            int null = open("/dev/null", O_WRONLY);
            if (!getenv("CASEHUB_VERBOSE"))
                dup2(null, 2);
            execl(bin, bin, "--listen", listen, "--data", data_dir, (char *)NULL);
            _exit(127);
        }
        for (int i = 0; i < 200; i++) {
            if (answers(hub->port)) {
                /* ours, not another test's server on a port taken meanwhile */
                struct timespec ts = {0, 200000000};
                nanosleep(&ts, NULL);
                int st;
                if (waitpid(hub->pid, &st, WNOHANG) == 0)
                    return 0;
                hub->pid = 0;
                break;
            }
            int st;
            if (waitpid(hub->pid, &st, WNOHANG) == hub->pid) {
                hub->pid = 0;
                break;
            }
            struct timespec ts = {0, 25000000};
            nanosleep(&ts, NULL);
        }
        casehub_run_stop(hub);
    }
    fprintf(stderr, "casehub did not start\n");
    return -1;
}

void casehub_run_stop(struct casehub_run *hub)
{
    if (hub->pid <= 0)
        return;
    kill(hub->pid, SIGTERM);
    int st;
    waitpid(hub->pid, &st, 0);
    hub->pid = 0;
}

long casehub_count_cases(const struct casehub_run *hub)
{
    char out[256];
    long n = -1;
    if (casehub_run_cli(hub, out, sizeof out, "case", "count", NULL) != 0)
        return -1;
    char *nl = strchr(out, '\n');
    if (nl)
        *nl = '\0';
    return str_to_long(out, 0, 1000000000L, &n) ? n : -1;
}
