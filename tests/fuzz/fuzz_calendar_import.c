/* tests/fuzz/fuzz_calendar_import.c: a holiday table from a USB stick or a technician
 * (app/core/calendar_import.c) imported into a copy of the shipped calendar folder. The first
 * input byte picks the file's name (a new table, or one replacing a shipped table). An import
 * accepted must leave a folder that loads; a refusal must say why with a numbered message. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/core/calendar.h"
#include "app/core/calendar_import.h"
#include "platform/fsutil.h"
#include "platform/xalloc.h"

static char dir[64];
static char cal[600], src[600];
static bool ready;
static const char *const names[] = {"2026.json", "local.json", "2027.json", "x.json"};

static void teardown(void)
{
    fs_remove_tree(dir);
}

/* Put the shipped tables back (only the one an accepted import touched). */
static void restore(const char *name)
{
    char from[700], to[700];
    snprintf(from, sizeof from, "%s/%s", src, name);
    snprintf(to, sizeof to, "%s/%s", cal, name);
    char *buf = NULL;
    size_t len = 0;
    if (fs_read_file(from, CALENDAR_FILE_MAX, &buf, &len) == K_OK) {
        if (fs_write_atomic(to, buf, len, 0644) != K_OK)
            abort();
        free(buf);
    } else {
        unlink(to);
    }
}

static void setup(void)
{
    /* on tmpfs when there is one: the input is written to a file and an accepted import
     * writes and fsyncs the table, which on a disk held this target to about 35 inputs a
     * second */
    snprintf(dir, sizeof dir, "%s/fuzz_calimport.XXXXXX",
             access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
    if (!mkdtemp(dir))
        abort();
    const char *s = getenv("KIOSK_SRC");
    snprintf(src, sizeof src, "%s/assets/calendar", s ? s : ".");
    snprintf(cal, sizeof cal, "%s/calendar", dir);
    if (fs_mkdir_p(cal, 0700) != K_OK)
        abort();
    for (size_t i = 0; i < 4; i++)
        restore(names[i]);
    static const char shipped[] = "2025.json";
    restore(shipped);
    ready = true;
    atexit(teardown);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready)
        setup();
    if (!size || size > CALENDAR_FILE_MAX)
        return 0;
    const char *name = names[data[0] % 4];
    char file[700];
    snprintf(file, sizeof file, "%s/%s", dir, name);
    if (fs_write_atomic(file, data + 1, size - 1, 0644) != K_OK)
        abort();
    char dst[800], err[600];
    enum calendar_import_result r = calendar_import(cal, file, dst, sizeof dst, err, sizeof err);
    unlink(file);
    if (r == CAL_IMPORT_OK) {
        struct calendar *c = NULL;
        if (calendar_load_dir(cal, &c, err, sizeof err) != K_OK)
            abort(); /* an accepted table must leave a calendar that loads */
        calendar_destroy(c);
        restore(name);
    } else if (r != CAL_IMPORT_REJECTED || err[0] != 'E') {
        abort();
    }
    return 0;
}
