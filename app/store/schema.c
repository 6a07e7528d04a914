/* app/store/schema.c: the store's schema as numbered migrations (app layer, store).
 *
 * Entry i takes the database from PRAGMA user_version i to i + 1; store_open applies the
 * missing ones in one transaction. Never edit a released migration: append a new one and
 * raise STORE_SCHEMA_VERSION in store.h. */
#include "app/store/store.h"
#include "app/store/store_internal.h"

const char *const store_migrations[STORE_SCHEMA_VERSION] = {
    /* 0 -> 1: the first schema */
    "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);"
    /* the per-kiosk sequence behind tracking codes: `last` is the last one handed out */
    "CREATE TABLE kiosk_seq(kiosk_id INTEGER PRIMARY KEY, last INTEGER NOT NULL);"
    "CREATE TABLE cases("
    "  id INTEGER PRIMARY KEY,"
    "  uuid TEXT NOT NULL UNIQUE,"
    "  code TEXT NOT NULL UNIQUE,"
    "  kiosk_id INTEGER NOT NULL,"
    "  seq INTEGER NOT NULL,"
    "  district TEXT NOT NULL,"
    "  created_ms INTEGER NOT NULL,"
    "  updated_ms INTEGER NOT NULL,"
    "  state TEXT NOT NULL CHECK(state IN ('queued', 'delivered')),"
    "  personal BLOB,"  /* sealed form JSON; NULL once purged */
    "  signature BLOB," /* sealed PNG; NULL when none or purged */
    "  purged_ms INTEGER,"
    "  UNIQUE(kiosk_id, seq));"
    "CREATE TABLE matters("
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  matter INTEGER NOT NULL,"
    "  status TEXT NOT NULL,"
    "  status_ms INTEGER NOT NULL,"
    "  PRIMARY KEY(case_id, matter));"
    "CREATE TABLE matter_history("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  matter INTEGER NOT NULL,"
    "  status TEXT NOT NULL,"
    "  at_ms INTEGER NOT NULL,"
    "  source TEXT NOT NULL);"
    "CREATE INDEX matter_history_case ON matter_history(case_id);"
    "CREATE TABLE attachments("
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  idx INTEGER NOT NULL,"
    "  material INTEGER NOT NULL,"
    "  mime TEXT NOT NULL,"
    "  sha256 TEXT NOT NULL,"
    "  size INTEGER NOT NULL,"
    "  file TEXT," /* relative to DATA/attachments; NULL once purged */
    "  uploaded INTEGER NOT NULL DEFAULT 0,"
    "  PRIMARY KEY(case_id, idx));"
    "CREATE TABLE outbox("
    "  case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
    "  attempts INTEGER NOT NULL DEFAULT 0,"
    "  next_attempt_ms INTEGER NOT NULL,"
    "  last_attempt_ms INTEGER,"
    "  last_error TEXT,"
    "  delivered_ms INTEGER);"
    "CREATE INDEX outbox_due ON outbox(next_attempt_ms) WHERE delivered_ms IS NULL;"
    "CREATE TABLE attempts("
    "  id INTEGER PRIMARY KEY,"
    "  case_id INTEGER NOT NULL REFERENCES cases(id),"
    "  at_ms INTEGER NOT NULL,"
    "  step TEXT NOT NULL,"
    "  http_status INTEGER NOT NULL,"
    "  error TEXT);"
    "CREATE TABLE status_cache("
    "  case_id INTEGER PRIMARY KEY REFERENCES cases(id),"
    "  fetched_ms INTEGER NOT NULL);"
    "CREATE TABLE audit("
    "  id INTEGER PRIMARY KEY,"
    "  at_ms INTEGER NOT NULL,"
    "  actor TEXT NOT NULL,"
    "  action TEXT NOT NULL,"
    "  code TEXT,"
    "  detail TEXT);"
    "CREATE TABLE device_events("
    "  id INTEGER PRIMARY KEY,"
    "  at_ms INTEGER NOT NULL,"
    "  device TEXT NOT NULL,"
    "  event TEXT NOT NULL,"
    "  detail TEXT);",
    /* 1 -> 2: a key per case (sealed under the data key), destroyed when the case is purged,
     * so that copies of its files cannot be decrypted afterwards; NULL for cases of schema 1
     * (their data is under the data key itself) and for purged cases */
    "ALTER TABLE cases ADD COLUMN case_key BLOB;",
    /* 2 -> 3: a case the backend refused for good (409: its code or uuid belongs to another
     * case) is set aside instead of being retried forever, until a technician retries it */
    "ALTER TABLE outbox ADD COLUMN conflict_ms INTEGER;",
    /* 3 -> 4: wrong phone digits of manual lookups per tracking code (app/store/lookups.c),
     * so that a lock survives a restart; codes and counts only, never digits */
    ("CREATE TABLE lookup_misses(code TEXT PRIMARY KEY, misses INTEGER NOT NULL,"
     " last_ms INTEGER NOT NULL, locked_until_ms INTEGER NOT NULL DEFAULT 0);"),
};
