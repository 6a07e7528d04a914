/* platform/config.c: the configuration table, parser and writer (platform layer). */
#include "platform/config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/fsutil.h"
#include "platform/paths.h"
#include "platform/xalloc.h"

#define S(k, f, d, ch, h)                                                                          \
    {                                                                                              \
        k, CONFIG_STR, offsetof(struct kconfig, f), d, 0, 0, ch, h                                 \
    }
#define I(k, f, d, lo, hi, h)                                                                      \
    {                                                                                              \
        k, CONFIG_INT, offsetof(struct kconfig, f), d, lo, hi, NULL, h                             \
    }

const struct config_key config_keys[] = {
    I("kiosk.id", kiosk_id, "1", 1, 99999, "number of this kiosk, unique in the city"),
    S("kiosk.district", district, "dongsheng", NULL, "banner/district id (service file)"),
    S("hall.name", hall_name, "", NULL, "hall name on the attract screen and the receipt"),
    S("hall.address", hall_address, "", NULL, "the window's address on the receipt"),
    S("hall.hours", hall_hours, "", NULL, "the window's opening hours on the receipt"),
    S("hall.phone", hall_phone, "", NULL,
      "hall phone (\"\" = the district's phone from the service file)"),
    S("paths.data_dir", data_dir, "/var/lib/kiosk", NULL, "database, attachments, keys"),
    S("paths.assets_dir", assets_dir, "", NULL, "assets folder (\"\" = built-in default)"),
    S("paths.key_file", key_file, "", NULL,
      "data key file (\"\" = /etc/kiosk/keys/kiosk.key, DATA/kiosk.key without that folder)"),
    S("paths.secret_file", secret_file, "", NULL, "QR token secret (\"\" = DATA/qr.secret)"),
    S("service.file", service_file, "", NULL, "service definition (\"\" = veteran-discharge)"),
    S("calendar.dir", calendar_dir, "", NULL, "holiday tables (\"\" = ASSETS/calendar)"),
    S("regions.file", regions_file, "", NULL,
      "GB/T 2260 region table (\"\" = ASSETS/regions/regions.tsv)"),
    S("ime.data_dir", ime_data_dir, "", NULL,
      "input-method data from setup (\"\" = $KIOSK_IME_DIR, else ASSETS/../build/ime)"),
    S("ime.handwriting_model", hw_model, "", NULL,
      "zinnia handwriting model (\"\" = Debian's tegaki simplified-Chinese model)"),
    S("backend.url", backend_url, "http://127.0.0.1:8480", NULL, "casehub base URL"),
    S("backend.token", backend_token, "", NULL, "this kiosk's API token"),
    S("backend.ca_file", backend_ca_file, "", NULL, "CA bundle for TLS (\"\" = system)"),
    I("backend.timeout_s", backend_timeout_s, "15", 1, 300, "HTTP timeout in seconds"),
    S("qr.base_url", qr_base_url, "https://yjs.ordos.example/s/", NULL, "receipt QR URL prefix"),
    S("idcard.driver", idcard_driver, "sim", "sim|usb|serial", "ID card reader driver"),
    S("idcard.device", idcard_device, "", NULL, "reader VID:PID list or tty path"),
    S("printer.driver", printer_driver, "sim", "sim|usb|lp", "receipt printer driver"),
    S("printer.device", printer_device, "", NULL, "printer VID:PID or /dev/usb/lpN"),
    I("printer.width_dots", printer_width, "576", 384, 576, "paper width: 384 or 576 dots"),
    S("scanner.driver", scanner_driver, "sim", "sim|cdc|hidpos|wedge", "QR scanner driver"),
    S("scanner.device", scanner_device, "", NULL, "scanner VID:PID, tty or input path"),
    S("camera.driver", camera_driver, "sim", "sim|v4l2|sane|file", "document camera driver"),
    S("camera.device", camera_device, "", NULL, "camera USB id, SANE name or folder"),
    S("ui.orientation", orientation, "portrait", "portrait|landscape", "screen orientation"),
    I("ui.idle_read_s", idle_read_s, "90", 20, 3600, "idle timeout on reading screens"),
    I("ui.idle_type_s", idle_type_s, "180", 20, 3600, "idle timeout on typing screens"),
    I("ui.idle_warn_s", idle_warn_s, "20", 5, 120, "warning shown this long before timeout"),
    I("ui.elder_idle_read_s", elder_idle_read_s, "180", 20, 7200,
      "idle timeout on reading screens in elder mode"),
    I("ui.elder_idle_type_s", elder_idle_type_s, "360", 20, 7200,
      "idle timeout on typing screens in elder mode"),
    I("ui.elder_idle_warn_s", elder_idle_warn_s, "40", 5, 240,
      "warning shown this long before timeout in elder mode"),
    I("store.retention_days", retention_days, "30", 0, 3650, "keep personal data after delivery"),
    S("service.pin_hash", service_pin_hash, "", NULL, "argon2id hash of the service PIN"),
    S("log.level", log_level, "info", "debug|info|warn|error", "log level"),
    S("log.file", log_file, "", NULL, "log file (\"\" = stderr only)"),
    I("log.max_kb", log_max_kb, "1024", 16, 1048576, "log file size before rotation"),
    {0},
};

static char **str_field(struct kconfig *cfg, const struct config_key *k)
{
    return (char **)((char *)cfg + k->offset);
}

static long *int_field(struct kconfig *cfg, const struct config_key *k)
{
    return (long *)((char *)cfg + k->offset);
}

static const struct config_key *find_key(const char *key)
{
    for (const struct config_key *k = config_keys; k->key; k++)
        if (strcmp(k->key, key) == 0)
            return k;
    return NULL;
}

static bool in_choices(const char *choices, const char *v)
{
    size_t vl = strlen(v);
    for (const char *p = choices; p && *p;) {
        const char *bar = strchr(p, '|');
        size_t l = bar ? (size_t)(bar - p) : strlen(p);
        if (l == vl && strncmp(p, v, l) == 0)
            return true;
        p = bar ? bar + 1 : p + l;
    }
    return false;
}

/* An http(s) URL with a host and no spaces. */
static bool url_ok(const char *v)
{
    const char *host = strncmp(v, "http://", 7) == 0    ? v + 7
                       : strncmp(v, "https://", 8) == 0 ? v + 8
                                                        : NULL;
    if (!host || !*host || *host == '/' || *host == ':')
        return false;
    for (const char *p = v; *p; p++)
        if (*p == ' ' || *p == '\\' || (unsigned char)*p >= 0x7F)
            return false;
    return true;
}

/* Validate and store; problem text (English, for technicians' logs) into err. */
static enum kerr set_value(struct kconfig *cfg, const struct config_key *k, const char *v,
                           char *err, size_t errlen)
{
    if (strlen(v) > 1024) {
        snprintf(err, errlen, CONFIG_E_LONG ": %s: value too long (max 1024 bytes)", k->key);
        return K_ERR_INVALID;
    }
    for (const char *p = v; *p; p++) {
        if ((unsigned char)*p < 0x20) {
            snprintf(err, errlen, CONFIG_E_CONTROL ": %s: control character in value", k->key);
            return K_ERR_INVALID;
        }
    }
    if (k->type == CONFIG_INT) {
        long n;
        if (!str_to_long(v, k->min, k->max, &n)) {
            snprintf(err, errlen,
                     CONFIG_E_RANGE ": %s: \"%s\" is not a whole number from %ld to %ld", k->key, v,
                     k->min, k->max);
            return K_ERR_INVALID;
        }
        if (strcmp(k->key, "printer.width_dots") == 0 && n != 384 && n != 576) {
            snprintf(err, errlen, CONFIG_E_WIDTH ": %s: must be 384 or 576", k->key);
            return K_ERR_INVALID;
        }
        *int_field(cfg, k) = n;
        return K_OK;
    }
    if (strcmp(k->key, "backend.url") == 0 && !url_ok(v)) {
        snprintf(err, errlen,
                 CONFIG_E_URL ": %s: \"%.64s\" is not an http:// or https:// URL with a host",
                 k->key, v);
        return K_ERR_INVALID;
    }
    if (k->choices && !in_choices(k->choices, v)) {
        snprintf(err, errlen, CONFIG_E_CHOICE ": %s: \"%s\" is not one of %s", k->key, v,
                 k->choices);
        return K_ERR_INVALID;
    }
    char **f = str_field(cfg, k);
    free(*f);
    *f = xstrdup(v);
    return K_OK;
}

void config_defaults(struct kconfig *cfg)
{
    memset(cfg, 0, sizeof *cfg);
    char err[256];
    for (const struct config_key *k = config_keys; k->key; k++)
        set_value(cfg, k, k->def, err, sizeof err);
}

void config_finish(struct kconfig *cfg)
{
    if (!cfg)
        return;
    for (const struct config_key *k = config_keys; k->key; k++) {
        if (k->type == CONFIG_STR) {
            free(*str_field(cfg, k));
            *str_field(cfg, k) = NULL;
        }
    }
}

struct kconfig *config_dup(const struct kconfig *cfg)
{
    struct kconfig *c = xcalloc(1, sizeof *c);
    *c = *cfg;
    for (const struct config_key *k = config_keys; k->key; k++) {
        if (k->type != CONFIG_STR)
            continue;
        char **f = str_field(c, k);
        if (*f)
            *f = xstrdup(*f);
    }
    return c;
}

void config_destroy(struct kconfig *cfg)
{
    if (!cfg)
        return;
    config_finish(cfg);
    free(cfg);
}

static char *trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t l = strlen(s);
    while (l && (s[l - 1] == ' ' || s[l - 1] == '\t' || s[l - 1] == '\r'))
        s[--l] = '\0';
    return s;
}

enum kerr config_load(struct kconfig *cfg, const char *path, bool optional, char *err,
                      size_t errlen)
{
    char *buf;
    size_t len;
    enum kerr rc = fs_read_file(path, 1 << 20, &buf, &len);
    if (rc == K_ERR_NOT_FOUND && optional) {
        config_defaults(cfg);
        return K_OK;
    }
    if (rc != K_OK) {
        config_defaults(cfg);
        snprintf(err, errlen, CONFIG_E_READ ": %s: cannot read configuration (%s)", path,
                 kerr_text(rc));
        return rc;
    }
    rc = config_parse(cfg, path, buf, len, err, errlen);
    free(buf);
    return rc;
}

enum kerr config_parse(struct kconfig *cfg, const char *name, const char *text, size_t len,
                       char *err, size_t errlen)
{
    config_defaults(cfg);
    const char *path = name;
    if (memchr(text, '\0', len)) {
        snprintf(err, errlen, CONFIG_E_BINARY ": %s: binary data in configuration", path);
        return K_ERR_INVALID;
    }
    char *buf = xstrndup(text, len);
    enum kerr rc = K_OK;
    bool seen[sizeof config_keys / sizeof config_keys[0]] = {0};
    int lineno = 0;
    for (char *line = buf, *next; line && rc == K_OK; line = next) {
        next = strchr(line, '\n');
        if (next)
            *next++ = '\0';
        lineno++;
        char *t = trim(line);
        if (!*t || *t == '#')
            continue;
        char *eq = strchr(t, '=');
        if (!eq) {
            snprintf(err, errlen, CONFIG_E_SYNTAX ": %s:%d: expected \"key = value\"", path,
                     lineno);
            rc = K_ERR_INVALID;
            break;
        }
        *eq = '\0';
        char *key = trim(t), *val = trim(eq + 1);
        const struct config_key *k = find_key(key);
        if (!k) {
            snprintf(err, errlen, CONFIG_E_KEY ": %s:%d: unknown key \"%.64s\"", path, lineno, key);
            rc = K_ERR_INVALID;
            break;
        }
        size_t idx = (size_t)(k - config_keys);
        if (seen[idx]) {
            snprintf(err, errlen, CONFIG_E_TWICE ": %s:%d: key \"%s\" given twice", path, lineno,
                     k->key);
            rc = K_ERR_INVALID;
            break;
        }
        seen[idx] = true;
        char detail[512];
        rc = set_value(cfg, k, val, detail, sizeof detail);
        if (rc != K_OK)
            snprintf(err, errlen, "%s:%d: %s", path, lineno, detail);
    }
    free(buf);
    if (rc != K_OK) {
        config_finish(cfg);
        config_defaults(cfg);
    }
    return rc;
}

enum kerr config_set(struct kconfig *cfg, const char *key, const char *value, char *err,
                     size_t errlen)
{
    const struct config_key *k = find_key(key);
    if (!k) {
        snprintf(err, errlen, CONFIG_E_KEY ": unknown key \"%.64s\"", key);
        return K_ERR_NOT_FOUND;
    }
    return set_value(cfg, k, value, err, errlen);
}

enum kerr config_get(const struct kconfig *cfg, const char *key, char *out, size_t n)
{
    const struct config_key *k = find_key(key);
    if (!k)
        return K_ERR_NOT_FOUND;
    if (k->type == CONFIG_INT)
        snprintf(out, n, "%ld", *int_field((struct kconfig *)cfg, k));
    else
        snprintf(out, n, "%s", *str_field((struct kconfig *)cfg, k));
    return K_OK;
}

/* Appends "key = value\n" to the growing buffer *buf (capacity *cap, used *used). */
static void append_line(char **buf, size_t *cap, size_t *used, const char *text, size_t n)
{
    if (*used + n + 2 >= *cap) {
        *cap = (*cap + n + 2) * 2;
        *buf = xrealloc(*buf, *cap);
    }
    memcpy(*buf + *used, text, n);
    *used += n;
    (*buf)[(*used)++] = '\n';
    (*buf)[*used] = '\0';
}

enum kerr config_save(const struct kconfig *cfg, const char *path)
{
    /* The file as it is: its lines (comments, blank lines, order) are kept, a key's line is
     * rewritten only when its value changed, keys it lacks are appended when they differ from
     * their default; its mode, group and (when the writer may) owner are kept too. */
    char *old = NULL;
    size_t oldlen = 0;
    struct stat st;
    bool had = stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
               fs_read_file(path, 1 << 20, &old, &oldlen) == K_OK;
    size_t cap = 4096 + oldlen, used = 0;
    char *buf = xcalloc(cap, 1);
    bool seen[sizeof config_keys / sizeof config_keys[0]] = {0};
    if (!had) {
        const char *head = "# kiosk configuration (written by kioskctl)";
        append_line(&buf, &cap, &used, head, strlen(head));
    }
    for (char *line = old, *next; had && line && *line; line = next) {
        next = strchr(line, '\n');
        size_t n = next ? (size_t)(next - line) : strlen(line);
        if (next)
            next++;
        char copy[2048];
        const struct config_key *k = NULL;
        if (n < sizeof copy) {
            memcpy(copy, line, n);
            copy[n] = '\0';
            char *t = trim(copy), *eq = strchr(t, '=');
            if (*t && *t != '#' && eq) {
                *eq = '\0';
                k = find_key(trim(t));
                if (k && seen[k - config_keys])
                    k = NULL;
                if (k) {
                    char v[1100];
                    config_get(cfg, k->key, v, sizeof v);
                    seen[k - config_keys] = true;
                    if (strcmp(trim(eq + 1), v) != 0) {
                        char *l = xasprintf("%s = %s", k->key, v);
                        append_line(&buf, &cap, &used, l, strlen(l));
                        free(l);
                        continue;
                    }
                }
            }
        }
        append_line(&buf, &cap, &used, line, n);
    }
    for (const struct config_key *k = config_keys; k->key; k++) {
        char v[1100];
        config_get(cfg, k->key, v, sizeof v);
        if (seen[k - config_keys] || strcmp(v, k->def) == 0)
            continue;
        char *l = xasprintf("%s = %s", k->key, v);
        append_line(&buf, &cap, &used, l, strlen(l));
        free(l);
    }
    free(old);
    mode_t mode = had ? (st.st_mode & 07777) : 0640;
    enum kerr rc = fs_write_atomic(path, buf, used, mode);
    free(buf);
    if (rc != K_OK)
        return rc;
    /* The new file was created by this process: give it the old one's mode (the umask may
     * have narrowed it) and owners. Only root may give it away to another owner; the group
     * can be kept by any member of it. */
    if (chmod(path, mode) != 0)
        return K_ERR_IO;
    if (had && (st.st_uid != geteuid() || st.st_gid != getegid()) &&
        chown(path, st.st_uid, st.st_gid) != 0 && chown(path, (uid_t)-1, st.st_gid) != 0)
        return K_ERR_IO;
    return K_OK;
}

const char *config_keys_dir(void)
{
    const char *e = getenv("KIOSK_KEYS_DIR");
    return e && *e ? e : "/etc/kiosk/keys";
}

bool config_keys_dir_present(void)
{
    struct stat st;
    return stat(config_keys_dir(), &st) == 0 && S_ISDIR(st.st_mode);
}

void config_path(const struct kconfig *cfg, const char *which, char *out, size_t n)
{
    const char *assets = *cfg->assets_dir ? cfg->assets_dir : paths_default_assets();
    if (strcmp(which, "assets") == 0)
        snprintf(out, n, "%s", assets);
    else if (strcmp(which, "key") == 0 && *cfg->key_file)
        snprintf(out, n, "%s", cfg->key_file);
    else if (strcmp(which, "key") == 0 && config_keys_dir_present())
        snprintf(out, n, "%s/kiosk.key", config_keys_dir());
    else if (strcmp(which, "key") == 0 || strcmp(which, "key_legacy") == 0)
        snprintf(out, n, "%s/kiosk.key", cfg->data_dir);
    else if (strcmp(which, "secret") == 0)
        *cfg->secret_file ? snprintf(out, n, "%s", cfg->secret_file)
                          : snprintf(out, n, "%s/qr.secret", cfg->data_dir);
    else if (strcmp(which, "service") == 0)
        *cfg->service_file ? snprintf(out, n, "%s", cfg->service_file)
                           : snprintf(out, n, "%s/services/veteran-discharge.json", assets);
    else if (strcmp(which, "calendar") == 0)
        *cfg->calendar_dir ? snprintf(out, n, "%s", cfg->calendar_dir)
                           : snprintf(out, n, "%s/calendar", assets);
    else if (strcmp(which, "regions") == 0)
        *cfg->regions_file ? snprintf(out, n, "%s", cfg->regions_file)
                           : snprintf(out, n, "%s/regions/regions.tsv", assets);
    else if (strcmp(which, "db") == 0)
        snprintf(out, n, "%s/kiosk.db", cfg->data_dir);
    else
        snprintf(out, n, "%s/%s", cfg->data_dir, which);
}
