/* drivers/camera/capture.c: page pipeline, PDF bundling and the capture thread (drivers). */
#include "drivers/camera/capture.h"

#include <hpdf.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/camera/jpeg.h"
#include "drivers/camera/still.h"
#include "platform/log.h"
#include "platform/xalloc.h"

/* Every picture here is of somebody's document: each is zeroed before it is freed
 * (image_destroy_wiped). */

/* A small greyscale copy of a page for the screen's thumbnails. */
static struct image *make_thumb(const struct image *page)
{
    struct image *g = page->format == IMAGE_RGBA32 ? page_to_grey(page) : NULL;
    const struct image *src = g ? g : page;
    int f = (src->w + CAPTURE_THUMB_W - 1) / CAPTURE_THUMB_W;
    struct image *t = page_downscale(src, f < 1 ? 1 : f);
    image_destroy_wiped(g);
    return t;
}

enum kerr capture_frame(const struct image *rgba, bool colour, bool find_page,
                        struct capture_page *out, enum page_reject *reject)
{
    memset(out, 0, sizeof *out);
    *reject = PAGE_OK;
    struct image *grey = page_to_grey(rgba);
    if (!grey)
        return K_ERR_INVALID;
    struct image *page = NULL;
    enum kerr rc;
    if (find_page) {
        struct page_result r;
        rc = page_find(grey, &r);
        if (rc != K_OK) {
            *reject = r.reject ? r.reject : PAGE_NONE;
            image_destroy_wiped(grey);
            return K_ERR_NOT_FOUND;
        }
        out->angle_deg = r.quad.angle_deg;
        page = page_extract(colour ? rgba : grey, &r.quad);
    } else {
        page = colour ? page_extract(rgba,
                                     &(struct page_quad){
                                         rgba->w / 2.0, rgba->h / 2.0, 0, rgba->w, rgba->h, {{0}}})
                      : grey;
        if (page == grey)
            grey = NULL;
    }
    image_destroy_wiped(grey);
    if (!page)
        return K_ERR_INVALID;
    rc = jpeg_encode(page, CAPTURE_JPEG_QUALITY, &out->jpeg, &out->jpeg_len);
    if (rc == K_OK)
        out->thumb = make_thumb(page);
    out->w = page->w;
    out->h = page->h;
    out->colour = colour;
    image_destroy_wiped(page);
    return rc;
}

void capture_page_finish(struct capture_page *p)
{
    if (!p)
        return;
    free_secure(p->jpeg, p->jpeg_len); /* a photograph of somebody's document */
    image_destroy_wiped(p->thumb);
    memset(p, 0, sizeof *p);
}

const char *capture_reject_key(enum page_reject r)
{
    switch (r) {
    case PAGE_NONE:
        return "capture.reject.none";
    case PAGE_CUT_OFF:
        return "capture.reject.cut_off";
    case PAGE_BLURRED:
        return "capture.reject.blurred";
    default:
        return "capture.reject.ok";
    }
}

static void hpdf_error(HPDF_STATUS e, HPDF_STATUS detail, void *ud)
{
    (void)ud;
    log_warn("camera", "libharu error %04X (%u)", (unsigned)e, (unsigned)detail);
}

enum kerr capture_pdf(const struct capture_page *pages, size_t n, uint8_t **out, size_t *len)
{
    *out = NULL;
    *len = 0;
    if (!n)
        return K_ERR_INVALID;
    HPDF_Doc pdf = HPDF_New(hpdf_error, NULL);
    if (!pdf)
        return K_ERR_IO;
    enum kerr rc = K_ERR_INVALID;
    for (size_t i = 0; i < n; i++) {
        HPDF_Image img =
            HPDF_LoadJpegImageFromMem(pdf, pages[i].jpeg, (HPDF_UINT)pages[i].jpeg_len);
        HPDF_Page page = HPDF_AddPage(pdf);
        if (!img || !page)
            goto out;
        HPDF_Page_SetSize(page, HPDF_PAGE_SIZE_A4, HPDF_PAGE_PORTRAIT);
        double pw = HPDF_Page_GetWidth(page), ph = HPDF_Page_GetHeight(page);
        double iw = HPDF_Image_GetWidth(img), ih = HPDF_Image_GetHeight(img);
        double scale = (pw - 36) / iw < (ph - 36) / ih ? (pw - 36) / iw : (ph - 36) / ih;
        double dw = iw * scale, dh = ih * scale;
        HPDF_Page_DrawImage(page, img, (HPDF_REAL)((pw - dw) / 2), (HPDF_REAL)((ph - dh) / 2),
                            (HPDF_REAL)dw, (HPDF_REAL)dh);
    }
    if (HPDF_SaveToStream(pdf) != HPDF_OK)
        goto out;
    HPDF_UINT32 size = HPDF_GetStreamSize(pdf);
    uint8_t *buf = xcalloc(size ? size : 1, 1);
    HPDF_UINT32 got = size;
    if (HPDF_ReadFromStream(pdf, buf, &got) != HPDF_OK && got != size) {
        free(buf);
        goto out;
    }
    *out = buf;
    *len = got;
    rc = K_OK;
out:
    HPDF_Free(pdf);
    return rc;
}

/* ---- the capture thread ---- */

struct capture_session {
    struct camera *cam;
    struct evq *q;
    pthread_t thread;
    atomic_bool stop, shoot, colour;
    bool find_page;
};

static void free_preview(void *p)
{
    struct capture_preview *pv = p;
    image_destroy_wiped(pv->img);
    free(pv);
}

static void free_page(void *p)
{
    capture_page_finish(p);
    free(p);
}

static void post_state(struct capture_session *s, enum kerr code)
{
    struct ev e = {.type = EV_CAMERA_STATE, .code = (int)code};
    evq_post(s->q, &e);
}

static void *run(void *arg)
{
    struct capture_session *s = arg;
    struct still st;
    still_init(&st);
    post_state(s, K_OK);
    while (!atomic_load(&s->stop)) {
        struct image *frame = NULL;
        enum kerr rc = camera_grab(s->cam, 1000, &frame);
        if (rc == K_ERR_TIMEOUT)
            continue;
        if (rc != K_OK) {
            post_state(s, rc);
            if (rc == K_ERR_NOT_FOUND || rc == K_ERR_NO_DEVICE)
                break;
            kclock_sleep_ms(s->cam->clock, 200);
            continue;
        }
        /* Preview and page finding on a small copy: fast enough for 10+ frames a second. */
        struct image *grey = page_to_grey(frame);
        int f = grey->w / CAPTURE_PREVIEW_W > 1 ? grey->w / CAPTURE_PREVIEW_W : 1;
        if (f > grey->h) /* as page_downscale does: a frame far wider than tall */
            f = grey->h;
        struct image *small = page_downscale(grey, f);
        struct page_result r;
        bool found = page_find(small, &r) == K_OK;
        struct capture_preview *pv = xcalloc(1, sizeof *pv);
        pv->has_quad = r.reject == PAGE_OK || r.reject == PAGE_BLURRED;
        pv->quad = r.quad;
        pv->reject = r.reject;
        pv->img = image_create(small->w, small->h, IMAGE_RGBA32);
        for (int y = 0; pv->img && y < small->h; y++)
            for (int x = 0; x < small->w; x++)
                memcpy(pv->img->px + (size_t)y * pv->img->stride + (size_t)x * 4,
                       frame->px + (size_t)(y * f) * frame->stride + (size_t)(x * f) * 4, 4);
        struct ev e = {.type = EV_CAMERA_FRAME, .payload = pv, .payload_free = free_preview};
        evq_post(s->q, &e);
        bool auto_shot = still_feed(&st, small, found, kclock_mono_ms(s->cam->clock));
        bool shot = atomic_exchange(&s->shoot, false) || auto_shot;
        if (shot || !s->find_page) {
            struct capture_page *pg = xcalloc(1, sizeof *pg);
            enum page_reject why;
            rc = capture_frame(frame, atomic_load(&s->colour), s->find_page, pg, &why);
            struct ev pe = {.type = EV_CAMERA_PAGE};
            if (rc == K_OK) {
                pe.payload = pg;
                pe.payload_free = free_page;
            } else {
                pe.code = why ? (int)why : PAGE_NONE; /* a rejection: enum page_reject */
                free(pg);
            }
            evq_post(s->q, &pe);
        }
        image_destroy_wiped(small);
        image_destroy_wiped(grey);
        image_destroy_wiped(frame);
    }
    return NULL;
}

struct capture_session *capture_session_start(struct camera *cam, struct evq *q, bool colour,
                                              bool find_page)
{
    struct capture_session *s = xcalloc(1, sizeof *s);
    s->cam = cam;
    s->q = q;
    s->find_page = find_page;
    atomic_init(&s->stop, false);
    atomic_init(&s->shoot, false);
    atomic_init(&s->colour, colour);
    if (pthread_create(&s->thread, NULL, run, s) != 0) {
        camera_close(cam);
        free(s);
        return NULL;
    }
    return s;
}

void capture_session_shoot(struct capture_session *s)
{
    atomic_store(&s->shoot, true);
}

void capture_session_set_colour(struct capture_session *s, bool colour)
{
    atomic_store(&s->colour, colour);
}

void capture_session_stop(struct capture_session *s)
{
    if (!s)
        return;
    atomic_store(&s->stop, true);
    pthread_join(s->thread, NULL);
    camera_close(s->cam);
    free(s);
}
