/* platform/evq.h: the one event queue from device and sync threads to the UI thread.
 *
 * Producers (device threads, the outbox worker) post events; the UI loop drains them with
 * evq_poll() and never blocks on the queue itself: it sleeps until evq_fd() is readable (or
 * the notify function set with evq_set_notify() has woken it), so a post wakes an idle UI. An event
 * owns its payload: evq_event_free() calls the payload's free function. The queue is bounded; when
 * full, evq_post() drops the oldest event of the same type if there is one (states supersede each
 * other), else the oldest event, and counts the drop; the newest event is never lost. Thread-safe.
 */
#ifndef PLATFORM_EVQ_H
#define PLATFORM_EVQ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum ev_type {
    EV_NONE,
    EV_IDCARD_STATE,  /* reader state changed (payload: driver-defined struct) */
    EV_IDCARD_READ,   /* a card was read */
    EV_PRINTER_STATE, /* printer status changed or a print finished */
    EV_SCAN,          /* a QR/bar code was scanned */
    EV_SCANNER_STATE,
    EV_CAMERA_FRAME, /* a preview frame */
    EV_CAMERA_PAGE,  /* a page was captured */
    EV_CAMERA_STATE,
    EV_SYNC_PROGRESS,  /* outbox delivery progress */
    EV_SYNC_DELIVERED, /* a case was delivered */
    EV_STATUS_RESULT,  /* a status lookup answered */
    EV_DEVICE_HOTPLUG, /* a device appeared or went away */
    EV_USER,           /* anything else; code tells */
};

struct ev {
    enum ev_type type;
    int code;        /* type-specific (an enum kerr, a state number) */
    int64_t mono_ms; /* when it was posted */
    void *payload;   /* owned by the event */
    void (*payload_free)(void *payload);
};

struct evq;

struct evq *evq_create(size_t capacity);
void evq_destroy(struct evq *q); /* frees pending events; NULL is a no-op */
/* Post a copy of *e (the queue takes ownership of e->payload, even when it drops it). */
void evq_post(struct evq *q, const struct ev *e);
/* Take the oldest event into *out; false when empty. Never blocks. */
bool evq_poll(struct evq *q, struct ev *out);
/* Wait up to timeout_ms for an event (for worker threads and tests, not the UI thread). */
bool evq_wait(struct evq *q, struct ev *out, int timeout_ms);
/* Free an event's payload. */
void evq_event_free(struct ev *e);
size_t evq_dropped(struct evq *q);
/* A file descriptor (an eventfd) that polls readable while events are pending and stops being
 * readable once evq_poll() has emptied the queue; -1 when the system gave none. Owned by the
 * queue: the caller only polls it. */
int evq_fd(const struct evq *q);
/* Call fn(ud) after every post, on the posting thread, outside the queue's lock (the UI sets
 * one that wakes a window system's event wait). fn must be thread-safe; NULL unsets it. */
void evq_set_notify(struct evq *q, void (*fn)(void *ud), void *ud);

#endif
