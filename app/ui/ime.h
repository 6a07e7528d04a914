/* app/ui/ime.h: the input-method engine behind the on-screen keyboard (app layer, ui).
 *
 * Owns librime (the only file that includes rime_api.h), one librime session and a private
 * scratch directory for librime's user data. Modes: pinyin (librime, schema luna_pinyin_simp
 * with the kiosk's local-names dictionary), English letters, digits, symbols; in the last three
 * every key is committed as it is. The keyboard widget feeds keys and taps, then reads the
 * view (composition + one page of at most IME_PAGE_MAX candidates) and takes committed text.
 *
 * Privacy: librime's user dictionary is off (assets/ime/luna_pinyin_simp.custom.yaml), so
 * nothing is learned; ime_session_wipe() ends the librime session, empties the scratch
 * directory and starts afresh; ime_destroy() removes the directory.
 *
 * Start-up: librime's data is deployed at setup (scripts/setup.d/ime.sh) into a prebuilt
 * directory; ime_create() never deploys and returns at once: librime is loaded (dlopen of
 * librime.so.1, on the first ime_create of the process) and started on a background thread,
 * and the first call that needs it waits for it (ime_ready() tells whether it would). When the
 * library cannot be loaded, ime_wait_ready() fails with "E958: ..." in ime_error().
 *
 * Threads: one thread (the UI thread) calls everything after ime_create(). librime is a
 * process-wide singleton: at most one struct ime exists at a time (ime_create says K_ERR_BUSY).
 */
#ifndef APP_UI_IME_H
#define APP_UI_IME_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/err.h"

#define IME_PAGE_MAX 6

struct ime;

/* True when the shipped font draws codepoint cp (the toolkit passes TTF_GlyphIsProvided32). */
typedef bool (*ime_can_draw_fn)(uint32_t cp, void *ud);

enum ime_mode {
    IME_MODE_PINYIN,  /* a-z and ' go to librime; other characters commit as they are */
    IME_MODE_LETTERS, /* every character commits as it is (the keyboard supplies the case) */
    IME_MODE_DIGITS,  /* every character commits as it is (the keyboard shows 0-9 only) */
    IME_MODE_SYMBOLS, /* every character commits as it is (，。、：etc. from the keyboard) */
};

struct ime_options {
    /* Prebuilt data (holds shared/ and build/ made by scripts/setup.d/ime.sh; the kiosk
     * passes the configuration's ime.data_dir when it is not empty). NULL: the
     * environment's KIOSK_IME_DIR, else ASSETS/../build/ime (ASSETS: paths_default_assets(),
     * so a development tree finds the folder scripts/setup.d/ime.sh made). */
    const char *data_dir;
    /* Parent of the per-instance scratch directory. NULL: $XDG_RUNTIME_DIR, else /tmp. */
    const char *scratch_parent;
    /* Candidate filter; NULL keeps every candidate. Called on the UI thread only. */
    ime_can_draw_fn can_draw;
    void *can_draw_ud;
    /* Candidates per page, 1..IME_PAGE_MAX; 0 means IME_PAGE_MAX. */
    int page_size;
};

/* What the keyboard draws. Valid until the next ime_* call on the same struct ime. */
struct ime_view {
    enum ime_mode mode;
    bool composing;      /* pinyin is being composed (preedit not empty) */
    const char *preedit; /* composition as librime shows it ("kang ba shi"), "" if none */
    int count;           /* candidates on this page, 0..page_size */
    const char *cand[IME_PAGE_MAX]; /* UTF-8 text, whole-input phrases first */
    int page;                       /* 0-based page number */
    bool has_prev, has_next;
};

/* Create the engine; *out receives it. Checks that the prebuilt data exists and starts librime
 * on a background thread. Errors: K_ERR_BUSY (another struct ime exists), K_ERR_NOT_FOUND
 * (no prebuilt data: run scripts/setup.d/ime.sh), K_ERR_IO (scratch directory, thread). On
 * error *out is NULL and, when err is not NULL, err (size n) gets the detail ("E951: ..."). */
enum kerr ime_create(const struct ime_options *opt, struct ime **out, char *err, size_t n);
/* Stop librime, remove the scratch directory, free everything. NULL is a no-op. */
void ime_destroy(struct ime *ime);

/* True when librime has started (no call will wait). */
bool ime_ready(struct ime *ime);
/* Wait for librime to start; K_OK, or K_ERR_IO when it failed (ime_error() says why). After a
 * failure the pinyin mode commits letters as they are, so typing still works. */
enum kerr ime_wait_ready(struct ime *ime);
/* Once ime_ready(): true when librime started, false when it could not (ime_error() says
 * why). Before that it waits, as ime_wait_ready. */
bool ime_started(struct ime *ime);
/* Detail of the last failure ("E952: ..."), "" if none. */
const char *ime_error(const struct ime *ime);
/* True when librime is loaded into this process (it stays loaded once an ime was created and
 * its thread got that far); any thread. For tests and memory diagnostics. */
bool ime_library_loaded(void);

/* Switch mode. Leaving pinyin mode while composing commits nothing and drops the composition. */
void ime_set_mode(struct ime *ime, enum ime_mode mode);
enum ime_mode ime_get_mode(const struct ime *ime);

/* A character key (Unicode code point). In pinyin mode a-z (and ' while composing) edit the
 * composition; any other character first commits the whole composition (first candidates, as
 * space would, until nothing is left), then itself. Always returns true (the key was consumed).
 * Surrogates and values above U+10FFFF are ignored. */
bool ime_key(struct ime *ime, uint32_t cp);
/* Delete: removes the last pinyin letter and returns true; when nothing is being composed it
 * returns false and the keyboard deletes a character of the field itself. */
bool ime_backspace(struct ime *ime);
/* Clear: drops the whole composition (no commit). */
void ime_clear(struct ime *ime);
/* Space: while composing, selects the first candidate shown; otherwise commits " ". */
void ime_space(struct ime *ime);
/* Confirm: while composing, commits the typed letters as they are (no conversion) and returns
 * true; otherwise returns false (the keyboard ends the field / moves on). */
bool ime_confirm(struct ime *ime);
/* Select candidate i (0-based) of the page shown. A candidate covering part of the input
 * commits that part and composition continues with the rest. False if i is out of range. */
bool ime_select(struct ime *ime, int i);
/* Next / previous page; false (nothing changes) when there is none. */
bool ime_page_next(struct ime *ime);
bool ime_page_prev(struct ime *ime);

/* The composition and the candidates of the current page. */
const struct ime_view *ime_view(struct ime *ime);
/* Committed text since the last call, as a new UTF-8 string the caller frees with free(), or
 * NULL when nothing was committed. */
char *ime_take_commit(struct ime *ime);

/* End of an applicant's session: drop composition and uncollected commits, end the librime
 * session and empty the scratch directory, all before it returns; then a new session (pinyin
 * mode) opens on a thread of the input method, as at start-up (ime_ready() is false until it
 * has; the first call that needs it waits for it). */
void ime_session_wipe(struct ime *ime);
/* The scratch directory librime may write to (for tests and diagnostics). */
const char *ime_scratch_dir(const struct ime *ime);

#endif
