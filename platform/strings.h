/* platform/strings.h: the catalogue of every text a person reads (Simplified Chinese).
 *
 * Texts live in assets/ui/strings/ (every .json file), each a flat JSON object of "dotted.key":
 * "text"; all files in the folder are merged (one file per module, so modules do not collide).
 * Placeholders are {1}..{9}, filled by tr_fmt(); no printf formats ever come from data.
 * The catalogue is process-wide and read-only after loading; loading is not thread-safe, so
 * do it at start before threads (tr() loads the default folder lazily if nobody did).
 */
#ifndef PLATFORM_STRINGS_H
#define PLATFORM_STRINGS_H

#include <stdbool.h>
#include <stddef.h>

#include <stdarg.h>
#include <stdio.h>

#include "platform/err.h"

/* Load (or reload) every *.json in dir. On error returns K_ERR_INVALID and writes a message
 * naming the file into err. Keys repeated across files are an error. */
enum kerr strings_load_dir(const char *dir, char *err, size_t errlen);
/* The text for key, or the key itself when missing (visible, and logged once). */
const char *tr(const char *key);
/* True when key exists. */
bool tr_has(const char *key);
/* Fill out (size n) with the text for key, replacing {1}..{9} by the given arguments
 * (a NULL-terminated list of strings). Returns out. */
const char *tr_fmt(char *out, size_t n, const char *key, ...);
/* Prints a failure for a person, one language per line: "Ennn: " and the text for key (its
 * placeholders filled from the NULL-ended arguments), then detail, when given (a validator's
 * or a library's own words, often English), alone on the next line, indented. The code is the
 * first "Ennn" in detail, else fallback. */
void tr_fail(FILE *f, const char *fallback, const char *detail, const char *key, ...);
void tr_vfail(FILE *f, const char *fallback, const char *detail, const char *key, va_list ap);
/* Number of loaded entries, and the i-th key/text (for coverage tests). */
size_t strings_count(void);
const char *strings_key_at(size_t i);
const char *strings_text_at(size_t i);
/* Free the catalogue. */
void strings_unload(void);

#endif
