/* Tests for the small platform modules: errors, masks, clock, strings, event queue, files. */
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "platform/clock.h"
#include "platform/err.h"
#include "platform/evq.h"
#include "platform/fsutil.h"
#include "platform/image.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"
#include "tests/support/ktest.h"

static void test_err(void)
{
    CHECK_EQ_STR(kerr_name(K_OK), "ok");
    CHECK_EQ_STR(kerr_name(K_ERR_PAPER_OUT), "paper_out");
    CHECK_EQ_STR(kerr_name((enum kerr)9999), "unknown");
    /* Every error has a Chinese message in the catalogue. */
    for (int e = 0; e < K_ERR__COUNT; e++) {
        char key[64];
        snprintf(key, sizeof key, "err.%s", kerr_name((enum kerr)e));
        CHECKF(tr_has(key), "missing string %s", key);
    }
}

static void test_masks(void)
{
    static const struct {
        int kind;
        const char *in, *out;
    } rows[] = {
        /* 1 */ {0, "150102199003071234", "1501**********1234"},
        /* 2 */ {0, "1234", "****"},
        /* 3 */ {1, "张三明", "张*明"},
        /* 4 */ {1, "张三", "张*"},
        /* 5 */ {1, "欧阳娜娜", "欧*娜"},
        /* 6 */ {1, "堃", "*"},
        /* 7 */ {2, "13812345678", "138****5678"},
        /* 8 */ {2, "", ""},
        /* 9 */ {1, "", ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        char buf[128];
        const char *r = rows[i].kind == 0   ? log_mask_id(rows[i].in, buf, sizeof buf)
                        : rows[i].kind == 1 ? log_mask_name(rows[i].in, buf, sizeof buf)
                                            : log_mask_phone(rows[i].in, buf, sizeof buf);
        CHECKF(strcmp(r, rows[i].out) == 0, "row %zu: %s -> %s, want %s", i + 1, rows[i].in, r,
               rows[i].out);
    }
}

static void test_clock(void)
{
    /* 2026-10-01 00:00 Beijing = 2026-09-30 16:00 UTC = 1790784000 s. */
    struct kclock *c = kclock_fake_create(1790784000000LL);
    CHECK(kclock_is_fake(c));
    struct kdate d = kclock_beijing(kclock_unix_ms(c));
    CHECK_EQ_INT(d.year, 2026);
    CHECK_EQ_INT(d.month, 10);
    CHECK_EQ_INT(d.day, 1);
    CHECK_EQ_INT(d.hour, 0);
    CHECK_EQ_INT(d.wday, 4); /* Thursday */
    kclock_sleep_ms(c, 90000);
    CHECK_EQ_INT(kclock_mono_ms(c), 90000);
    d = kclock_beijing(kclock_unix_ms(c));
    CHECK_EQ_INT(d.minute, 1);
    CHECK_EQ_INT(d.second, 30);
    kclock_destroy(c);
    struct kclock *s = kclock_system();
    int64_t a = kclock_mono_ms(s);
    kclock_sleep_ms(s, 5);
    CHECK(kclock_mono_ms(s) >= a + 5);
    kclock_destroy(s); /* no-op on the system clock */
}

static void test_strings(void)
{
    char dir[512], err[256], out[64];
    snprintf(dir, sizeof dir, "%s/strings", ktest_tmpdir());
    fs_mkdir_p(dir, 0755);
    char p[600];
    snprintf(p, sizeof p, "%s/a.json", dir);
    const char *a = "{\"x.hello\": \"你好，{1}！{2}{9}\"}";
    fs_write_atomic(p, a, strlen(a), 0644);
    snprintf(p, sizeof p, "%s/b.json", dir);
    const char *b = "{\"y.k\": \"乙\"}";
    fs_write_atomic(p, b, strlen(b), 0644);
    CHECK_EQ_INT(strings_load_dir(dir, err, sizeof err), K_OK);
    CHECK_EQ_STR(tr("y.k"), "乙");
    CHECK_EQ_STR(tr("no.such"), "no.such");
    CHECK_EQ_STR(tr_fmt(out, sizeof out, "x.hello", "张三", "A", NULL), "你好，张三！A");
    tr_fmt(out, 8, "x.hello", "张三", NULL);
    CHECK(strlen(out) < 8);
    /* Duplicate key across files and non-string values are rejected; old catalogue stays. */
    const char *dup = "{\"y.k\": \"丙\"}";
    snprintf(p, sizeof p, "%s/c.json", dir);
    fs_write_atomic(p, dup, strlen(dup), 0644);
    CHECK_EQ_INT(strings_load_dir(dir, err, sizeof err), K_ERR_INVALID);
    CHECK(strstr(err, "y.k") != NULL);
    CHECK_EQ_STR(tr("y.k"), "乙");
    const char *bad = "{\"z\": 3}";
    fs_write_atomic(p, bad, strlen(bad), 0644);
    CHECK_EQ_INT(strings_load_dir(dir, err, sizeof err), K_ERR_INVALID);
    fs_write_atomic(p, "{not json", 9, 0644);
    CHECK_EQ_INT(strings_load_dir(dir, err, sizeof err), K_ERR_INVALID);
    strings_unload();
    /* The project's catalogue loads. */
    snprintf(dir, sizeof dir, "%s/assets/ui/strings", ktest_src());
    CHECKF(strings_load_dir(dir, err, sizeof err) == K_OK, "%s", err);
}

static int freed;
static void count_free(void *p)
{
    free(p);
    freed++;
}

static void *producer(void *arg)
{
    struct evq *q = arg;
    for (int i = 0; i < 1000; i++) {
        struct ev e = {
            .type = EV_SCAN, .code = i, .payload = xcalloc(1, 8), .payload_free = count_free};
        evq_post(q, &e);
    }
    return NULL;
}

static void test_evq(void)
{
    struct evq *q = evq_create(4);
    struct ev e;
    CHECK(!evq_poll(q, &e));
    for (int i = 0; i < 6; i++) {
        struct ev in = {.type = i < 5 ? EV_PRINTER_STATE : EV_SCAN, .code = i};
        evq_post(q, &in);
    }
    /* Capacity 4: the two oldest printer states were superseded. */
    CHECK_EQ_INT(evq_dropped(q), 2);
    CHECK(evq_poll(q, &e) && e.code == 2);
    CHECK(evq_poll(q, &e) && e.code == 3);
    CHECK(evq_poll(q, &e) && e.code == 4);
    CHECK(evq_poll(q, &e) && e.type == EV_SCAN);
    CHECK(!evq_wait(q, &e, 10));
    evq_destroy(q);

    /* Two threads: nothing lost with room, every payload freed exactly once. */
    q = evq_create(4096);
    freed = 0;
    pthread_t t1, t2;
    pthread_create(&t1, NULL, producer, q);
    pthread_create(&t2, NULL, producer, q);
    pthread_join(t1, NULL);
    pthread_join(t2, NULL);
    int n = 0;
    while (evq_poll(q, &e)) {
        evq_event_free(&e);
        n++;
    }
    CHECK_EQ_INT(n, 2000);
    CHECK_EQ_INT(freed, 2000);
    evq_destroy(q);
}

static int notified;
static void count_notify(void *ud)
{
    (void)ud;
    notified++;
}

static bool fd_readable(int fd)
{
    struct pollfd p = {.fd = fd, .events = POLLIN};
    return poll(&p, 1, 0) == 1;
}

/* The queue wakes a sleeping UI: its fd polls readable while events are pending and stops once
 * they are drained; the notify function runs on every post. */
static void test_evq_wake(void)
{
    struct evq *q = evq_create(4);
    int fd = evq_fd(q);
    CHECK(fd >= 0);
    CHECK(!fd_readable(fd));
    evq_set_notify(q, count_notify, NULL);
    struct ev in = {.type = EV_SCAN}, e;
    evq_post(q, &in);
    evq_post(q, &in);
    CHECK_EQ_INT(notified, 2);
    CHECK(fd_readable(fd));
    CHECK(evq_poll(q, &e));
    CHECK(fd_readable(fd)); /* one still pending */
    CHECK(evq_poll(q, &e));
    CHECK(!fd_readable(fd));
    CHECK(!evq_poll(q, &e));
    evq_set_notify(q, NULL, NULL);
    evq_post(q, &in);
    CHECK_EQ_INT(notified, 2);
    CHECK(fd_readable(fd));
    evq_destroy(q);
}

static void test_files_and_png(void)
{
    char p[512];
    snprintf(p, sizeof p, "%s/a/b/c", ktest_tmpdir());
    CHECK_EQ_INT(fs_mkdir_p(p, 0755), K_OK);
    snprintf(p, sizeof p, "%s/a/b/c/f.txt", ktest_tmpdir());
    CHECK_EQ_INT(fs_write_atomic(p, "hello", 5, 0600), K_OK);
    char *buf;
    size_t len;
    CHECK_EQ_INT(fs_read_file(p, 100, &buf, &len), K_OK);
    CHECK(len == 5 && strcmp(buf, "hello") == 0);
    free(buf);
    CHECK_EQ_INT(fs_read_file(p, 3, &buf, &len), K_ERR_TOO_LARGE);
    const void *map = NULL;
    CHECK_EQ_INT(fs_map_file(p, 100, &map, &len), K_OK);
    CHECK(map && len == 5 && memcmp(map, "hello", 5) == 0);
    fs_unmap_file(map, len);
    fs_unmap_file(NULL, 0);
    CHECK_EQ_INT(fs_map_file(p, 4, &map, &len), K_ERR_TOO_LARGE);
    CHECK(map == NULL && len == 0);
    snprintf(p, sizeof p, "%s/a/b/c/none", ktest_tmpdir());
    CHECK_EQ_INT(fs_map_file(p, 100, &map, &len), K_ERR_NOT_FOUND);
    CHECK_EQ_INT(fs_write_atomic(p, "", 0, 0600), K_OK);
    CHECK_EQ_INT(fs_map_file(p, 100, &map, &len), K_ERR_IO); /* empty: nothing to map */
    snprintf(p, sizeof p, "%s/a/b", ktest_tmpdir());
    CHECK_EQ_INT(fs_map_file(p, 100, &map, &len), K_ERR_IO); /* a folder */
    snprintf(p, sizeof p, "%s/a", ktest_tmpdir());
    CHECK_EQ_INT(fs_remove_tree(p), K_OK);
    CHECK(!fs_exists(p));

    struct image *img = image_create(3, 2, IMAGE_RGBA32);
    img->px[0] = 255, img->px[3] = 255, img->px[img->stride + 5] = 77;
    snprintf(p, sizeof p, "%s/t.png", ktest_tmpdir());
    CHECK_EQ_INT(image_write_png(img, p), K_OK);
    struct image *back = NULL;
    CHECK_EQ_INT(image_read_png(p, IMAGE_RGBA32, &back), K_OK);
    CHECK(back && back->w == 3 && back->h == 2 && memcmp(back->px, img->px, 24) == 0);
    image_destroy(back);
    CHECK_EQ_INT(fs_write_atomic(p, "notapng", 7, 0644), K_OK);
    CHECK_EQ_INT(image_read_png(p, IMAGE_RGBA32, &back), K_ERR_INVALID);
    CHECK(image_create(0, 5, IMAGE_GRAY8) == NULL);
    image_destroy(img);
}

/* The log file holds device errors, codes and names of screens: only the kiosk user reads it,
 * whatever the umask, and a file left readable by an older version is tightened. */
static void test_log_file_mode(void)
{
    char p[600];
    snprintf(p, sizeof p, "%s/kiosk.log", ktest_tmpdir());
    mode_t old = umask(022);
    log_setup(LOG_INFO, p, 0, 0);
    log_info("test", "hello");
    struct stat st;
    CHECK(stat(p, &st) == 0);
    CHECKF((st.st_mode & 0777) == 0600, "mode %o", (unsigned)(st.st_mode & 0777));
    log_close();
    CHECK(chmod(p, 0644) == 0);
    log_setup(LOG_INFO, p, 0, 0);
    CHECK(stat(p, &st) == 0);
    CHECKF((st.st_mode & 0777) == 0600, "reopened: mode %o", (unsigned)(st.st_mode & 0777));
    log_setup(LOG_ERROR, NULL, 0, 0);
    umask(old);
}

int main(void)
{
    log_setup(LOG_ERROR, NULL, 0, 0);
    KTEST_RUN(test_err);
    KTEST_RUN(test_masks);
    KTEST_RUN(test_clock);
    KTEST_RUN(test_strings);
    KTEST_RUN(test_evq);
    KTEST_RUN(test_evq_wake);
    KTEST_RUN(test_files_and_png);
    KTEST_RUN(test_log_file_mode);
    return ktest_done();
}
