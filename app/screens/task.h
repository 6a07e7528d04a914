/* app/screens/task.h: run blocking work (SQLite, network) off the UI thread. The result comes
 * back as an EV_USER event with the given code and the function's result as payload (freed
 * with free_fn after the screen has seen it). */
#ifndef APP_SCREENS_TASK_H
#define APP_SCREENS_TASK_H

#include <stdbool.h>

#include "platform/evq.h"

/* Start fn(arg) on a detached thread; false when no thread could be started (then nothing
 * runs and arg is untouched). */
bool task_run(struct evq *q, int code, void *(*fn)(void *arg), void *arg,
              void (*free_fn)(void *result));

/* EV_USER codes in use (one list, so they never collide). */
enum task_code {
    TASK_SUBMIT = 1,
    TASK_AUDIT = 2,
    TASK_QUEUE = 3,
    TASK_NETWORK = 4,
    TASK_CAMERA_OPEN = 5,
    TASK_USB = 6,
    TASK_LOGS = 7,
};

#endif
