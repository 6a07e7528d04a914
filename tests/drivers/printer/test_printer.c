/* tests/drivers/printer/test_printer.c: the print logic through the simulated printer (every
 * fault knob) and through the lp transport with a pty standing in for /dev/usb/lpN and the
 * simulated printer on the other side (stale status bytes, no reply, unplug). */
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, unlockpt, ptsname */
#include "drivers/printer/printer.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "drivers/printer/model.h"
#include "tests/support/ktest.h"

static struct bitmap *sample(int w, int h)
{
    struct bitmap *b = bitmap_create(w, h);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++)
            if ((x / 8 + y / 8) % 2 == 0)
                bitmap_set(b, x, y, true);
    return b;
}

static bool same_centred(const struct bitmap *paper, const struct bitmap *b)
{
    if (!paper || paper->h < b->h)
        return false;
    int x0 = (paper->w - b->w) / 2;
    for (int y = 0; y < b->h; y++)
        for (int x = 0; x < paper->w; x++) {
            bool want = x >= x0 && x < x0 + b->w && bitmap_get(b, x - x0, y);
            if (bitmap_get(paper, x, y) != want)
                return false;
        }
    return true;
}

static void test_open_errors(void)
{
    char err[256] = "";
    CHECK(printer_open("laser", "", 384, err, sizeof(err)) == NULL);
    CHECKF(strncmp(err, "E201", 4) == 0, "%s", err);
    CHECK(printer_open("sim", "", 500, err, sizeof(err)) == NULL);
    CHECKF(strncmp(err, "E201", 4) == 0, "%s", err);
    CHECK(printer_open("usb", "04l6:5011", 384, err, sizeof(err)) == NULL);
    CHECKF(strncmp(err, "E214", 4) == 0, "%s", err);
    CHECK(printer_open("lp", "/nonexistent/lp9", 384, err, sizeof(err)) == NULL);
    CHECKF(strncmp(err, "E214", 4) == 0, "%s", err);
    CHECK(printer_open("sim", "paper_out,bogus", 384, err, sizeof(err)) == NULL);
    CHECKF(strncmp(err, "E214", 4) == 0, "%s", err);
    printer_close(NULL);
}

static void test_sim_prints_and_saves_png(void)
{
    char dir[1024], err[256];
    snprintf(dir, sizeof(dir), "%s", ktest_tmpdir());
    setenv("KIOSK_PRINTER_SIM_DIR", dir, 1);
    struct printer *p = printer_open("sim", "", 384, err, sizeof(err));
    unsetenv("KIOSK_PRINTER_SIM_DIR");
    CHECK(p != NULL);
    if (!p)
        return;
    struct bitmap *b = sample(200, 300);
    struct escpos_status st;
    CHECK_EQ_INT(printer_status(p, &st), K_OK);
    CHECK(!st.paper_end && !st.cover_open && !st.offline);
    CHECK_EQ_INT(printer_print(p, b), K_OK);
    CHECK_EQ_INT(p->printed, 1);
    CHECK(same_centred(printer_sim_last(p), b));
    char path[1100];
    snprintf(path, sizeof(path), "%s/latest.png", dir);
    struct image *img = NULL;
    CHECK_EQ_INT(image_read_png(path, IMAGE_GRAY8, &img), K_OK);
    CHECK(img && img->w == 384 && img->h >= 300);
    image_destroy(img);
    snprintf(path, sizeof(path), "%s/receipt-0001.png", dir);
    CHECK(access(path, R_OK) == 0);

    /* Too wide for the paper */
    struct bitmap *wide = bitmap_create(385, 2);
    CHECK_EQ_INT(printer_print(p, wide), K_ERR_INVALID);
    CHECKF(strncmp(p->error, "E210", 4) == 0, "%s", p->error);
    bitmap_destroy(wide);
    bitmap_destroy(b);
    printer_close(p);
}

static void test_sim_faults(void)
{
    static const struct {
        enum printer_sim_knob knob;
        long value;
        enum kerr rc;
        const char *code;
        bool printed_something;
    } rows[] = {
        /* 1 */ {PRINTER_SIM_PAPER_OUT, 1, K_ERR_PAPER_OUT, "E203", false},
        /* 2 */ {PRINTER_SIM_COVER_OPEN, 1, K_ERR_COVER_OPEN, "E204", false},
        /* 3 */ {PRINTER_SIM_UNPLUG, 1, K_ERR_NO_DEVICE, "E202", false},
        /* 4 */ {PRINTER_SIM_PAPER_ROWS, 100, K_ERR_PAPER_OUT, "E203", true},
        /* 5 */ {PRINTER_SIM_CUTTER_JAM, 1, K_ERR_DEVICE_FAULT, "E206", true},
        /* 6 */ {PRINTER_SIM_NEAR_END, 1, K_OK, "", true},
    };
    for (size_t i = 0; i < sizeof(rows) / sizeof(rows[0]); i++) {
        char err[256];
        struct printer *p = printer_open("sim", "", 576, err, sizeof(err));
        struct bitmap *b = sample(576, 400);
        CHECK(printer_sim_set(p, rows[i].knob, rows[i].value));
        enum kerr rc = printer_print(p, b);
        CHECKF(rc == rows[i].rc, "row %zu: %s (%s)", i + 1, kerr_name(rc), p->error);
        CHECKF(strncmp(p->error, rows[i].code, strlen(rows[i].code)) == 0, "row %zu: %s", i + 1,
               p->error);
        CHECKF((printer_sim_last(p) != NULL) == rows[i].printed_something, "row %zu", i + 1);
        if (rows[i].knob == PRINTER_SIM_PAPER_ROWS)
            CHECKF(printer_sim_last(p) && printer_sim_last(p)->h == 100, "row %zu: partial", i + 1);
        CHECK_EQ_INT(p->printed, rc == K_OK ? 1 : 0);
        /* Fix the fault: the same receipt prints again. */
        if (rows[i].knob == PRINTER_SIM_PAPER_ROWS)
            printer_sim_set(p, PRINTER_SIM_PAPER_ROWS, -1);
        else if (rows[i].knob != PRINTER_SIM_CUTTER_JAM)
            printer_sim_set(p, rows[i].knob, 0);
        if (rows[i].knob == PRINTER_SIM_CUTTER_JAM) {
            /* a cutter error stays until the printer is reset: still refused */
            CHECK_EQ_INT(printer_print(p, b), K_ERR_DEVICE_FAULT);
        } else {
            rc = printer_print(p, b);
            CHECKF(rc == K_OK, "row %zu reprint: %s", i + 1, p->error);
            CHECKF(same_centred(printer_sim_last(p), b), "row %zu reprint image", i + 1);
        }
        bitmap_destroy(b);
        printer_close(p);
    }
    CHECK(!printer_sim_set(NULL, PRINTER_SIM_PAPER_OUT, 1));
}

/* The other side of the pty: a simulated printer answering in a thread. */
struct peer {
    int master;
    struct printer_model model;
    atomic_bool stop;
    atomic_bool mute; /* swallow status requests without answering */
};

static void *peer_main(void *arg)
{
    struct peer *pe = arg;
    uint8_t buf[8192];
    while (!atomic_load(&pe->stop)) {
        struct pollfd pfd = {.fd = pe->master, .events = POLLIN};
        if (poll(&pfd, 1, 20) <= 0)
            continue;
        ssize_t k = read(pe->master, buf, sizeof(buf));
        if (k <= 0)
            continue;
        printer_model_write(&pe->model, buf, (size_t)k);
        size_t n = printer_model_read(&pe->model, buf, sizeof(buf));
        if (n && !atomic_load(&pe->mute) && write(pe->master, buf, n) != (ssize_t)n)
            break;
    }
    return NULL;
}

static void test_lp_over_pty(void)
{
    struct peer pe;
    memset(&pe, 0, sizeof(pe));
    pe.master = posix_openpt(O_RDWR | O_NOCTTY);
    CHECK(pe.master >= 0 && grantpt(pe.master) == 0 && unlockpt(pe.master) == 0);
    char slave[256];
    const char *name = ptsname(pe.master);
    CHECK(name != NULL);
    snprintf(slave, sizeof(slave), "%s", name ? name : "");
    /* Raw mode so the line discipline passes the bytes through unchanged. */
    int sfd = open(slave, O_RDWR | O_NOCTTY);
    struct termios t;
    CHECK(sfd >= 0 && tcgetattr(sfd, &t) == 0);
    cfmakeraw(&t);
    CHECK(tcsetattr(sfd, TCSANOW, &t) == 0);
    printer_model_init(&pe.model, 384, NULL);

    /* Stale bytes waiting before the job: 0x1A would read as "offline" if not drained. */
    static const uint8_t stale[] = {0x1A, 0x32, 0xFF};
    CHECK(write(pe.master, stale, sizeof(stale)) == (ssize_t)sizeof(stale));

    pthread_t th;
    CHECK(pthread_create(&th, NULL, peer_main, &pe) == 0);
    char err[256];
    struct printer *p = printer_open("lp", slave, 384, err, sizeof(err));
    CHECKF(p != NULL, "%s", err);
    if (p) {
        usleep(50 * 1000); /* let the stale bytes arrive (not an assertion on time) */
        struct bitmap *b = sample(384, 600);
        enum kerr rc = printer_print(p, b);
        CHECKF(rc == K_OK, "%s", p->error);
        /* The peer thread is idle between requests: the model is safe to read after. */
        CHECK(pe.model.receipts == 1 && same_centred(pe.model.last, b));

        pe.model.st.cover_open = true;
        CHECK_EQ_INT(printer_print(p, b), K_ERR_COVER_OPEN);
        CHECKF(strncmp(p->error, "E204", 4) == 0, "%s", p->error);
        pe.model.st.cover_open = false;

        atomic_store(&pe.mute, true);
        p->timeout_ms = 200;
        struct escpos_status st;
        CHECK_EQ_INT(printer_status(p, &st), K_ERR_TIMEOUT);
        CHECKF(strncmp(p->error, "E208", 4) == 0, "%s", p->error);
        atomic_store(&pe.mute, false);

        /* Unplug: the device side goes away. */
        atomic_store(&pe.stop, true);
        pthread_join(th, NULL);
        close(pe.master);
        pe.master = -1;
        rc = printer_print(p, b);
        CHECKF(rc == K_ERR_NO_DEVICE, "%s (%s)", kerr_name(rc), p->error);
        CHECKF(strncmp(p->error, "E202", 4) == 0, "%s", p->error);
        bitmap_destroy(b);
        printer_close(p);
    } else {
        atomic_store(&pe.stop, true);
        pthread_join(th, NULL);
    }
    if (pe.master >= 0)
        close(pe.master);
    close(sfd);
    printer_model_finish(&pe.model);
}

int main(void)
{
    KTEST_RUN(test_open_errors);
    KTEST_RUN(test_sim_prints_and_saves_png);
    KTEST_RUN(test_sim_faults);
    KTEST_RUN(test_lp_over_pty);
    return ktest_done();
}
