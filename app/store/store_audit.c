/* app/store/store_audit.c: the audit log and device events (app layer, store). */
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

/* ---- audit and device events --------------------------------------------------------------- */

enum kerr store_audit(store *s, const char *actor, const char *action, const char *code,
                      const char *detail)
{
    sqlite3_stmt *st = store_prep(s, "INSERT INTO audit(at_ms, actor, action, code, detail) "
                                     "VALUES(?1, ?2, ?3, ?4, ?5)");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, kclock_unix_ms(s->clk));
    store_bind_text(st, 2, actor ? actor : "?");
    store_bind_text(st, 3, action);
    store_bind_text(st, 4, code);
    store_bind_text(st, 5, detail);
    return store_step_done(s, st, "audit");
}

enum kerr store_device_event(store *s, const char *device, const char *event, const char *detail)
{
    sqlite3_stmt *st = store_prep(s, "INSERT INTO device_events(at_ms, device, event, detail) "
                                     "VALUES(?1, ?2, ?3, ?4)");
    if (!st)
        return K_ERR_DB;
    sqlite3_bind_int64(st, 1, kclock_unix_ms(s->clk));
    store_bind_text(st, 2, device);
    store_bind_text(st, 3, event);
    store_bind_text(st, 4, detail);
    return store_step_done(s, st, "device event");
}
