/* platform/config.h: the kiosk's configuration, one table-driven struct.
 *
 * File format: UTF-8 text, one "key = value" per line; '#' starts a comment line; blank lines
 * are ignored; values are taken verbatim after trimming (no quotes). Every key has a default,
 * so an empty or missing file is a valid configuration. Unknown keys, bad values and repeated
 * keys are errors that name the file, the line and the key. The table in config.c is the one
 * list of keys, types, ranges and defaults (README "Configuration" is generated from it by
 * `kioskctl config list`).
 *
 * Ownership: a struct kconfig owns its strings; config_finish() frees them. Not thread-safe:
 * load once at start and pass a const pointer around.
 */
#ifndef PLATFORM_CONFIG_H
#define PLATFORM_CONFIG_H

#include <stdbool.h>
#include <stddef.h>

#include "platform/err.h"

struct kconfig {
    /* kiosk identity */
    long kiosk_id;      /* kiosk.id: number of this kiosk, unique in the city */
    char *district;     /* kiosk.district: banner/district id from the service file */
    char *hall_name;    /* hall.name: shown on the attract screen ("" = generic) */
    char *hall_address; /* hall.address: the window's address on the receipt ("" = none) */
    char *hall_hours;   /* hall.hours: the window's opening hours on the receipt ("" = none) */
    char *hall_phone;   /* hall.phone ("" = the district's phone from the service file) */
    /* files */
    char *data_dir;     /* paths.data_dir: database, attachments, key */
    char *assets_dir;   /* paths.assets_dir */
    char *key_file;     /* paths.key_file: data encryption key ("" = see config_path) */
    char *secret_file;  /* paths.secret_file: QR token secret ("" = DATA/qr.secret) */
    char *service_file; /* service.file ("" = ASSETS/services/veteran-discharge.json) */
    char *calendar_dir; /* calendar.dir ("" = ASSETS/calendar) */
    char *regions_file; /* regions.file ("" = ASSETS/regions/regions.tsv) */
    char *ime_data_dir; /* ime.data_dir: librime data deployed by scripts/setup.d/ime.sh */
    char *hw_model;     /* ime.handwriting_model: zinnia model for the 手写 tab */
    /* backend */
    char *backend_url;      /* backend.url */
    char *backend_token;    /* backend.token */
    char *backend_ca_file;  /* backend.ca_file ("" = system store) */
    long backend_timeout_s; /* backend.timeout_s */
    char *qr_base_url;      /* qr.base_url: receipt QR prefix, code and token appended */
    /* devices */
    char *idcard_driver;  /* idcard.driver: sim | usb | serial */
    char *idcard_device;  /* idcard.device: VID:PID list or tty path ("" = auto) */
    char *printer_driver; /* printer.driver: sim | usb | lp */
    char *printer_device; /* printer.device */
    long printer_width;   /* printer.width_dots: 384 (58 mm) or 576 (80 mm) */
    char *scanner_driver; /* scanner.driver: sim | cdc | hidpos | wedge */
    char *scanner_device; /* scanner.device */
    char *camera_driver;  /* camera.driver: sim | v4l2 | sane | file */
    char *camera_device;  /* camera.device */
    /* UI */
    char *orientation; /* ui.orientation: portrait | landscape */
    long idle_read_s;  /* ui.idle_read_s */
    long idle_type_s;  /* ui.idle_type_s */
    long idle_warn_s;  /* ui.idle_warn_s */
    /* the same in 长辈模式 (elder mode, turned on at the attract screen): longer */
    long elder_idle_read_s; /* ui.elder_idle_read_s */
    long elder_idle_type_s; /* ui.elder_idle_type_s */
    long elder_idle_warn_s; /* ui.elder_idle_warn_s */
    /* store */
    long retention_days; /* store.retention_days */
    /* service mode */
    char *service_pin_hash; /* service.pin_hash: argon2id string ("" = service mode off) */
    /* logging */
    char *log_level; /* log.level: debug | info | warn | error */
    char *log_file;  /* log.file ("" = stderr only) */
    long log_max_kb; /* log.max_kb */
};

enum config_type { CONFIG_STR, CONFIG_INT };

struct config_key {
    const char *key;
    enum config_type type;
    size_t offset;
    const char *def;     /* default, parsed like a file value */
    long min, max;       /* CONFIG_INT range */
    const char *choices; /* CONFIG_STR: "|"-separated allowed values, or NULL */
    const char *help;    /* English, for `kioskctl config list` and the README */
};

/* The key table, terminated by an entry with key == NULL. */
extern const struct config_key config_keys[];

/* The detail codes at the start of the configuration's messages ("E104: key: ..."), defined
 * here once: config.c writes them, callers test them with kerr_detail_is(err, CONFIG_E_...). */
#define CONFIG_E_READ    "E100" /* the file cannot be read */
#define CONFIG_E_KEY     "E101" /* unknown key */
#define CONFIG_E_LONG    "E102" /* value too long */
#define CONFIG_E_CONTROL "E103" /* control character in the value */
#define CONFIG_E_RANGE   "E104" /* not a whole number in the key's range */
#define CONFIG_E_WIDTH   "E105" /* printer width other than 384 or 576 */
#define CONFIG_E_CHOICE  "E106" /* not one of the key's choices */
#define CONFIG_E_BINARY  "E107" /* binary data in the file */
#define CONFIG_E_SYNTAX  "E108" /* a line that is not "key = value" */
#define CONFIG_E_TWICE   "E109" /* a key given twice */
#define CONFIG_E_URL     "E110" /* not an http(s) URL with a host */

/* Fill cfg with the defaults. */
void config_defaults(struct kconfig *cfg);
/* Load defaults, then the file at path (a missing file is an error unless optional). On
 * error writes "FILE:LINE: key: problem" into err and leaves cfg holding defaults. */
enum kerr config_load(struct kconfig *cfg, const char *path, bool optional, char *err,
                      size_t errlen);
/* The same from len bytes of text (need not be NUL-terminated); name stands for the file in
 * messages. */
enum kerr config_parse(struct kconfig *cfg, const char *name, const char *text, size_t len,
                       char *err, size_t errlen);
/* Set one key from text, with the same validation as the file. */
enum kerr config_set(struct kconfig *cfg, const char *key, const char *value, char *err,
                     size_t errlen);
/* Current value of key as text into out. K_ERR_NOT_FOUND for an unknown key. */
enum kerr config_get(const struct kconfig *cfg, const char *key, char *out, size_t n);
/* Write the configuration to path, durably (atomic replace). An existing file keeps its
 * comments, blank lines and order, its mode and group, and its owner when the writer may
 * set it (root, or the owner itself); a key's line changes only when its value did; keys it
 * lacks are appended when they differ from their default. A new file gets every key that
 * differs from its default, mode 0640. */
enum kerr config_save(const struct kconfig *cfg, const char *path);
/* The folder for keys kept apart from the data folder: $KIOSK_KEYS_DIR, else /etc/kiosk/keys
 * (created by the package, mode 0700, owned by the kiosk user). */
const char *config_keys_dir(void);
bool config_keys_dir_present(void);
/* Resolved paths with the "" defaults applied; out receives the path. "key": paths.key_file,
 * else KEYS/kiosk.key when the keys folder exists, else DATA/kiosk.key (a development
 * checkout); "key_legacy": DATA/kiosk.key, where older versions kept it. */
void config_path(const struct kconfig *cfg, const char *which, char *out, size_t n);
void config_finish(struct kconfig *cfg);
/* A deep copy on the heap, for a job on another thread (the running configuration may be
 * changed, and its strings freed, while the job runs). Free with config_destroy(). */
struct kconfig *config_dup(const struct kconfig *cfg);
void config_destroy(struct kconfig *cfg); /* NULL is a no-op */

#endif
