/* app/ui/ui.h: the kiosk's small immediate-mode widget toolkit on SDL2 (app layer, ui).
 *
 * Each frame a screen calls ui_begin(), then draws widgets, then ui_end(). Widgets are
 * functions (ui_label, ui_button, ...) that draw at once and report interaction: a tap that
 * was released inside a button's rectangle is delivered to that button in the next frame.
 * Every widget drawn in a frame is recorded (id, kind, text, rectangle, font size, colours),
 * so tests can tap a widget by id or visible text, and the accessibility test can check sizes,
 * gaps and contrast against the theme's minimums.
 *
 * Text is rendered once into textures and cached (LRU, keyed by text, size, colour, wrap
 * width); glyphs the font lacks are drawn as U+25A1 (a visible placeholder, never nothing).
 * Coordinates are canvas pixels (platform/display.h). UI thread only. The ui owns its fonts,
 * cache and widget records; it borrows the display and the clock.
 */
#ifndef APP_UI_UI_H
#define APP_UI_UI_H

#include <SDL.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/ui/theme.h"
#include "platform/clock.h"
#include "platform/display.h"

struct ui_rect {
    int x, y, w, h;
};

enum ui_align { UI_ALIGN_LEFT, UI_ALIGN_CENTER, UI_ALIGN_RIGHT };

/* PRIMARY: the one main action of a screen (filled). SELECTED: a choice the applicant has
 * made (light face, thick border), so that chosen answers never look like the main action.
 * A disabled button of any style is drawn lighter than the page, with a light border. */
enum ui_button_style {
    UI_BTN_PRIMARY,
    UI_BTN_SECONDARY,
    UI_BTN_DANGER,
    UI_BTN_BAR,
    UI_BTN_SELECTED
};

/* UI_W_PICTURE: a drawn picture or icon (app/ui/picture.h); text is its name, enabled whether
 * it could be drawn. */
enum ui_widget_kind { UI_W_LABEL, UI_W_BUTTON, UI_W_OTHER, UI_W_PICTURE };

/* One widget as drawn in the last completed frame. */
struct ui_widget {
    char id[64];
    enum ui_widget_kind kind;
    char text[256];
    struct ui_rect rect;
    int font_px;
    struct ui_color fg, bg;
    bool enabled;
};

struct ui;

/* One pointer sample: where the finger was, whether it touched, when (monotonic ms). */
struct ui_sample {
    int x, y;
    bool down;
    int64_t ms;
};
#define UI_MAX_SAMPLES 512

/* Create the toolkit on an open display. assets_dir holds ui/theme.json and fonts/.
 * Returns NULL and writes err on failure (missing font or invalid theme). */
struct ui *ui_create(struct display *d, const char *assets_dir, struct kclock *clock, char *err,
                     size_t errlen);
void ui_destroy(struct ui *ui); /* NULL is a no-op */

/* The theme in use: the base one, or its "elder" variant while 长辈模式 is on. */
const struct ui_theme *ui_theme(const struct ui *ui);
/* 长辈模式 on or off: larger type and rows (the theme file's "elder" section), from the next
 * frame on (ui_begin), so that no frame mixes the two; the fonts are resized in place and the
 * text cache emptied then. Should the font refuse the size, the mode stays as it was (logged,
 * E911). ui_elder() tells the mode this frame is drawn in. */
void ui_set_elder(struct ui *ui, bool on);
bool ui_elder(const struct ui *ui);
int ui_width(const struct ui *ui);
int ui_height(const struct ui *ui);
bool ui_landscape(const struct ui *ui);
SDL_Renderer *ui_renderer(struct ui *ui);
/* The toolkit's pictures (app/ui/picture.h), from the assets_dir given to ui_create. */
struct picture_cache *ui_picture_cache(struct ui *ui);

/* Input. ui_handle_event takes SDL events (finger events first; mouse events that SDL
 * synthesised from touch are ignored). ui_pointer is the same path for injected input. */
void ui_handle_event(struct ui *ui, const SDL_Event *ev);
/* Drain SDL's event queue into the toolkit; false when the window system asked to quit. */
bool ui_pump(struct ui *ui);
void ui_pointer(struct ui *ui, int x, int y, bool down);
/* A finger moving while down (drawing). */
void ui_pointer_move(struct ui *ui, int x, int y);
/* The pointer samples (down, moves, up) that arrived before this frame began. */
const struct ui_sample *ui_samples(const struct ui *ui, size_t *n);
/* True while a finger is down; where it went down. */
bool ui_pointer_down(const struct ui *ui, int *x, int *y);
/* Milliseconds (monotonic) of the last touch; screens use it for idle timeouts. */
int64_t ui_last_input_ms(const struct ui *ui);
/* Note activity that did not come through the pointer (a card placed, a scan). */
void ui_touch_activity(struct ui *ui);
/* While blocked, no widget takes a tap or pointer samples (for widgets drawn under an overlay
 * that is drawn later in the frame); unblock before drawing the overlay. */
void ui_block_input(struct ui *ui, bool blocked);

/* Frame. */
void ui_begin(struct ui *ui);
void ui_end(struct ui *ui);

/* When to draw. The main loop draws only when something may have changed: any SDL event or
 * pointer input, a frame whose widgets differ from the one before (the consequences of input
 * show one frame later), ui_invalidate(), or the times asked for below. Each frame asks anew:
 * ui_begin() forgets the requests of the frame before. */
#define UI_FRAME_MS 16 /* the frame interval of animations (about 60 a second) */
/* Something drawn changed outside the toolkit's knowledge (a device event): draw again. */
void ui_invalidate(struct ui *ui);
/* This frame shows an animation: draw the next one UI_FRAME_MS after it. */
void ui_animate(struct ui *ui);
/* Draw again at mono_ms (the toolkit's clock; e.g. a countdown's next second). */
void ui_wake_at(struct ui *ui, int64_t mono_ms);
/* When the next frame is due on the toolkit's clock, given when the last one was drawn:
 * INT64_MIN for at once, INT64_MAX for only when an event comes. */
int64_t ui_next_frame_ms(const struct ui *ui, int64_t last_frame_ms);

/* Drawing primitives. */
void ui_fill(struct ui *ui, struct ui_rect r, struct ui_color c);
void ui_frame_rect(struct ui *ui, struct ui_rect r, struct ui_color c, int thickness);
/* Draw text wrapped to r.w (0 = no wrap) at r.x/r.y, aligned within r.w; returns the height
 * used. Not recorded as a widget. */
int ui_text(struct ui *ui, struct ui_rect r, const char *text, enum ui_font font,
            struct ui_color fg, enum ui_align align);
/* Height text would take when wrapped to width w. */
int ui_text_height(struct ui *ui, const char *text, enum ui_font font, int w);
int ui_text_width(struct ui *ui, const char *text, enum ui_font font);

/* Widgets (recorded). id is stable and ASCII, for tests; text is what a person reads. */
int ui_label(struct ui *ui, const char *id, struct ui_rect r, const char *text, enum ui_font font,
             enum ui_color_role fg, enum ui_color_role bg, enum ui_align align);
/* Returns true when the button was tapped (released inside it) since the last frame. */
bool ui_button(struct ui *ui, const char *id, struct ui_rect r, const char *text,
               enum ui_button_style style, bool enabled);
/* A button with a second, smaller line under its text (recorded as the label <id>.note): a
 * disabled 下一步 says why it cannot be tapped yet. note NULL or "" is ui_button. */
bool ui_button_note(struct ui *ui, const char *id, struct ui_rect r, const char *text,
                    const char *note, enum ui_button_style style, bool enabled);
/* Record a custom widget drawn by the caller (for the widget list). */
void ui_record(struct ui *ui, const char *id, enum ui_widget_kind kind, const char *text,
               struct ui_rect r, int font_px, struct ui_color fg, struct ui_color bg, bool enabled);
/* Consume a pending tap inside r (for custom widgets); true when there was one. */
bool ui_take_tap(struct ui *ui, struct ui_rect r, int *x, int *y);

/* Widgets of the last completed frame. */
size_t ui_widget_count(const struct ui *ui);
const struct ui_widget *ui_widget_at(const struct ui *ui, size_t i);
/* Find by id, or else by exact visible text; NULL when absent. */
const struct ui_widget *ui_find(const struct ui *ui, const char *id_or_text);

/* Drop every cached text texture (the session wipe calls this so no applicant text stays
 * in video memory). */
void ui_clear_text_cache(struct ui *ui);
/* Text cache statistics (for tests and benchmarks). */
void ui_text_cache_stats(const struct ui *ui, size_t *entries, size_t *hits, size_t *misses);
/* Bytes of the cached text textures (4 a pixel); never above 16 MiB: the least recently drawn
 * texts are dropped first (for tests and benchmarks). */
size_t ui_text_cache_bytes(const struct ui *ui);
/* The number of the frame being drawn (or last drawn): ui_begin counts it up from 0. */
uint64_t ui_frame_number(const struct ui *ui);

#endif
