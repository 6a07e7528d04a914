/* app/store/store_internal.h: pieces shared by the store's files (app layer, store; private).
 * Not for use outside app/store. */
#ifndef APP_STORE_STORE_INTERNAL_H
#define APP_STORE_STORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "app/store/store.h"
#include "platform/err.h"

struct sqlite3;

#define STORE_KEY_LEN 32

/* The schema migrations: store_migrations[i] takes the schema from version i to i + 1. */
extern const char *const store_migrations[];

/* Load the data key from path, creating it (32 random bytes, mode 0600, durably, race-free
 * against a second process) when the file does not exist. Errors "E604: ..." into err. */
enum kerr store_key_load(const char *path, uint8_t key[STORE_KEY_LEN], char *err, size_t errlen);
/* Move a data key file from where older versions kept it (from) to path, durably: read and
 * checked, written to path (mode 0600) unless a key is already there, then from is removed.
 * Errors "E604: ..." into err. */
enum kerr store_key_move(const char *from, const char *path, char *err, size_t errlen);
/* XChaCha20-Poly1305 with ad (a NUL-terminated string binding the blob to its place): returns
 * a new buffer nonce || ciphertext || tag and its length. */
uint8_t *store_seal(const uint8_t key[STORE_KEY_LEN], const void *pt, size_t len, const char *ad,
                    size_t *outlen);
/* The reverse: a new buffer with the plaintext (caller frees securely), or NULL when the blob
 * is malformed or fails authentication. */
uint8_t *store_open_sealed(const uint8_t key[STORE_KEY_LEN], const uint8_t *blob, size_t len,
                           const char *ad, size_t *outlen);

#define MOD "store"

/* The store (opaque outside app/store: store.h only names it). */
struct store {
    sqlite3 *db;
    struct kclock *clk;
    long kiosk_id;
    char data_dir[512];
    char att_dir[600];
    int lock_fd; /* DATA/submit.lock: shared while submitting, exclusive while cleaning */
    uint8_t key[STORE_KEY_LEN];
    uint8_t qr_secret[STORE_KEY_LEN]; /* the receipt QR token secret (paths.secret_file) */
    char err[512];
};

/* The store's error text for store_errmsg(), printf-style. */
void store_set_err(store *s, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Record SQLite's last error as "E610: what: ..." and map it to K_ERR_BUSY or K_ERR_DB. */
enum kerr store_sql_fail(store *s, const char *what);
/* A prepared statement, or NULL with the error recorded. */
sqlite3_stmt *store_prep(store *s, const char *sql);
enum kerr store_exec(store *s, const char *sql);
/* Bind v, or NULL when v is NULL. */
void store_bind_text(sqlite3_stmt *st, int i, const char *v);
/* Column i as text into out ("" for NULL). */
void store_col_text(sqlite3_stmt *st, int i, char *out, size_t n);
/* Run a statement that returns no rows; finalizes it. */
enum kerr store_step_done(store *s, sqlite3_stmt *st, const char *what);
/* The lower-case hex SHA-256 of data. */
void store_sha256_hex(const void *data, size_t len, char out[STORE_SHA256_HEX]);
/* The associated data binding attachment idx of case uuid to its file. */
void store_file_ad(const char *uuid, int idx, char *out, size_t n);
/* The key of a case (by uuid) into ck: its own, unsealed with the data key; the data key for a
 * case stored before per-case keys; K_ERR_NOT_FOUND when purged (the key is gone). */
enum kerr store_case_key(store *s, const char *uuid, uint8_t ck[STORE_KEY_LEN]);
/* The connection and the clock of an open store, for the store's other files. */
struct sqlite3 *store_sqlite(store *s);
struct kclock *store_clock(store *s);

#endif
