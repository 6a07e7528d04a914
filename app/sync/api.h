/* app/sync/api.h: the kiosk side of the casehub protocol, docs/api.md (app layer, sync).
 * Builds request bodies, sends them through app/sync/http.h and checks every answer as
 * untrusted bytes: a malformed answer is an error (E7nn text), never a crash. */
#ifndef APP_SYNC_API_H
#define APP_SYNC_API_H

#include <stdbool.h>
#include <stddef.h>

#include "app/store/store.h"
#include "app/sync/http.h"

struct api_result {
    enum kerr err;      /* K_OK, or why the step failed */
    long http_status;   /* 0 when there was no answer */
    long retry_after_s; /* -1 when the backend did not ask */
    char error[256];    /* "E7nn: ..." for the attempt log; "" on success */
};

#define API_NOTE_MAX 512 /* bytes kept of a matter's staff note (cut at a character) */

struct api_status {
    bool found;
    size_t n_matters;
    struct store_matter matters[STORE_MAX_MATTERS];
    /* per matter: the staff note casehub shows the applicant (result, reason, the material a
     * supplement needs; numbers already masked by casehub), "" when none; never contains
     * control characters */
    char notes[STORE_MAX_MATTERS][API_NOTE_MAX];
};

/* Create (or find again: the UUID is the idempotency key) the case on the backend, with the
 * QR token that status lookups will present and the applicant's signature PNG as attachment
 * material 0 (when p has one). need[i] tells whether attachment i must be uploaded (the
 * backend lacks its content), *need_signature the same for the signature. */
void api_create_case(struct http *h, long timeout_ms, const struct store_case *c,
                     const char *qr_token, const struct store_personal *p,
                     bool need[STORE_MAX_ATTACH], bool *need_signature, struct api_result *r);
/* The SHA-256 (lower-case hex) of p's signature PNG, "" when it has none. */
void api_signature_hash(const struct store_personal *p, char hex[STORE_SHA256_HEX]);
/* Upload one attachment's content, addressed by its SHA-256. */
void api_upload(struct http *h, long timeout_ms, const struct store_case *c,
                const struct store_attachment *a, const uint8_t *data, size_t len,
                struct api_result *r);
/* Tell the backend every attachment is there (the case is complete). */
void api_finish(struct http *h, long timeout_ms, const struct store_case *c, struct api_result *r);
/* A staff call from screen (1..32 printable ASCII; anything else is sent as "unknown") at
 * at_ms: POST /api/v1/alerts, so that the service window's console shows it. */
void api_alert(struct http *h, long timeout_ms, const char *screen, int64_t at_ms,
               struct api_result *r);
/* The statuses of a case's matters by code. r->err K_OK with st->found false: unknown code. */
void api_status(struct http *h, long timeout_ms, const char *code, const char *qr_token,
                struct api_status *st, struct api_result *r);

enum api_lookup_outcome {
    API_LOOKUP_FOUND,  /* the right digits: st holds the statuses */
    API_LOOKUP_NO,     /* unknown code or wrong digits (casehub counted a miss) */
    API_LOOKUP_LOCKED, /* too many wrong digits for this code: *unlock_ms (0: not said) */
};
/* A manual lookup by code and the phone number's last four digits (POST /api/v1/lookup,
 * docs/api.md 4a): casehub counts wrong digits per code for every kiosk. r->err K_OK: the
 * outcome; otherwise casehub did not answer it (unreachable, rate limited, refused). The
 * digits are never logged and the request body is wiped after sending. */
void api_lookup(struct http *h, long timeout_ms, const char *code, const char *digits,
                struct api_status *st, enum api_lookup_outcome *outcome, int64_t *unlock_ms,
                struct api_result *r);

/* Parse a create answer: need[i] for attachment i of c that the backend lists as missing
 * (exposed for the fuzz target). K_ERR_PROTOCOL when malformed (need[] then all true). */
enum kerr api_parse_missing(const char *body, size_t len, const struct store_case *c,
                            bool need[STORE_MAX_ATTACH]);
/* Parse a status answer body (exposed for the fuzz target). */
enum kerr api_parse_status(const char *body, size_t len, struct api_status *st);

#endif
