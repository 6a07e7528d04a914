/* server/hub.h: casehub's state and its domain operations (server/).
 *
 * struct hub owns the SQLite connection (DATA/casehub.db, WAL, synchronous=FULL), the blob
 * folder (DATA/blobs/), the loaded service definition and calendar, and the notifier. Every
 * hub_* function is thread-safe: the database is used under hub->lock (one connection), blob
 * files are written outside it. Errors return enum kerr and put English text into err.
 */
#ifndef SERVER_HUB_H
#define SERVER_HUB_H

#include <pthread.h>
#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/calendar.h"
#include "app/core/service.h"
#include "platform/err.h"
#include "server/notify.h"

#define HUB_MAX_CASE_BODY (256u * 1024u)
#define HUB_MAX_FORM      (64u * 1024u)
#define HUB_MAX_BLOB      (32u * 1024u * 1024u)
#define HUB_MAX_SMALL     4096u
#define HUB_MAX_ATTACH    64
#define HUB_NOTE_MAX      2000
/* created_ms of a new case: at most this far ahead of casehub's clock, at most this old */
#define HUB_CREATED_AHEAD_MS (15LL * 60 * 1000)
#define HUB_CREATED_AGE_MS   (5LL * 366 * 86400 * 1000)
/* Retry-After (429, 503) is never below the kiosk's first backoff step (app/sync/sync.c,
 * backoff_base_ms = 2 s): a smaller value would make kiosks retry faster than they would on
 * their own. Never above an hour (the kiosk caps it there too). */
#define HUB_RETRY_AFTER_MIN_S 2
#define HUB_RETRY_AFTER_MAX_S 3600

struct policy;
struct notifier;

/* Opaque: the database and its lock, the blob folder, the service definition, the calendar,
 * the notifier and the policy (server/hub_internal.h defines it for the hub_*.c files). */
struct hub;

/* Open (creating) the data folder and database; load the service definition and the calendar
 * folder into a new hub in *out. On error returns non-K_OK with text in err and *out NULL. */
enum kerr hub_open(struct hub **out, const char *data_dir, const char *service_path,
                   const char *calendar_dir, char *err, size_t errlen);
/* Close and free (with the notifier and the policy). NULL is a no-op. */
void hub_close(struct hub *h);

/* What other modules need of the hub. The database: hub_db() only between hub_lock() and
 * hub_unlock() (one connection for every thread), or from code hub_open calls. */
void hub_lock(struct hub *h);
void hub_unlock(struct hub *h);
sqlite3 *hub_db(struct hub *h);
const struct service *hub_service(const struct hub *h);
const struct calendar *hub_calendar(const struct hub *h);
/* NULL: no policy loaded (everything visible, no payment dates). */
const struct policy *hub_policy(const struct hub *h);
/* The hub takes p (freed by hub_close; a previous one is freed now). */
void hub_set_policy(struct hub *h, struct policy *p);
/* The hub takes n (freed by hub_close; a previous one is freed now); NULL: none. */
void hub_set_notifier(struct hub *h, struct notifier *n);
/* DATA/blobs. */
const char *hub_blobdir(const struct hub *h);

/* Milliseconds since the epoch (CASEHUB_NOW_MS in the environment overrides, for tests). */
int64_t hub_now_ms(void);
/* Beijing civil date of a time. */
struct cdate hub_beijing_date(int64_t ms);

/* Kiosks: add prints nothing; the new token is written to token (size >= 64). number: the
 * kiosk number its tracking codes carry (1..1048575), or 0 to bind the token to the number of
 * its first case. A token only ever creates cases under its number (403 otherwise). */
enum kerr hub_kiosk_add(struct hub *h, const char *name, long number, char *token, size_t n,
                        char *err, size_t errlen);
/* The kiosk name for a bearer token into name; K_ERR_AUTH when unknown. */
enum kerr hub_kiosk_auth(struct hub *h, const char *token, char *name, size_t n);
enum kerr hub_kiosk_revoke(struct hub *h, const char *name);
/* Kiosks, one a line "NAME<TAB>NUMBER" ("-" while unbound; never the tokens). Caller frees. */
char *hub_kiosk_list(struct hub *h);

/* Staff accounts. add: a new user, or an existing one's new password and department (enabled
 * again); either way every session of that name ends. remove and disable end its sessions
 * too; a disabled user cannot log in (same answer and the same work as a wrong password).
 * K_ERR_NOT_FOUND when there is no such user. */
enum kerr hub_user_add(struct hub *h, const char *name, const char *department,
                       const char *password, char *err, size_t errlen);
enum kerr hub_user_remove(struct hub *h, const char *name);
enum kerr hub_user_disable(struct hub *h, const char *name, bool disabled);
/* Check a password; on success a new session token (hex, 64 chars) goes into session. An
 * unknown or disabled name costs one argon2id verification too (against a dummy hash). */
enum kerr hub_login(struct hub *h, const char *name, const char *password, char *session, size_t n);
/* Tests only: hash passwords set from now on (and the dummy hash, when made after this) with
 * libsodium's least argon2id work, so that a fuzzer can log in thousands of times. Call before
 * any thread uses the hub; never in casehub itself. */
void hub_cheap_pwhash_for_tests(void);
/* The user and department of a session token; K_ERR_AUTH when unknown or expired. */
enum kerr hub_session(struct hub *h, const char *session, char *user, size_t un, char *dept,
                      size_t dn);
void hub_logout(struct hub *h, const char *session);

/* Result of creating a case: HTTP status and the answer body (caller frees). */
struct hub_answer {
    int status;
    char *body;
};
/* Fill a with status and the JSON error body {"error": code, "message": msg}. */
void hub_answer_error(struct hub_answer *a, int status, const char *code, const char *msg);
/* POST /api/v1/cases: body checked strictly (docs/api.md); answer filled in every case. */
void hub_case_create(struct hub *h, const char *kiosk, const char *idem_key, const char *body,
                     size_t len, struct hub_answer *a);
void hub_case_complete(struct hub *h, const char *kiosk, const char *uuid, struct hub_answer *a);
/* Status JSON of a case by code and QR token; status 404 for unknown code or wrong token. */
void hub_status_json(struct hub *h, const char *code, const char *token, struct hub_answer *a);

/* Blob path for a lower-case hex hash into out. */
void hub_blob_path(const struct hub *h, const char *sha256, char *out, size_t n);
bool hub_blob_has(const struct hub *h, const char *sha256, long long *size);

/* Change a matter's status (accepted|completed|rejected|supplement) with a note, as actor.
 * department: when not NULL (a member of staff), the role rules of server/window.h apply
 * (K_ERR_AUTH otherwise: the window asks for supplements before verification only; a
 * department acts only on its own matters of a routed case), the transition must be one
 * staff make (routed/supplement -> accepted; accepted -> completed; any open ->
 * rejected|supplement) and completed, rejected and supplement need a note. NULL (the operator CLI):
 * any open matter may take any status, the note is optional. Completed and rejected are final for
 * both. Queues a notification. K_ERR_NOT_FOUND, K_ERR_STATE (final state / bad transition),
 * K_ERR_INVALID. */
enum kerr hub_matter_set(struct hub *h, const char *code, int matter, const char *status,
                         const char *note, const char *actor, const char *department, char *err,
                         size_t errlen);

/* The whole case as JSON (personal data included: console and operator only); NULL when
 * unknown. Caller frees. */
char *hub_case_json(struct hub *h, const char *code);
/* Number of cases. */
long hub_case_count(struct hub *h);
/* To-do list of a department (its open matters of routed cases) as JSON array of {code,
 * matter, status, submitted_ms, due, overdue}; caller frees. */
char *hub_todo_json(struct hub *h, const char *department);

/* Send queued notifications through the notifier; returns how many were sent. */
int hub_notify_pending(struct hub *h);

/* Validate hex sha256 (64 hex chars), writing the lower-case form to out[65]. */
bool hub_hex64(const char *s, char out[65]);
/* p[0..n) is valid UTF-8 without NUL bytes; reads exactly n bytes (p need not be a string). */
bool hub_utf8_ok(const char *p, size_t n);
/* Constant-time equality of two NUL-terminated strings of possibly different length. */
bool hub_streq_ct(const char *a, const char *b);

#endif
