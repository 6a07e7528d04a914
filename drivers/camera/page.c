/* drivers/camera/page.c: page detection, deskew and crop (drivers layer, pure). */
#include "drivers/camera/page.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "platform/xalloc.h"

#define MAX_WORK_SIDE 800  /* detection runs on an image at most this large */
#define MIN_COVERAGE  0.15 /* a page covers at least this much of the frame */

struct image *page_downscale(const struct image *g, int f)
{
    /* A factor beyond the short side would leave no rows (or columns): a frame of 15866 x 18
     * pixels, say, from a camera or a file whose JPEG header claims it. Cut to the short side. */
    if (f > g->w)
        f = g->w;
    if (f > g->h)
        f = g->h;
    if (f <= 1) {
        struct image *c = image_create(g->w, g->h, IMAGE_GRAY8);
        for (int y = 0; y < g->h; y++)
            memcpy(c->px + (size_t)y * c->stride, g->px + (size_t)y * g->stride, (size_t)g->w);
        return c;
    }
    int w = g->w / f, h = g->h / f;
    struct image *s = image_create(w, h, IMAGE_GRAY8);
    if (!s)
        return NULL;
    for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
            unsigned sum = 0;
            for (int dy = 0; dy < f; dy++) {
                const uint8_t *row = g->px + (size_t)(y * f + dy) * g->stride + (size_t)x * f;
                for (int dx = 0; dx < f; dx++)
                    sum += row[dx];
            }
            s->px[(size_t)y * s->stride + (size_t)x] = (uint8_t)(sum / (unsigned)(f * f));
        }
    }
    return s;
}

struct image *page_to_grey(const struct image *rgba)
{
    struct image *g = image_create(rgba->w, rgba->h, IMAGE_GRAY8);
    if (!g)
        return NULL;
    for (int y = 0; y < rgba->h; y++) {
        const uint8_t *p = rgba->px + (size_t)y * rgba->stride;
        uint8_t *q = g->px + (size_t)y * g->stride;
        for (int x = 0; x < rgba->w; x++, p += 4)
            q[x] = (uint8_t)((299u * p[0] + 587u * p[1] + 114u * p[2] + 500u) / 1000u);
    }
    return g;
}

static int otsu(const struct image *g)
{
    double hist[256] = {0};
    for (int y = 0; y < g->h; y++)
        for (int x = 0; x < g->w; x++)
            hist[g->px[(size_t)y * g->stride + (size_t)x]]++;
    double total = (double)g->w * g->h, sum = 0;
    for (int i = 0; i < 256; i++)
        sum += i * hist[i];
    double sum_b = 0, w_b = 0, best = -1;
    int t = 128;
    for (int i = 0; i < 256; i++) {
        w_b += hist[i];
        if (w_b == 0)
            continue;
        double w_f = total - w_b;
        if (w_f == 0)
            break;
        sum_b += i * hist[i];
        double m_b = sum_b / w_b, m_f = (sum - sum_b) / w_f;
        double between = w_b * w_f * (m_b - m_f) * (m_b - m_f);
        if (between > best) {
            best = between;
            t = i;
        }
    }
    return t;
}

/* Label the largest 4-connected component of pixels > t; returns its size, writes a mask
 * (1 = in the component) into mask, which must hold w*h bytes. */
static size_t largest_component(const struct image *g, int t, uint8_t *mask)
{
    size_t n = (size_t)g->w * (size_t)g->h;
    int32_t *label = xcalloc(n, sizeof *label);
    int32_t *stack = xcalloc(n, sizeof *stack);
    int32_t next = 0, best_label = 0;
    size_t best = 0;
    for (size_t i = 0; i < n; i++) {
        int x0 = (int)(i % (size_t)g->w), y0 = (int)(i / (size_t)g->w);
        if (label[i] || g->px[(size_t)y0 * g->stride + (size_t)x0] <= t)
            continue;
        int32_t lab = ++next;
        size_t sp = 0, size = 0;
        stack[sp++] = (int32_t)i;
        label[i] = lab;
        while (sp) {
            int32_t p = stack[--sp];
            size++;
            int x = p % g->w, y = p / g->w;
            const int nx[4] = {x - 1, x + 1, x, x}, ny[4] = {y, y, y - 1, y + 1};
            for (int k = 0; k < 4; k++) {
                if (nx[k] < 0 || ny[k] < 0 || nx[k] >= g->w || ny[k] >= g->h)
                    continue;
                size_t q = (size_t)ny[k] * (size_t)g->w + (size_t)nx[k];
                if (!label[q] && g->px[(size_t)ny[k] * g->stride + (size_t)nx[k]] > t) {
                    label[q] = lab;
                    stack[sp++] = (int32_t)q;
                }
            }
        }
        if (size > best) {
            best = size;
            best_label = lab;
        }
    }
    for (size_t i = 0; i < n; i++)
        mask[i] = best_label && label[i] == best_label;
    free(stack);
    free(label);
    return best;
}

struct pt {
    double x, y;
};

static double cross(struct pt o, struct pt a, struct pt b)
{
    return (a.x - o.x) * (b.y - o.y) - (a.y - o.y) * (b.x - o.x);
}

static int cmp_pt(const void *a, const void *b)
{
    const struct pt *p = a, *q = b;
    if (p->x != q->x)
        return p->x < q->x ? -1 : 1;
    return (p->y > q->y) - (p->y < q->y);
}

/* Andrew's monotone chain; pts is sorted in place; hull receives up to n+1 points. */
static size_t convex_hull(struct pt *pts, size_t n, struct pt *hull)
{
    qsort(pts, n, sizeof *pts, cmp_pt);
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        while (k >= 2 && cross(hull[k - 2], hull[k - 1], pts[i]) <= 0)
            k--;
        hull[k++] = pts[i];
    }
    for (size_t i = n - 1, t = k + 1; i-- > 0;) {
        while (k >= t && cross(hull[k - 2], hull[k - 1], pts[i]) <= 0)
            k--;
        hull[k++] = pts[i];
    }
    return k > 1 ? k - 1 : k;
}

double page_sharpness(const struct image *g)
{
    double sum = 0, sum2 = 0;
    size_t n = 0;
    for (int y = 1; y + 1 < g->h; y++) {
        const uint8_t *r0 = g->px + (size_t)(y - 1) * g->stride;
        const uint8_t *r1 = g->px + (size_t)y * g->stride;
        const uint8_t *r2 = g->px + (size_t)(y + 1) * g->stride;
        for (int x = 1; x + 1 < g->w; x++) {
            double l = (double)r0[x] + r2[x] + r1[x - 1] + r1[x + 1] - 4.0 * r1[x];
            sum += l;
            sum2 += l * l;
            n++;
        }
    }
    if (!n)
        return 0;
    double mean = sum / (double)n;
    return sum2 / (double)n - mean * mean;
}

enum kerr page_find(const struct image *grey, struct page_result *r)
{
    memset(r, 0, sizeof *r);
    r->reject = PAGE_NONE; /* never PAGE_OK (0) for an image it cannot look at */
    if (!grey || grey->format != IMAGE_GRAY8 || grey->w < 16 || grey->h < 16)
        return K_ERR_INVALID;
    r->reject = PAGE_OK;
    int longest = grey->w > grey->h ? grey->w : grey->h;
    int f = (longest + MAX_WORK_SIDE - 1) / MAX_WORK_SIDE;
    struct image *s = page_downscale(grey, f);
    uint8_t *mask = xcalloc((size_t)s->w * (size_t)s->h, 1);
    size_t area = largest_component(s, otsu(s), mask);
    r->coverage = (double)area / ((double)s->w * s->h);
    enum kerr rc = K_ERR_NOT_FOUND;
    struct pt *pts = NULL, *hull = NULL;
    if (r->coverage < MIN_COVERAGE) {
        r->reject = PAGE_NONE;
        goto out;
    }
    /* Row extremes of the component; a component on the frame's edge is cut off. */
    pts = xcalloc((size_t)s->h * 2 + 2, sizeof *pts);
    hull = xcalloc((size_t)s->h * 2 + 4, sizeof *hull);
    size_t np = 0;
    bool edge = false;
    for (int y = 0; y < s->h; y++) {
        const uint8_t *row = mask + (size_t)y * (size_t)s->w;
        int l = -1, rr = -1;
        for (int x = 0; x < s->w; x++)
            if (row[x]) {
                if (l < 0)
                    l = x;
                rr = x;
            }
        if (l < 0)
            continue;
        if (l == 0 || rr == s->w - 1 || y == 0 || y == s->h - 1)
            edge = true;
        pts[np++] = (struct pt){l, y + 0.5};
        pts[np++] = (struct pt){rr + 1.0, y + 0.5};
    }
    if (edge) {
        r->reject = PAGE_CUT_OFF;
        goto out;
    }
    size_t nh = convex_hull(pts, np, hull);
    double best_area = -1, best_angle = 0, bu0 = 0, bu1 = 0, bn0 = 0, bn1 = 0;
    for (size_t i = 0; i < nh; i++) {
        struct pt a = hull[i], b = hull[(i + 1) % nh];
        double dx = b.x - a.x, dy = b.y - a.y, len = sqrt(dx * dx + dy * dy);
        if (len < 1e-9)
            continue;
        double ux = dx / len, uy = dy / len;
        double u0 = 1e18, u1 = -1e18, n0 = 1e18, n1 = -1e18;
        for (size_t j = 0; j < nh; j++) {
            double pu = hull[j].x * ux + hull[j].y * uy, pn = -hull[j].x * uy + hull[j].y * ux;
            u0 = pu < u0 ? pu : u0;
            u1 = pu > u1 ? pu : u1;
            n0 = pn < n0 ? pn : n0;
            n1 = pn > n1 ? pn : n1;
        }
        double a2 = (u1 - u0) * (n1 - n0);
        if (best_area < 0 || a2 < best_area) {
            best_area = a2;
            best_angle = atan2(uy, ux);
            bu0 = u0, bu1 = u1, bn0 = n0, bn1 = n1;
        }
    }
    /* Centre and extents in the downscaled frame, then the angle into (-45, 45]. */
    double cu = (bu0 + bu1) / 2, cn = (bn0 + bn1) / 2;
    double ux = cos(best_angle), uy = sin(best_angle);
    double cx = cu * ux - cn * uy, cy = cu * uy + cn * ux;
    double w = bu1 - bu0, h = bn1 - bn0, ang = best_angle * 180.0 / M_PI;
    while (ang > 45.0) {
        ang -= 90.0;
        double t = w;
        w = h;
        h = t;
    }
    while (ang <= -45.0) {
        ang += 90.0;
        double t = w;
        w = h;
        h = t;
    }
    struct page_quad *q = &r->quad;
    q->cx = cx * f;
    q->cy = cy * f;
    q->w = w * f;
    q->h = h * f;
    q->angle_deg = ang;
    double th = ang * M_PI / 180.0, c = cos(th), sn = sin(th);
    const double sx[4] = {-0.5, 0.5, 0.5, -0.5}, sy[4] = {-0.5, -0.5, 0.5, 0.5};
    for (int k = 0; k < 4; k++) {
        q->corners[k][0] = q->cx + sx[k] * q->w * c - sy[k] * q->h * sn;
        q->corners[k][1] = q->cy + sx[k] * q->w * sn + sy[k] * q->h * c;
    }
    /* Sharpness on a moderate-size crop of the page. */
    struct image *crop = page_extract(s, &(struct page_quad){cx, cy, ang, w, h, {{0}}});
    r->sharpness = crop ? page_sharpness(crop) : 0;
    image_destroy(crop);
    if (r->sharpness < PAGE_MIN_SHARPNESS) {
        r->reject = PAGE_BLURRED;
        goto out;
    }
    r->reject = PAGE_OK;
    rc = K_OK;
out:
    free(hull);
    free(pts);
    free(mask);
    image_destroy(s);
    return rc;
}

struct image *page_extract(const struct image *src, const struct page_quad *q)
{
    int w = (int)lround(q->w), h = (int)lround(q->h);
    if (w < 2 || h < 2 || w > 32768 || h > 32768)
        return NULL;
    int bpp = (int)src->format;
    struct image *out = image_create(w, h, src->format);
    double th = q->angle_deg * M_PI / 180.0, c = cos(th), s = sin(th);
    for (int j = 0; j < h; j++) {
        double v = j + 0.5 - h / 2.0;
        uint8_t *o = out->px + (size_t)j * out->stride;
        for (int i = 0; i < w; i++, o += bpp) {
            double u = i + 0.5 - w / 2.0;
            double x = q->cx + u * c - v * s - 0.5, y = q->cy + u * s + v * c - 0.5;
            int x0 = (int)floor(x), y0 = (int)floor(y);
            double fx = x - x0, fy = y - y0;
            for (int ch = 0; ch < bpp; ch++) {
                double acc = 0;
                for (int k = 0; k < 4; k++) {
                    int xx = x0 + (k & 1), yy = y0 + (k >> 1);
                    xx = xx < 0 ? 0 : xx >= src->w ? src->w - 1 : xx;
                    yy = yy < 0 ? 0 : yy >= src->h ? src->h - 1 : yy;
                    double wgt = ((k & 1) ? fx : 1 - fx) * ((k >> 1) ? fy : 1 - fy);
                    acc += wgt * src->px[(size_t)yy * src->stride + (size_t)xx * (size_t)bpp + ch];
                }
                o[ch] = (uint8_t)(acc + 0.5);
            }
        }
    }
    return out;
}
