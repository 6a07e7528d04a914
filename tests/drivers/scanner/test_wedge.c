/* tests/drivers/scanner/test_wedge.c: the keyboard-wedge decoder (drivers/scanner/wedge.c) on
 * recorded `struct input_event` streams, and the wedge driver reading such streams from a
 * file and a pipe standing in for the grabbed /dev/input node (platform/devnode.h opens
 * those without a grab). Event timestamps drive the inter-key timeout, so nothing here
 * depends on how fast the test runs. */
#include <fcntl.h>
#include <linux/input.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <string.h>
#include <unistd.h>

#include "drivers/scanner/scanner.h"
#include "drivers/scanner/wedge.h"
#include "platform/devnode.h"
#include "tests/support/ktest.h"

/* A recorded stream, built the way a scanner types: for each character press/release with
 * shift around upper-case and symbols, SYN after each, gap_ms between keys; then Enter. */
struct rec {
    struct input_event ev[8192];
    size_t n;
    int64_t t_ms;
};

static void put(struct rec *r, unsigned type, unsigned code, int value)
{
    if (r->n >= sizeof r->ev / sizeof r->ev[0])
        return;
    struct input_event *e = &r->ev[r->n++];
    memset(e, 0, sizeof *e);
    e->input_event_sec = (long)(r->t_ms / 1000);
    e->input_event_usec = (long)(r->t_ms % 1000) * 1000;
    e->type = (unsigned short)type;
    e->code = (unsigned short)code;
    e->value = value;
}

static void key(struct rec *r, unsigned code, int gap_ms)
{
    r->t_ms += gap_ms;
    put(r, EV_MSC, MSC_SCAN, 0x70000 + (int)code); /* real keyboards send these too */
    put(r, EV_KEY, code, 1);
    put(r, EV_SYN, SYN_REPORT, 0);
    r->t_ms += 1;
    put(r, EV_KEY, code, 0);
    put(r, EV_SYN, SYN_REPORT, 0);
}

/* The keycode and shift for c on a US keyboard (the inverse of wedge_keychar). */
static bool find_key(char c, unsigned *code, bool *shift)
{
    for (unsigned k = 1; k < 256; k++)
        for (int s = 0; s < 2; s++)
            if (wedge_keychar(k, s) == c) {
                *code = k;
                *shift = s;
                return true;
            }
    return false;
}

static void type(struct rec *r, const char *text, int gap_ms)
{
    for (const char *p = text; *p; p++) {
        unsigned code;
        bool shift;
        if (!find_key(*p, &code, &shift))
            continue;
        if (shift) {
            r->t_ms += 1;
            put(r, EV_KEY, KEY_LEFTSHIFT, 1);
        }
        key(r, code, gap_ms);
        if (shift) {
            r->t_ms += 1;
            put(r, EV_KEY, KEY_LEFTSHIFT, 0);
        }
    }
}

static void scan(struct rec *r, const char *text)
{
    type(r, text, 8);
    key(r, KEY_ENTER, 8);
}

/* Decode the whole recording; collect results. */
static size_t decode(const struct rec *r, enum wedge_result *res, char out[][WEDGE_BUF], size_t max,
                     size_t max_len)
{
    struct wedge w;
    wedge_init(&w, max_len, 100);
    size_t k = 0;
    for (size_t i = 0; i < r->n && k < max; i++) {
        size_t len;
        const struct input_event *e = &r->ev[i];
        enum wedge_result x =
            wedge_feed(&w, e->type, e->code, e->value,
                       (int64_t)e->input_event_sec * 1000 + e->input_event_usec / 1000, out[k],
                       WEDGE_BUF, &len);
        if (x != WEDGE_NONE)
            res[k++] = x;
    }
    return k;
}

static struct rec rec; /* big: not on the stack */

static void decoder(void)
{
    const char *url = "https://yjs.ordos.example/s/K0007-000-16J4?t=ABCDEFGHJKMNPQRS";
    memset(&rec, 0, sizeof rec);
    scan(&rec, url);
    scan(&rec, "K0007-000-16J4");
    scan(&rec, "!@#$%^&*()_+{}|:\"<>?~`-=[]\\;',./ aZ09");
    enum wedge_result res[8];
    char out[8][WEDGE_BUF];
    size_t n = decode(&rec, res, out, 8, 0);
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(res[0], WEDGE_SCAN);
    CHECK_EQ_STR(out[0], url);
    CHECK_EQ_STR(out[1], "K0007-000-16J4");
    CHECK_EQ_STR(out[2], "!@#$%^&*()_+{}|:\"<>?~`-=[]\\;',./ aZ09");

    /* a stray key long before a scan: dropped by the inter-key timeout, scan intact */
    memset(&rec, 0, sizeof rec);
    key(&rec, KEY_X, 0);
    rec.t_ms += 5000;
    scan(&rec, "K1");
    n = decode(&rec, res, out, 8, 0);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_STR(out[0], "K1");

    /* too long (max 10): dropped whole; the next one passes */
    memset(&rec, 0, sizeof rec);
    scan(&rec, "0123456789A");
    scan(&rec, "0123456789");
    n = decode(&rec, res, out, 8, 10);
    CHECK_EQ_INT(n, 2);
    CHECK_EQ_INT(res[0], WEDGE_TOO_LONG);
    CHECK_EQ_INT(res[1], WEDGE_SCAN);
    CHECK_EQ_STR(out[1], "0123456789");

    /* a key outside the layout (F5, Ctrl) spoils that scan only */
    memset(&rec, 0, sizeof rec);
    type(&rec, "AB", 8);
    key(&rec, KEY_F5, 8);
    key(&rec, KEY_ENTER, 8);
    type(&rec, "C", 8);
    key(&rec, KEY_LEFTCTRL, 8);
    key(&rec, KEY_KPENTER, 8);
    scan(&rec, "OK");
    n = decode(&rec, res, out, 8, 0);
    CHECK_EQ_INT(n, 3);
    CHECK_EQ_INT(res[0], WEDGE_BAD_KEY);
    CHECK_EQ_INT(res[1], WEDGE_BAD_KEY);
    CHECK_EQ_INT(res[2], WEDGE_SCAN);
    CHECK_EQ_STR(out[2], "OK");

    /* caps lock and auto-repeat are ignored; keypad digits and keypad Enter work; right
     * shift counts; an Enter alone is not a scan */
    memset(&rec, 0, sizeof rec);
    key(&rec, KEY_ENTER, 8);
    key(&rec, KEY_CAPSLOCK, 8);
    key(&rec, KEY_A, 8);
    put(&rec, EV_KEY, KEY_A, 2);
    put(&rec, EV_KEY, KEY_RIGHTSHIFT, 1);
    key(&rec, KEY_B, 8);
    put(&rec, EV_KEY, KEY_RIGHTSHIFT, 0);
    key(&rec, KEY_KP7, 8);
    key(&rec, KEY_KPENTER, 8);
    n = decode(&rec, res, out, 8, 0);
    CHECK_EQ_INT(n, 1);
    CHECK_EQ_STR(out[0], "aB7");

    /* idle: an unfinished scan is dropped after the timeout, not before */
    struct wedge w;
    wedge_init(&w, 0, 100);
    size_t len;
    char o[WEDGE_BUF];
    CHECK_EQ_INT(wedge_feed(&w, EV_KEY, KEY_A, 1, 1000, o, sizeof o, &len), WEDGE_NONE);
    CHECK_EQ_INT(wedge_idle(&w, 1100), WEDGE_NONE);
    CHECK_EQ_INT(wedge_idle(&w, 1101), WEDGE_TIMEOUT);
    CHECK_EQ_INT(wedge_idle(&w, 5000), WEDGE_NONE);
    /* a scan that does not fit the caller's buffer */
    CHECK_EQ_INT(wedge_feed(&w, EV_KEY, KEY_A, 1, 6000, o, sizeof o, &len), WEDGE_NONE);
    CHECK_EQ_INT(wedge_feed(&w, EV_KEY, KEY_B, 1, 6001, o, sizeof o, &len), WEDGE_NONE);
    CHECK_EQ_INT(wedge_feed(&w, EV_KEY, KEY_ENTER, 1, 6002, o, 2, &len), WEDGE_TOO_LONG);
}

static void write_all(int fd, const void *p, size_t n)
{
    const char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w <= 0)
            return;
        c += w;
        n -= (size_t)w;
    }
}

static void driver_file(void)
{
    memset(&rec, 0, sizeof rec);
    scan(&rec, "K0007-000-16J4");
    type(&rec, "X", 8);
    key(&rec, KEY_F1, 8);
    key(&rec, KEY_ENTER, 8);
    scan(&rec, "second");
    char path[512];
    snprintf(path, sizeof path, "%s/wedge.evdev", ktest_tmpdir());
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    write_all(fd, rec.ev, rec.n * sizeof rec.ev[0]);
    close(fd);

    char err[256], buf[SCANNER_SCAN_MAX];
    enum kerr why;
    struct scanner *s = scanner_open("wedge", path, &why, err, sizeof err);
    CHECKF(s != NULL, "%s", err);
    if (!s)
        return;
    size_t len;
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 2000), K_OK);
    CHECK_EQ_STR(buf, "K0007-000-16J4");
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 2000), K_ERR_PROTOCOL);
    CHECK(strstr(s->error, "E407") != NULL);
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 2000), K_OK);
    CHECK_EQ_STR(buf, "second");
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 2000), K_ERR_NO_DEVICE); /* end */
    scanner_close(s);

    /* errors: missing node, empty device, a directory */
    CHECK(scanner_open("wedge", "/nonexistent/event9", &why, err, sizeof err) == NULL);
    CHECK_EQ_INT(why, K_ERR_NO_DEVICE);
    CHECK(scanner_open("wedge", "", &why, err, sizeof err) == NULL);
    CHECK_EQ_INT(why, K_ERR_INVALID);
    CHECK(scanner_open("wedge", ktest_tmpdir(), &why, err, sizeof err) == NULL);
}

/* Through a pipe, with events split at odd byte boundaries across writes. */
static void driver_pipe(void)
{
    memset(&rec, 0, sizeof rec);
    scan(&rec, "https://yjs.ordos.example/s/K0007-000-16J4?t=ABCDEFGHJKMNPQRS");
    char path[512];
    snprintf(path, sizeof path, "%s/wedge.fifo", ktest_tmpdir());
    CHECK(mkfifo(path, 0600) == 0);
    /* open the read end first (non-blocking), then the write end */
    char err[256], buf[SCANNER_SCAN_MAX];
    enum kerr why;
    struct scanner *s = scanner_open("wedge", path, &why, err, sizeof err);
    CHECKF(s != NULL, "%s", err);
    if (!s)
        return;
    int w = open(path, O_WRONLY);
    CHECK(w >= 0);
    const char *bytes = (const char *)rec.ev;
    size_t total = rec.n * sizeof rec.ev[0], off = 0, step = 7;
    size_t len;
    /* the writer lives in this thread: write in slices, read after each slice */
    enum kerr e = K_ERR_TIMEOUT;
    while (off < total) {
        size_t n = total - off < step ? total - off : step;
        write_all(w, bytes + off, n);
        off += n;
        e = scanner_read(s, buf, sizeof buf, &len, 0);
        if (e != K_ERR_TIMEOUT)
            break;
    }
    CHECK_EQ_INT(e, K_OK);
    /* the scan completed with Enter's press: only its release and SYNs may be left */
    CHECK(off <= total && off + 7 + 3 * sizeof(struct input_event) >= total);
    CHECK_EQ_STR(buf, "https://yjs.ordos.example/s/K0007-000-16J4?t=ABCDEFGHJKMNPQRS");
    close(w); /* the device goes away */
    CHECK_EQ_INT(scanner_read(s, buf, sizeof buf, &len, 2000), K_ERR_NO_DEVICE);
    scanner_close(s);
}

int main(void)
{
    KTEST_RUN(decoder);
    KTEST_RUN(driver_file);
    KTEST_RUN(driver_pipe);
    return ktest_done();
}
