/* platform/log.h: levelled logging to stderr and a size-capped rotating file.
 *
 * Thread-safe. Personal data (names, ID numbers, phones, addresses) must never be passed to
 * the log: mask it first with log_mask_*(). Messages are English, for technicians.
 */
#ifndef PLATFORM_LOG_H
#define PLATFORM_LOG_H

#include <stdbool.h>
#include <stddef.h>

enum log_level { LOG_DEBUG, LOG_INFO, LOG_WARN, LOG_ERROR };

/* Configure the sink: level threshold, optional file path (NULL: stderr only), the file's size
 * cap in bytes before it is rotated to PATH.1 (keeping `keep` old files). Safe to call again.
 * When stderr is systemd's journal stream (log_to_journal()), the file is not used: lines go
 * to stderr with "<N>" priority prefixes (debug 7, info 6, warn 4, error 3) and no stamp. */
void log_setup(enum log_level level, const char *path, size_t max_bytes, int keep);
/* True when stderr is the stream systemd gave the service ($JOURNAL_STREAM matches it). */
bool log_to_journal(void);
/* Parse "debug|info|warn|error"; returns -1 for anything else. */
int log_level_parse(const char *s);
void log_msg(enum log_level level, const char *module, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Close the file sink (stderr logging continues). */
void log_close(void);

#define log_debug(mod, ...) log_msg(LOG_DEBUG, mod, __VA_ARGS__)
#define log_info(mod, ...)  log_msg(LOG_INFO, mod, __VA_ARGS__)
#define log_warn(mod, ...)  log_msg(LOG_WARN, mod, __VA_ARGS__)
#define log_error(mod, ...) log_msg(LOG_ERROR, mod, __VA_ARGS__)

/* Masking helpers: write a masked copy of s into out (size n) and return out.
 * log_mask_id:   "150102199003071234" -> "1501**********1234"
 * log_mask_name: "张三明" -> "张*明", "张三" -> "张*" (UTF-8 aware)
 * log_mask_phone:"13812345678" -> "138****5678" */
const char *log_mask_id(const char *s, char *out, size_t n);
const char *log_mask_name(const char *s, char *out, size_t n);
const char *log_mask_phone(const char *s, char *out, size_t n);

#endif
