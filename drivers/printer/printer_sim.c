/* drivers/printer/printer_sim.c: the "sim" transport: the simulated printer in process.
 *
 * device: "" or knobs separated by commas: paper_out, near_end, cover_open, unplugged,
 * cutter_jam (for kioskctl and the demo). Receipts are written as PNG into the folder named
 * by the environment variable KIOSK_PRINTER_SIM_DIR when it is set. Layer: drivers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/printer/model.h"
#include "drivers/printer/printer.h"
#include "platform/xalloc.h"

struct sim {
    struct printer_model model;
    bool unplugged;
};

static enum kerr sim_open(struct printer *p, const char *device, char *err, size_t errlen)
{
    struct sim *s = xcalloc(1, sizeof(*s));
    printer_model_init(&s->model, p->width, getenv("KIOSK_PRINTER_SIM_DIR"));
    char *knobs = xstrdup(device);
    enum kerr e = K_OK;
    for (char *k = knobs, *next; k && *k; k = next) {
        next = strchr(k, ',');
        if (next)
            *next++ = '\0';
        if (strcmp(k, "paper_out") == 0)
            printer_model_paper_out(&s->model, true);
        else if (strcmp(k, "near_end") == 0)
            s->model.st.paper_near_end = true;
        else if (strcmp(k, "cover_open") == 0)
            s->model.st.cover_open = true;
        else if (strcmp(k, "unplugged") == 0)
            s->unplugged = true;
        else if (strcmp(k, "cutter_jam") == 0)
            s->model.cutter_jam = true;
        else if (*k) {
            snprintf(err, errlen, "E214: unknown sim printer knob \"%s\"", k);
            e = K_ERR_INVALID;
            break;
        }
    }
    free(knobs);
    if (e != K_OK) {
        printer_model_finish(&s->model);
        free(s);
        return e;
    }
    p->priv = s;
    return K_OK;
}

static enum kerr sim_write(struct printer *p, const uint8_t *buf, size_t n, int timeout_ms)
{
    (void)timeout_ms;
    struct sim *s = p->priv;
    if (s->unplugged)
        return K_ERR_NO_DEVICE;
    return printer_model_write(&s->model, buf, n) == K_OK ? K_OK : K_ERR_IO;
}

static enum kerr sim_read(struct printer *p, uint8_t *buf, size_t cap, size_t *got, int timeout_ms)
{
    (void)timeout_ms;
    struct sim *s = p->priv;
    *got = 0;
    if (s->unplugged)
        return K_ERR_NO_DEVICE;
    *got = printer_model_read(&s->model, buf, cap);
    return K_OK;
}

static void sim_close(struct printer *p)
{
    struct sim *s = p->priv;
    if (!s)
        return;
    printer_model_finish(&s->model);
    free(s);
    p->priv = NULL;
}

const struct printer_ops printer_sim_ops = {
    .name = "sim",
    .open = sim_open,
    .write = sim_write,
    .read = sim_read,
    .close = sim_close,
};

bool printer_sim_set(struct printer *p, enum printer_sim_knob knob, long value)
{
    if (!p || p->ops != &printer_sim_ops)
        return false;
    struct sim *s = p->priv;
    switch (knob) {
    case PRINTER_SIM_PAPER_OUT:
        printer_model_paper_out(&s->model, value != 0);
        break;
    case PRINTER_SIM_NEAR_END:
        s->model.st.paper_near_end = value != 0;
        break;
    case PRINTER_SIM_COVER_OPEN:
        s->model.st.cover_open = value != 0;
        break;
    case PRINTER_SIM_UNPLUG:
        s->unplugged = value != 0;
        break;
    case PRINTER_SIM_PAPER_ROWS:
        printer_model_paper_rows(&s->model, value);
        break;
    case PRINTER_SIM_CUTTER_JAM:
        s->model.cutter_jam = value != 0;
        break;
    default:
        return false;
    }
    return true;
}

const struct bitmap *printer_sim_last(const struct printer *p)
{
    if (!p || p->ops != &printer_sim_ops)
        return NULL;
    const struct sim *s = p->priv;
    return s->model.last;
}
