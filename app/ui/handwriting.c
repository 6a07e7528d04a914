/* app/ui/handwriting.c: zinnia behind the keyboard's 手写 tab (see handwriting.h). */
#include "app/ui/handwriting.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zinnia.h>

#include "platform/log.h"
#include "platform/xalloc.h"

/* The recognizer's square, into which the pad is scaled. */
#define SQUARE 1000

struct handwriting {
    char model_path[4096];
    zinnia_recognizer_t *rec;
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_mutex_t classify_mu; /* the recognizer: worker and handwriting_recognize() */
    bool loaded, load_done, stop;
    char error[4400];
    /* Requests: the latest ink, and the result of the latest classified one. */
    struct hw_ink req;
    bool req_pending;
    unsigned long req_seq, res_seq, polled_seq;
    struct hw_result res;
};

static int clampi(int v, int lo, int hi)
{
    return v < lo ? lo : v > hi ? hi : v;
}

void hw_ink_init(struct hw_ink *ink, int w, int h)
{
    memset(ink, 0, sizeof *ink);
    ink->w = clampi(w, 1, 65535);
    ink->h = clampi(h, 1, 65535);
}

bool hw_ink_begin(struct hw_ink *ink, int x, int y)
{
    if (ink->n_strokes >= HW_MAX_STROKES || ink->n_points >= HW_MAX_POINTS) {
        ink->overflow = true;
        return false;
    }
    ink->stroke_end[ink->n_strokes++] = ink->n_points;
    return hw_ink_add(ink, x, y);
}

bool hw_ink_add(struct hw_ink *ink, int x, int y)
{
    if (ink->n_strokes <= 0)
        return false;
    struct hw_point p = {clampi(x, 0, ink->w - 1), clampi(y, 0, ink->h - 1)};
    int start = ink->n_strokes > 1 ? ink->stroke_end[ink->n_strokes - 2] : 0;
    if (ink->n_points > start) {
        struct hw_point last = ink->pts[ink->n_points - 1];
        if (last.x == p.x && last.y == p.y)
            return true;
    }
    if (ink->n_points >= HW_MAX_POINTS) {
        ink->overflow = true;
        return false;
    }
    ink->pts[ink->n_points++] = p;
    ink->stroke_end[ink->n_strokes - 1] = ink->n_points;
    return true;
}

bool hw_ink_undo(struct hw_ink *ink)
{
    if (ink->n_strokes <= 0)
        return false;
    ink->n_strokes--;
    ink->n_points = ink->n_strokes ? ink->stroke_end[ink->n_strokes - 1] : 0;
    ink->overflow = false;
    return true;
}

bool hw_ink_valid(const struct hw_ink *ink)
{
    if (ink->w < 1 || ink->w > 65535 || ink->h < 1 || ink->h > 65535)
        return false;
    if (ink->n_strokes < 0 || ink->n_strokes > HW_MAX_STROKES || ink->n_points < 0 ||
        ink->n_points > HW_MAX_POINTS)
        return false;
    int prev = 0;
    for (int i = 0; i < ink->n_strokes; i++) {
        if (ink->stroke_end[i] < prev || ink->stroke_end[i] > ink->n_points)
            return false;
        prev = ink->stroke_end[i];
    }
    if (ink->n_strokes && prev != ink->n_points)
        return false;
    if (!ink->n_strokes && ink->n_points)
        return false;
    for (int i = 0; i < ink->n_points; i++)
        if (ink->pts[i].x < 0 || ink->pts[i].x >= ink->w || ink->pts[i].y < 0 ||
            ink->pts[i].y >= ink->h)
            return false;
    return true;
}

/* Classify on the calling thread; the caller holds classify_mu. */
static void classify(zinnia_recognizer_t *rec, const struct hw_ink *ink, struct hw_result *out)
{
    memset(out, 0, sizeof *out);
    if (!rec || ink->overflow || !hw_ink_valid(ink) || ink->n_points == 0)
        return;
    /* The pad is the character's box (as zinnia's models were trained): a square of the pad's
     * longer side, the shorter one centred in it, scaled to SQUARE. */
    int side = ink->w > ink->h ? ink->w : ink->h;
    double scale = (double)SQUARE / side;
    double ox = (side - ink->w) / 2.0, oy = (side - ink->h) / 2.0;
    zinnia_character_t *ch = zinnia_character_new();
    zinnia_character_set_width(ch, SQUARE);
    zinnia_character_set_height(ch, SQUARE);
    int p = 0;
    for (int s = 0; s < ink->n_strokes; s++)
        for (; p < ink->stroke_end[s]; p++)
            zinnia_character_add(ch, (size_t)s, (int)((ink->pts[p].x + ox) * scale),
                                 (int)((ink->pts[p].y + oy) * scale));
    zinnia_result_t *r = zinnia_recognizer_classify(rec, ch, HW_MAX_CANDS);
    for (size_t i = 0; r && i < zinnia_result_size(r) && out->count < HW_MAX_CANDS; i++) {
        const char *v = zinnia_result_value(r, i);
        if (v && *v && strlen(v) < sizeof out->cand[0])
            memcpy(out->cand[out->count++], v, strlen(v) + 1);
    }
    if (r)
        zinnia_result_destroy(r);
    zinnia_character_destroy(ch);
}

static void *worker(void *arg)
{
    struct handwriting *hw = arg;
    zinnia_recognizer_t *rec = zinnia_recognizer_new();
    bool ok = rec && zinnia_recognizer_open(rec, hw->model_path);
    pthread_mutex_lock(&hw->mu);
    if (ok) {
        hw->rec = rec;
        hw->loaded = true;
    } else {
        snprintf(hw->error, sizeof hw->error, "E962: handwriting model %s: %s", hw->model_path,
                 rec ? zinnia_recognizer_strerror(rec) : "out of memory");
        log_warn("ui", "%s", hw->error);
        if (rec)
            zinnia_recognizer_destroy(rec);
    }
    hw->load_done = true;
    pthread_cond_broadcast(&hw->cv);
    for (;;) {
        while (!hw->stop && !hw->req_pending)
            pthread_cond_wait(&hw->cv, &hw->mu);
        if (hw->stop)
            break;
        struct hw_ink *ink = xcalloc(1, sizeof *ink);
        *ink = hw->req;
        unsigned long seq = hw->req_seq;
        hw->req_pending = false;
        pthread_mutex_unlock(&hw->mu);
        struct hw_result res;
        pthread_mutex_lock(&hw->classify_mu);
        classify(hw->rec, ink, &res);
        pthread_mutex_unlock(&hw->classify_mu);
        free_secure(ink, sizeof *ink);
        pthread_mutex_lock(&hw->mu);
        hw->res = res;
        hw->res_seq = seq;
    }
    pthread_mutex_unlock(&hw->mu);
    return NULL;
}

enum kerr handwriting_create(const char *model_path, struct handwriting **out, char *err, size_t n)
{
    *out = NULL;
    const char *path = model_path && *model_path ? model_path : HW_MODEL_DEFAULT;
    if (access(path, R_OK) != 0) {
        if (err)
            snprintf(err, n,
                     "E960: handwriting model %s missing (package "
                     "tegaki-zinnia-simplified-chinese)",
                     path);
        return K_ERR_NOT_FOUND;
    }
    struct handwriting *hw = xcalloc(1, sizeof *hw);
    str_copy(hw->model_path, sizeof hw->model_path, path);
    pthread_mutex_init(&hw->mu, NULL);
    pthread_mutex_init(&hw->classify_mu, NULL);
    pthread_cond_init(&hw->cv, NULL);
    if (pthread_create(&hw->thread, NULL, worker, hw) != 0) {
        if (err)
            snprintf(err, n, "E961: handwriting thread could not start");
        goto fail_thread;
    }
    *out = hw;
    return K_OK;
fail_thread:
    pthread_cond_destroy(&hw->cv);
    pthread_mutex_destroy(&hw->classify_mu);
    pthread_mutex_destroy(&hw->mu);
    free(hw);
    return K_ERR_IO;
}

void handwriting_destroy(struct handwriting *hw)
{
    if (!hw)
        return;
    pthread_mutex_lock(&hw->mu);
    hw->stop = true;
    pthread_cond_broadcast(&hw->cv);
    pthread_mutex_unlock(&hw->mu);
    pthread_join(hw->thread, NULL);
    if (hw->rec)
        zinnia_recognizer_destroy(hw->rec);
    explicit_bzero(&hw->req, sizeof hw->req);
    explicit_bzero(&hw->res, sizeof hw->res);
    pthread_cond_destroy(&hw->cv);
    pthread_mutex_destroy(&hw->classify_mu);
    pthread_mutex_destroy(&hw->mu);
    free(hw);
}

const char *handwriting_error(struct handwriting *hw)
{
    pthread_mutex_lock(&hw->mu);
    const char *e = hw->error; /* written once, before load_done */
    pthread_mutex_unlock(&hw->mu);
    return e;
}

void handwriting_submit(struct handwriting *hw, const struct hw_ink *ink)
{
    pthread_mutex_lock(&hw->mu);
    hw->req = *ink;
    hw->req_seq++;
    hw->req_pending = true;
    pthread_cond_broadcast(&hw->cv);
    pthread_mutex_unlock(&hw->mu);
}

bool handwriting_poll(struct handwriting *hw, struct hw_result *out)
{
    bool got = false;
    pthread_mutex_lock(&hw->mu);
    if (hw->res_seq == hw->req_seq && hw->res_seq != hw->polled_seq) {
        *out = hw->res;
        hw->polled_seq = hw->res_seq;
        got = true;
    }
    pthread_mutex_unlock(&hw->mu);
    return got;
}

void handwriting_wipe(struct handwriting *hw)
{
    pthread_mutex_lock(&hw->mu);
    explicit_bzero(&hw->req, sizeof hw->req);
    explicit_bzero(&hw->res, sizeof hw->res);
    hw->req_pending = false;
    hw->req_seq++; /* a result in flight no longer matches */
    hw->polled_seq = hw->res_seq = 0;
    pthread_mutex_unlock(&hw->mu);
}

bool handwriting_is_clean(struct handwriting *hw)
{
    pthread_mutex_lock(&hw->mu);
    bool clean = hw->req.n_points == 0 && hw->res.count == 0;
    pthread_mutex_unlock(&hw->mu);
    return clean;
}

void handwriting_recognize(struct handwriting *hw, const struct hw_ink *ink, struct hw_result *out)
{
    pthread_mutex_lock(&hw->mu);
    while (!hw->load_done)
        pthread_cond_wait(&hw->cv, &hw->mu);
    zinnia_recognizer_t *rec = hw->rec;
    pthread_mutex_unlock(&hw->mu);
    pthread_mutex_lock(&hw->classify_mu);
    classify(rec, ink, out);
    pthread_mutex_unlock(&hw->classify_mu);
}
