/* tests/app/ui/test_ime.c: the input-method engine (app/ui/ime.c) against real librime and the
 * data deployed by scripts/setup.d/ime.sh, with the shipped font as the candidate filter.
 *
 * Key scripts: a-z and ' are keys, ' ' is the space key (first candidate), '<' delete,
 * '~' clear, '!' confirm, '>' next page, '^' previous page, '#N' select candidate N (0-5),
 * any other character is a character key. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/ui/ime.h"
#include "app/ui/ime_font.h"
#include "tests/support/ktest.h"

static struct ime *open_ime(ime_can_draw_fn fn, void *ud)
{
    struct ime_options opt = {.can_draw = fn, .can_draw_ud = ud, .scratch_parent = ktest_tmpdir()};
    struct ime *ime = NULL;
    char err[256] = "";
    enum kerr rc = ime_create(&opt, &ime, err, sizeof err);
    CHECKF(rc == K_OK, "ime_create: %s", err);
    if (rc != K_OK)
        return NULL;
    CHECKF(ime_wait_ready(ime) == K_OK, "librime: %s", ime_error(ime));
    CHECK(ime_ready(ime));
    return ime;
}

/* Run a key script; returns everything committed (caller frees; "" when nothing). */
static char *run_script(struct ime *ime, const char *script)
{
    for (const char *p = script; *p; p++) {
        switch (*p) {
        case ' ':
            ime_space(ime);
            break;
        case '<':
            ime_backspace(ime);
            break;
        case '~':
            ime_clear(ime);
            break;
        case '!':
            ime_confirm(ime);
            break;
        case '>':
            ime_page_next(ime);
            break;
        case '^':
            ime_page_prev(ime);
            break;
        case '#':
            if (p[1]) {
                ime_select(ime, p[1] - '0');
                p++;
            }
            break;
        default: {
            const unsigned char *u = (const unsigned char *)p;
            int extra = *u >= 0xf0 ? 3 : *u >= 0xe0 ? 2 : *u >= 0xc0 ? 1 : 0;
            uint32_t cp = extra ? (uint32_t)(*u & (0x3f >> extra)) : *u;
            for (int i = 1; i <= extra && u[i]; i++)
                cp = (cp << 6) | (u[i] & 0x3f);
            ime_key(ime, cp);
            p += extra;
        }
        }
    }
    char *s = ime_take_commit(ime);
    return s ? s : calloc(1, 1);
}

static const struct {
    const char *script, *expect;
} words[] = {
    /* 1 */ {"eerduosi ", "鄂尔多斯"},
    /* 2 */ {"dongshengqu ", "东胜区"},
    /* 3 */ {"yijinhuoluoqi ", "伊金霍洛旗"},
    /* 4 */ {"kangbashiqu ", "康巴什区"},
    /* 5 */ {"zhungeerqi ", "准格尔旗"},
    /* 6 */ {"tuiyijunren ", "退役军人"},
    /* 7 */ {"neimengguzizhiqu ", "内蒙古自治区"},
    /* 8 */ {"kangbashiquuu<< ", "康巴什区"},
    /* 9 */ {"tuiyijunren~", ""},
    /* 10 */ {"neimenggu!", "neimenggu"},
    /* 11 */ {"neimenggu eerduosishi kangbashiqu ", "内蒙古鄂尔多斯市康巴什区"},
    /* 12 */ {"eerduosishi dongshengqu ", "鄂尔多斯市东胜区"},
    /* 13 */ {"wushenqi ", "乌审旗"},
    /* 14 */ {"tuiyijunren#0", "退役军人"},
    /* 15 */ {"neimenggu，", "内蒙古，"},
    /* 16 */ {"shi>^#0", NULL}, /* same as "shi " (paging forth and back), checked below */
};

static void test_words(void)
{
    struct ime_font *font = ime_font_open(NULL);
    CHECK(font != NULL);
    struct ime *ime = open_ime(ime_font_can_draw, font);
    if (!ime)
        return;
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        char *got = run_script(ime, words[i].script);
        if (words[i].expect) {
            CHECKF(strcmp(got, words[i].expect) == 0, "row %zu: \"%s\" gave \"%s\", want \"%s\"",
                   i + 1, words[i].script, got, words[i].expect);
        } else {
            char *ref = run_script(ime, "shi ");
            CHECKF(strcmp(got, ref) == 0 && *ref, "row %zu: \"%s\" vs \"%s\"", i + 1, got, ref);
            free(ref);
        }
        free(got);
        CHECKF(!ime_view(ime)->composing, "row %zu: composition left", i + 1);
    }
    ime_destroy(ime);
    ime_font_close(font);
}

/* The local names come first even before the whole word is typed out. */
static void test_local_names_first(void)
{
    struct ime *ime = open_ime(NULL, NULL);
    if (!ime)
        return;
    static const struct {
        const char *keys, *first;
    } rows[] = {
        /* 1 */ {"kangbashi", "康巴什"},
        /* 2 */ {"zhungeerqi", "准格尔旗"},
        /* 3 */ {"kangbashiqu", "康巴什区"},
        /* 4 */ {"dalateqi", "达拉特旗"},
        /* 5 */ {"etuokeqianqi", "鄂托克前旗"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        free(run_script(ime, "~"));
        free(run_script(ime, rows[i].keys));
        const struct ime_view *v = ime_view(ime);
        CHECKF(v->composing && v->count > 0 && strcmp(v->cand[0], rows[i].first) == 0,
               "row %zu: %s -> %s", i + 1, rows[i].keys, v->count ? v->cand[0] : "(none)");
        ime_clear(ime);
    }
    ime_destroy(ime);
}

static void test_view_and_paging(void)
{
    struct ime *ime = open_ime(NULL, NULL);
    if (!ime)
        return;
    const struct ime_view *v = ime_view(ime);
    CHECK(!v->composing && v->count == 0 && strcmp(v->preedit, "") == 0);
    CHECK(!ime_backspace(ime)); /* nothing composed: the field deletes */
    CHECK(!ime_confirm(ime));
    CHECK(!ime_page_next(ime) && !ime_page_prev(ime));
    CHECK(!ime_select(ime, 0));

    free(run_script(ime, "shi"));
    v = ime_view(ime);
    CHECK(v->composing && strcmp(v->preedit, "shi") == 0);
    CHECK_EQ_INT(v->count, IME_PAGE_MAX);
    CHECK(v->page == 0 && !v->has_prev && v->has_next);
    char first[IME_PAGE_MAX][64];
    for (int i = 0; i < IME_PAGE_MAX; i++)
        snprintf(first[i], sizeof first[i], "%s", v->cand[i]);
    CHECK(ime_page_next(ime));
    v = ime_view(ime);
    CHECK(v->page == 1 && v->has_prev && v->count == IME_PAGE_MAX);
    for (int i = 0; i < v->count; i++)
        for (int j = 0; j < IME_PAGE_MAX; j++)
            CHECKF(strcmp(v->cand[i], first[j]) != 0, "page 2 repeats %s", first[j]);
    CHECK(ime_page_prev(ime));
    v = ime_view(ime);
    CHECK(v->page == 0 && strcmp(v->cand[0], first[0]) == 0);
    CHECK(!ime_select(ime, IME_PAGE_MAX));
    CHECK(!ime_select(ime, -1));
    CHECK(ime_select(ime, 2));
    char *c = ime_take_commit(ime);
    CHECK(c && strcmp(c, first[2]) == 0);
    free(c);
    CHECK(ime_take_commit(ime) == NULL);

    /* A page size below the maximum. */
    ime_destroy(ime);
    struct ime_options opt = {.page_size = 3, .scratch_parent = ktest_tmpdir()};
    CHECK(ime_create(&opt, &ime, NULL, 0) == K_OK);
    free(run_script(ime, "shi"));
    CHECK_EQ_INT(ime_view(ime)->count, 3);
    ime_destroy(ime);
}

/* A phrase built from parts: the part selected covers a prefix, composing continues. */
static void test_partial_select(void)
{
    struct ime *ime = open_ime(NULL, NULL);
    if (!ime)
        return;
    free(run_script(ime, "eerduosikangbashi"));
    const struct ime_view *v = ime_view(ime);
    int k = -1;
    for (int i = 0; i < v->count; i++)
        if (strcmp(v->cand[i], "鄂尔多斯") == 0)
            k = i;
    CHECKF(k >= 0, "鄂尔多斯 offered for the prefix (first: %s)", v->count ? v->cand[0] : "-");
    if (k >= 0) {
        CHECK(ime_select(ime, k));
        v = ime_view(ime);
        CHECK(v->composing && v->count > 0 && strcmp(v->cand[0], "康巴什") == 0);
        ime_space(ime);
        char *c = ime_take_commit(ime);
        CHECK(c && strcmp(c, "鄂尔多斯康巴什") == 0);
        free(c);
    }
    ime_destroy(ime);
}

static void test_modes(void)
{
    struct ime *ime = open_ime(NULL, NULL);
    if (!ime)
        return;
    CHECK(ime_get_mode(ime) == IME_MODE_PINYIN);
    ime_set_mode(ime, IME_MODE_LETTERS);
    char *c = run_script(ime, "Ab c");
    CHECK_EQ_STR(c, "Ab c");
    free(c);
    ime_set_mode(ime, IME_MODE_DIGITS);
    c = run_script(ime, "0471");
    CHECK_EQ_STR(c, "0471");
    free(c);
    ime_set_mode(ime, IME_MODE_SYMBOLS);
    ime_key(ime, 0x3002); /* 。 */
    ime_key(ime, 0x1F600);
    ime_key(ime, 0xD800); /* a surrogate is not a character: dropped */
    c = ime_take_commit(ime);
    CHECK_EQ_STR(c, "。\xF0\x9F\x98\x80");
    free(c);
    /* Leaving pinyin mode drops the composition. */
    ime_set_mode(ime, IME_MODE_PINYIN);
    free(run_script(ime, "shi"));
    ime_set_mode(ime, IME_MODE_DIGITS);
    CHECK(!ime_view(ime)->composing);
    CHECK(ime_take_commit(ime) == NULL);
    /* Capital letters in pinyin mode are plain characters. */
    ime_set_mode(ime, IME_MODE_PINYIN);
    c = run_script(ime, "Xa ");
    CHECK(c && strncmp(c, "X", 1) == 0 && strlen(c) > 1);
    free(c);
    ime_destroy(ime);
}

/* Font filter: "kun" lists characters outside the shipped GBK font (CJK Ext-B); every one
 * shown with the filter is drawable, and exactly the undrawable ones are missing. */
static int collect(struct ime *ime, const char *keys, char out[][32], int cap)
{
    free(run_script(ime, "~"));
    free(run_script(ime, keys));
    int n = 0;
    do {
        const struct ime_view *v = ime_view(ime);
        for (int i = 0; i < v->count && n < cap; i++)
            snprintf(out[n++], 32, "%s", v->cand[i]);
    } while (n < cap && ime_page_next(ime));
    ime_clear(ime);
    return n;
}

static bool font_draws(struct ime_font *f, const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        uint32_t cp;
        int extra = *p >= 0xf0 ? 3 : *p >= 0xe0 ? 2 : *p >= 0xc0 ? 1 : 0;
        cp = extra ? (uint32_t)(*p & (0x3f >> extra)) : *p;
        for (int i = 1; i <= extra; i++)
            cp = (cp << 6) | (p[i] & 0x3f);
        p += extra + 1;
        if (!ime_font_can_draw(cp, f))
            return false;
    }
    return true;
}

static void test_font_filter(void)
{
    enum { CAP = 400 };
    static char all[CAP][32], shown[CAP][32];
    struct ime_font *font = ime_font_open(NULL);
    CHECK(font != NULL);
    if (!font)
        return;
    struct ime *ime = open_ime(NULL, NULL);
    if (!ime)
        return;
    int n_all = collect(ime, "kun", all, CAP);
    ime_destroy(ime);
    int undrawable = 0;
    for (int i = 0; i < n_all; i++)
        undrawable += !font_draws(font, all[i]);
    CHECKF(undrawable > 0, "kun: %d candidates, none outside the font (test would prove nothing)",
           n_all);

    ime = open_ime(ime_font_can_draw, font);
    if (!ime)
        return;
    int n_shown = collect(ime, "kun", shown, CAP);
    CHECK_EQ_INT(n_shown, n_all - undrawable);
    int j = 0;
    for (int i = 0; i < n_all && j < n_shown; i++) {
        if (!font_draws(font, all[i]))
            continue;
        CHECKF(strcmp(all[i], shown[j]) == 0, "order kept at %d: %s vs %s", j, all[i], shown[j]);
        j++;
    }
    for (int i = 0; i < n_shown; i++)
        CHECKF(font_draws(font, shown[i]), "shown but undrawable: %s", shown[i]);
    ime_destroy(ime);
    ime_font_close(font);
}

static bool reject_kang(uint32_t cp, void *ud)
{
    (void)ud;
    return cp != 0x5EB7; /* 康 */
}

static void test_filter_callback(void)
{
    struct ime *ime = open_ime(reject_kang, NULL);
    if (!ime)
        return;
    free(run_script(ime, "kangbashi"));
    const struct ime_view *v = ime_view(ime);
    CHECK(v->count > 0);
    for (int i = 0; i < v->count; i++)
        CHECKF(strstr(v->cand[i], "康") == NULL, "filtered candidate shown: %s", v->cand[i]);
    ime_destroy(ime);
}

static bool reject_all(uint32_t cp, void *ud)
{
    (void)cp;
    (void)ud;
    return false;
}

/* When the font can draw nothing, the page is empty and space commits the letters. */
static void test_nothing_drawable(void)
{
    struct ime *ime = open_ime(reject_all, NULL);
    if (!ime)
        return;
    free(run_script(ime, "shi"));
    const struct ime_view *v = ime_view(ime);
    CHECK(v->composing && v->count == 0 && !v->has_next);
    CHECK(!ime_select(ime, 0));
    char *c = run_script(ime, " ");
    CHECK_EQ_STR(c, "shi");
    free(c);
    ime_destroy(ime);
}

/* Random presses and taps (fixed seed, bounded): the view stays consistent, nothing crashes
 * (the ASan build runs this too). */
static void test_random_presses(void)
{
    struct ime *ime = open_ime(reject_kang, NULL);
    if (!ime)
        return;
    unsigned long x = 12345;
    int bad = 0;
    for (int i = 0; i < 3000; i++) {
        x = x * 6364136223846793005ul + 1442695040888963407ul;
        unsigned r = (unsigned)(x >> 33);
        switch (r % 16) {
        case 0:
            ime_backspace(ime);
            break;
        case 1:
            ime_select(ime, (int)(r / 16 % 8) - 1);
            break;
        case 2:
            ime_page_next(ime);
            break;
        case 3:
            ime_page_prev(ime);
            break;
        case 4:
            if (r / 16 % 8 == 0)
                ime_set_mode(ime, (enum ime_mode)(r / 128 % 4));
            else
                ime_space(ime);
            break;
        case 5:
            if (r / 16 % 4 == 0)
                ime_confirm(ime);
            else if (r / 16 % 4 == 1)
                ime_clear(ime);
            else
                ime_key(ime, "',.1A"[r / 64 % 5]);
            break;
        default:
            ime_key(ime, 'a' + r / 16 % 26);
        }
        const struct ime_view *v = ime_view(ime);
        bad += v->count < 0 || v->count > IME_PAGE_MAX || (v->count && !v->composing) ||
               (v->composing && !*v->preedit) || (v->page > 0) != v->has_prev;
        if (i % 50 == 0)
            free(ime_take_commit(ime));
        if (i % 1000 == 999)
            ime_session_wipe(ime);
    }
    CHECK_EQ_INT(bad, 0);
    free(ime_take_commit(ime));
    ime_destroy(ime);
}

static int count_files(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d)
        return -1;
    int n = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0)
            n++;
    closedir(d);
    return n;
}

/* Nothing one applicant types reaches the next: a phrase chosen again and again from far down
 * the list in one session is not promoted in the next, and nothing is written to disk. */
static void test_no_learning(void)
{
    struct ime *ime = open_ime(NULL, NULL);
    if (!ime)
        return;
    char before[IME_PAGE_MAX][64], chosen[64];
    free(run_script(ime, "shiyan>"));
    const struct ime_view *v = ime_view(ime);
    CHECK(v->count == IME_PAGE_MAX);
    snprintf(chosen, sizeof chosen, "%s", v->cand[IME_PAGE_MAX - 1]);
    ime_clear(ime);
    free(run_script(ime, "shiyan"));
    v = ime_view(ime);
    for (int i = 0; i < IME_PAGE_MAX; i++)
        snprintf(before[i], sizeof before[i], "%s", v->cand[i]);
    ime_clear(ime);

    /* Session 1: choose the phrase from page 2 five times, then type it once more. */
    for (int round = 0; round < 5; round++) {
        char *c = run_script(ime, "shiyan>#5");
        CHECKF(strcmp(c, chosen) == 0, "round %d chose %s", round, c);
        free(c);
    }
    const char *scratch = ime_scratch_dir(ime);
    CHECKF(count_files(scratch) == 0, "librime wrote %d files into the scratch folder",
           count_files(scratch));
    ime_session_wipe(ime);
    CHECK_EQ_INT(count_files(scratch), 0);
    CHECK(ime_take_commit(ime) == NULL);

    /* Session 2: the same first page as before session 1; the phrase is not on it. */
    free(run_script(ime, "shiyan"));
    v = ime_view(ime);
    CHECK(v->count == IME_PAGE_MAX);
    for (int i = 0; i < v->count; i++) {
        CHECKF(strcmp(v->cand[i], before[i]) == 0, "candidate %d: %s, before %s", i, v->cand[i],
               before[i]);
        CHECKF(strcmp(v->cand[i], chosen) != 0, "%s was promoted", chosen);
    }
    char dir[1024];
    snprintf(dir, sizeof dir, "%s", scratch);
    ime_destroy(ime);
    CHECK_EQ_INT(count_files(dir), -1); /* removed */
}

static double cpu_ms(clockid_t clk)
{
    struct timespec ts;
    clock_gettime(clk, &ts);
    return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The wipe is done when ime_session_wipe() returns (composition, commits and scratch folder
 * gone), but the next session's opening (librime builds its engine, about 10 ms) is not paid
 * by the calling thread, the kiosk's UI thread: of the CPU time from the wipe until the new
 * session is ready, less than half is the caller's. The new session then works as before. */
static void test_wipe_off_thread(void)
{
    struct ime *ime = open_ime(NULL, NULL);
    if (!ime)
        return;
    const char *scratch = ime_scratch_dir(ime);
    double caller = 0, all = 0;
    for (int round = 0; round < 5; round++) {
        free(run_script(ime, "nihao#1wo"));
        CHECK(ime_view(ime)->composing);
        double t0 = cpu_ms(CLOCK_THREAD_CPUTIME_ID), p0 = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);
        ime_session_wipe(ime);
        caller += cpu_ms(CLOCK_THREAD_CPUTIME_ID) - t0;
        CHECK(ime_take_commit(ime) == NULL);
        CHECK_EQ_INT(count_files(scratch), 0);
        CHECK(ime_wait_ready(ime) == K_OK);
        all += cpu_ms(CLOCK_PROCESS_CPUTIME_ID) - p0;
        CHECK(ime_ready(ime));
        const struct ime_view *v = ime_view(ime);
        CHECKF(!v->composing && !*v->preedit, "round %d: the composition survived", round);
        free(run_script(ime, "shiyan"));
        v = ime_view(ime);
        CHECKF(v->composing && v->count == IME_PAGE_MAX && strstr(v->preedit, "shi") != NULL,
               "round %d: the new session: %d candidates for %s", round, v->count, v->preedit);
        ime_clear(ime);
    }
    CHECKF(caller < all / 2, "the wiping thread spent %.1f of %.1f ms CPU", caller, all);
    ime_destroy(ime);
}

static void test_errors(void)
{
    char err[256] = "";
    struct ime *ime = (struct ime *)&err, *second = NULL;
    struct ime_options bad = {.data_dir = "/nonexistent/ime"};
    CHECK(ime_create(&bad, &ime, err, sizeof err) == K_ERR_NOT_FOUND);
    CHECK(ime == NULL);
    CHECK(strncmp(err, "E951", 4) == 0);
    struct ime_options noscratch = {.scratch_parent = "/nonexistent/scratch"};
    CHECK(ime_create(&noscratch, &ime, err, sizeof err) == K_ERR_IO);
    CHECK(strncmp(err, "E954", 4) == 0);

    /* Data folder present but nothing deployed in it: librime starts, the schema is missing
     * (E953), and pinyin mode degrades to typing letters as they are. */
    char fake[512], path[2048];
    snprintf(fake, sizeof fake, "%s/fake-ime", ktest_tmpdir());
    snprintf(path, sizeof path,
             "mkdir -p %s/shared %s/build && : > %s/build/kiosk_pinyin.table.bin", fake, fake,
             fake);
    CHECK(system(path) == 0);
    struct ime_options undeployed = {.data_dir = fake, .scratch_parent = ktest_tmpdir()};
    CHECK(ime_create(&undeployed, &ime, err, sizeof err) == K_OK);
    CHECK(ime_wait_ready(ime) == K_ERR_IO);
    CHECK(strncmp(ime_error(ime), "E953", 4) == 0);
    char *c = run_script(ime, "abc ");
    CHECK_EQ_STR(c, "abc ");
    free(c);
    CHECK(!ime_view(ime)->composing);
    ime_session_wipe(ime);
    ime_destroy(ime);

    ime = open_ime(NULL, NULL);
    CHECK(ime_create(NULL, &second, err, sizeof err) == K_ERR_BUSY);
    CHECK(second == NULL && strncmp(err, "E950", 4) == 0);
    /* Destroying right after creating (the start thread may still run) is safe. */
    ime_destroy(ime);
    CHECK(ime_create(NULL, &ime, NULL, 0) == K_OK);
    ime_destroy(ime);
    ime_destroy(NULL);
}

int main(void)
{
    KTEST_RUN(test_errors);
    KTEST_RUN(test_words);
    KTEST_RUN(test_local_names_first);
    KTEST_RUN(test_view_and_paging);
    KTEST_RUN(test_partial_select);
    KTEST_RUN(test_modes);
    KTEST_RUN(test_font_filter);
    KTEST_RUN(test_filter_callback);
    KTEST_RUN(test_nothing_drawable);
    KTEST_RUN(test_random_presses);
    KTEST_RUN(test_no_learning);
    KTEST_RUN(test_wipe_off_thread);
    return ktest_done();
}
