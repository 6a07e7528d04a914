/* server/notify.h: how casehub tells an applicant that a matter changed (server/).
 *
 * A notifier sends one SMS (phone number and text). Two drivers behind one ops table:
 *   "log"  appends one JSON line per message to a file (the default: nothing leaves the
 *          machine; tests read the file);
 *   "http" POSTs {"phone": "...", "text": "..."} as JSON to an SMS gateway URL (libcurl),
 *          with an optional bearer token; 2xx is success.
 * Messages are queued in the database in the same transaction as the status change and sent
 * by a background thread (hub_notify_pending), so none is lost when the gateway is down.
 * Ownership: notifier_create/notifier_destroy. A notifier is used by one thread at a time.
 */
#ifndef SERVER_NOTIFY_H
#define SERVER_NOTIFY_H

#include <stddef.h>

#include "platform/err.h"

struct notifier;

struct notifier_ops {
    const char *name;
    /* Send one message. K_OK when the peer took it; anything else is retried later. */
    enum kerr (*send)(struct notifier *n, const char *phone, const char *text);
    void (*destroy)(struct notifier *n);
};

struct notifier {
    const struct notifier_ops *ops;
    char target[512]; /* log: file path; http: gateway URL */
    char auth[256];   /* http: bearer token, "" for none */
};

/* kind "log" (target = file) or "http" (target = URL, auth may be ""). NULL for an unknown
 * kind. */
struct notifier *notifier_create(const char *kind, const char *target, const char *auth);
void notifier_destroy(struct notifier *n);
enum kerr notifier_send(struct notifier *n, const char *phone, const char *text);

#endif
