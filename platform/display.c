/* platform/display.c: SDL window, renderer and canvas (platform layer, UI thread). */
#include "platform/display.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/log.h"

/* How often the wait looks at SDL's input when the video driver cannot sleep until input
 * comes (KMS/DRM reads evdev in SDL_PumpEvents): a touch waits at most this long. */
#define INPUT_POLL_MS 10

/* True when the renderer's output is exactly the canvas size: then frames are drawn straight
 * into it, with no canvas texture and no copy (the target is reset to the output first: an
 * output's size is asked of the output, not of a texture being drawn into). */
static bool output_is_canvas(struct display *d)
{
    SDL_SetRenderTarget(d->renderer, NULL);
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(d->renderer, &ow, &oh);
    return ow == d->canvas_w && oh == d->canvas_h;
}

static bool make_canvas(struct display *d)
{
    if (d->canvas)
        return true;
    d->canvas = SDL_CreateTexture(d->renderer, d->canvas_format, SDL_TEXTUREACCESS_TARGET,
                                  d->canvas_w, d->canvas_h);
    if (!d->canvas)
        return false;
    /* Copy it to the window as it is. (An ARGB texture blends by default, which in software
     * costs a per-pixel blend of the whole screen each frame.) */
    SDL_SetTextureBlendMode(d->canvas, SDL_BLENDMODE_NONE);
    return true;
}

bool display_has_video(void)
{
    const char *x = getenv("DISPLAY"), *w = getenv("WAYLAND_DISPLAY");
    const char *drv = getenv("SDL_VIDEODRIVER");
    if (drv &&
        (strcmp(drv, "kmsdrm") == 0 || strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0))
        return true;
    return (x && *x) || (w && *w);
}

enum kerr display_open(struct display *d, const struct display_opts *opts, char *err, size_t errlen)
{
    memset(d, 0, sizeof *d);
    d->canvas_w = opts->canvas_w;
    d->canvas_h = opts->canvas_h;
    d->headless = opts->headless;
    if (opts->headless) {
        const char *drv = getenv("SDL_VIDEODRIVER");
        if (!drv || (strcmp(drv, "dummy") != 0 && strcmp(drv, "offscreen") != 0))
            SDL_SetHint(SDL_HINT_VIDEODRIVER, "dummy");
    }
    /* Touch is the primary input; synthetic mouse events from touch are ignored by the UI. */
    SDL_SetHint(SDL_HINT_VIDEO_MINIMIZE_ON_FOCUS_LOSS, "0");
    SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "linear");
    if (SDL_Init(SDL_INIT_VIDEO | SDL_INIT_EVENTS | SDL_INIT_TIMER) != 0) {
        snprintf(err, errlen, "E001: SDL_Init: %s", SDL_GetError());
        return K_ERR_NO_DEVICE;
    }
    SDL_StopTextInput();
    Uint32 flags = SDL_WINDOW_SHOWN;
    int w = opts->win_w > 0 ? opts->win_w : opts->canvas_w;
    int h = opts->win_h > 0 ? opts->win_h : opts->canvas_h;
    if (!opts->windowed && !opts->headless)
        flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
    d->window =
        SDL_CreateWindow("kiosk", SDL_WINDOWPOS_CENTERED, SDL_WINDOWPOS_CENTERED, w, h, flags);
    if (!d->window) {
        snprintf(err, errlen, "E002: SDL_CreateWindow: %s", SDL_GetError());
        goto fail_init;
    }
    Uint32 rflags = SDL_RENDERER_TARGETTEXTURE;
    /* On a real screen present at the display's refresh (no tearing, no frames nobody sees). */
    rflags |= opts->headless ? SDL_RENDERER_SOFTWARE
                             : SDL_RENDERER_ACCELERATED | SDL_RENDERER_PRESENTVSYNC;
    d->renderer = SDL_CreateRenderer(d->window, -1, rflags);
    if (!d->renderer && !opts->headless)
        d->renderer =
            SDL_CreateRenderer(d->window, -1, SDL_RENDERER_SOFTWARE | SDL_RENDERER_TARGETTEXTURE);
    if (!d->renderer) {
        snprintf(err, errlen, "E003: SDL_CreateRenderer: %s", SDL_GetError());
        goto fail_window;
    }
    /* The canvas is opaque. In the window's own 32-bit format without alpha, presenting it is
     * a plain copy; in ARGB the software renderer converts every pixel of the screen. */
    d->canvas_format = SDL_GetWindowPixelFormat(d->window);
    if (d->canvas_format != SDL_PIXELFORMAT_RGB888 && d->canvas_format != SDL_PIXELFORMAT_BGR888)
        d->canvas_format = SDL_PIXELFORMAT_ARGB8888;
    /* A window of the canvas's size (the kiosk's panel, headless runs) is drawn directly; the
     * canvas texture is made only for a window of another size (display_begin). */
    if (!output_is_canvas(d) && !make_canvas(d)) {
        snprintf(err, errlen, "E004: canvas texture: %s", SDL_GetError());
        goto fail_renderer;
    }
    if (!opts->headless)
        SDL_ShowCursor(SDL_DISABLE);
    /* X11 and Wayland sleep in SDL_WaitEventTimeout until input or SDL_PushEvent; SDL polls
     * the others every millisecond, so display_wait() sleeps in poll() for them instead. */
    const char *drv = SDL_GetCurrentVideoDriver();
    d->blocking_wait = drv && (strcmp(drv, "x11") == 0 || strcmp(drv, "wayland") == 0);
    d->wake_type = SDL_RegisterEvents(1);
    log_info("display", "video driver %s, canvas %dx%d", SDL_GetCurrentVideoDriver(), d->canvas_w,
             d->canvas_h);
    return K_OK;

fail_renderer:
    SDL_DestroyRenderer(d->renderer);
fail_window:
    SDL_DestroyWindow(d->window);
fail_init:
    SDL_Quit();
    memset(d, 0, sizeof *d);
    return K_ERR_NO_DEVICE;
}

void display_close(struct display *d)
{
    if (!d || !d->window)
        return;
    if (d->canvas)
        SDL_DestroyTexture(d->canvas);
    SDL_DestroyRenderer(d->renderer);
    SDL_DestroyWindow(d->window);
    SDL_Quit();
    memset(d, 0, sizeof *d);
}

void display_begin(struct display *d)
{
    d->direct = output_is_canvas(d);
    if (!d->direct && !make_canvas(d)) {
        /* Draw unscaled into the window rather than not at all. */
        log_error("display", "E004: canvas texture: %s", SDL_GetError());
        d->direct = true;
    }
    SDL_SetRenderTarget(d->renderer, d->direct ? NULL : d->canvas);
}

/* The letterboxed rectangle the canvas occupies in the window. */
static SDL_Rect fit_rect(const struct display *d)
{
    int ww = d->canvas_w, wh = d->canvas_h;
    SDL_GetRendererOutputSize(d->renderer, &ww, &wh);
    double sx = (double)ww / d->canvas_w, sy = (double)wh / d->canvas_h;
    double s = sx < sy ? sx : sy;
    int w = (int)(d->canvas_w * s), h = (int)(d->canvas_h * s);
    return (SDL_Rect){(ww - w) / 2, (wh - h) / 2, w, h};
}

void display_present(struct display *d)
{
    if (d->direct) {
        SDL_RenderPresent(d->renderer);
        return;
    }
    SDL_SetRenderTarget(d->renderer, NULL);
    SDL_Rect r = fit_rect(d);
    int ow = 0, oh = 0;
    SDL_GetRendererOutputSize(d->renderer, &ow, &oh);
    /* Black bars only when the canvas does not cover the window (the copy overwrites the
     * rest; clearing a full-screen frame in software costs as much as the copy). */
    if (r.x > 0 || r.y > 0 || r.w < ow || r.h < oh) {
        SDL_SetRenderDrawColor(d->renderer, 0, 0, 0, 255);
        SDL_RenderClear(d->renderer);
    }
    SDL_RenderCopy(d->renderer, d->canvas, NULL, &r);
    SDL_RenderPresent(d->renderer);
}

void display_window_to_canvas(const struct display *d, int wx, int wy, int *cx, int *cy)
{
    int winw = 1, winh = 1, outw = 1, outh = 1;
    SDL_GetWindowSize(d->window, &winw, &winh);
    SDL_GetRendererOutputSize(d->renderer, &outw, &outh);
    /* Window points to output pixels (HiDPI), then into the letterboxed canvas. */
    double px = (double)wx * outw / (winw ? winw : 1), py = (double)wy * outh / (winh ? winh : 1);
    SDL_Rect r = fit_rect(d);
    *cx = (int)((px - r.x) * d->canvas_w / (r.w ? r.w : 1));
    *cy = (int)((py - r.y) * d->canvas_h / (r.h ? r.h : 1));
}

struct image *display_read_canvas(struct display *d)
{
    struct image *img = image_create(d->canvas_w, d->canvas_h, IMAGE_RGBA32);
    if (!img)
        return NULL;
    SDL_SetRenderTarget(d->renderer, d->direct || !d->canvas ? NULL : d->canvas);
    if (SDL_RenderReadPixels(d->renderer, NULL, SDL_PIXELFORMAT_ABGR8888, img->px,
                             (int)img->stride) != 0) {
        log_error("display", "read back failed: %s", SDL_GetError());
        image_destroy(img);
        return NULL;
    }
    return img;
}

void display_wake(void *disp)
{
    struct display *d = disp;
    if (!d || d->wake_type == (Uint32)-1)
        return;
    SDL_Event e;
    memset(&e, 0, sizeof e);
    e.type = d->wake_type;
    SDL_PushEvent(&e); /* thread-safe; a full queue wakes the waiter as well */
}

static bool sdl_pending(void)
{
    SDL_PumpEvents();
    return SDL_PeepEvents(NULL, 0, SDL_PEEKEVENT, SDL_FIRSTEVENT, SDL_LASTEVENT) > 0;
}

/* True when fd polls readable within ms (or a signal came: let the caller look). */
static bool fd_ready(int fd, int ms)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    if (fd < 0) {
        if (ms > 0)
            SDL_Delay((Uint32)ms);
        return false;
    }
    int r = poll(&p, 1, ms);
    return r > 0 || (r < 0 && errno == EINTR);
}

bool display_wait(struct display *d, int timeout_ms, int fd)
{
    if (timeout_ms < 0)
        timeout_ms = 0;
    if (sdl_pending() || fd_ready(fd, 0))
        return true;
    if (timeout_ms == 0)
        return false;
    if (d->blocking_wait)
        return SDL_WaitEventTimeout(NULL, timeout_ms) == 1 || fd_ready(fd, 0);
    Uint64 end = SDL_GetTicks64() + (Uint64)timeout_ms;
    for (;;) {
        Uint64 now = SDL_GetTicks64();
        if (now >= end)
            return false;
        int slice = (int)(end - now);
        /* Headless there is no input device: only the fd and the deadline can wake us. */
        if (!d->headless && slice > INPUT_POLL_MS)
            slice = INPUT_POLL_MS;
        if (fd_ready(fd, slice) || sdl_pending())
            return true;
    }
}
