/* platform/log.c: stderr + rotating file logger and personal-data masks (platform layer).
 * Owns the log file handle; guarded by one mutex. Under systemd (stderr is the journal's
 * stream, $JOURNAL_STREAM) lines carry sd-daemon "<N>" priority prefixes instead of a time
 * stamp, and no file is written: the journal keeps, rotates and stamps the log. */
#include "platform/log.h"

#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "platform/xalloc.h"

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static enum log_level threshold = LOG_INFO;
static FILE *file;
static char *file_path;
static size_t file_max = 1 << 20;
static int file_keep = 3;

/* Open path for appending, created 0600 (and tightened when wider): the log names devices,
 * codes and screens, for the kiosk user only. */
static FILE *open_private(const char *path)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (fd < 0)
        return NULL;
    struct stat st;
    if (fstat(fd, &st) == 0 && (st.st_mode & 0077))
        fchmod(fd, st.st_mode & 0700);
    FILE *f = fdopen(fd, "a");
    if (!f)
        close(fd);
    return f;
}

static const char *const level_names[] = {"debug", "info", "warn", "error"};
/* syslog priorities of the levels: debug 7, info 6, warning 4, err 3. */
static const int level_prio[] = {7, 6, 4, 3};
static bool journal;

bool log_to_journal(void)
{
    /* JOURNAL_STREAM is "DEVICE:INODE" of the stream systemd connected to stdout/stderr; it
     * is inherited by children, so it counts only when stderr is still that stream. */
    const char *js = getenv("JOURNAL_STREAM");
    unsigned long long dev, ino;
    struct stat st;
    char tail;
    if (!js || sscanf(js, "%llu:%llu%c", &dev, &ino, &tail) != 2 || fstat(2, &st) != 0)
        return false;
    return (unsigned long long)st.st_dev == dev && (unsigned long long)st.st_ino == ino;
}

int log_level_parse(const char *s)
{
    for (int i = 0; i < 4; i++)
        if (s && strcmp(s, level_names[i]) == 0)
            return i;
    return -1;
}

void log_setup(enum log_level level, const char *path, size_t max_bytes, int keep)
{
    pthread_mutex_lock(&lock);
    threshold = level;
    if (file)
        fclose(file);
    file = NULL;
    free(file_path);
    file_path = NULL;
    file_max = max_bytes ? max_bytes : (1 << 20);
    file_keep = keep > 0 ? keep : 1;
    journal = log_to_journal();
    if (path && *path && !journal) {
        file_path = xstrdup(path);
        file = open_private(path);
        if (!file)
            fprintf(stderr, "log: cannot open %s, logging to stderr only\n", path);
    }
    pthread_mutex_unlock(&lock);
}

void log_close(void)
{
    pthread_mutex_lock(&lock);
    if (file)
        fclose(file);
    file = NULL;
    free(file_path);
    file_path = NULL;
    pthread_mutex_unlock(&lock);
}

/* Called with the lock held: shift PATH.(k-1) -> PATH.k ... PATH -> PATH.1 and reopen. */
static void rotate(void)
{
    fclose(file);
    file = NULL;
    for (int i = file_keep; i >= 1; i--) {
        char from[4096], to[4096];
        if (i == 1)
            snprintf(from, sizeof from, "%s", file_path);
        else
            snprintf(from, sizeof from, "%s.%d", file_path, i - 1);
        snprintf(to, sizeof to, "%s.%d", file_path, i);
        rename(from, to);
    }
    file = open_private(file_path);
}

void log_msg(enum log_level level, const char *module, const char *fmt, ...)
{
    if (level < threshold)
        return;
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);

    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    struct tm tm;
    gmtime_r(&ts.tv_sec, &tm);
    char stamp[32];
    strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%S", &tm);

    pthread_mutex_lock(&lock);
    if (journal)
        fprintf(stderr, "<%d>%s: %s\n", level_prio[level], module, msg);
    else
        fprintf(stderr, "%s.%03ldZ %-5s %s: %s\n", stamp, ts.tv_nsec / 1000000L, level_names[level],
                module, msg);
    if (file) {
        fprintf(file, "%s.%03ldZ %-5s %s: %s\n", stamp, ts.tv_nsec / 1000000L, level_names[level],
                module, msg);
        fflush(file);
        long pos = ftell(file);
        if (pos >= 0 && (size_t)pos >= file_max)
            rotate();
    }
    pthread_mutex_unlock(&lock);
}

const char *log_mask_id(const char *s, char *out, size_t n)
{
    size_t len = s ? strlen(s) : 0;
    if (n == 0)
        return out;
    if (len <= 8) {
        size_t i;
        for (i = 0; i < len && i + 1 < n; i++)
            out[i] = '*';
        out[i] = '\0';
        return out;
    }
    size_t i = 0;
    for (; i < len && i + 1 < n; i++)
        out[i] = (i < 4 || i >= len - 4) ? s[i] : '*';
    out[i] = '\0';
    return out;
}

/* Length in bytes of the UTF-8 sequence starting with byte c (1 for invalid lead bytes). */
static size_t u8len(unsigned char c)
{
    if (c >= 0xF0 && c < 0xF8)
        return 4;
    if (c >= 0xE0)
        return 3;
    if (c >= 0xC0)
        return 2;
    return 1;
}

const char *log_mask_name(const char *s, char *out, size_t n)
{
    if (n == 0)
        return out;
    out[0] = '\0';
    if (!s || !*s)
        return out;
    /* Split into code points. */
    size_t starts[64] = {0}, count = 0, len = strlen(s);
    for (size_t i = 0; i < len && count < 64; i += u8len((unsigned char)s[i]))
        starts[count++] = i;
    char first[8] = {0}, last[8] = {0};
    size_t fl = (count > 1 ? starts[1] : len) - starts[0];
    memcpy(first, s, fl < 7 ? fl : 7);
    if (count == 1) {
        str_copy(out, n, "*");
        return out;
    }
    str_copy(out, n, first);
    str_append(out, n, "*");
    if (count >= 3) {
        size_t ll = len - starts[count - 1];
        memcpy(last, s + starts[count - 1], ll < 7 ? ll : 7);
        str_append(out, n, last);
    }
    return out;
}

const char *log_mask_phone(const char *s, char *out, size_t n)
{
    size_t len = s ? strlen(s) : 0;
    if (n == 0)
        return out;
    size_t i = 0;
    for (; i < len && i + 1 < n; i++)
        out[i] = (len > 7 && (i < 3 || i >= len - 4)) ? s[i] : '*';
    out[i] = '\0';
    return out;
}
