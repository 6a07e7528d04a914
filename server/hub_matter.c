/* server/hub_matter.c: a matter's status changes and the notifications they queue (server/). */
#include "server/hub.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/core/trackcode.h"
#include "platform/utf8.h"
#include "platform/fsutil.h"
#include "server/alerts.h"
#include "server/caserules.h"
#include "server/policy.h"
#include "server/status.h"
#include "server/window.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"
#include "server/hub_internal.h"

/* ---- matters ---- */

static bool transition_ok(const char *from, const char *to)
{
    if (hub_final_status(from))
        return false;
    if (strcmp(to, "completed") == 0)
        return strcmp(from, "accepted") == 0;
    return strcmp(to, "accepted") == 0
               ? strcmp(from, "accepted") != 0
               : strcmp(to, "rejected") == 0 || strcmp(to, "supplement") == 0;
}

enum kerr hub_matter_set(struct hub *h, const char *code, int matter, const char *status,
                         const char *note, const char *actor, const char *department, char *err,
                         size_t errlen)
{
    char c[TRACKCODE_MAX];
    if (!code || !trackcode_normalize(code, c)) {
        hub_set_err(err, errlen, "E730: no case %s", code);
        return K_ERR_NOT_FOUND;
    }
    if (strcmp(status, "accepted") != 0 && strcmp(status, "completed") != 0 &&
        strcmp(status, "rejected") != 0 && strcmp(status, "supplement") != 0) {
        hub_set_err(err, errlen,
                    "E731: status must be accepted|completed|rejected|supplement, not %s", status);
        return K_ERR_INVALID;
    }
    note = note ? note : "";
    if (strlen(note) > HUB_NOTE_MAX) {
        hub_set_err(err, errlen, "E732: the note is longer than 2000 bytes%s", "");
        return K_ERR_INVALID;
    }
    /* staff (department set) must give the result, reason or list; the operator may not */
    if (department &&
        (strcmp(status, "rejected") == 0 || strcmp(status, "supplement") == 0 ||
         strcmp(status, "completed") == 0) &&
        !note[0]) {
        hub_set_err(err, errlen, "E733: %s needs a note (result, reason or list of material)",
                    status);
        return K_ERR_INVALID;
    }
    enum kerr e = K_OK;
    pthread_mutex_lock(&h->lock);
    long long id = hub_case_id_by(h, "code", c, NULL, NULL, 0);
    char from[32] = "", dept[64] = "", form[HUB_MAX_FORM + 1] = "";
    sqlite3_stmt *st = NULL;
    if (id <= 0) {
        hub_set_err(err, errlen, "E730: no case %s", code);
        e = K_ERR_NOT_FOUND;
        goto out;
    }
    st = hub_prep(h,
                  "SELECT m.status, m.department, c.form_json FROM case_matters m JOIN cases c ON "
                  "c.id = m.case_id WHERE m.case_id = ? AND m.matter = ? AND c.completed_ms IS "
                  "NOT NULL");
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, matter);
        if (sqlite3_step(st) == SQLITE_ROW) {
            str_copy(from, sizeof from, (const char *)sqlite3_column_text(st, 0));
            str_copy(dept, sizeof dept, (const char *)sqlite3_column_text(st, 1));
            str_copy(form, sizeof form, (const char *)sqlite3_column_text(st, 2));
        }
        sqlite3_finalize(st);
    }
    if (!from[0]) {
        hub_set_err(err, errlen, "E734: the case has no matter %s (or is not complete yet)", "");
        e = K_ERR_NOT_FOUND;
        goto out;
    }
    if (!window_matter_rule(h, id, department, dept, from, status, err, errlen)) {
        e = K_ERR_AUTH;
        goto out;
    }
    if (department ? !transition_ok(from, status) : hub_final_status(from)) {
        hub_set_err(err, errlen, "E736: a matter that is %s cannot change to that status", from);
        e = K_ERR_STATE;
        goto out;
    }
    /* the applicant's phone: the first phone field of the form */
    char phone[64] = "";
    status_phone_of(&h->svc, form, phone, sizeof phone);
    sodium_memzero(form, sizeof form);
    char text[1024];
    status_sms_text(&h->svc, c, matter, status, note, text, sizeof text);
    int64_t now = hub_now_ms();
    bool ok = hub_exec(h, "BEGIN IMMEDIATE");
    st = ok ? hub_prep(h, "UPDATE case_matters SET status = ?, note = ?, updated_ms = ? WHERE "
                          "case_id = ? AND matter = ?")
            : NULL;
    if (st) {
        sqlite3_bind_text(st, 1, status, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, note, -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 3, now);
        sqlite3_bind_int64(st, 4, id);
        sqlite3_bind_int(st, 5, matter);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    } else {
        ok = false;
    }
    st = ok ? hub_prep(h, "INSERT INTO matter_history(case_id, matter, status, note, actor, at_ms) "
                          "VALUES(?,?,?,?,?,?)")
            : NULL;
    if (st) {
        sqlite3_bind_int64(st, 1, id);
        sqlite3_bind_int(st, 2, matter);
        sqlite3_bind_text(st, 3, status, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, note, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 5, actor ? actor : "", -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 6, now);
        ok = sqlite3_step(st) == SQLITE_DONE;
        sqlite3_finalize(st);
    } else {
        ok = false;
    }
    if (ok && phone[0]) {
        st = hub_prep(h, "INSERT INTO notifications(case_id, matter, phone, text, created_ms) "
                         "VALUES(?,?,?,?,?)");
        ok = st != NULL;
        if (st) {
            sqlite3_bind_int64(st, 1, id);
            sqlite3_bind_int(st, 2, matter);
            sqlite3_bind_text(st, 3, phone, -1, SQLITE_TRANSIENT);
            sqlite3_bind_text(st, 4, text, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int64(st, 5, now);
            ok = sqlite3_step(st) == SQLITE_DONE;
            sqlite3_finalize(st);
        }
    }
    if (ok && hub_exec(h, "COMMIT")) {
        log_info("casehub", "case %s matter %d: %s -> %s by %s", c, matter, from, status,
                 actor ? actor : "?");
    } else {
        hub_exec(h, "ROLLBACK");
        hub_set_err(err, errlen, "E723: database error%s", "");
        e = K_ERR_DB;
    }
out:
    pthread_mutex_unlock(&h->lock);
    return e;
}

int hub_notify_pending(struct hub *h)
{
    struct pending {
        long long id;
        char phone[64];
        char text[1024];
    } p[16];
    int n = 0, sent = 0;
    pthread_mutex_lock(&h->lock);
    sqlite3_stmt *st =
        hub_prep(h, "SELECT id, phone, text FROM notifications WHERE sent_ms IS NULL "
                    "AND attempts < 50 ORDER BY id LIMIT 16");
    if (st) {
        while (n < 16 && sqlite3_step(st) == SQLITE_ROW) {
            p[n].id = sqlite3_column_int64(st, 0);
            str_copy(p[n].phone, sizeof p[n].phone, (const char *)sqlite3_column_text(st, 1));
            str_copy(p[n].text, sizeof p[n].text, (const char *)sqlite3_column_text(st, 2));
            n++;
        }
        sqlite3_finalize(st);
    }
    pthread_mutex_unlock(&h->lock);
    for (int i = 0; i < n; i++) {
        enum kerr e = notifier_send(h->notifier, p[i].phone, p[i].text);
        pthread_mutex_lock(&h->lock);
        st =
            hub_prep(h, e == K_OK ? "UPDATE notifications SET sent_ms = ?, attempts = attempts + 1 "
                                    "WHERE id = ?"
                                  : "UPDATE notifications SET attempts = attempts + 1 WHERE id = ? "
                                    "AND ? > 0");
        if (st) {
            if (e == K_OK) {
                sqlite3_bind_int64(st, 1, hub_now_ms());
                sqlite3_bind_int64(st, 2, p[i].id);
            } else {
                sqlite3_bind_int64(st, 1, p[i].id);
                sqlite3_bind_int64(st, 2, 1);
            }
            sqlite3_step(st);
            sqlite3_finalize(st);
        }
        pthread_mutex_unlock(&h->lock);
        if (e == K_OK)
            sent++;
        else
            log_warn("casehub", "E737: notification %lld not sent (%s), will retry", p[i].id,
                     kerr_name(e));
    }
    sodium_memzero(p, sizeof p);
    return sent;
}
