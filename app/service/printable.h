/* app/service/printable.h: untrusted text made safe to show (app layer, service). */
#ifndef APP_SERVICE_PRINTABLE_H
#define APP_SERVICE_PRINTABLE_H

#include <stddef.h>

/* Copy at most max_chars characters of in (len bytes, need not be NUL-terminated) into out
 * (n bytes, always terminated): control characters and broken UTF-8 become '?', and "…"
 * marks a cut. Returns out. */
char *service_printable(const char *in, size_t len, size_t max_chars, char *out, size_t n);

#endif
