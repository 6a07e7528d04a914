/* Tests for platform/log.c under systemd (issue 18 item 7): when stderr is the journal's stream
 * ($JOURNAL_STREAM names its device and inode) lines carry "<N>" priorities and no stamp, and
 * no log file is written (the journal rotates); otherwise the stamped lines and the file. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/fsutil.h"
#include "platform/log.h"
#include "tests/support/ktest.h"

/* Logs three lines with stderr sent to ERRPATH; JOURNAL_STREAM set to ERRPATH's identity when
 * as_journal, to another file's when mismatched. Returns what reached stderr. */
static char *run(const char *errpath, const char *logpath, bool as_journal, bool mismatched)
{
    fflush(stderr);
    int saved = dup(2);
    int fd = open(errpath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    CHECK(fd >= 0);
    dup2(fd, 2);
    close(fd);
    struct stat st;
    CHECK_EQ_INT(stat(mismatched ? logpath : errpath, &st), 0);
    char js[64];
    snprintf(js, sizeof js, "%llu:%llu", (unsigned long long)st.st_dev,
             (unsigned long long)st.st_ino);
    if (as_journal)
        setenv("JOURNAL_STREAM", js, 1);
    else
        unsetenv("JOURNAL_STREAM");
    log_setup(LOG_DEBUG, logpath, 0, 0);
    log_info("boot", "started %d", 1);
    log_warn("printer", "paper low");
    log_error("store", "E203: disk full");
    log_close();
    fflush(stderr);
    dup2(saved, 2);
    close(saved);
    unsetenv("JOURNAL_STREAM");
    char *text = NULL;
    size_t len = 0;
    CHECK_EQ_INT(fs_read_file(errpath, 1 << 16, &text, &len), K_OK);
    return text ? text : strdup("");
}

static void test_journal(void)
{
    char err[512], logf[512];
    snprintf(err, sizeof err, "%s/stderr.txt", ktest_tmpdir());
    snprintf(logf, sizeof logf, "%s/kiosk.log", ktest_tmpdir());
    unlink(logf);
    char *text = run(err, logf, true, false);
    CHECK_EQ_STR(text, "<6>boot: started 1\n<4>printer: paper low\n<3>store: E203: disk full\n");
    free(text);
    CHECK(!fs_exists(logf));
}

static void test_not_journal(void)
{
    char err[512], logf[512];
    snprintf(err, sizeof err, "%s/stderr2.txt", ktest_tmpdir());
    snprintf(logf, sizeof logf, "%s/kiosk2.log", ktest_tmpdir());
    unlink(logf);
    char *text = run(err, logf, false, false);
    CHECK(strstr(text, "Z info  boot: started 1\n") != NULL);
    CHECK(strchr(text, '<') == NULL);
    free(text);
    CHECK(fs_exists(logf));
    /* A JOURNAL_STREAM inherited from a parent whose stderr was the journal, while this
     * process's stderr is a file: not the journal. */
    char *t2 = run(err, logf, true, true);
    CHECK(strstr(t2, "Z warn  printer: paper low\n") != NULL);
    free(t2);
}

int main(void)
{
    KTEST_RUN(test_journal);
    KTEST_RUN(test_not_journal);
    return ktest_done();
}
