/* tests/app/sync/casehub_run.h: start and stop a real casehub on loopback for tests and
 * benchmarks (test-only). The data folder is created; a kiosk token is made with
 * `casehub --data DIR kiosk add NAME`; the server listens on a port chosen free. */
#ifndef TESTS_APP_SYNC_CASEHUB_RUN_H
#define TESTS_APP_SYNC_CASEHUB_RUN_H

#include <sys/types.h>

struct casehub_run {
    pid_t pid;
    int port;
    char token[256];
    char data[512];
    char bin[512];
};

/* 0 when casehub answers on its port; -1 otherwise (message on stderr). */
int casehub_run_start(const char *bin, const char *data_dir, struct casehub_run *hub);
/* SIGTERM and wait; no-op when not running. */
void casehub_run_stop(struct casehub_run *hub);
/* Run `casehub --data DIR ARGS...` (NULL-terminated) and capture its stdout into out. Returns
 * the exit status, -1 when it could not run. */
int casehub_run_cli(const struct casehub_run *hub, char *out, size_t n, ...);

/* Number of cases the backend holds (`casehub --data DIR case count`); -1 on error. */
long casehub_count_cases(const struct casehub_run *hub);

#endif
