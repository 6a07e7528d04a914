/* tests/app/sync/fakehub.c: a minimal stand-in for casehub, for developing the kiosk's client
 * before casehub exists (test-only; the suite's tests use the real casehub when it is built).
 * Same command line as casehub for what the tests use:
 *   fakehub --data DIR kiosk add NAME      prints a token
 *   fakehub --listen ADDR:PORT --data DIR  serves the kiosk API of docs/api.md
 *   fakehub --data DIR case show CODE      exit 0 when the case exists
 *   fakehub --data DIR case count          prints the number of cases
 *   fakehub --data DIR matter set CODE N STATUS
 * State is one SQLite file DIR/hub.db. */
#include <microhttpd.h>
#include <signal.h>
#include <stdbool.h>
#include <time.h>
#include <sodium.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cjson/cJSON.h>

static sqlite3 *db;
static char token[65];
static volatile sig_atomic_t stop;

static void on_term(int sig)
{
    (void)sig;
    stop = 1;
}

static int open_db(const char *dir)
{
    char path[600];
    snprintf(path, sizeof path, "%s/hub.db", dir);
    if (sqlite3_open(path, &db) != SQLITE_OK)
        return -1;
    sqlite3_busy_timeout(db, 5000);
    return sqlite3_exec(db,
                        "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;"
                        "CREATE TABLE IF NOT EXISTS tokens(token TEXT PRIMARY KEY);"
                        "CREATE TABLE IF NOT EXISTS cases(uuid TEXT PRIMARY KEY, code TEXT UNIQUE,"
                        " body TEXT, qr TEXT, complete INTEGER DEFAULT 0);"
                        "CREATE TABLE IF NOT EXISTS matters(code TEXT, matter INTEGER, status TEXT,"
                        " updated_ms INTEGER, PRIMARY KEY(code, matter));"
                        "CREATE TABLE IF NOT EXISTS blobs(sha TEXT PRIMARY KEY, size INTEGER);",
                        NULL, NULL, NULL);
}

struct req {
    char *buf;
    size_t len;
};

static enum MHD_Result reply(struct MHD_Connection *c, unsigned code, const char *json)
{
    struct MHD_Response *r =
        MHD_create_response_from_buffer(strlen(json), (void *)json, MHD_RESPMEM_MUST_COPY);
    MHD_add_response_header(r, "Content-Type", "application/json");
    enum MHD_Result ret = MHD_queue_response(c, code, r);
    MHD_destroy_response(r);
    return ret;
}

static bool authorized(struct MHD_Connection *c)
{
    const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    if (!a || strncmp(a, "Bearer ", 7) != 0)
        return false;
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT 1 FROM tokens WHERE token = ?1", -1, &st, NULL);
    sqlite3_bind_text(st, 1, a + 7, -1, SQLITE_TRANSIENT);
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return ok;
}

static bool have_blob(const char *sha)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT 1 FROM blobs WHERE sha = ?1", -1, &st, NULL);
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
    bool ok = sqlite3_step(st) == SQLITE_ROW;
    sqlite3_finalize(st);
    return ok;
}

static char *missing_json(const char *body)
{
    cJSON *j = cJSON_Parse(body), *out = cJSON_CreateObject();
    cJSON *m = cJSON_AddArrayToObject(out, "missing");
    const cJSON *a;
    cJSON_ArrayForEach(a, cJSON_GetObjectItem(j, "attachments"))
    {
        const cJSON *sha = cJSON_GetObjectItem(a, "sha256");
        if (cJSON_IsString(sha) && !have_blob(sha->valuestring))
            cJSON_AddItemToArray(m, cJSON_CreateString(sha->valuestring));
    }
    char *s = cJSON_PrintUnformatted(out);
    cJSON_Delete(j);
    cJSON_Delete(out);
    return s;
}

static enum MHD_Result create_case(struct MHD_Connection *c, const struct req *rq)
{
    const char *key = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Idempotency-Key");
    cJSON *j = cJSON_ParseWithLength(rq->buf, rq->len);
    const cJSON *uuid = cJSON_GetObjectItem(j, "uuid"), *code = cJSON_GetObjectItem(j, "code");
    const cJSON *qr = cJSON_GetObjectItem(j, "token");
    if (!key || !cJSON_IsString(uuid) || !cJSON_IsString(code) || !cJSON_IsString(qr) ||
        strcmp(key, uuid->valuestring) != 0) {
        cJSON_Delete(j);
        return reply(c, 400, "{\"error\":\"bad request\"}");
    }
    sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT body FROM cases WHERE uuid = ?1", -1, &st, NULL);
    sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
    unsigned status = 201;
    if (sqlite3_step(st) == SQLITE_ROW) {
        status = strcmp((const char *)sqlite3_column_text(st, 0), rq->buf) == 0 ? 200 : 409;
        sqlite3_finalize(st);
    } else {
        sqlite3_finalize(st);
        sqlite3_prepare_v2(db, "INSERT INTO cases(uuid, code, body, qr) VALUES(?1,?2,?3,?4)", -1,
                           &st, NULL);
        sqlite3_bind_text(st, 1, key, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 2, code->valuestring, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 3, rq->buf, -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(st, 4, qr->valuestring, -1, SQLITE_TRANSIENT);
        if (sqlite3_step(st) != SQLITE_DONE)
            status = 409;
        sqlite3_finalize(st);
        const cJSON *m;
        cJSON_ArrayForEach(m, cJSON_GetObjectItem(j, "matters"))
        {
            sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO matters VALUES(?1, ?2, 'submitted', 0)",
                               -1, &st, NULL);
            sqlite3_bind_text(st, 1, code->valuestring, -1, SQLITE_TRANSIENT);
            sqlite3_bind_int(st, 2, m->valueint);
            sqlite3_step(st);
            sqlite3_finalize(st);
        }
    }
    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL);
    cJSON_Delete(j);
    if (status == 409)
        return reply(c, 409, "{\"error\":\"idempotency key reused with another body\"}");
    char *m = missing_json(rq->buf);
    enum MHD_Result r = reply(c, status, m);
    free(m);
    return r;
}

static enum MHD_Result put_blob(struct MHD_Connection *c, const char *sha, const struct req *rq)
{
    unsigned char h[32];
    char hex[65];
    crypto_hash_sha256(h, (const unsigned char *)rq->buf, rq->len);
    sodium_bin2hex(hex, sizeof hex, h, sizeof h);
    if (strcmp(hex, sha) != 0)
        return reply(c, 400, "{\"error\":\"hash mismatch\"}");
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO blobs VALUES(?1, ?2)", -1, &st, NULL);
    sqlite3_bind_text(st, 1, sha, -1, SQLITE_TRANSIENT);
    sqlite3_bind_int64(st, 2, (long long)rq->len);
    sqlite3_step(st);
    sqlite3_finalize(st);
    return reply(c, 201, "{}");
}

static enum MHD_Result complete(struct MHD_Connection *c, const char *uuid)
{
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT body FROM cases WHERE uuid = ?1", -1, &st, NULL);
    sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_ROW) {
        sqlite3_finalize(st);
        return reply(c, 404, "{\"error\":\"no such case\"}");
    }
    char *m = missing_json((const char *)sqlite3_column_text(st, 0));
    sqlite3_finalize(st);
    bool all = strcmp(m, "{\"missing\":[]}") == 0;
    enum MHD_Result r = reply(c, all ? 200 : 409, m);
    free(m);
    if (all) {
        sqlite3_prepare_v2(db, "UPDATE cases SET complete = 1 WHERE uuid = ?1", -1, &st, NULL);
        sqlite3_bind_text(st, 1, uuid, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_finalize(st);
    }
    return r;
}

static enum MHD_Result status(struct MHD_Connection *c, const char *code)
{
    const char *t = MHD_lookup_connection_value(c, MHD_GET_ARGUMENT_KIND, "t");
    sqlite3_stmt *st;
    sqlite3_prepare_v2(db, "SELECT qr FROM cases WHERE code = ?1", -1, &st, NULL);
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    bool ok = sqlite3_step(st) == SQLITE_ROW && t &&
              strcmp((const char *)sqlite3_column_text(st, 0), t) == 0;
    sqlite3_finalize(st);
    if (!ok)
        return reply(c, 404, "{\"error\":\"not found\"}");
    cJSON *out = cJSON_CreateObject(), *ms = cJSON_AddArrayToObject(out, "matters");
    cJSON_AddStringToObject(out, "code", code);
    sqlite3_prepare_v2(db, "SELECT matter, status, updated_ms FROM matters WHERE code = ?1", -1,
                       &st, NULL);
    sqlite3_bind_text(st, 1, code, -1, SQLITE_TRANSIENT);
    while (sqlite3_step(st) == SQLITE_ROW) {
        cJSON *m = cJSON_CreateObject();
        cJSON_AddNumberToObject(m, "matter", sqlite3_column_int(st, 0));
        cJSON_AddStringToObject(m, "status", (const char *)sqlite3_column_text(st, 1));
        cJSON_AddNumberToObject(m, "updated_ms", (double)sqlite3_column_int64(st, 2));
        cJSON_AddItemToArray(ms, m);
    }
    sqlite3_finalize(st);
    char *s = cJSON_PrintUnformatted(out);
    cJSON_Delete(out);
    enum MHD_Result r = reply(c, 200, s);
    free(s);
    return r;
}

static enum MHD_Result handler(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *data,
                               size_t *size, void **ctx)
{
    (void)cls;
    (void)version;
    struct req *rq = *ctx;
    if (!rq) {
        *ctx = calloc(1, sizeof *rq);
        return MHD_YES;
    }
    if (*size) {
        rq->buf = realloc(rq->buf, rq->len + *size + 1);
        memcpy(rq->buf + rq->len, data, *size);
        rq->len += *size;
        rq->buf[rq->len] = '\0';
        *size = 0;
        return MHD_YES;
    }
    if (!rq->buf)
        rq->buf = calloc(1, 1);
    if (strncmp(url, "/api/v1/status/", 15) == 0 && strcmp(method, "GET") == 0)
        return status(c, url + 15);
    if (!authorized(c))
        return reply(c, 401, "{\"error\":\"unauthorized\"}");
    if (strcmp(url, "/api/v1/cases") == 0 && strcmp(method, "POST") == 0)
        return create_case(c, rq);
    if (strncmp(url, "/api/v1/blobs/", 14) == 0 && strcmp(method, "PUT") == 0)
        return put_blob(c, url + 14, rq);
    if (strncmp(url, "/api/v1/cases/", 14) == 0 && strcmp(method, "POST") == 0) {
        char uuid[64];
        snprintf(uuid, sizeof uuid, "%.36s", url + 14);
        return complete(c, uuid);
    }
    return reply(c, 404, "{\"error\":\"no such endpoint\"}");
}

static void done(void *cls, struct MHD_Connection *c, void **ctx, enum MHD_RequestTerminationCode t)
{
    (void)cls;
    (void)c;
    (void)t;
    struct req *rq = *ctx;
    if (rq) {
        free(rq->buf);
        free(rq);
    }
}

int main(int argc, char **argv)
{
    const char *listen = NULL, *data = NULL;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--listen") == 0 && i + 1 < argc)
            listen = argv[++i];
        else if (strcmp(argv[i], "--data") == 0 && i + 1 < argc)
            data = argv[++i];
        else
            break;
    }
    if (!data || sodium_init() < 0 || open_db(data) != SQLITE_OK)
        return 2;
    if (i + 2 < argc + 0 && strcmp(argv[i], "kiosk") == 0 && strcmp(argv[i + 1], "add") == 0) {
        unsigned char b[16];
        randombytes_buf(b, sizeof b);
        sodium_bin2hex(token, sizeof token, b, sizeof b);
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db, "INSERT INTO tokens VALUES(?1)", -1, &st, NULL);
        sqlite3_bind_text(st, 1, token, -1, SQLITE_TRANSIENT);
        sqlite3_step(st);
        sqlite3_finalize(st);
        printf("%s\n", token);
        return 0;
    }
    if (i + 1 < argc && strcmp(argv[i], "case") == 0) {
        sqlite3_stmt *st;
        if (strcmp(argv[i + 1], "count") == 0) {
            sqlite3_prepare_v2(db, "SELECT count(*) FROM cases", -1, &st, NULL);
            sqlite3_step(st);
            printf("%d\n", sqlite3_column_int(st, 0));
            sqlite3_finalize(st);
            return 0;
        }
        if (strcmp(argv[i + 1], "show") == 0 && i + 2 < argc) {
            sqlite3_prepare_v2(db, "SELECT count(*) FROM cases WHERE code = ?1", -1, &st, NULL);
            sqlite3_bind_text(st, 1, argv[i + 2], -1, SQLITE_TRANSIENT);
            sqlite3_step(st);
            int n = sqlite3_column_int(st, 0);
            sqlite3_finalize(st);
            printf("%s %d\n", argv[i + 2], n);
            return n == 1 ? 0 : 1;
        }
    }
    if (i + 4 < argc && strcmp(argv[i], "matter") == 0 && strcmp(argv[i + 1], "set") == 0) {
        sqlite3_stmt *st;
        sqlite3_prepare_v2(db,
                           "UPDATE matters SET status = ?3, updated_ms = ?4 WHERE code = ?1 "
                           "AND matter = ?2",
                           -1, &st, NULL);
        sqlite3_bind_text(st, 1, argv[i + 2], -1, SQLITE_TRANSIENT);
        sqlite3_bind_int(st, 2, (int)strtol(argv[i + 3], NULL, 10));
        sqlite3_bind_text(st, 3, argv[i + 4], -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(st, 4, (long long)time(NULL) * 1000);
        sqlite3_step(st);
        sqlite3_finalize(st);
        return sqlite3_changes(db) == 1 ? 0 : 1;
    }
    if (!listen)
        return 2;
    const char *colon = strrchr(listen, ':');
    unsigned port = colon ? (unsigned)strtoul(colon + 1, NULL, 10) : 0;
    signal(SIGTERM, on_term);
    signal(SIGINT, on_term);
    struct MHD_Daemon *d =
        MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, (uint16_t)port, NULL, NULL, handler, NULL,
                         MHD_OPTION_NOTIFY_COMPLETED, done, NULL, MHD_OPTION_END);
    if (!d)
        return 1;
    while (!stop)
        pause();
    MHD_stop_daemon(d);
    sqlite3_close(db);
    return 0;
}
