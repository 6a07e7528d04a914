/* drivers/idcard/idcard_sim.c: the `sim` driver, the reader's simulated twin. It talks to the
 * process-wide idsim_shared() device with no device delay; silence waits the full timeout. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "drivers/idcard/idcard.h"
#include "drivers/idcard/idsim.h"
#include "platform/xalloc.h"

struct sim_link {
    uint8_t out[8192];
    size_t len, off;
};

/* spec: "" or "card=N" (place built-in card N on the reader at open, for demos). */
static enum kerr sim_open(struct idcard_reader *r, const char *spec)
{
    if (idsim_unplugged(idsim_shared()))
        return K_ERR_NO_DEVICE;
    if (strncmp(spec, "card=", 5) == 0) {
        long i = 0;
        if (!str_to_long(spec + 5, 0, (long)idsim_card_count() - 1, &i))
            return K_ERR_INVALID;
        idsim_place(idsim_shared(), (size_t)i);
    }
    r->priv = xcalloc(1, sizeof(struct sim_link));
    return K_OK;
}

static void sim_close(struct idcard_reader *r)
{
    free(r->priv);
    r->priv = NULL;
}

static enum kerr sim_send(struct idcard_reader *r, const uint8_t *f, size_t n, int timeout_ms)
{
    (void)timeout_ms;
    struct sim_link *k = r->priv;
    if (idsim_unplugged(idsim_shared()))
        return K_ERR_NO_DEVICE;
    if (k->off == k->len)
        k->off = k->len = 0;
    k->len += idsim_feed(idsim_shared(), f, n, k->out + k->len, sizeof k->out - k->len);
    return K_OK;
}

static enum kerr sim_recv(struct idcard_reader *r, uint8_t *buf, size_t cap, size_t *got,
                          int timeout_ms)
{
    struct sim_link *k = r->priv;
    *got = 0;
    if (idsim_unplugged(idsim_shared()))
        return K_ERR_NO_DEVICE;
    if (k->off == k->len) {
        struct timespec ts = {timeout_ms / 1000, (long)(timeout_ms % 1000) * 1000000L};
        nanosleep(&ts, NULL);
        return K_ERR_TIMEOUT;
    }
    size_t n = k->len - k->off;
    if (n > cap)
        n = cap;
    memcpy(buf, k->out + k->off, n);
    k->off += n;
    *got = n;
    return K_OK;
}

const struct idcard_ops idcard_sim_ops = {
    .name = "sim",
    .open = sim_open,
    .close = sim_close,
    .send = sim_send,
    .recv = sim_recv,
};
