/* server/conns.h: casehub's guard against slow and idle clients holding its connections
 * (slowloris), on top of libmicrohttpd's limits (server/).
 *
 * libmicrohttpd 0.9.75 closes a connection only after it has been *silent* for its connection
 * timeout, so a client that sends its request one byte every few seconds keeps a connection
 * for ever, and enough of them (from enough addresses to pass the per-address limit) take
 * every slot of the connection limit: health checks and kiosks are then refused. This guard
 * follows every connection (MHD_OPTION_NOTIFY_CONNECTION) through two phases:
 *   waiting - from its accept, or from its last answer (keep-alive), until the headers of its
 *             next request are complete (the access handler's first call);
 *   request - from there until the answer was sent (MHD_OPTION_NOTIFY_COMPLETED).
 * A connection waiting longer than the header deadline is shut down (shutdown(2); the library
 * then closes it), however often it sends a byte. And waiting connections may take at most
 * max_waiting slots (below the connection limit): a new connection beyond that shuts the
 * longest-waiting one down, so a flood of unfinished requests, from however many addresses,
 * can never take the place of a request that arrives whole (a health check, a kiosk). Bodies
 * are not covered: their pace is libmicrohttpd's idle timeout's (and a body needs a kiosk
 * token or a console form of limited size). */
#ifndef SERVER_CONNS_H
#define SERVER_CONNS_H

#include <microhttpd.h>

struct conns;

/* A guard closing waiting connections after header_timeout_s and keeping at most max_waiting
 * of them (both >= 1); starts its watchdog thread. NULL when the thread cannot start. */
struct conns *conns_create(unsigned max_waiting, unsigned header_timeout_s);
/* Stop the watchdog and free (after MHD_stop_daemon). NULL is a no-op. */
void conns_destroy(struct conns *g);

/* MHD_OPTION_NOTIFY_CONNECTION callback; cls is the guard. */
void conns_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                  enum MHD_ConnectionNotificationCode code);
/* A request's headers are complete: the connection is no longer waiting. */
void conns_request(struct conns *g, struct MHD_Connection *c);
/* Its answer was sent (or the request ended): it waits for the next request from now on. */
void conns_idle(struct conns *g, struct MHD_Connection *c);

/* Connections waiting now, and shut down by the guard since it started (for tests, logs). */
unsigned conns_waiting(struct conns *g);
unsigned long conns_shut(struct conns *g);

#endif
