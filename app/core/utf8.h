/* app/core/utf8.h: UTF-8 checks for text a person typed or a file holds (app/core, pure). */
#ifndef APP_CORE_UTF8_H
#define APP_CORE_UTF8_H

#include <stdbool.h>
#include <stddef.h>

/* Number of code points in s, or -1 when s is not valid UTF-8 (overlong forms, surrogates and
 * values above U+10FFFF are invalid). */
long utf8_count(const char *s);
/* True when s has a control character (C0, DEL or C1); newline too unless allow_newline. */
bool utf8_has_control(const char *s, bool allow_newline);

#endif
