/* platform/signals.c: signal flag for orderly shutdown (platform layer). */
#include "platform/signals.h"

#include <signal.h>
#include <string.h>

static volatile sig_atomic_t quit_flag;

static void on_signal(int sig)
{
    (void)sig;
    quit_flag = 1;
}

void signals_install(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
}

bool signals_quit_requested(void)
{
    return quit_flag != 0;
}

void signals_request_quit(void)
{
    quit_flag = 1;
}
