/* tests/support/ktest.h: the tiny test harness every C test uses.
 *
 * A test file defines functions and calls them through KTEST_RUN in main(); checks count
 * passes and failures; ktest_done() prints "N passed, N failed" and returns the exit code.
 * Table-driven tests number their rows and pass the row number into the message.
 */
#ifndef TESTS_SUPPORT_KTEST_H
#define TESTS_SUPPORT_KTEST_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

extern int ktest_passed, ktest_failed;

void ktest_check(bool ok, const char *file, int line, const char *expr, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
/* Print the summary line and return the process exit code (0 when nothing failed). */
int ktest_done(void);
/* A fresh empty scratch folder for this test process (removed by ktest_done on success). */
const char *ktest_tmpdir(void);
/* The source tree root ($KIOSK_SRC or the working directory). */
const char *ktest_src(void);
/* A test kiosk's configuration: NAME under ktest_tmpdir() (created) with NAME/data as its data
 * folder (created), an unreachable backend (http://127.0.0.1:9) and then extra (lines, may be
 * ""). Returns the path of NAME/kiosk.conf, valid until the next call; NULL when it cannot be
 * written (a failed check is counted). */
const char *ktest_kiosk_conf(const char *name, const char *extra);

#define CHECK(expr)       ktest_check((expr), __FILE__, __LINE__, #expr, NULL)
#define CHECKF(expr, ...) ktest_check((expr), __FILE__, __LINE__, #expr, __VA_ARGS__)
#define CHECK_EQ_INT(a, b)                                                                         \
    do {                                                                                           \
        long long ka_ = (long long)(a), kb_ = (long long)(b);                                      \
        ktest_check(ka_ == kb_, __FILE__, __LINE__, #a " == " #b, "%lld != %lld", ka_, kb_);       \
    } while (0)
#define CHECK_EQ_STR(a, b)                                                                         \
    do {                                                                                           \
        const char *ka_ = (a), *kb_ = (b);                                                         \
        ktest_check(ka_ &&kb_ &&strcmp(ka_, kb_) == 0, __FILE__, __LINE__, #a " == " #b,           \
                    "\"%s\" != \"%s\"", ka_ ? ka_ : "(null)", kb_ ? kb_ : "(null)");               \
    } while (0)
#define KTEST_RUN(fn)                                                                              \
    do {                                                                                           \
        fprintf(stderr, "-- %s\n", #fn);                                                           \
        fn();                                                                                      \
    } while (0)

#endif
