/* tests/drivers/scanner/test_scanner.c: the driver table, the wrappers' vetting, the sim
 * twin and its knobs, the reader thread (events, unplug and re-plug), VID:PID parsing and
 * the sysfs look-up (platform/devnode.c) on a fake sysfs tree. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "drivers/scanner/scanner.h"
#include "platform/devnode.h"
#include "tests/support/ktest.h"

static void table(void)
{
    const char *names[] = {"sim", "cdc", "hidpos", "wedge"};
    for (size_t i = 0; i < 4; i++) {
        const struct scanner_ops *o = scanner_driver_find(names[i]);
        CHECKF(o && strcmp(o->name, names[i]) == 0 && o->open && o->read && o->close, "%s",
               names[i]);
    }
    CHECK(scanner_driver_find("usb") == NULL);
    CHECK(scanner_driver_find(NULL) == NULL);
    char err[256];
    enum kerr why;
    CHECK(scanner_open("keyboard", "", &why, err, sizeof err) == NULL);
    CHECK(strstr(err, "E401") != NULL);
    CHECK_EQ_INT(why, K_ERR_INVALID);
    CHECK(scanner_thread_start("nope", "", NULL, NULL, err, sizeof err) == NULL);
    CHECK(strstr(err, "E401") != NULL);
    scanner_close(NULL);
    scanner_thread_stop(NULL);
}

static void vidpid(void)
{
    struct {
        int n;
        const char *s;
        bool ok;
        unsigned v, p;
    } rows[] = {
        {1, "1eab:0d10", true, 0x1eab, 0x0d10}, {2, "1EAB:0D10", true, 0x1eab, 0x0d10},
        {3, "1eab:d10", false, 0, 0},           {4, "1eab:0d10:", false, 0, 0},
        {5, "/dev/ttyACM0", false, 0, 0},       {6, "", false, 0, 0},
        {7, "1eab-0d10", false, 0, 0},          {8, "ffff:0000", true, 0xffff, 0},
        {9, "1eab:0d1g", false, 0, 0},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        unsigned v = 1, p = 1;
        bool ok = scanner_parse_vidpid(rows[i].s, &v, &p);
        CHECKF(ok == rows[i].ok, "row %d", rows[i].n);
        if (ok)
            CHECKF(v == rows[i].v && p == rows[i].p, "row %d: %x:%x", rows[i].n, v, p);
    }
}

static void sim(void)
{
    scanner_sim_reset();
    char err[256], buf[SCANNER_SCAN_MAX];
    size_t len;
    enum kerr why;
    CHECK(scanner_open("sim", "bogus", &why, err, sizeof err) == NULL);
    CHECK(strstr(err, "E409") != NULL);
    scanner_sim_set(SCANNER_SIM_OPEN_FAIL, 1);
    CHECK(scanner_open("sim", "", &why, err, sizeof err) == NULL);
    CHECK_EQ_INT(why, K_ERR_NO_DEVICE);
    struct scanner *s = scanner_open("sim", "", &why, err, sizeof err);
    CHECKF(s != NULL, "%s", err);
    if (!s)
        return;
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 5), K_ERR_TIMEOUT);
    scanner_sim_feed("K0001-000-0010", 14);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 1000), K_OK);
    CHECK_EQ_STR(buf, "K0001-000-0010");
    CHECK_EQ_INT(len, 14);
    scanner_sim_feed("", 0); /* an empty read is not a scan */
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 1000), K_ERR_TIMEOUT);
    scanner_sim_feed("a\nb", 3); /* control bytes: refused by the wrapper */
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 1000), K_ERR_PROTOCOL);
    CHECK(strstr(s->error, "E406") != NULL);
    CHECK_EQ_STR(buf, "");
    scanner_sim_set(SCANNER_SIM_GARBLE, 1);
    scanner_sim_feed("garbled", 7);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 1000), K_ERR_PROTOCOL);
    char big[SCANNER_SCAN_MAX];
    memset(big, 'x', sizeof big);
    scanner_sim_feed(big, sizeof big);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 1000), K_ERR_TOO_LARGE);
    scanner_sim_feed(big, sizeof big - 1);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 1000), K_OK);
    CHECK_EQ_INT(len, sizeof big - 1);
    CHECK_EQ_INT(s->scans, 2);
    CHECK_EQ_INT(s->rejected, 3);
    scanner_sim_set(SCANNER_SIM_UNPLUG, 1);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 1000), K_ERR_NO_DEVICE);
    scanner_close(s);
    CHECK(scanner_open("sim", "", &why, err, sizeof err) == NULL);
    CHECK_EQ_INT(why, K_ERR_NO_DEVICE);
    scanner_sim_reset();
}

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

static void thread(void)
{
    scanner_sim_reset();
    scanner_sim_set(SCANNER_SIM_UNPLUG, 1); /* not plugged in at start */
    struct evq *q = evq_create(16);
    char err[256];
    struct scanner_thread_opts o = {.reopen_ms = 10, .poll_ms = 10};
    struct scanner_thread *t = scanner_thread_start("sim", "", q, &o, err, sizeof err);
    CHECK(t != NULL);
    struct ev e;
    CHECK(wait_for(q, EV_SCANNER_STATE, SCANNER_ABSENT, &e));
    evq_event_free(&e);
    for (int round = 0; round < 3; round++) {
        scanner_sim_set(SCANNER_SIM_UNPLUG, 0);
        CHECK(wait_for(q, EV_SCANNER_STATE, SCANNER_READY, &e));
        evq_event_free(&e);
        scanner_sim_feed("bad\x01", 4); /* dropped: never reaches the UI */
        scanner_sim_feed("K0001-000-0010", 14);
        CHECK(wait_for(q, EV_SCAN, -1, &e));
        CHECK_EQ_STR(e.payload, "K0001-000-0010");
        evq_event_free(&e);
        scanner_sim_set(SCANNER_SIM_UNPLUG, 1);
        CHECK(wait_for(q, EV_SCANNER_STATE, SCANNER_ABSENT, &e));
        CHECK(e.payload && strstr(e.payload, "E404"));
        evq_event_free(&e);
    }
    scanner_thread_stop(t);
    evq_destroy(q);
    /* a configuration error is a fault, not "absent" */
    q = evq_create(16);
    t = scanner_thread_start("cdc", "", q, &o, err, sizeof err);
    CHECK(wait_for(q, EV_SCANNER_STATE, -1, &e));
    CHECK_EQ_INT(e.code, SCANNER_FAULT);
    CHECK(e.payload && strstr(e.payload, "E409"));
    evq_event_free(&e);
    scanner_thread_stop(t);
    evq_destroy(q);
    scanner_sim_reset();
}

static void mk(const char *root, const char *rel, const char *content)
{
    char p[1024];
    snprintf(p, sizeof p, "%s/%s", root, rel);
    if (content) {
        FILE *f = fopen(p, "w");
        if (f) {
            fputs(content, f);
            fclose(f);
        }
    } else {
        mkdir(p, 0700);
    }
}

static void sysfs(void)
{
    const char *r = ktest_tmpdir();
    const char *dirs[] = {"class",
                          "class/tty",
                          "class/input",
                          "devices",
                          "devices/usb1",
                          "devices/usb1/1-2",
                          "devices/usb1/1-2/1-2:1.0",
                          "devices/usb1/1-2/1-2:1.0/input",
                          "devices/usb1/1-2/1-2:1.0/input/input5",
                          "devices/usb1/1-3",
                          "devices/usb1/1-3/1-3:1.0",
                          "devices/serial8250"};
    for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++)
        mk(r, dirs[i], NULL);
    mk(r, "devices/usb1/1-2/idVendor", "1eab\n");
    mk(r, "devices/usb1/1-2/idProduct", "0d10\n");
    mk(r, "devices/usb1/1-3/idVendor", "05e0\n");
    mk(r, "devices/usb1/1-3/idProduct", "1200\n");
    char a[1024], b[1024];
    const char *links[][2] = {
        {"class/input/event10", "devices/usb1/1-2/1-2:1.0/input/input5"},
        {"class/input/event2", "devices/usb1/1-3/1-3:1.0"},
        {"class/tty/ttyS0", "devices/serial8250"},
        {"class/tty/ttyACM0", "devices/usb1/1-3/1-3:1.0"},
        {"class/tty/ttyACM1", "devices/usb1/1-2/1-2:1.0"},
    };
    for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
        snprintf(a, sizeof a, "%s/%s", r, links[i][0]);
        mkdir(a, 0700);
        snprintf(a, sizeof a, "%s/%s/device", r, links[i][0]);
        snprintf(b, sizeof b, "%s/%s", r, links[i][1]);
        CHECK(symlink(b, a) == 0);
    }
    mk(r, "class/input/event10/uevent", "MAJOR=13\nMINOR=74\nDEVNAME=input/event10\n");
    mk(r, "class/input/event2/uevent", "MAJOR=13\nMINOR=66\nDEVNAME=input/event2\n");
    char out[256];
    CHECK_EQ_INT(devnode_find_usb(r, "tty", "tty", 0x1eab, 0x0d10, out, sizeof out), K_OK);
    CHECK_EQ_STR(out, "/dev/ttyACM1");
    CHECK_EQ_INT(devnode_find_usb(r, "tty", "tty", 0x05e0, 0x1200, out, sizeof out), K_OK);
    CHECK_EQ_STR(out, "/dev/ttyACM0");
    CHECK_EQ_INT(devnode_find_usb(r, "input", "event", 0x1eab, 0x0d10, out, sizeof out), K_OK);
    CHECK_EQ_STR(out, "/dev/input/event10");
    CHECK_EQ_INT(devnode_find_usb(r, "input", "event", 0x05e0, 0x1200, out, sizeof out), K_OK);
    CHECK_EQ_STR(out, "/dev/input/event2");
    CHECK_EQ_INT(devnode_find_usb(r, "tty", "tty", 0x1234, 0x5678, out, sizeof out),
                 K_ERR_NO_DEVICE);
    CHECK_EQ_INT(devnode_find_usb("/nonexistent", "tty", "tty", 1, 2, out, sizeof out),
                 K_ERR_NO_DEVICE);
}

int main(void)
{
    KTEST_RUN(table);
    KTEST_RUN(vidpid);
    KTEST_RUN(sim);
    KTEST_RUN(thread);
    KTEST_RUN(sysfs);
    return ktest_done();
}
