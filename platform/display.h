/* platform/display.h: SDL bring-up: the window, the renderer and the fixed-size canvas.
 *
 * The UI draws into a canvas texture of the logical size (1080x1920 portrait or 1920x1080
 * landscape); display_present() scales it into the window with letterboxing. A window of
 * exactly the canvas's size (the kiosk's own panel, headless runs) is drawn into directly,
 * with no canvas texture and no copy. Headless runs
 * use SDL's dummy/offscreen video driver and the software renderer, so that the pixels read
 * back from the canvas are identical on every machine (research/kiosk-ui.md 4.4).
 * Owns the SDL window, renderer and canvas; one display per process; UI thread only.
 */
#ifndef PLATFORM_DISPLAY_H
#define PLATFORM_DISPLAY_H

#include <SDL.h>
#include <stdbool.h>

#include "platform/err.h"
#include "platform/image.h"

struct display_opts {
    int canvas_w, canvas_h; /* logical size */
    bool windowed;          /* a window of win_w x win_h instead of full-screen desktop */
    int win_w, win_h;
    bool headless; /* force the dummy video driver and the software renderer */
};

struct display {
    SDL_Window *window;
    SDL_Renderer *renderer;
    SDL_Texture *canvas; /* render target of canvas_w x canvas_h, made only when the window
                            is of another size (NULL until then) */
    Uint32 canvas_format;
    bool direct; /* this frame is drawn straight into the window (it is the canvas's size) */
    int canvas_w, canvas_h;
    bool headless;
    bool blocking_wait; /* SDL_WaitEventTimeout sleeps with this video driver */
    Uint32 wake_type;   /* the SDL event type display_wake() pushes ((Uint32)-1: none) */
};

/* Open the display. When no video device is available and opts->headless is false, the
 * caller decides whether to retry headless (display_has_video() tells). On error, err says
 * what SDL said. */
enum kerr display_open(struct display *d, const struct display_opts *opts, char *err,
                       size_t errlen);
void display_close(struct display *d);
/* True when a real display seems present (DISPLAY or WAYLAND_DISPLAY set, or KMS/DRM asked). */
bool display_has_video(void);
/* Make the canvas the render target (call before drawing a frame). */
void display_begin(struct display *d);
/* Copy the canvas to the window, scaled and letterboxed, and present. */
void display_present(struct display *d);
/* Sleep until SDL has an event, fd (e.g. evq_fd(), -1 for none) polls readable, a signal
 * arrives, or timeout_ms have passed; true when something came (the caller then pumps
 * SDL's queue and drains its own). Does not take events off SDL's queue. */
bool display_wait(struct display *d, int timeout_ms, int fd);
/* Wake display_wait() from any thread (an evq_set_notify() function; disp is the display). */
void display_wake(void *disp);
/* Map window pixel coordinates (mouse) to canvas coordinates. */
void display_window_to_canvas(const struct display *d, int wx, int wy, int *cx, int *cy);
/* Read the canvas back as RGBA (call after drawing, before display_present). Caller destroys. */
struct image *display_read_canvas(struct display *d);

#endif
