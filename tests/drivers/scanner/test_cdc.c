/* tests/drivers/scanner/test_cdc.c: the USB CDC scanner driver through a pty (the pty's
 * slave stands in for /dev/ttyACM0; the test writes what the scanner would send into the
 * master), and the reader thread's hot-plug through a symlink that appears and goes away. */
#include <errno.h>
#include <fcntl.h>
#include <pty.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "drivers/scanner/scanner.h"
#include "tests/support/ktest.h"

#define WAIT 5000 /* a safety net against hangs, not a timing assertion */

static void send(int master, const char *s, size_t n)
{
    CHECK(write(master, s, n) == (ssize_t)n);
}

static enum kerr next(struct scanner *s, char *buf, size_t cap)
{
    size_t len;
    return scanner_read(s, buf, cap, &len, WAIT);
}

static void lines(void)
{
    int master, slave;
    char name[128];
    CHECK(openpty(&master, &slave, name, NULL, NULL) == 0);
    char err[256];
    enum kerr why;
    struct scanner *s = scanner_open("cdc", name, &why, err, sizeof err);
    CHECKF(s != NULL, "%s", err);
    if (!s)
        return;
    /* raw mode was set: no echo, no canonical processing, no CR->NL translation */
    struct termios tio;
    CHECK(tcgetattr(slave, &tio) == 0);
    CHECK((tio.c_lflag & (ICANON | ECHO)) == 0);
    CHECK((tio.c_iflag & (ICRNL | IXON)) == 0);
    char buf[SCANNER_SCAN_MAX];
    struct {
        int n;
        const char *wire;
        size_t wire_len;
        enum kerr want;
        const char *want_text;
    } rows[] = {
        {1, "K0001-000-0010\r", 15, K_OK, "K0001-000-0010"},
        {2, "https://yjs.ordos.example/s/K0001?t=AB\r\n", 40, K_OK,
         "https://yjs.ordos.example/s/K0001?t=AB"},
        {3, "\r\n\n\rLF-only\n", 12, K_OK, "LF-only"},
        {4,
         "ctl\x07"
         "byte\r",
         9, K_ERR_PROTOCOL, ""},
        {5, "nul\0byte\r", 9, K_ERR_PROTOCOL, ""},
        {6, "utf8 受理\r", 12, K_OK, "utf8 受理"},
        {7, "after\r", 6, K_OK, "after"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        send(master, rows[i].wire, rows[i].wire_len);
        enum kerr e = next(s, buf, sizeof buf);
        CHECKF(e == rows[i].want, "row %d: %s", rows[i].n, kerr_name(e));
        CHECKF(strcmp(buf, rows[i].want_text) == 0, "row %d: \"%s\"", rows[i].n, buf);
    }
    /* a scan split over many writes */
    send(master, "sp", 2);
    send(master, "lit-sc", 6);
    send(master, "an\r", 3);
    CHECK_EQ_INT(next(s, buf, sizeof buf), K_OK);
    CHECK_EQ_STR(buf, "split-scan");
    /* two scans in one write */
    send(master, "one\rtwo\r", 8);
    CHECK_EQ_INT(next(s, buf, sizeof buf), K_OK);
    CHECK_EQ_STR(buf, "one");
    CHECK_EQ_INT(next(s, buf, sizeof buf), K_OK);
    CHECK_EQ_STR(buf, "two");
    /* too long: dropped whole, the next scan is intact */
    char big[SCANNER_SCAN_MAX + 100];
    memset(big, 'A', sizeof big);
    send(master, big, sizeof big);
    send(master, "\rok\r", 4);
    CHECK_EQ_INT(next(s, buf, sizeof buf), K_ERR_TOO_LARGE);
    CHECK(strstr(s->error, "E405") != NULL);
    CHECK_EQ_INT(next(s, buf, sizeof buf), K_OK);
    CHECK_EQ_STR(buf, "ok");
    /* exactly the limit fits; a small caller buffer is honoured */
    memset(big, 'B', SCANNER_SCAN_MAX - 1);
    big[SCANNER_SCAN_MAX - 1] = '\r';
    send(master, big, SCANNER_SCAN_MAX);
    size_t len = 0;
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, WAIT), K_OK);
    CHECK_EQ_INT(len, SCANNER_SCAN_MAX - 1);
    send(master, "12345\r", 6);
    char small[4];
    CHECK_EQ_INT(next(s, small, sizeof small), K_ERR_TOO_LARGE);
    /* nothing sent: a timeout, not a scan */
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 10), K_ERR_TIMEOUT);
    CHECK_EQ_INT(s->scans, 10);
    CHECK_EQ_INT(s->rejected, 4);
    /* the scanner is unplugged: the master goes away, reads say so */
    close(slave);
    close(master);
    CHECK_EQ_INT(next(s, buf, sizeof buf), K_ERR_NO_DEVICE);
    CHECK(strstr(s->error, "E404") != NULL);
    scanner_close(s);
}

static void open_errors(void)
{
    char err[256];
    enum kerr why;
    CHECK(scanner_open("cdc", "/nonexistent/ttyACM9", &why, err, sizeof err) == NULL);
    CHECK_EQ_INT(why, K_ERR_NO_DEVICE);
    CHECK(strstr(err, "E402") != NULL);
    CHECK(scanner_open("cdc", "", &why, err, sizeof err) == NULL);
    CHECK_EQ_INT(why, K_ERR_INVALID);
    CHECK(strstr(err, "E409") != NULL);
    CHECK(scanner_open("cdc", "/dev/null", &why, err, sizeof err) == NULL); /* not a tty */
    CHECK(strstr(err, "E403") != NULL);
    CHECK(scanner_open("cdc", "ffff:fffe", &why, err, sizeof err) == NULL); /* not in sysfs */
    CHECK_EQ_INT(why, K_ERR_NO_DEVICE);
}

/* Wait for the next event of type t (and state code, for EV_SCANNER_STATE; -1 = any),
 * skipping others, into *out. */
static bool wait_for(struct evq *q, enum ev_type t, int code, struct ev *out)
{
    for (int i = 0; i < 50; i++) {
        if (!evq_wait(q, out, 200))
            continue;
        if (out->type == t && (code < 0 || out->code == code))
            return true;
        evq_event_free(out);
    }
    return false;
}

static void hotplug(void)
{
    char link[512];
    snprintf(link, sizeof link, "%s/ttyACM-scanner", ktest_tmpdir());
    struct evq *q = evq_create(32);
    char err[256];
    struct scanner_thread_opts o = {.reopen_ms = 20, .poll_ms = 20};
    struct scanner_thread *t = scanner_thread_start("cdc", link, q, &o, err, sizeof err);
    CHECKF(t != NULL, "%s", err);
    struct ev e;
    CHECK(wait_for(q, EV_SCANNER_STATE, -1, &e));
    CHECK_EQ_INT(e.code, SCANNER_ABSENT);
    CHECK(e.payload && strstr(e.payload, "E402"));
    evq_event_free(&e);
    for (int round = 0; round < 2; round++) {
        int master, slave;
        char name[128];
        CHECK(openpty(&master, &slave, name, NULL, NULL) == 0);
        CHECK(symlink(name, link) == 0); /* plugged in */
        CHECK(wait_for(q, EV_SCANNER_STATE, SCANNER_READY, &e));
        CHECKF(e.code == SCANNER_READY, "round %d: state %d", round, e.code);
        evq_event_free(&e);
        send(master, round ? "second\r" : "first\r", round ? 7 : 6);
        CHECK(wait_for(q, EV_SCAN, -1, &e));
        CHECK_EQ_STR(e.payload, round ? "second" : "first");
        evq_event_free(&e);
        unlink(link); /* unplugged */
        close(slave);
        close(master);
        CHECK(wait_for(q, EV_SCANNER_STATE, SCANNER_ABSENT, &e));
        CHECKF(e.code == SCANNER_ABSENT, "round %d: state %d", round, e.code);
        evq_event_free(&e);
    }
    scanner_thread_stop(t);
    evq_destroy(q);
}

int main(void)
{
    KTEST_RUN(lines);
    KTEST_RUN(open_errors);
    KTEST_RUN(hotplug);
    return ktest_done();
}
