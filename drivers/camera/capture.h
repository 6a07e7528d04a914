/* drivers/camera/capture.h: from camera frames to stored pages.
 *
 * capture_frame() runs the page pipeline on one frame: find the page, cut it out upright, and
 * encode it as JPEG (greyscale for plain text, colour where red seals matter). The capture
 * session runs a camera on its own thread: it posts preview frames (EV_CAMERA_FRAME, about 10
 * a second, small RGBA images) and captured pages (EV_CAMERA_PAGE) to the UI's event queue,
 * capturing by itself when a page lies still (drivers/camera/still.h) or at once when asked.
 * capture_pdf() bundles pages into one PDF (libharu) without re-encoding the JPEGs.
 */
#ifndef DRIVERS_CAMERA_CAPTURE_H
#define DRIVERS_CAMERA_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "drivers/camera/camera.h"
#include "drivers/camera/page.h"
#include "platform/evq.h"

#define CAPTURE_JPEG_QUALITY 85
#define CAPTURE_PREVIEW_W    480
#define CAPTURE_THUMB_W      240 /* a captured page's thumbnail is at most this wide */

/* A captured page: owned JPEG bytes plus what the pipeline found. */
struct capture_page {
    uint8_t *jpeg;
    size_t jpeg_len;
    int w, h;
    double angle_deg;
    bool colour;
    struct image *thumb; /* greyscale, at most CAPTURE_THUMB_W wide (for the screen) */
};

/* Run the pipeline on an RGBA frame. K_OK and *out filled, or K_ERR_NOT_FOUND with *reject
 * telling why (no page, cut off, blurred). find_page false takes the whole frame as the page
 * (a flatbed scan). */
enum kerr capture_frame(const struct image *rgba, bool colour, bool find_page,
                        struct capture_page *out, enum page_reject *reject);
void capture_page_finish(struct capture_page *p); /* frees JPEG and thumb; NULL is a no-op */
/* The string-catalogue key of a rejection's Chinese message ("capture.reject.none"...). */
const char *capture_reject_key(enum page_reject r);
/* Bundle pages into an A4 PDF (one page each, fitted). *out malloc'd; caller frees. */
enum kerr capture_pdf(const struct capture_page *pages, size_t n, uint8_t **out, size_t *len);

/* Payload of EV_CAMERA_FRAME: a preview (RGBA, CAPTURE_PREVIEW_W wide) and the page outline
 * scaled to it (valid when has_quad). EV_CAMERA_PAGE: payload struct capture_page with code 0,
 * or no payload and code = the enum page_reject that refused the frame.
 * EV_CAMERA_STATE carries an enum kerr in code (K_OK: running; others: the failure). */
struct capture_preview {
    struct image *img;
    bool has_quad;
    struct page_quad quad;
    enum page_reject reject;
};

struct capture_session;
/* Start capturing from cam (the session takes ownership of cam) on its own thread. */
struct capture_session *capture_session_start(struct camera *cam, struct evq *q, bool colour,
                                              bool find_page);
/* Ask for a capture of the next usable frame (the capture button). Thread-safe. */
void capture_session_shoot(struct capture_session *s);
/* Change whether pages are kept in colour (the material changed). Thread-safe. */
void capture_session_set_colour(struct capture_session *s, bool colour);
/* Stop the thread, close the camera, free everything. NULL is a no-op. */
void capture_session_stop(struct capture_session *s);

#endif
