/* app/store/store_submit.c: a case stored in one transaction with its sealed attachments (app
 * layer, store). */
#include "app/store/store.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cjson/cJSON.h>

#include "app/store/store_internal.h"
#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/xalloc.h"

/* ---- submit ------------------------------------------------------------------------------ */

static void make_uuid(char out[STORE_UUID_LEN])
{
    uint8_t b[16];
    randombytes_buf(b, sizeof b);
    b[6] = (uint8_t)((b[6] & 0x0f) | 0x40);
    b[8] = (uint8_t)((b[8] & 0x3f) | 0x80);
    snprintf(out, STORE_UUID_LEN,
             "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-%02x%02x%02x%02x%02x%02x", b[0], b[1],
             b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14],
             b[15]);
}

void store_sha256_hex(const void *data, size_t len, char out[STORE_SHA256_HEX])
{
    uint8_t h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, data, len);
    sodium_bin2hex(out, STORE_SHA256_HEX, h, sizeof h);
}

void store_file_ad(const char *uuid, int idx, char *out, size_t n)
{
    snprintf(out, n, "att:%s:%d", uuid, idx);
}

/* Write ciphertext to path with O_EXCL and fsync it. */
static enum kerr write_file_sync(const char *path, const uint8_t *data, size_t len)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return K_ERR_IO;
    size_t off = 0;
    while (off < len) {
        ssize_t w = write(fd, data + off, len - off);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            close(fd);
            unlink(path);
            return K_ERR_IO;
        }
        off += (size_t)w;
    }
    if (fsync(fd) != 0) {
        close(fd);
        unlink(path);
        return K_ERR_IO;
    }
    return close(fd) == 0 ? K_OK : K_ERR_IO;
}

static bool valid_input(store *s, const struct store_case_in *in)
{
    if (!in->district || !*in->district || strlen(in->district) >= 64) {
        store_set_err(s, "E608: submit: missing or too long district");
        return false;
    }
    if (in->n_matters == 0 || in->n_matters > STORE_MAX_MATTERS || !in->matters) {
        store_set_err(s, "E608: submit: %zu matters (1..%d allowed)", in->n_matters,
                      STORE_MAX_MATTERS);
        return false;
    }
    for (size_t i = 0; i < in->n_matters; i++) {
        if (in->matters[i] < 1 || in->matters[i] > 999) {
            store_set_err(s, "E608: submit: matter number %d out of range", in->matters[i]);
            return false;
        }
        for (size_t j = 0; j < i; j++)
            if (in->matters[j] == in->matters[i]) {
                store_set_err(s, "E608: submit: matter %d given twice", in->matters[i]);
                return false;
            }
    }
    if (in->n_attachments > STORE_MAX_ATTACH) {
        store_set_err(s, "E608: submit: %zu attachments (max %d)", in->n_attachments,
                      STORE_MAX_ATTACH);
        return false;
    }
    for (size_t i = 0; i < in->n_attachments; i++) {
        const struct store_attachment_in *a = &in->attachments[i];
        if ((a->data == NULL) == (a->path == NULL) || !a->mime || strlen(a->mime) >= 64 ||
            a->material < 0) {
            store_set_err(s, "E608: submit: attachment %zu malformed", i);
            return false;
        }
    }
    cJSON *j = in->personal_json ? cJSON_Parse(in->personal_json) : NULL;
    bool ok = j && cJSON_IsObject(j);
    cJSON_Delete(j);
    if (!ok)
        store_set_err(s, "E608: submit: personal data is not a JSON object");
    return ok;
}

/* Encrypt plaintext with a case's key; *out = nonce || ciphertext (caller frees). */
static uint8_t *seal(const uint8_t ck[STORE_KEY_LEN], const void *pt, size_t len, const char *ad,
                     size_t *outlen)
{
    return store_seal(ck, pt, len, ad, outlen);
}

/* The key of a case (by uuid) into ck: its own, unsealed with the data key; the data key for a
 * case stored before per-case keys; K_ERR_NOT_FOUND when purged (the key is gone). */
enum kerr store_case_key(store *s, const char *uuid, uint8_t ck[STORE_KEY_LEN])
{
    sqlite3_stmt *st = store_prep(s, "SELECT case_key, purged_ms FROM cases WHERE uuid = ?1");
    if (!st)
        return K_ERR_DB;
    store_bind_text(st, 1, uuid);
    enum kerr e = K_ERR_NOT_FOUND;
    if (sqlite3_step(st) == SQLITE_ROW) {
        if (sqlite3_column_type(st, 0) == SQLITE_BLOB) {
            char ad[80];
            snprintf(ad, sizeof ad, "ckey:%s", uuid);
            size_t len = 0;
            uint8_t *k = store_open_sealed(s->key, sqlite3_column_blob(st, 0),
                                           (size_t)sqlite3_column_bytes(st, 0), ad, &len);
            if (k && len == STORE_KEY_LEN) {
                memcpy(ck, k, STORE_KEY_LEN);
                e = K_OK;
            } else {
                store_set_err(s, "E609: the key of case %s failed to decrypt", uuid);
                e = K_ERR_CRYPTO;
            }
            free_secure(k, len);
        } else if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
            memcpy(ck, s->key, STORE_KEY_LEN); /* schema 1 */
            e = K_OK;
        }
    }
    sqlite3_finalize(st);
    return e;
}

static enum kerr write_attachments(store *s, const struct store_case_in *in, const char *uuid,
                                   const uint8_t ck[STORE_KEY_LEN], const char *dir,
                                   char (*shas)[STORE_SHA256_HEX], long long *sizes)
{
    for (size_t i = 0; i < in->n_attachments; i++) {
        const struct store_attachment_in *a = &in->attachments[i];
        char *owned = NULL;
        const void *data = a->data;
        size_t len = a->len;
        if (a->path) {
            if (fs_read_file(a->path, STORE_MAX_FILE, &owned, &len) != K_OK) {
                store_set_err(s, "E606: cannot read attachment %zu from its temporary file", i);
                return K_ERR_IO;
            }
            data = owned;
        } else if (len > STORE_MAX_FILE) {
            store_set_err(s, "E608: attachment %zu too large (%zu bytes)", i, len);
            return K_ERR_TOO_LARGE;
        }
        store_sha256_hex(data, len, shas[i]);
        sizes[i] = (long long)len;
        char ad[80], path[900];
        store_file_ad(uuid, (int)i, ad, sizeof ad);
        size_t clen;
        uint8_t *ct = seal(ck, data, len, ad, &clen);
        if (owned)
            free_secure(owned, len);
        snprintf(path, sizeof path, "%s/%zu.enc", dir, i);
        enum kerr e = write_file_sync(path, ct, clen);
        free(ct);
        if (e) {
            store_set_err(s, "E606: cannot write attachment file %s: %s", path, strerror(errno));
            return e;
        }
    }
    return K_OK;
}

static enum kerr insert_case(store *s, const struct store_case_in *in, const char *uuid,
                             const uint8_t ck[STORE_KEY_LEN], char (*shas)[STORE_SHA256_HEX],
                             const long long *sizes, struct store_submitted *out)
{
    int64_t now = kclock_unix_ms(s->clk);
    enum kerr e;
    /* the per-kiosk sequence, allocated inside the transaction */
    sqlite3_stmt *st =
        store_prep(s, "INSERT INTO kiosk_seq(kiosk_id, last) VALUES(?1, 1) "
                      "ON CONFLICT(kiosk_id) DO UPDATE SET last = last + 1 RETURNING last");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, s->kiosk_id);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return store_sql_fail(s, "allocate sequence");
    }
    long seq = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    char code[TRACKCODE_MAX];
    if ((e = trackcode_make(s->kiosk_id, seq, code)) != K_OK) {
        store_set_err(s, "E607: cannot make a tracking code for kiosk %ld sequence %ld",
                      s->kiosk_id, seq);
        return e;
    }
    size_t plen = strlen(in->personal_json), blen;
    char ad[80];
    snprintf(ad, sizeof ad, "form:%s", uuid);
    uint8_t *blob = seal(ck, in->personal_json, plen, ad, &blen);
    uint8_t *sig = NULL;
    size_t siglen = 0, cklen;
    if (in->signature_png && in->signature_len) {
        snprintf(ad, sizeof ad, "sig:%s", uuid);
        sig = seal(ck, in->signature_png, in->signature_len, ad, &siglen);
    }
    snprintf(ad, sizeof ad, "ckey:%s", uuid);
    uint8_t *sealed_ck = store_seal(s->key, ck, STORE_KEY_LEN, ad, &cklen);
    st = store_prep(
        s, "INSERT INTO cases(uuid, code, kiosk_id, seq, district, created_ms, updated_ms, "
           "state, personal, signature, case_key) "
           "VALUES(?1,?2,?3,?4,?5,?6,?6,'queued',?7,?8,?9)");
    if (!st) {
        free(blob);
        free(sig);
        free(sealed_ck);
        return K_ERR_DB;
    }
    store_bind_text(st, 1, uuid);
    store_bind_text(st, 2, code);
    sqlite3_bind_int64(st, 3, s->kiosk_id);
    sqlite3_bind_int64(st, 4, seq);
    store_bind_text(st, 5, in->district);
    sqlite3_bind_int64(st, 6, now);
    sqlite3_bind_blob(st, 7, blob, (int)blen, SQLITE_TRANSIENT);
    if (sig)
        sqlite3_bind_blob(st, 8, sig, (int)siglen, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, 8);
    sqlite3_bind_blob(st, 9, sealed_ck, (int)cklen, SQLITE_TRANSIENT);
    e = store_step_done(s, st, "insert case");
    free(blob);
    free(sig);
    free(sealed_ck);
    if (e)
        return e;
    long long case_id = sqlite3_last_insert_rowid(s->db);
    for (size_t i = 0; i < in->n_matters; i++) {
        st = store_prep(s, "INSERT INTO matters(case_id, matter, status, status_ms) "
                           "VALUES(?1, ?2, 'submitted', ?3)");
        if (!st)
            return K_ERR_DB;
        sqlite3_bind_int64(st, 1, case_id);
        sqlite3_bind_int(st, 2, in->matters[i]);
        sqlite3_bind_int64(st, 3, now);
        if ((e = store_step_done(s, st, "insert matter")))
            return e;
        st = store_prep(s, "INSERT INTO matter_history(case_id, matter, status, at_ms, source) "
                           "VALUES(?1, ?2, 'submitted', ?3, 'kiosk')");
        if (!st)
            return K_ERR_DB;
        sqlite3_bind_int64(st, 1, case_id);
        sqlite3_bind_int(st, 2, in->matters[i]);
        sqlite3_bind_int64(st, 3, now);
        if ((e = store_step_done(s, st, "insert matter history")))
            return e;
    }
    for (size_t i = 0; i < in->n_attachments; i++) {
        char file[80];
        snprintf(file, sizeof file, "%s/%zu.enc", uuid, i);
        st = store_prep(s,
                        "INSERT INTO attachments(case_id, idx, material, mime, sha256, size, file) "
                        "VALUES(?1,?2,?3,?4,?5,?6,?7)");
        if (!st)
            return K_ERR_DB;
        sqlite3_bind_int64(st, 1, case_id);
        sqlite3_bind_int(st, 2, (int)i);
        sqlite3_bind_int(st, 3, in->attachments[i].material);
        store_bind_text(st, 4, in->attachments[i].mime);
        store_bind_text(st, 5, shas[i]);
        sqlite3_bind_int64(st, 6, sizes[i]);
        store_bind_text(st, 7, file);
        if ((e = store_step_done(s, st, "insert attachment")))
            return e;
    }
    st = store_prep(s, "INSERT INTO outbox(case_id, attempts, next_attempt_ms) VALUES(?1, 0, ?2)");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int64(st, 2, now);
    if ((e = store_step_done(s, st, "insert outbox")))
        return e;
    char detail[64];
    snprintf(detail, sizeof detail, "matters=%zu attachments=%zu", in->n_matters,
             in->n_attachments);
    if ((e = store_audit(s, in->actor ? in->actor : "kiosk", "submit", code, detail)))
        return e;
    str_copy(out->uuid, sizeof out->uuid, uuid);
    str_copy(out->code, sizeof out->code, code);
    out->seq = seq;
    out->created_ms = now;
    return K_OK;
}

enum kerr store_submit(store *s, const struct store_case_in *in, struct store_submitted *out)
{
    memset(out, 0, sizeof *out);
    s->err[0] = '\0';
    if (!valid_input(s, in))
        return K_ERR_INVALID;
    char uuid[STORE_UUID_LEN], dir[800];
    make_uuid(uuid);
    snprintf(dir, sizeof dir, "%s/%s", s->att_dir, uuid);
    /* Shared lock: a start-up orphan sweep in another process waits for this submit. */
    while (flock(s->lock_fd, LOCK_SH) != 0)
        if (errno != EINTR) {
            store_set_err(s, "E606: cannot lock the submit lock: %s", strerror(errno));
            return K_ERR_IO;
        }
    char(*shas)[STORE_SHA256_HEX] = xcalloc(in->n_attachments + 1, sizeof *shas);
    long long *sizes = xcalloc(in->n_attachments + 1, sizeof *sizes);
    uint8_t ck[STORE_KEY_LEN]; /* this case's own key */
    randombytes_buf(ck, sizeof ck);
    enum kerr e = K_OK;
    bool have_dir = false;
    if (in->n_attachments) {
        if (mkdir(dir, 0700) != 0) {
            store_set_err(s, "E606: cannot create %s: %s", dir, strerror(errno));
            e = K_ERR_IO;
            goto out_unlock;
        }
        have_dir = true;
        if ((e = write_attachments(s, in, uuid, ck, dir, shas, sizes)) != K_OK)
            goto out_files;
        /* the files' names in their folder, and the folder's name in attachments/ */
        if (fs_sync_dir(dir) != K_OK || fs_sync_dir(s->att_dir) != K_OK) {
            store_set_err(s, "E606: cannot fsync the attachment folder: %s", strerror(errno));
            e = K_ERR_IO;
            goto out_files;
        }
    }
    if ((e = store_exec(s, "BEGIN IMMEDIATE")) != K_OK)
        goto out_files;
    if ((e = insert_case(s, in, uuid, ck, shas, sizes, out)) != K_OK) {
        char keep[512];
        str_copy(keep, sizeof keep, s->err);
        store_exec(s, "ROLLBACK");
        str_copy(s->err, sizeof s->err, keep);
        memset(out, 0, sizeof *out);
        goto out_files;
    }
    if ((e = store_exec(s, "COMMIT")) != K_OK) {
        store_exec(s, "ROLLBACK");
        memset(out, 0, sizeof *out);
        goto out_files;
    }
    goto out_unlock;
out_files:
    if (have_dir)
        fs_remove_tree(dir);
out_unlock:
    flock(s->lock_fd, LOCK_UN);
    sodium_memzero(ck, sizeof ck);
    free(shas);
    free(sizes);
    return e;
}
