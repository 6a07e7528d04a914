/* app/store/store.h: the kiosk's durable store of cases, their outbox and statuses (app layer).
 *
 * The one user of sqlite3.h. A struct store is one SQLite connection (WAL, synchronous=FULL,
 * busy timeout) plus the data key: open one per thread, never share one between threads.
 * Opening applies the versioned schema migrations inside one transaction; a database written
 * by a newer program is refused (E602) and left untouched.
 *
 * A case's life (see docs/store.md):
 *   submit   - attachment files are encrypted, written and fsync'd (and their folder) under
 *              DATA/attachments/<uuid>/, then ONE transaction inserts the case, its matters,
 *              attachment records, the outbox row and an audit row, allocating the kiosk's next
 *              sequence number and the tracking code (app/core/trackcode.h) inside it. Only
 *              after the commit does the caller get the code.
 *   deliver  - the sync worker (app/sync) takes due outbox rows, records every attempt, and
 *              marks the case delivered.
 *   retain   - store_retention_run() deletes the personal data and files of cases delivered
 *              longer ago than the retention; code, times and statuses stay.
 *
 * Personal data (form answers, attachment files, signature) is encrypted with XChaCha20-
 * Poly1305 (libsodium) under a random key of its own case, kept in the case's row sealed under
 * the data key: a 32-byte key in its own file outside the data folder (config "key" path,
 * mode 0600, created on first start). Purging a case destroys its key (the row is
 * overwritten: secure_delete), so copies of its files recovered later decrypt to nothing.
 * Codes, times and statuses are plain so lookups by code never decrypt. The database, its
 * WAL and the key are mode 0600. Nothing personal is ever logged or put in the audit log.
 *
 * Errors: functions return enum kerr; the detailed text ("E6nn: ...") is kept in the store
 * and read with store_errmsg().
 */
#ifndef APP_STORE_STORE_H
#define APP_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/trackcode.h"
#include "platform/clock.h"
#include "platform/config.h"
#include "platform/err.h"

#define STORE_SCHEMA_VERSION 4
#define STORE_UUID_LEN       37 /* 36 characters + NUL */
#define STORE_SHA256_HEX     65 /* 64 hex characters + NUL */
#define STORE_MAX_MATTERS    32
#define STORE_MAX_ATTACH     64
#define STORE_MAX_FILE       (32u * 1024u * 1024u) /* one attachment, plaintext */

typedef struct store store;

enum store_open_flags {
    STORE_OPEN_DEFAULT = 0,
    /* The process start: also remove attachment files that belong to no committed case (waits
     * for running submits of other processes to finish, see store_cleanup_orphans). */
    STORE_OPEN_STARTUP = 1,
};

/* Open (creating when missing) the store of cfg's data folder: DATA/kiosk.db, DATA/attachments
 * and the key file. clk is kept (not owned) for every timestamp. On failure *out is NULL and a
 * message for technicians ("E6nn: ...") is written into err. Not thread-safe per object: one
 * store per thread. */
enum kerr store_open(const struct kconfig *cfg, struct kclock *clk, int flags, store **out,
                     char *err, size_t errlen);
/* Close the connection and wipe the key from memory. NULL is a no-op. */
void store_close(store *s);
/* The detailed text of the last error on s ("E6nn: ..."), "" when none. */
const char *store_errmsg(const store *s);
/* The kiosk number this store allocates codes for (config kiosk.id). */
long store_kiosk_id(const store *s);

/* The unguessable token of a code for the receipt's QR URL and for status lookups: the HMAC
 * of app/core/trackcode.h under this kiosk's QR secret (config "secret" path, 32 random bytes,
 * mode 0600, created on first start like the data key). */
void store_case_token(const store *s, const char *code, char out[TRACKCODE_TOKEN_MAX]);
/* Constant-time: is token the token of code under this kiosk's secret? */
bool store_case_token_ok(const store *s, const char *code, const char *token);

/* ---- submit ---------------------------------------------------------------------------- */

/* One attachment to store: exactly one of data (len bytes) or path (a readable temporary file,
 * left in place) is given. */
struct store_attachment_in {
    int material;     /* material number from the service definition */
    const char *mime; /* "image/jpeg", "application/pdf", ... */
    const void *data;
    size_t len;
    const char *path;
};

/* What the UI (or kioskctl submit-sample) submits. All pointers are borrowed for the call. */
struct store_case_in {
    const char *district; /* district id from the service definition */
    const int *matters;   /* matter numbers, 1..n_matters entries, distinct */
    size_t n_matters;
    const char *personal_json; /* the form answers, one JSON text (encrypted at rest) */
    const struct store_attachment_in *attachments;
    size_t n_attachments;
    const void *signature_png; /* may be NULL */
    size_t signature_len;
    const char *actor; /* who submits, for the audit log: "kiosk", "kioskctl" */
};

struct store_submitted {
    char uuid[STORE_UUID_LEN];
    char code[TRACKCODE_MAX]; /* grouped display form */
    long seq;
    int64_t created_ms;
};

/* Store a case durably (see the top of this file). On K_OK the case is committed and *out
 * holds its code; on any error nothing of it remains (files are removed). K_ERR_INVALID for
 * bad input (no matters, duplicated matters, bad JSON text, too many/too large attachments). */
enum kerr store_submit(store *s, const struct store_case_in *in, struct store_submitted *out);

/* Remove attachment folders and stray temporary files that belong to no committed case (or to
 * a purged one). Takes the store's submit lock exclusively, so a submit running in another
 * process is never disturbed. *removed (may be NULL) counts removed folders/files. */
enum kerr store_cleanup_orphans(store *s, int *removed);

/* ---- reading cases ---------------------------------------------------------------------- */

enum store_case_state { STORE_QUEUED, STORE_DELIVERED };

struct store_matter {
    int matter;
    char status[32];   /* "submitted", then the backend's status words */
    int64_t status_ms; /* when that status was reached (backend time when known) */
};

struct store_attachment {
    int idx;
    int material;
    char mime[64];
    char sha256[STORE_SHA256_HEX]; /* of the plaintext */
    long long size;                /* plaintext bytes */
    bool uploaded;                 /* the backend has it for this case */
    bool present;                  /* the file is still on the kiosk (not purged) */
};

/* A case as lookups see it: nothing personal, nothing decrypted. */
struct store_case {
    long long id;
    char uuid[STORE_UUID_LEN];
    char code[TRACKCODE_MAX];
    long kiosk_id;
    long seq;
    char district[64];
    int64_t created_ms;
    enum store_case_state state;
    int64_t delivered_ms; /* 0 when not delivered */
    bool purged;          /* personal data deleted by retention */
    int attempts;
    int64_t next_attempt_ms;
    char last_error[256];
    int64_t status_fetched_ms; /* when the statuses were last confirmed by the backend; 0 never */
    size_t n_matters;
    struct store_matter matters[STORE_MAX_MATTERS];
    size_t n_attachments;
    struct store_attachment attachments[STORE_MAX_ATTACH];
};

/* Find a case by its code (grouped or compact, any case; normalized first). K_ERR_NOT_FOUND
 * when there is none. */
enum kerr store_case_by_code(store *s, const char *code, struct store_case *out);
enum kerr store_case_by_id(store *s, long long id, struct store_case *out);

/* The decrypted personal parts of a case, for delivery only. Caller frees with
 * store_personal_free (which wipes). K_ERR_NOT_FOUND when purged. */
struct store_personal {
    char *form_json;
    uint8_t *signature;
    size_t signature_len;
};
enum kerr store_personal_load(store *s, long long case_id, struct store_personal *out);
void store_personal_free(struct store_personal *p);
/* Decrypt attachment idx of a case into a new buffer (caller frees with free_secure). Its
 * SHA-256 is checked against the record: K_ERR_CRYPTO when the file was tampered with,
 * K_ERR_NOT_FOUND when purged or missing. */
enum kerr store_attachment_load(store *s, long long case_id, int idx, uint8_t **data, size_t *len);

/* ---- the outbox (used by app/sync) ------------------------------------------------------- */

/* The oldest queued case whose next attempt is due at now_ms; K_ERR_NOT_FOUND when none. With
 * ignore_schedule, any queued case (for `kioskctl sync once`). Cases in `skip` (n ids) are
 * not returned. */
enum kerr store_outbox_next(store *s, bool ignore_schedule, const long long *skip, size_t n,
                            long long *case_id);
/* Record one delivery attempt (step: "create", "upload", "commit", ...; http 0 when no answer;
 * error NULL on success) in the attempt log. When next_attempt_ms > 0 the outbox row is
 * rescheduled and its attempt counter and last error updated. */
enum kerr store_outbox_attempt(store *s, long long case_id, const char *step, int http_status,
                               const char *error, int64_t next_attempt_ms);
enum kerr store_attachment_mark_uploaded(store *s, long long case_id, int idx);
/* Mark delivered (idempotent), with an audit row. */
enum kerr store_outbox_delivered(store *s, long long case_id);
/* The backend refused the case for good (HTTP 409 on create: its code or uuid already
 * belongs to another case there): record the attempt and set the case aside. It stays
 * undelivered but is no longer returned by store_outbox_next (no retry storm) and is counted
 * in store_queue_stats' conflicts, until store_outbox_retry_all. */
enum kerr store_outbox_conflict(store *s, long long case_id, const char *step, int http_status,
                                const char *error);
/* Make every queued case due now and reset its backoff (`kioskctl queue retry`), conflicts
 * included (a technician retries after sorting them out at the backend); *n cases. */
enum kerr store_outbox_retry_all(store *s, int *n);

struct store_queue_stats {
    int queued;
    int delivered;
    int purged;
    int64_t oldest_queued_ms; /* created time of the oldest undelivered case; 0 when none */
    int64_t next_due_ms;      /* earliest next attempt among queued; 0 when none */
    char last_error[256];     /* the most recent failed attempt's error, "" when none */
    int64_t last_error_ms;
    long long attempts_logged;
    int conflicts;                     /* queued cases set aside by store_outbox_conflict */
    char conflict_code[TRACKCODE_MAX]; /* the most recent of them, "" when none */
};
enum kerr store_queue_stats(store *s, struct store_queue_stats *out);

/* ---- statuses ---------------------------------------------------------------------------- */

/* Replace the cached status of matters of a case with what the backend said (at fetched_ms);
 * a changed status adds a history row. Unknown matters are ignored. */
enum kerr store_status_update(store *s, long long case_id, const struct store_matter *m, size_t n,
                              int64_t fetched_ms);
/* Ids of delivered cases created at or after since_ms (newest first), up to max. */
enum kerr store_recent_cases(store *s, int64_t since_ms, long long *ids, size_t max, size_t *n);

/* ---- retention, audit, devices --------------------------------------------------------------- */

/* Delete personal data and attachment files of cases delivered more than days ago. */
enum kerr store_retention_run(store *s, long days, int *purged);
/* Append an audit row: who did what to which case (code may be NULL). Never personal data. */
enum kerr store_audit(store *s, const char *actor, const char *action, const char *code,
                      const char *detail);
/* Append a device event (device "printer", event "paper_out", detail free text, no PII). */
enum kerr store_device_event(store *s, const char *device, const char *event, const char *detail);

/* Run PRAGMA integrity_check; true when "ok". */
bool store_integrity_ok(store *s);
/* The value of a numeric PRAGMA on this connection (name: letters and underscores, e.g.
 * "secure_delete"), -1 when it cannot be read. For kioskctl doctor and tests. */
long store_pragma(store *s, const char *name);

#endif
