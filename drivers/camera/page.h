/* drivers/camera/page.h: finding, deskewing and cropping a paper page in a camera frame.
 *
 * The document camera looks down on a dark desk; a page is the largest bright region. The
 * pipeline (research/capture-qr-calendar.md 1.4): downscale by a box filter, Otsu threshold,
 * the largest 4-connected bright component, its convex hull from the row extremes, the
 * minimum-area enclosing rectangle over the hull's edges, then bilinear resampling of the
 * full-resolution frame over that rectangle, so the page comes out upright and cropped.
 * Rejections: no page (the component covers < 15% of the frame), a page cut off by the frame's
 * edge, and a blurred page (low variance of the Laplacian). Pure: no I/O, thread-safe.
 */
#ifndef DRIVERS_CAMERA_PAGE_H
#define DRIVERS_CAMERA_PAGE_H

#include <stdbool.h>

#include "platform/err.h"
#include "platform/image.h"

enum page_reject {
    PAGE_OK,
    PAGE_NONE,    /* no page in view */
    PAGE_CUT_OFF, /* the page touches the edge of the frame */
    PAGE_BLURRED, /* the page is out of focus or moving */
};

struct page_quad {
    double cx, cy;        /* centre in frame pixels */
    double angle_deg;     /* rotation of the page's horizontal axis, in (-45, 45] */
    double w, h;          /* size in frame pixels along its own axes */
    double corners[4][2]; /* top-left, top-right, bottom-right, bottom-left */
};

struct page_result {
    enum page_reject reject;
    struct page_quad quad;
    double coverage;  /* page area / frame area */
    double sharpness; /* variance of the Laplacian on the cropped page */
};

/* Find the page in grey (IMAGE_GRAY8) frame. Fills r; K_OK when a page was found and is
 * usable, K_ERR_NOT_FOUND with r->reject set otherwise, K_ERR_INVALID (r->reject PAGE_NONE)
 * for an image it cannot look at. */
enum kerr page_find(const struct image *grey, struct page_result *r);
/* Cut the page described by q out of src (grey or RGBA) as an upright image of the same
 * format. Caller destroys. NULL when the quad is degenerate. */
struct image *page_extract(const struct image *src, const struct page_quad *q);
/* The sharpness measure used by page_find, on any grey image. */
double page_sharpness(const struct image *grey);
/* Threshold below which a page counts as blurred. */
#define PAGE_MIN_SHARPNESS 25.0
/* Grey version of an RGBA image (Rec. 601 luma). Caller destroys. */
struct image *page_to_grey(const struct image *rgba);
/* Box-filter downscale of a grey image by an integer factor (at most its shorter side, so the
 * result has at least one row and column). Caller destroys. */
struct image *page_downscale(const struct image *grey, int factor);

#endif
