/* server/hub_internal.h: what the hub_*.c files share and nobody else sees (server/).
 *
 * struct hub is defined here only; other modules reach its parts through the accessors in
 * hub.h. The SQLite helpers are called with the lock held (or from hub_open).
 */
#ifndef SERVER_HUB_INTERNAL_H
#define SERVER_HUB_INTERNAL_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>

#include "app/core/calendar.h"
#include "app/core/service.h"
#include "server/hub.h"
#include "server/notify.h"

struct cJSON;

/* A staff session lasts this long. */
#define SESSION_MS (8LL * 3600 * 1000)

struct hub {
    char data[512];
    char blobdir[600];
    sqlite3 *db;
    pthread_mutex_t lock;
    struct service svc;
    struct calendar *cal;
    struct notifier *notifier;
    struct policy *policy; /* server/policy.h: who sees what, payment dates (NULL: none) */
};

/* printf into err (NULL or n == 0: nothing). */
void hub_set_err(char *err, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* The lower-case hex SHA-256 of p. */
void hub_sha256_hex(const void *p, size_t n, char out[65]);
/* A prepared statement, or NULL (logged as E723). */
sqlite3_stmt *hub_prep(struct hub *h, const char *sql);
bool hub_exec(struct hub *h, const char *sql);
/* bytes random bytes as URL-safe base64 into out. */
void hub_random_token(char *out, size_t n, size_t bytes);
/* Fill a with status and o printed (o is freed). */
void hub_answer_json(struct hub_answer *a, int status, struct cJSON *o);
/* The id of the case whose column col is val (0: none, -1: database error); its body hash and
 * kiosk when asked. */
long long hub_case_id_by(struct hub *h, const char *col, const char *val, char *body_hash,
                         char *kiosk, size_t kn);
/* completed and rejected are final. */
bool hub_final_status(const char *s);

#endif
