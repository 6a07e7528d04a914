/* drivers/printer/model.c: the simulated ESC/POS printer (see model.h). Layer: drivers. */
#include "drivers/printer/model.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/log.h"
#include "platform/xalloc.h"

static void on_status(void *ctx, int n)
{
    struct printer_model *m = ctx;
    if (m->nreplies < sizeof(m->replies))
        m->replies[m->nreplies++] = escpos_status_byte(&m->st, n);
}

static bool on_cut(void *ctx, struct bitmap *receipt)
{
    struct printer_model *m = ctx;
    if (m->cutter_jam) {
        m->st.cutter_error = true;
        m->cutter_jam = false;
    }
    bitmap_destroy(m->last);
    m->last = receipt;
    m->receipts++;
    if (m->png_dir && m->png_dir[0]) {
        struct image *img = bitmap_to_image(receipt);
        char path[4096];
        snprintf(path, sizeof(path), "%s/receipt-%04ld.png", m->png_dir, m->receipts);
        enum kerr e = img ? image_write_png(img, path) : K_ERR_INVALID;
        snprintf(path, sizeof(path), "%s/latest.png", m->png_dir);
        if (e == K_OK)
            e = image_write_png(img, path);
        if (e != K_OK)
            log_msg(LOG_WARN, "printer", "E212: sim printer cannot write %s: %s", path,
                    kerr_text(e));
        image_destroy(img);
    }
    return true;
}

void printer_model_init(struct printer_model *m, int width, const char *png_dir)
{
    memset(m, 0, sizeof(*m));
    escpos_parser_init(&m->parser, width);
    m->parser.on_status = on_status;
    m->parser.on_cut = on_cut;
    m->parser.ctx = m;
    m->png_dir = png_dir && png_dir[0] ? xstrdup(png_dir) : NULL;
}

void printer_model_finish(struct printer_model *m)
{
    escpos_parser_finish(&m->parser);
    bitmap_destroy(m->last);
    free(m->pending);
    free(m->png_dir);
    memset(m, 0, sizeof(*m));
}

void printer_model_paper_out(struct printer_model *m, bool out)
{
    m->parser.paper_end = out;
    m->parser.rows_left = out ? 0 : -1;
    m->st.paper_end = out;
}

void printer_model_paper_rows(struct printer_model *m, long rows)
{
    m->parser.rows_left = rows;
    m->parser.paper_end = rows == 0;
    m->st.paper_end = rows == 0;
}

enum kerr printer_model_write(struct printer_model *m, const uint8_t *buf, size_t n)
{
    if (m->broken)
        return K_ERR_PROTOCOL;
    m->pending = xrealloc(m->pending, m->npending + n + 1);
    memcpy(m->pending + m->npending, buf, n);
    m->npending += n;
    size_t used = 0;
    /* The cover open stops printing too: rasters are consumed but nothing comes out. */
    bool stopped = m->st.cover_open && !m->parser.paper_end;
    if (stopped)
        m->parser.paper_end = true;
    enum kerr e = escpos_parse(&m->parser, m->pending, m->npending, &used);
    if (stopped)
        m->parser.paper_end = false;
    m->st.paper_end = m->parser.paper_end;
    memmove(m->pending, m->pending + used, m->npending - used);
    m->npending -= used;
    if (e != K_OK)
        m->broken = true;
    return e;
}

size_t printer_model_read(struct printer_model *m, uint8_t *buf, size_t cap)
{
    size_t k = m->nreplies < cap ? m->nreplies : cap;
    memcpy(buf, m->replies, k);
    memmove(m->replies, m->replies + k, m->nreplies - k);
    m->nreplies -= k;
    return k;
}
