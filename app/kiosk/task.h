/* app/kiosk/task.h: run blocking work (SQLite, network, a device's opening) off the UI
 * thread, on threads the app owns. The result comes back as an EV_USER event with the given
 * code and the function's result as payload (freed with free_fn after the screen has seen it).
 *
 * A job carries copies of what it needs (config_dup() of the configuration, strings copied
 * into the job), never pointers into struct kiosk_app: the UI thread may change or free
 * those while the job runs. tasks_destroy() waits for every task still running, so none
 * outlives the app. UI thread only (the tasks themselves run on their own threads).
 */
#ifndef APP_KIOSK_TASK_H
#define APP_KIOSK_TASK_H

#include <stdbool.h>

#include "platform/evq.h"

struct tasks;

/* The app's task list; results are posted to q (borrowed: destroy the tasks first). */
struct tasks *tasks_create(struct evq *q);
/* Wait for every running task to finish (their results are posted to the queue and freed
 * with it), then free the list. NULL is a no-op. */
void tasks_destroy(struct tasks *t);
/* Start fn(arg) on a new thread of the list; false when no thread could be started (then
 * nothing runs and arg is untouched). Finished threads are joined here as new ones start. */
bool task_run(struct tasks *t, int code, void *(*fn)(void *arg), void *arg,
              void (*free_fn)(void *result));
/* Tasks started and not yet joined (for tests). */
int tasks_pending(struct tasks *t);

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
