/* app/store/store_read.c: reading cases, personal data and attachments back (app layer, store). */
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

/* ---- reading ------------------------------------------------------------------------------ */

static enum kerr load_case(store *s, sqlite3_stmt *st, struct store_case *out)
{
    memset(out, 0, sizeof *out);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
        sqlite3_finalize(st);
        return K_ERR_NOT_FOUND;
    }
    if (rc != SQLITE_ROW) {
        sqlite3_finalize(st);
        return store_sql_fail(s, "read case");
    }
    out->id = sqlite3_column_int64(st, 0);
    store_col_text(st, 1, out->uuid, sizeof out->uuid);
    store_col_text(st, 2, out->code, sizeof out->code);
    out->kiosk_id = (long)sqlite3_column_int64(st, 3);
    out->seq = (long)sqlite3_column_int64(st, 4);
    store_col_text(st, 5, out->district, sizeof out->district);
    out->created_ms = sqlite3_column_int64(st, 6);
    const unsigned char *state = sqlite3_column_text(st, 7);
    out->state =
        state && strcmp((const char *)state, "delivered") == 0 ? STORE_DELIVERED : STORE_QUEUED;
    out->purged = sqlite3_column_type(st, 8) != SQLITE_NULL;
    out->attempts = sqlite3_column_int(st, 9);
    out->next_attempt_ms = sqlite3_column_int64(st, 10);
    store_col_text(st, 11, out->last_error, sizeof out->last_error);
    out->delivered_ms = sqlite3_column_int64(st, 12);
    out->status_fetched_ms = sqlite3_column_int64(st, 13);
    sqlite3_finalize(st);

    st = store_prep(
        s, "SELECT matter, status, status_ms FROM matters WHERE case_id = ?1 ORDER BY matter");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, out->id);
    while (sqlite3_step(st) == SQLITE_ROW && out->n_matters < STORE_MAX_MATTERS) {
        struct store_matter *m = &out->matters[out->n_matters++];
        m->matter = sqlite3_column_int(st, 0);
        store_col_text(st, 1, m->status, sizeof m->status);
        m->status_ms = sqlite3_column_int64(st, 2);
    }
    sqlite3_finalize(st);
    st = store_prep(s, "SELECT idx, material, mime, sha256, size, uploaded, file FROM attachments "
                       "WHERE case_id = ?1 ORDER BY idx");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, out->id);
    while (sqlite3_step(st) == SQLITE_ROW && out->n_attachments < STORE_MAX_ATTACH) {
        struct store_attachment *a = &out->attachments[out->n_attachments++];
        a->idx = sqlite3_column_int(st, 0);
        a->material = sqlite3_column_int(st, 1);
        store_col_text(st, 2, a->mime, sizeof a->mime);
        store_col_text(st, 3, a->sha256, sizeof a->sha256);
        a->size = sqlite3_column_int64(st, 4);
        a->uploaded = sqlite3_column_int(st, 5) != 0;
        a->present = sqlite3_column_type(st, 6) != SQLITE_NULL;
    }
    sqlite3_finalize(st);
    return K_OK;
}

#define CASE_COLS                                                                                  \
    "SELECT c.id, c.uuid, c.code, c.kiosk_id, c.seq, c.district, c.created_ms, c.state, "          \
    "c.purged_ms, o.attempts, o.next_attempt_ms, o.last_error, o.delivered_ms, "                   \
    "(SELECT fetched_ms FROM status_cache sc WHERE sc.case_id = c.id) "                            \
    "FROM cases c LEFT JOIN outbox o ON o.case_id = c.id "

enum kerr store_case_by_code(store *s, const char *code, struct store_case *out)
{
    char compact[TRACKCODE_MAX], grouped[TRACKCODE_MAX];
    memset(out, 0, sizeof *out);
    if (!trackcode_normalize(code, compact) || !trackcode_group(compact, grouped))
        return K_ERR_NOT_FOUND;
    sqlite3_stmt *st = store_prep(s, CASE_COLS "WHERE c.code = ?1");
    if (!st)
        return K_ERR_DB;
    store_bind_text(st, 1, grouped);
    return load_case(s, st, out);
}

enum kerr store_case_by_id(store *s, long long id, struct store_case *out)
{
    sqlite3_stmt *st = store_prep(s, CASE_COLS "WHERE c.id = ?1");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, id);
    return load_case(s, st, out);
}

enum kerr store_personal_load(store *s, long long case_id, struct store_personal *out)
{
    memset(out, 0, sizeof *out);
    sqlite3_stmt *st = store_prep(s, "SELECT uuid, personal, signature FROM cases WHERE id = ?1");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_type(st, 1) == SQLITE_NULL) {
        sqlite3_finalize(st);
        return K_ERR_NOT_FOUND;
    }
    char uuid[STORE_UUID_LEN], ad[80];
    store_col_text(st, 0, uuid, sizeof uuid);
    uint8_t ck[STORE_KEY_LEN];
    enum kerr e = store_case_key(s, uuid, ck);
    if (e != K_OK) {
        sqlite3_finalize(st);
        return e;
    }
    snprintf(ad, sizeof ad, "form:%s", uuid);
    size_t len;
    uint8_t *form = store_open_sealed(ck, sqlite3_column_blob(st, 1),
                                      (size_t)sqlite3_column_bytes(st, 1), ad, &len);
    if (!form) {
        sqlite3_finalize(st);
        sodium_memzero(ck, sizeof ck);
        store_set_err(s, "E609: personal data of case %lld failed to decrypt", case_id);
        return K_ERR_CRYPTO;
    }
    out->form_json = xrealloc(form, len + 1);
    out->form_json[len] = '\0';
    if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
        snprintf(ad, sizeof ad, "sig:%s", uuid);
        out->signature =
            store_open_sealed(ck, sqlite3_column_blob(st, 2), (size_t)sqlite3_column_bytes(st, 2),
                              ad, &out->signature_len);
        if (!out->signature) {
            sqlite3_finalize(st);
            sodium_memzero(ck, sizeof ck);
            store_personal_free(out);
            store_set_err(s, "E609: signature of case %lld failed to decrypt", case_id);
            return K_ERR_CRYPTO;
        }
    }
    sqlite3_finalize(st);
    sodium_memzero(ck, sizeof ck);
    return K_OK;
}

void store_personal_free(struct store_personal *p)
{
    if (!p)
        return;
    str_free_secure(p->form_json);
    free_secure(p->signature, p->signature_len);
    memset(p, 0, sizeof *p);
}

enum kerr store_attachment_load(store *s, long long case_id, int idx, uint8_t **data, size_t *len)
{
    *data = NULL;
    *len = 0;
    sqlite3_stmt *st =
        store_prep(s, "SELECT c.uuid, a.sha256, a.file FROM attachments a JOIN cases c "
                      "ON c.id = a.case_id WHERE a.case_id = ?1 AND a.idx = ?2");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, case_id);
    sqlite3_bind_int(st, 2, idx);
    if (sqlite3_step(st) != SQLITE_ROW || sqlite3_column_type(st, 2) == SQLITE_NULL) {
        sqlite3_finalize(st);
        return K_ERR_NOT_FOUND;
    }
    char uuid[STORE_UUID_LEN], sha[STORE_SHA256_HEX], file[128], path[900], ad[80];
    store_col_text(st, 0, uuid, sizeof uuid);
    store_col_text(st, 1, sha, sizeof sha);
    store_col_text(st, 2, file, sizeof file);
    sqlite3_finalize(st);
    snprintf(path, sizeof path, "%s/%s", s->att_dir, file);
    char *ct;
    size_t clen;
    enum kerr e = fs_read_file(path, STORE_MAX_FILE + 64, &ct, &clen);
    if (e) {
        store_set_err(s, "E609: attachment file %s unreadable", file);
        return e == K_ERR_NOT_FOUND ? K_ERR_NOT_FOUND : K_ERR_IO;
    }
    uint8_t ck[STORE_KEY_LEN];
    if ((e = store_case_key(s, uuid, ck)) != K_OK) {
        free(ct);
        return e;
    }
    store_file_ad(uuid, idx, ad, sizeof ad);
    uint8_t *pt = store_open_sealed(ck, (const uint8_t *)ct, clen, ad, len);
    sodium_memzero(ck, sizeof ck);
    free(ct);
    if (!pt) {
        store_set_err(s, "E609: attachment file %s failed to decrypt", file);
        return K_ERR_CRYPTO;
    }
    char have[STORE_SHA256_HEX];
    store_sha256_hex(pt, *len, have);
    if (strcmp(have, sha) != 0) {
        free_secure(pt, *len);
        *len = 0;
        store_set_err(s, "E609: attachment file %s does not match its recorded hash", file);
        return K_ERR_CRYPTO;
    }
    *data = pt;
    return K_OK;
}
