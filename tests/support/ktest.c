/* tests/support/ktest.c: counters, scratch folder and summary for tests/support/ktest.h. */
#include "tests/support/ktest.h"

#include <stdarg.h>
#include <stdlib.h>
#include <unistd.h>

#include "platform/fsutil.h"

int ktest_passed, ktest_failed;
static char tmpdir[256];

void ktest_check(bool ok, const char *file, int line, const char *expr, const char *fmt, ...)
{
    if (ok) {
        ktest_passed++;
        return;
    }
    ktest_failed++;
    fprintf(stderr, "FAIL %s:%d: %s", file, line, expr);
    if (fmt) {
        va_list ap;
        va_start(ap, fmt);
        fputs(": ", stderr);
        vfprintf(stderr, fmt, ap);
        va_end(ap);
    }
    fputc('\n', stderr);
}

const char *ktest_tmpdir(void)
{
    if (!tmpdir[0]) {
        const char *base = getenv("TMPDIR");
        snprintf(tmpdir, sizeof tmpdir, "%s/ktest.XXXXXX", base && *base ? base : "/tmp");
        if (!mkdtemp(tmpdir)) {
            perror("mkdtemp");
            exit(2);
        }
    }
    return tmpdir;
}

const char *ktest_src(void)
{
    const char *s = getenv("KIOSK_SRC");
    return s && *s ? s : ".";
}

const char *ktest_kiosk_conf(const char *name, const char *extra)
{
    static char conf[1024];
    char data[900];
    snprintf(data, sizeof data, "%s/%s/data", ktest_tmpdir(), name);
    snprintf(conf, sizeof conf, "%s/%s/kiosk.conf", ktest_tmpdir(), name);
    FILE *f = fs_mkdir_p(data, 0700) == K_OK ? fopen(conf, "w") : NULL;
    bool ok = f && fprintf(f, "paths.data_dir = %s\nbackend.url = http://127.0.0.1:9\n%s", data,
                           extra ? extra : "") > 0;
    ok = f && fclose(f) == 0 && ok;
    CHECKF(ok, "cannot write %s", conf);
    return ok ? conf : NULL;
}

int ktest_done(void)
{
    printf("%d passed, %d failed\n", ktest_passed, ktest_failed);
    fflush(stdout);
    if (tmpdir[0] && ktest_failed == 0 && !getenv("KTEST_KEEP"))
        fs_remove_tree(tmpdir);
    else if (tmpdir[0])
        fprintf(stderr, "scratch kept in %s\n", tmpdir);
    return ktest_failed ? 1 : (ktest_passed ? 0 : 1);
}
