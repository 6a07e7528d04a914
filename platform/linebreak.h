/* platform/linebreak.h: Chinese line breaking for the screens and the receipt (platform layer).
 *
 * Pure: no I/O, no fonts. The caller measures text through a callback, so the same breaker
 * serves the SDL_ttf screens (app/ui) and the receipt composer (app/receipt). The rules are
 * those of GB/T 15834 and the W3C "Requirements for Chinese Text Layout" (clreq 3.1.7):
 *   - no closing punctuation or closing bracket (。，、；：？！）》」…) at the start of a line,
 *   - no opening bracket or quote (（《「“…) at the end of a line,
 *   - runs of digits and Latin letters with their joiners (0477-8575378, 2024.12, A4) and
 *     the paired marks …… and —— are never split,
 *   - words the dictionary knows (place names from assets/regions/regions.tsv) are kept on one
 *     line,
 *   - the last line of a paragraph is not a single character (with or without its closing
 *     marks, 度 or 理。) when the line before can give it one more.
 * Breaks are allowed between Chinese characters and after spaces; '\n' is a forced break.
 * A unit that is wider than the line on its own is broken by character as a last resort.
 */
#ifndef PLATFORM_LINEBREAK_H
#define PLATFORM_LINEBREAK_H

#include <stdbool.h>
#include <stddef.h>

/* Width (in the caller's units, e.g. pixels) of the n bytes of UTF-8 at s (not
 * NUL-terminated). A longer prefix of a text is never narrower than a shorter one: the breaker
 * searches for a line's end (a few measurements a line, not one per code point). */
typedef int (*linebreak_measure_fn)(void *ctx, const char *s, size_t n);

/* One line: bytes [start, end) of the text, spaces at the break and the '\n' left out. */
struct linebreak_line {
    size_t start, end;
};

/* A set of words never split across lines. The dictionary owns copies of its words. */
struct linebreak_dict;

struct linebreak_dict *linebreak_dict_create(void);
void linebreak_dict_destroy(struct linebreak_dict *d); /* NULL is a no-op */
/* Add one word (UTF-8, 2..16 code points; others are ignored). */
void linebreak_dict_add(struct linebreak_dict *d, const char *word, size_t n);
/* Add the names of a region table text ("code<TAB>name" lines, '#' comments), each name and
 * its stem without the administrative suffix (康巴什区 and 康巴什). Returns the words added. */
size_t linebreak_dict_add_regions(struct linebreak_dict *d, const char *text, size_t len);
size_t linebreak_dict_count(const struct linebreak_dict *d);

/* Break text into lines: the first line is at most first_w wide, the others rest_w (<= 0 means
 * no limit). dict may be NULL. Returns a malloc'd array of *n lines (at least one; free() it).
 * Invalid UTF-8 bytes are taken as single characters. */
struct linebreak_line *linebreak_lines(const char *text, int first_w, int rest_w,
                                       linebreak_measure_fn measure, void *ctx,
                                       const struct linebreak_dict *dict, size_t *n);

#endif
