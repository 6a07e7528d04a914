/* drivers/camera/camera_sane.c: flatbed and sheet-fed scanners through the SANE C API.
 *
 * device: "NAME[,adf][,dpi=N]", e.g. "test", "pixma:04A91912", "fujitsu:fi-7160,adf,dpi=200".
 * Each grab scans one page (with the feeder: the next sheet; K_ERR_NOT_FOUND when the feeder
 * is empty). Colour, 8 bits, 150 dpi unless told otherwise. Scanner faults map to the error
 * enum: jammed or cover open -> device_fault, busy -> busy, I/O -> io.
 */
#include <sane/sane.h>
#include <sane/saneopts.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/camera/camera.h"
#include "drivers/camera/sane_frame.h"
#include "platform/log.h"
#include "platform/xalloc.h"

struct scanner {
    SANE_Handle h;
    bool adf;
};

static enum kerr map_status(SANE_Status s)
{
    switch (s) {
    case SANE_STATUS_GOOD:
        return K_OK;
    case SANE_STATUS_NO_DOCS:
        return K_ERR_NOT_FOUND;
    case SANE_STATUS_JAMMED:
    case SANE_STATUS_COVER_OPEN:
        return K_ERR_DEVICE_FAULT;
    case SANE_STATUS_DEVICE_BUSY:
        return K_ERR_BUSY;
    case SANE_STATUS_CANCELLED:
        return K_ERR_CANCELLED;
    case SANE_STATUS_INVAL:
    case SANE_STATUS_UNSUPPORTED:
        return K_ERR_UNSUPPORTED;
    default:
        return K_ERR_IO;
    }
}

/* Set option `name` to a string, or to a number (SANE_Int or SANE_Fixed as the option needs). */
static void set_opt(SANE_Handle h, const char *name, const char *sval, int ival)
{
    for (SANE_Int i = 1;; i++) {
        const SANE_Option_Descriptor *d = sane_get_option_descriptor(h, i);
        if (!d)
            return;
        if (!d->name || strcmp(d->name, name) != 0 || !SANE_OPTION_IS_SETTABLE(d->cap))
            continue;
        SANE_Int info = 0;
        if (d->type == SANE_TYPE_STRING && sval) {
            char *buf = xcalloc((size_t)d->size + 1, 1);
            snprintf(buf, (size_t)d->size, "%s", sval);
            sane_control_option(h, i, SANE_ACTION_SET_VALUE, buf, &info);
            free(buf);
        } else if (d->type == SANE_TYPE_INT) {
            SANE_Int v = ival;
            sane_control_option(h, i, SANE_ACTION_SET_VALUE, &v, &info);
        } else if (d->type == SANE_TYPE_FIXED) {
            SANE_Fixed v = SANE_FIX(ival);
            sane_control_option(h, i, SANE_ACTION_SET_VALUE, &v, &info);
        }
        return;
    }
}

static void sane_src_close(struct camera *cam)
{
    struct scanner *s = cam->priv;
    if (s && s->h)
        sane_close(s->h);
    free(s);
    cam->priv = NULL;
    sane_exit();
}

static enum kerr sane_src_open(struct camera *cam, const char *device, char *err, size_t errlen)
{
    char name[256];
    str_copy(name, sizeof name, device && *device ? device : "test");
    bool adf = false;
    long dpi = 150;
    char *opts = strchr(name, ',');
    if (opts) {
        *opts++ = '\0';
        for (char *tok = opts; tok && *tok;) {
            char *next = strchr(tok, ',');
            if (next)
                *next++ = '\0';
            if (strcmp(tok, "adf") == 0)
                adf = true;
            else if (strncmp(tok, "dpi=", 4) == 0 && str_to_long(tok + 4, 50, 1200, &dpi))
                ;
            else {
                snprintf(err, errlen, "E510: sane: bad option \"%.32s\"", tok);
                return K_ERR_INVALID;
            }
            tok = next;
        }
    }
    SANE_Int version = 0;
    if (sane_init(&version, NULL) != SANE_STATUS_GOOD) {
        snprintf(err, errlen, "E511: sane_init failed");
        return K_ERR_IO;
    }
    struct scanner *s = xcalloc(1, sizeof *s);
    cam->priv = s;
    SANE_Status st = sane_open(name, &s->h);
    if (st != SANE_STATUS_GOOD) {
        snprintf(err, errlen, "E512: sane: cannot open \"%.64s\": %s", name, sane_strstatus(st));
        sane_src_close(cam);
        return K_ERR_NO_DEVICE;
    }
    s->adf = adf;
    set_opt(s->h, SANE_NAME_SCAN_MODE, SANE_VALUE_SCAN_MODE_COLOR, 0);
    set_opt(s->h, SANE_NAME_BIT_DEPTH, NULL, 8);
    set_opt(s->h, SANE_NAME_SCAN_RESOLUTION, NULL, (int)dpi);
    if (adf)
        set_opt(s->h, SANE_NAME_SCAN_SOURCE, "Automatic Document Feeder", 0);
    return K_OK;
}

static enum kerr sane_src_grab(struct camera *cam, int timeout_ms, struct image **out)
{
    struct scanner *s = cam->priv;
    (void)timeout_ms; /* a scan takes as long as the scanner needs; the capture thread waits */
    SANE_Status st = sane_start(s->h);
    if (st != SANE_STATUS_GOOD) {
        sane_cancel(s->h);
        return map_status(st);
    }
    SANE_Parameters p = {0};
    st = sane_get_parameters(s->h, &p);
    enum kerr rc = K_ERR_PROTOCOL;
    uint8_t *raw = NULL;
    struct sane_frame f = {.rgb = p.format == SANE_FRAME_RGB,
                           .gray = p.format == SANE_FRAME_GRAY,
                           .depth = p.depth,
                           .lines = p.lines,
                           .pixels_per_line = p.pixels_per_line,
                           .bytes_per_line = p.bytes_per_line};
    size_t total = 0, got = 0;
    if (st != SANE_STATUS_GOOD || sane_frame_check(&f, &total) != K_OK) {
        log_warn("camera", "sane: unsupported scan parameters (depth %d, format %d, lines %d)",
                 p.depth, p.format, p.lines);
        goto out;
    }
    raw = xcalloc(total, 1);
    while (got < total) {
        SANE_Int n = 0, want = (SANE_Int)((total - got) > 65536 ? 65536 : total - got);
        st = sane_read(s->h, raw + got, want, &n);
        if (st == SANE_STATUS_EOF)
            break;
        if (st != SANE_STATUS_GOOD) {
            rc = map_status(st);
            goto out;
        }
        if (n < 0 || n > want) { /* a backend claiming more than it was given room for */
            rc = K_ERR_PROTOCOL;
            goto out;
        }
        got += (size_t)n;
    }
    rc = sane_frame_to_image(&f, raw, got, out);
out:
    free(raw);
    sane_cancel(s->h); /* ends this page; with a feeder the next start takes the next sheet */
    return rc;
}

const struct camera_ops camera_sane_ops = {
    .name = "sane",
    .open = sane_src_open,
    .grab = sane_src_grab,
    .close = sane_src_close,
};
