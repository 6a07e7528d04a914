/* app/store/store_internal.h: pieces shared by the store's files (app layer, store; private).
 * Not for use outside app/store. */
#ifndef APP_STORE_STORE_INTERNAL_H
#define APP_STORE_STORE_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

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

/* The connection and the clock of an open store, for the store's other files. */
struct sqlite3 *store_sqlite(store *s);
struct kclock *store_clock(store *s);

#endif
