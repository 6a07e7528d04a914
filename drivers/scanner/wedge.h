/* drivers/scanner/wedge.h: decoding a keyboard-wedge scanner's key events (drivers, pure).
 *
 * The scanner "types" a scan: key press/release events (evdev EV_KEY, Linux KEY_* codes)
 * ending with Enter. The decoder maps keycodes with a FIXED US layout and its own shift
 * state (the host's keyboard layout and caps lock do not matter), so that a scan is the
 * same bytes everywhere. Rules:
 *   - a key press (value 1) of a printable key appends its character; auto-repeat (2) and
 *     releases (0) of printable keys are ignored; Shift (left/right) is tracked;
 *   - Enter or keypad Enter ends the scan (WEDGE_SCAN), an empty scan is ignored;
 *   - a gap longer than timeout_ms between two key presses drops the unfinished scan and
 *     starts a new one with the key (a stray key, then a real scan, stay apart);
 *   - more than max_len characters: the scan is dropped whole when its Enter comes
 *     (WEDGE_TOO_LONG);
 *   - Caps Lock and Num Lock are ignored (the layout is fixed);
 *   - a key outside the layout (F1, arrows, Ctrl, Alt...) spoils the scan: it is dropped when its
 *     Enter comes (WEDGE_BAD_KEY).
 * Time comes from the events' own timestamps, so recorded streams decode deterministically.
 * Pure: no I/O, no allocation; one decoder per device, not thread-safe.
 */
#ifndef DRIVERS_SCANNER_WEDGE_H
#define DRIVERS_SCANNER_WEDGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define WEDGE_BUF 512 /* buffer size incl. NUL; max_len must be < WEDGE_BUF */

struct wedge {
    char buf[WEDGE_BUF];
    size_t len;
    size_t max_len;     /* characters (default WEDGE_BUF - 1) */
    int64_t timeout_ms; /* inter-key timeout (default 100) */
    int64_t last_ms;    /* time of the last key press of this scan */
    bool lshift, rshift, overflow, bad;
};

enum wedge_result {
    WEDGE_NONE,     /* nothing finished yet */
    WEDGE_SCAN,     /* a scan is in out (NUL-terminated), *len its length */
    WEDGE_TOO_LONG, /* a scan longer than max_len was dropped */
    WEDGE_BAD_KEY,  /* a scan with a key outside the layout was dropped */
    WEDGE_TIMEOUT,  /* an unfinished scan was dropped by the inter-key timeout */
};

/* Reset to an empty scan with the given limits (0 = defaults). */
void wedge_init(struct wedge *w, size_t max_len, int64_t timeout_ms);
/* Feed one input event (type, code, value as in struct input_event; t_ms its time). On
 * WEDGE_SCAN the scan is copied into out (cap bytes incl. NUL; a scan that does not fit is
 * WEDGE_TOO_LONG) and *len set. The decoder's own copy is wiped. */
enum wedge_result wedge_feed(struct wedge *w, unsigned type, unsigned code, int value, int64_t t_ms,
                             char *out, size_t cap, size_t *len);
/* Called when no event came until now_ms: drops an unfinished scan older than the timeout
 * (WEDGE_TIMEOUT), else WEDGE_NONE. */
enum wedge_result wedge_idle(struct wedge *w, int64_t now_ms);
/* The US-layout character of KEY_* code with/without shift, or 0 when not printable. */
char wedge_keychar(unsigned code, bool shift);

#endif
