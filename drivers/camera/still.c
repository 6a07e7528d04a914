/* drivers/camera/still.c: the still-page detector (drivers layer, pure). */
#include "drivers/camera/still.h"

#include <stdlib.h>
#include <string.h>

void still_init(struct still *s)
{
    memset(s, 0, sizeof *s);
    s->state = STILL_EMPTY;
}

void still_forget_capture(struct still *s)
{
    s->have_capture = false;
}

/* Each preview pixel is the mean of its block of the frame (at least one pixel, so a frame
 * smaller than the preview is enlarged; every image has a pixel, image_create). The blocks'
 * columns are worked out once per frame. */
static void preview(const struct image *g, uint8_t *out)
{
    int x0s[STILL_PREVIEW_W], x1s[STILL_PREVIEW_W];
    for (int x = 0; x < STILL_PREVIEW_W; x++) {
        x0s[x] = (int)((long)x * g->w / STILL_PREVIEW_W);
        int x1 = (int)((long)(x + 1) * g->w / STILL_PREVIEW_W);
        x1s[x] = x1 > x0s[x] ? x1 : x0s[x] + 1;
    }
    for (int y = 0; y < STILL_PREVIEW_H; y++) {
        int y0 = (int)((long)y * g->h / STILL_PREVIEW_H);
        int y1 = (int)((long)(y + 1) * g->h / STILL_PREVIEW_H);
        if (y1 <= y0)
            y1 = y0 + 1;
        const uint8_t *row = g->px + (size_t)y0 * g->stride;
        uint8_t *o = out + y * STILL_PREVIEW_W;
        for (int x = 0; x < STILL_PREVIEW_W; x++) {
            unsigned sum = 0;
            const uint8_t *r = row;
            for (int yy = y0; yy < y1; yy++, r += g->stride)
                for (int xx = x0s[x]; xx < x1s[x]; xx++)
                    sum += r[xx];
            o[x] = (uint8_t)(sum / (unsigned)((y1 - y0) * (x1s[x] - x0s[x])));
        }
    }
}

static double mad(const uint8_t *a, const uint8_t *b)
{
    unsigned long sum = 0;
    for (int i = 0; i < STILL_PREVIEW_W * STILL_PREVIEW_H; i++)
        sum += (unsigned long)abs((int)a[i] - (int)b[i]);
    return (double)sum / (STILL_PREVIEW_W * STILL_PREVIEW_H);
}

bool still_feed(struct still *s, const struct image *grey, bool page_present, int64_t now_ms)
{
    uint8_t cur[STILL_PREVIEW_W * STILL_PREVIEW_H];
    preview(grey, cur);
    double d = s->have_prev ? mad(cur, s->prev) : 255.0;
    s->last_mad = d;
    memcpy(s->prev, cur, sizeof cur);
    s->have_prev = true;
    bool capture = false;
    if (d > STILL_T_MOVE) {
        s->state = STILL_MOVING;
        return false;
    }
    switch (s->state) {
    case STILL_EMPTY:
    case STILL_CAPTURED:
        break; /* wait for movement */
    case STILL_MOVING:
        if (d < STILL_T_STILL && page_present) {
            s->state = STILL_SETTLING;
            s->still_since_ms = now_ms;
        }
        break;
    case STILL_SETTLING:
        if (d >= STILL_T_STILL || !page_present) {
            s->state = STILL_MOVING;
        } else if (now_ms - s->still_since_ms >= STILL_MS) {
            bool is_new = !s->have_capture || mad(cur, s->last_capture) > STILL_T_NEW;
            s->state = STILL_CAPTURED;
            if (is_new) {
                memcpy(s->last_capture, cur, sizeof cur);
                s->have_capture = true;
                capture = true;
            }
        }
        break;
    }
    return capture;
}
