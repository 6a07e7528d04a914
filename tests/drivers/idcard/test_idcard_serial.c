/* tests/drivers/idcard/test_idcard_serial.c: the real `serial` driver (termios 115200 8N1)
 * through a pty whose master side is the simulated reader, byte-dribbled: reads, faults,
 * and the reader going away (master closed). */
#define _XOPEN_SOURCE 700 /* posix_openpt, grantpt, unlockpt, ptsname */
#include "drivers/idcard/idcard.h"
#include "drivers/idcard/idsim.h"
#include "tests/support/ktest.h"

#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

struct dev {
    int master;
    struct idsim *sim;
    atomic_bool stop;
};

static void *device(void *p)
{
    struct dev *d = p;
    uint8_t in[512], out[8192];
    while (!atomic_load(&d->stop)) {
        struct pollfd pf = {.fd = d->master, .events = POLLIN};
        if (poll(&pf, 1, 20) <= 0)
            continue;
        ssize_t n = read(d->master, in, sizeof in);
        if (n <= 0)
            continue;
        size_t rn = idsim_feed(d->sim, in, (size_t)n, out, sizeof out);
        /* a UART delivers in pieces: write in 100-byte chunks */
        for (size_t off = 0; off < rn;) {
            size_t k = rn - off < 100 ? rn - off : 100;
            ssize_t w = write(d->master, out + off, k);
            if (w > 0)
                off += (size_t)w;
            else
                usleep(1000);
        }
    }
    return NULL;
}

int main(void)
{
    struct dev d = {.sim = idsim_create()};
    d.master = posix_openpt(O_RDWR | O_NOCTTY);
    CHECK(d.master >= 0);
    if (d.master < 0 || grantpt(d.master) != 0 || unlockpt(d.master) != 0)
        return ktest_done();
    char path[128];
    snprintf(path, sizeof path, "%s", ptsname(d.master));
    pthread_t th;
    pthread_create(&th, NULL, device, &d);

    struct idcard_reader *r = NULL;
    CHECK_EQ_INT(idcard_open("serial", "/nonexistent/tty", &r), K_ERR_NO_DEVICE);
    CHECK_EQ_INT(idcard_open("serial", path, &r), K_OK);
    if (!r)
        return ktest_done();
    struct idcard_card c;
    CHECK_EQ_INT(idcard_sam_status(r), K_OK);
    CHECK_EQ_INT(idcard_read(r, &c), K_ERR_NO_CARD);
    idsim_place(d.sim, 0);
    CHECK_EQ_INT(idcard_read(r, &c), K_OK);
    CHECK_EQ_STR(c.name, "张堃");
    CHECK(c.long_term);
    CHECK_EQ_INT(idcard_read(r, &c), K_ERR_NO_CARD); /* already read */
    idsim_place(d.sim, 3);
    CHECK_EQ_INT(idcard_read(r, &c), K_OK);
    CHECK_EQ_STR(c.english_name, "SMITH JOHN");

    struct idsim_faults f = {.garbage = true};
    idsim_place(d.sim, 1);
    idsim_set_faults(d.sim, &f);
    CHECK_EQ_INT(idcard_read(r, &c), K_OK);
    CHECK_EQ_STR(c.extra_address, "内蒙古自治区呼和浩特市赛罕区大学西街8号");
    f = (struct idsim_faults){.bad_checksum = true};
    idsim_place(d.sim, 1);
    idsim_set_faults(d.sim, &f);
    CHECK_EQ_INT(idcard_read(r, &c), K_ERR_CHECKSUM);
    f = (struct idsim_faults){.remove_mid_read = true};
    idsim_place(d.sim, 1);
    idsim_set_faults(d.sim, &f);
    CHECK_EQ_INT(idcard_read(r, &c), K_ERR_CARD_REMOVED);
    f = (struct idsim_faults){.silent = true};
    idsim_set_faults(d.sim, &f);
    CHECK_EQ_INT(idcard_sam_status(r), K_ERR_BUSY);
    f = (struct idsim_faults){.truncate = true};
    idsim_set_faults(d.sim, &f);
    CHECK_EQ_INT(idcard_sam_status(r), K_ERR_PROTOCOL);

    /* the reader goes away */
    atomic_store(&d.stop, true);
    pthread_join(th, NULL);
    close(d.master);
    enum kerr e = idcard_read(r, &c);
    CHECKF(e == K_ERR_NO_DEVICE, "%s", kerr_name(e));
    idcard_close(r);
    idsim_destroy(d.sim);
    return ktest_done();
}
