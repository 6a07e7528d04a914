/* app/ui/handwriting.h: handwritten character recognition for the keyboard's 手写 tab (app
 * layer, ui). Owns zinnia (the only file that includes zinnia.h), its recognizer with Debian's
 * tegaki simplified-Chinese model, and one worker thread that loads the model and classifies,
 * so that the UI thread never waits for either.
 *
 * Ink is bounded: at most HW_MAX_STROKES strokes and HW_MAX_POINTS points in all; points
 * beyond are refused (hw_ink_add says false) and coordinates are clamped into the pad. Ink
 * that holds no point, or that came in with more than the bounds allow (hw_ink_valid), gives
 * an empty result. The pad is the character's box, as for the model's training data: write
 * the character to fill it (the keyboard's pad is square; a longer side is centred).
 *
 * Threads: a struct handwriting is used from one thread (the UI thread); its worker is
 * internal. handwriting_recognize() is synchronous (benchmarks, tests) and may be called from
 * that same thread when no request is pending.
 */
#ifndef APP_UI_HANDWRITING_H
#define APP_UI_HANDWRITING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/err.h"

#define HW_MAX_STROKES   48
#define HW_MAX_POINTS    4096
#define HW_MAX_CANDS     12
#define HW_MODEL_DEFAULT "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model"

struct hw_point {
    int32_t x, y;
};

/* Strokes written on a pad of w x h (1..65535 each). Plain data: copy it freely. */
struct hw_ink {
    int w, h;
    int n_strokes;
    int n_points;
    bool overflow;                  /* points or strokes were refused */
    int stroke_end[HW_MAX_STROKES]; /* stroke i: points [end[i-1], end[i]) */
    struct hw_point pts[HW_MAX_POINTS];
};

/* Candidates, best first: each one character (UTF-8, NUL-terminated). */
struct hw_result {
    int count;
    char cand[HW_MAX_CANDS][8];
};

/* Empty ink on a pad of w x h (clamped to 1..65535). */
void hw_ink_init(struct hw_ink *ink, int w, int h);
/* Start a new stroke at (x, y). False (nothing added, overflow set) when full. */
bool hw_ink_begin(struct hw_ink *ink, int x, int y);
/* Add (x, y) to the current stroke (clamped into the pad). False when there is no stroke or
 * the ink is full (overflow set). A point equal to the last is skipped (true). */
bool hw_ink_add(struct hw_ink *ink, int x, int y);
/* Remove the last stroke (撤销); false when there is none. */
bool hw_ink_undo(struct hw_ink *ink);
/* True when the ink's counts are within the bounds and consistent (ink from elsewhere is
 * checked with this before use). */
bool hw_ink_valid(const struct hw_ink *ink);

struct handwriting;

/* Create the recognizer: model_path NULL is HW_MODEL_DEFAULT. K_ERR_NOT_FOUND ("E960: ...")
 * when the model file is missing; the model itself is loaded on the worker thread (a load
 * failure shows in handwriting_error() and every result is empty). K_ERR_IO ("E961") when the
 * thread cannot start. On error *out is NULL. */
enum kerr handwriting_create(const char *model_path, struct handwriting **out, char *err, size_t n);
/* Stop the worker (it finishes the classification in progress), free everything. NULL is a
 * no-op. */
void handwriting_destroy(struct handwriting *hw);
/* "" or the reason recognition is unavailable ("E962: ..."). */
const char *handwriting_error(struct handwriting *hw);

/* Ask for the candidates of ink (copied); replaces a request not yet started. */
void handwriting_submit(struct handwriting *hw, const struct hw_ink *ink);
/* True, with *out filled, when the result of the latest submitted ink has arrived since the
 * last call. Never waits. */
bool handwriting_poll(struct handwriting *hw, struct hw_result *out);
/* Forget the last request and result (an applicant's session ended); a result still being
 * classified is dropped when it arrives. */
void handwriting_wipe(struct handwriting *hw);
/* True when no ink or result of a request is kept (after handwriting_wipe, or none made). */
bool handwriting_is_clean(struct handwriting *hw);
/* Classify ink now on the calling thread (waits for the model to load); empty result for
 * empty or invalid ink or when the model is unavailable. */
void handwriting_recognize(struct handwriting *hw, const struct hw_ink *ink, struct hw_result *out);

#endif
