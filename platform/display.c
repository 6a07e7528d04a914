/* platform/display.c: SDL window, renderer and canvas (platform layer, UI thread). */
#include "platform/display.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/log.h"

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
    rflags |= opts->headless ? SDL_RENDERER_SOFTWARE : SDL_RENDERER_ACCELERATED;
    d->renderer = SDL_CreateRenderer(d->window, -1, rflags);
    if (!d->renderer && !opts->headless)
        d->renderer =
            SDL_CreateRenderer(d->window, -1, SDL_RENDERER_SOFTWARE | SDL_RENDERER_TARGETTEXTURE);
    if (!d->renderer) {
        snprintf(err, errlen, "E003: SDL_CreateRenderer: %s", SDL_GetError());
        goto fail_window;
    }
    d->canvas = SDL_CreateTexture(d->renderer, SDL_PIXELFORMAT_ARGB8888, SDL_TEXTUREACCESS_TARGET,
                                  d->canvas_w, d->canvas_h);
    if (!d->canvas) {
        snprintf(err, errlen, "E004: canvas texture: %s", SDL_GetError());
        goto fail_renderer;
    }
    if (!opts->headless)
        SDL_ShowCursor(SDL_DISABLE);
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
    SDL_DestroyTexture(d->canvas);
    SDL_DestroyRenderer(d->renderer);
    SDL_DestroyWindow(d->window);
    SDL_Quit();
    memset(d, 0, sizeof *d);
}

void display_begin(struct display *d)
{
    SDL_SetRenderTarget(d->renderer, d->canvas);
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
    SDL_SetRenderTarget(d->renderer, NULL);
    SDL_SetRenderDrawColor(d->renderer, 0, 0, 0, 255);
    SDL_RenderClear(d->renderer);
    SDL_Rect r = fit_rect(d);
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
    SDL_SetRenderTarget(d->renderer, d->canvas);
    if (SDL_RenderReadPixels(d->renderer, NULL, SDL_PIXELFORMAT_ABGR8888, img->px,
                             (int)img->stride) != 0) {
        log_error("display", "read back failed: %s", SDL_GetError());
        image_destroy(img);
        return NULL;
    }
    return img;
}
