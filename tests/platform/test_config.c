/* Tests for platform/config.c: defaults, parsing, validation errors naming file/line/key. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/config.h"
#include "platform/fsutil.h"
#include "tests/support/ktest.h"

static const char *write_tmp(const char *name, const char *text)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/%s", ktest_tmpdir(), name);
    fs_write_atomic(path, text, strlen(text), 0644);
    return path;
}

static void test_defaults(void)
{
    struct kconfig c;
    config_defaults(&c);
    CHECK_EQ_INT(c.kiosk_id, 1);
    CHECK_EQ_INT(c.idle_read_s, 90);
    CHECK_EQ_INT(c.idle_type_s, 180);
    CHECK_EQ_INT(c.printer_width, 576);
    CHECK_EQ_STR(c.idcard_driver, "sim");
    CHECK_EQ_INT(c.retention_days, 30);
    config_finish(&c);
}

static void test_rows(void)
{
    static const struct {
        const char *text;
        bool ok;
        const char *err_has; /* substring the error must contain */
    } rows[] = {
        /* 1 */ {"", true, NULL},
        /* 2 */ {"# comment\n\nkiosk.id = 42\n", true, NULL},
        /* 3 */ {"kiosk.id = 0\n", false, ":1: E104: kiosk.id"},
        /* 4 */ {"kiosk.id = 12x\n", false, "kiosk.id"},
        /* 5 */ {"\n\nnope.key = 1\n", false, ":3: unknown key \"nope.key\""},
        /* 6 */ {"kiosk.id\n", false, ":1: expected"},
        /* 7 */ {"printer.width_dots = 500\n", false, "384 or 576"},
        /* 8 */ {"idcard.driver = magic\n", false, "not one of sim|usb|serial"},
        /* 9 */ {"kiosk.id = 3\nkiosk.id = 4\n", false, ":2: key \"kiosk.id\" given twice"},
        /* 10 */ {"hall.name =   鄂尔多斯市政务服务中心  \r\n", true, NULL},
        /* 11 */ {"ui.idle_read_s = 99999999999999999999\n", false, "ui.idle_read_s"},
        /* 12 */ {"log.level = warn\n", true, NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const char *p = write_tmp("c.conf", rows[i].text);
        struct kconfig c;
        char err[512] = "";
        enum kerr rc = config_load(&c, p, false, err, sizeof err);
        CHECKF((rc == K_OK) == rows[i].ok, "row %zu: rc %s err %s", i + 1, kerr_name(rc), err);
        if (rows[i].err_has)
            CHECKF(strstr(err, rows[i].err_has) != NULL, "row %zu: error \"%s\" lacks \"%s\"",
                   i + 1, err, rows[i].err_has);
        if (!rows[i].ok)
            CHECKF(c.kiosk_id == 1, "row %zu: defaults kept after error", i + 1);
        config_finish(&c);
    }
    struct kconfig c;
    char err[256];
    config_load(&c, write_tmp("h.conf", "hall.name =   鄂尔多斯市政务服务中心  \r\n"), false, err,
                sizeof err);
    CHECK_EQ_STR(c.hall_name, "鄂尔多斯市政务服务中心");
    config_finish(&c);
}

static void test_missing_and_binary(void)
{
    struct kconfig c;
    char err[512] = "";
    char path[512];
    snprintf(path, sizeof path, "%s/none.conf", ktest_tmpdir());
    CHECK_EQ_INT(config_load(&c, path, true, err, sizeof err), K_OK);
    config_finish(&c);
    CHECK(config_load(&c, path, false, err, sizeof err) != K_OK);
    CHECK(strstr(err, "none.conf") != NULL);
    config_finish(&c);
    const char bin[] = "kiosk.id = 1\n\0\x01garbage";
    snprintf(path, sizeof path, "%s/bin.conf", ktest_tmpdir());
    fs_write_atomic(path, bin, sizeof bin, 0644);
    CHECK(config_load(&c, path, false, err, sizeof err) == K_ERR_INVALID);
    config_finish(&c);
}

static void test_set_save_roundtrip(void)
{
    struct kconfig c;
    char err[512], v[64];
    config_defaults(&c);
    CHECK_EQ_INT(config_set(&c, "kiosk.id", "77", err, sizeof err), K_OK);
    CHECK(config_set(&c, "kiosk.id", "-1", err, sizeof err) != K_OK);
    CHECK(config_set(&c, "nope", "1", err, sizeof err) == K_ERR_NOT_FOUND);
    CHECK(config_set(&c, "hall.name", "a\nb", err, sizeof err) != K_OK);
    CHECK_EQ_INT(config_set(&c, "ui.orientation", "landscape", err, sizeof err), K_OK);
    /* The backend URL must be http(s) with a host (E110). */
    CHECK(config_set(&c, "backend.url", "casehub.local:8480", err, sizeof err) != K_OK);
    CHECK(strstr(err, "E110") != NULL);
    CHECK(config_set(&c, "backend.url", "https://", err, sizeof err) != K_OK);
    CHECK(config_set(&c, "backend.url", "ftp://x", err, sizeof err) != K_OK);
    CHECK_EQ_INT(config_set(&c, "backend.url", "https://10.1.2.3:8480", err, sizeof err), K_OK);
    char path[512];
    snprintf(path, sizeof path, "%s/saved.conf", ktest_tmpdir());
    CHECK_EQ_INT(config_save(&c, path), K_OK);
    config_finish(&c);
    CHECK_EQ_INT(config_load(&c, path, false, err, sizeof err), K_OK);
    config_get(&c, "kiosk.id", v, sizeof v);
    CHECK_EQ_STR(v, "77");
    CHECK_EQ_STR(c.orientation, "landscape");
    config_path(&c, "db", v, sizeof v);
    CHECK_EQ_STR(v, "/var/lib/kiosk/kiosk.db");
    config_finish(&c);
}

/* Issue 18: `config set` (and service mode) rewrite the technician's file in place: comments,
 * blank lines, order and untouched lines stay as they were; mode, group and owner too, even
 * under a narrow umask (the kiosk unit's UMask=0077). */
static void test_save_keeps_file(void)
{
    const char *text = "# Hall 3, installed by Li\n"
                       "kiosk.id = 7\n"
                       "\n"
                       "# the approval system\n"
                       "backend.url   =   http://10.0.0.1:8480\n"
                       "ui.orientation = landscape\n";
    const char *path = write_tmp("keep.conf", text);
    CHECK_EQ_INT(chmod(path, 0660), 0);
    bool root = geteuid() == 0;
    if (root)
        CHECK_EQ_INT(chown(path, 4242, 4343), 0);
    struct kconfig c;
    char err[512];
    CHECK_EQ_INT(config_load(&c, path, false, err, sizeof err), K_OK);
    CHECK_EQ_INT(config_set(&c, "kiosk.id", "8", err, sizeof err), K_OK);
    CHECK_EQ_INT(config_set(&c, "hall.name", "东胜区政务服务中心", err, sizeof err), K_OK);
    mode_t old = umask(077);
    CHECK_EQ_INT(config_save(&c, path), K_OK);
    umask(old);
    config_finish(&c);
    char *got = NULL;
    size_t len = 0;
    CHECK_EQ_INT(fs_read_file(path, 1 << 16, &got, &len), K_OK);
    CHECK_EQ_STR(got ? got : "", "# Hall 3, installed by Li\n"
                                 "kiosk.id = 8\n"
                                 "\n"
                                 "# the approval system\n"
                                 "backend.url   =   http://10.0.0.1:8480\n"
                                 "ui.orientation = landscape\n"
                                 "hall.name = 东胜区政务服务中心\n");
    free(got);
    struct stat st;
    CHECK_EQ_INT(stat(path, &st), 0);
    CHECK_EQ_INT((int)(st.st_mode & 07777), 0660);
    if (root) {
        CHECK_EQ_INT((int)st.st_uid, 4242);
        CHECK_EQ_INT((int)st.st_gid, 4343);
    }
    CHECK_EQ_INT(config_load(&c, path, false, err, sizeof err), K_OK);
    CHECK_EQ_INT((int)c.kiosk_id, 8);
    config_finish(&c);
}

/* config_set's rejections carry the code constants of config.h, and kerr_detail_is reads
 * them (the service screen's explanation depends on it). */
static void test_detail_codes(void)
{
    static const struct {
        const char *key, *value, *code;
    } rows[] = {
        /* 1 */ {"kiosk.id", "0", CONFIG_E_RANGE},
        /* 2 */ {"backend.url", "ftp://x", CONFIG_E_URL},
        /* 3 */ {"hall.name", "a\x01b", CONFIG_E_CONTROL},
        /* 4 */ {"printer.width_dots", "500", CONFIG_E_WIDTH},
        /* 5 */ {"no.such_key", "1", CONFIG_E_KEY},
        /* 6 */ {"ui.orientation", "sideways", CONFIG_E_CHOICE},
    };
    struct kconfig cfg;
    config_defaults(&cfg);
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char err[512] = "";
        CHECKF(config_set(&cfg, rows[i].key, rows[i].value, err, sizeof err) != K_OK, "row %zu",
               i + 1);
        CHECKF(kerr_detail_is(err, rows[i].code), "row %zu: %s", i + 1, err);
    }
    config_finish(&cfg);
    CHECK(kerr_detail_is("E104: x", "E104"));
    CHECK(kerr_detail_is("E104", "E104"));
    CHECK(!kerr_detail_is("E1040: x", "E104"));
    CHECK(!kerr_detail_is("E10", "E104"));
    CHECK(!kerr_detail_is(NULL, "E104"));
    CHECK(!kerr_detail_is("E104: x", ""));
}

/* A job's copy of the configuration is its own: changing the running one leaves it be. */
static void test_dup(void)
{
    struct kconfig cfg;
    config_defaults(&cfg);
    char err[256];
    CHECK(config_set(&cfg, "backend.url", "http://a.example", err, sizeof err) == K_OK);
    struct kconfig *copy = config_dup(&cfg);
    CHECK(copy->backend_url != cfg.backend_url);
    CHECK(config_set(&cfg, "backend.url", "http://b.example", err, sizeof err) == K_OK);
    CHECK_EQ_STR(copy->backend_url, "http://a.example");
    CHECK_EQ_INT(copy->idle_read_s, cfg.idle_read_s);
    config_destroy(copy);
    CHECK_EQ_STR(cfg.backend_url, "http://b.example");
    config_finish(&cfg);
    config_destroy(NULL);
}

int main(void)
{
    KTEST_RUN(test_defaults);
    KTEST_RUN(test_rows);
    KTEST_RUN(test_missing_and_binary);
    KTEST_RUN(test_set_save_roundtrip);
    KTEST_RUN(test_save_keeps_file);
    KTEST_RUN(test_detail_codes);
    KTEST_RUN(test_dup);
    return ktest_done();
}
