/* app/ui/ime.c: the input-method engine on librime (app layer, ui). See ime.h.
 *
 * Paging is ours, not librime's: librime's pages would shrink when the font filter drops
 * candidates, so we walk librime's whole candidate list (it is produced lazily), keep the
 * drawable ones, and remember where each page starts in librime's numbering so that a tap
 * selects librime's candidate by its global index.
 *
 * librime (with boost, leveldb, yaml-cpp, opencc and glog behind it) is not linked: it is
 * loaded with dlopen on the start-up thread when the keyboard is first wanted, so that a
 * kiosk idling at its attract screen neither maps nor initialises it (docs/ime.md, "Memory").
 * rime_api.h is used for its types only. The library stays loaded until the process exits:
 * librime's singletons and its C++ statics are not made to be unloaded.
 */
#include "app/ui/ime.h"

#include <dlfcn.h>
#include <pthread.h>
#include <rime_api.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/paths.h"
#include "platform/utf8.h"
#include "platform/xalloc.h"

#define SCHEMA    "luna_pinyin_simp"
#define PATH_CAP  1024
#define MAX_PAGES 256
/* How many filtered-out candidates in a row we walk before calling a page complete. */
#define SCAN_LIMIT   400
#define XK_BACKSPACE 0xff08
/* Debian's librime1 (its soname). */
#define RIME_LIBRARY "librime.so.1"

struct ime {
    RimeApi *api;
    RimeSessionId sid;
    pthread_t thread;
    bool thread_running; /* started and not yet joined */
    atomic_bool ready;   /* the thread has finished (successfully or not) */
    bool ok;             /* librime is usable (valid after the thread finished) */
    bool initialized;    /* api->initialize was called (finalize owed) */

    char shared_dir[PATH_CAP], staging_dir[PATH_CAP], scratch_dir[PATH_CAP];
    char err[256];
    ime_can_draw_fn can_draw;
    void *can_draw_ud;
    int page_size;
    enum ime_mode mode;

    char *commit; /* pending committed text (owned, may be NULL) */
    size_t commit_len;

    bool dirty; /* the view must be rebuilt */
    struct ime_view view;
    char *preedit;
    char *cand[IME_PAGE_MAX];
    size_t cand_index[IME_PAGE_MAX]; /* librime's global index of each shown candidate */
    size_t page_start[MAX_PAGES];    /* librime index where page p starts */
    int page;
};

static atomic_bool in_use;
static pthread_mutex_t setup_lock = PTHREAD_MUTEX_INITIALIZER;
static bool rime_set_up; /* RimeSetup (glog, modules) may run once per process */
static void *rime_lib;   /* the dlopen handle, kept for the life of the process */
static RimeApi *rime_api;

static void set_err(struct ime *ime, const char *msg)
{
    str_copy(ime->err, sizeof ime->err, msg);
    log_error("ime", "%s", msg);
}

static bool fits(int r, size_t n)
{
    return r >= 0 && (size_t)r < n;
}

static void fill_traits(struct ime *ime, RimeTraits *tr)
{
    tr->shared_data_dir = ime->shared_dir;
    tr->user_data_dir = ime->scratch_dir;
    tr->prebuilt_data_dir = ime->staging_dir;
    tr->staging_dir = ime->staging_dir;
    tr->distribution_name = "kiosk";
    tr->distribution_code_name = "kiosk";
    tr->distribution_version = "1";
    tr->app_name = "rime.kiosk";
    /* Only fatal messages, to stderr: librime's logs could carry what a person typed. */
    tr->min_log_level = 3;
    tr->log_dir = "";
}

static bool open_session(struct ime *ime)
{
    ime->sid = ime->api->create_session();
    if (!ime->sid) {
        set_err(ime, "E952: librime could not create a session");
        return false;
    }
    /* librime "selects" a schema that was never deployed and then silently swallows keys, so
     * probe: one letter must give candidates. */
    char cur[64] = "";
    bool any = false;
    if (ime->api->select_schema(ime->sid, SCHEMA) &&
        ime->api->get_current_schema(ime->sid, cur, sizeof cur) && strcmp(cur, SCHEMA) == 0) {
        RimeCandidateListIterator it;
        memset(&it, 0, sizeof it);
        ime->api->process_key(ime->sid, 'a', 0);
        if (ime->api->candidate_list_begin(ime->sid, &it)) {
            any = ime->api->candidate_list_next(&it);
            ime->api->candidate_list_end(&it);
        }
        ime->api->clear_composition(ime->sid);
    }
    if (!any) {
        set_err(ime,
                "E953: librime schema " SCHEMA " is not deployed (run scripts/setup.d/ime.sh)");
        ime->api->destroy_session(ime->sid);
        ime->sid = 0;
        return false;
    }
    return true;
}

/* Load librime and take its function table, once per process (under setup_lock). NULL, with
 * the reason in ime->err, when it cannot be loaded. */
static RimeApi *load_api(struct ime *ime)
{
    if (rime_api)
        return rime_api;
    if (!rime_lib)
        rime_lib = dlopen(RIME_LIBRARY, RTLD_NOW | RTLD_LOCAL);
    if (!rime_lib) {
        char msg[sizeof ime->err];
        const char *why = dlerror();
        snprintf(msg, sizeof msg, "E958: cannot load " RIME_LIBRARY " (install librime1): %s",
                 why ? why : "?");
        set_err(ime, msg);
        return NULL;
    }
    void *sym = dlsym(rime_lib, "rime_get_api");
    RimeApi *(*get_api)(void) = NULL;
    if (sym) /* ISO C has no cast from an object pointer to a function pointer: copy it */
        memcpy(&get_api, &sym, sizeof get_api);
    rime_api = get_api ? get_api() : NULL;
    if (!rime_api)
        set_err(ime, "E958: " RIME_LIBRARY " has no rime_get_api");
    return rime_api;
}

bool ime_library_loaded(void)
{
    void *h = dlopen(RIME_LIBRARY, RTLD_NOW | RTLD_NOLOAD);
    if (!h)
        return false;
    dlclose(h); /* drops the reference NOLOAD took, not the library */
    return true;
}

static void *start_thread(void *arg)
{
    struct ime *ime = arg;
    RIME_STRUCT(RimeTraits, tr);
    fill_traits(ime, &tr);
    pthread_mutex_lock(&setup_lock);
    ime->api = load_api(ime);
    if (!ime->api) {
        pthread_mutex_unlock(&setup_lock);
        ime->ok = false;
        atomic_store(&ime->ready, true);
        return NULL;
    }
    if (!rime_set_up) {
        ime->api->setup(&tr);
        rime_set_up = true;
    }
    pthread_mutex_unlock(&setup_lock);
    /* No start_maintenance: the data was deployed at setup; deploying here would take seconds
     * and write into the prebuilt folder. */
    ime->api->initialize(&tr);
    ime->initialized = true;
    ime->ok = open_session(ime);
    atomic_store(&ime->ready, true);
    return NULL;
}

/* After a session's wipe: a new session, on the thread (nothing else calls librime until the
 * thread is joined). */
static void *reopen_thread(void *arg)
{
    struct ime *ime = arg;
    ime->ok = open_session(ime);
    atomic_store(&ime->ready, true);
    return NULL;
}

enum kerr ime_create(const struct ime_options *opt, struct ime **out, char *err, size_t n)
{
    static const struct ime_options defaults = {0};
    *out = NULL;
    if (!opt)
        opt = &defaults;
    if (atomic_exchange(&in_use, true)) {
        if (err)
            str_copy(err, n, "E950: the input method is already running");
        return K_ERR_BUSY;
    }
    struct ime *ime = xcalloc(1, sizeof *ime);
    enum kerr rc = K_OK;
    ime->can_draw = opt->can_draw;
    ime->can_draw_ud = opt->can_draw_ud;
    ime->page_size =
        opt->page_size >= 1 && opt->page_size <= IME_PAGE_MAX ? opt->page_size : IME_PAGE_MAX;
    ime->mode = IME_MODE_PINYIN;
    ime->dirty = true;

    const char *data = opt->data_dir;
    if (!data)
        data = getenv("KIOSK_IME_DIR");
    char def[PATH_CAP], probe[PATH_CAP];
    if (!data || !*data) {
        if (!fits(snprintf(def, sizeof def, "%s/../build/ime", paths_default_assets()), sizeof def))
            data = "build/ime";
        else
            data = def;
    }
    if (!fits(snprintf(ime->shared_dir, sizeof ime->shared_dir, "%s/shared", data),
              sizeof ime->shared_dir) ||
        !fits(snprintf(ime->staging_dir, sizeof ime->staging_dir, "%s/build", data),
              sizeof ime->staging_dir) ||
        !fits(snprintf(probe, sizeof probe, "%s/build/kiosk_pinyin.table.bin", data),
              sizeof probe) ||
        !fs_exists(probe) || !fs_exists(ime->shared_dir)) {
        str_copy(ime->err, sizeof ime->err,
                 "E951: no prebuilt input-method data (run scripts/setup.d/ime.sh or set "
                 "KIOSK_IME_DIR)");
        rc = K_ERR_NOT_FOUND;
        goto fail;
    }

    const char *parent = opt->scratch_parent;
    if (!parent)
        parent = getenv("XDG_RUNTIME_DIR");
    if (!parent || !*parent)
        parent = "/tmp";
    if (!fits(snprintf(ime->scratch_dir, sizeof ime->scratch_dir, "%s/kiosk-ime-XXXXXX", parent),
              sizeof ime->scratch_dir) ||
        !mkdtemp(ime->scratch_dir)) {
        str_copy(ime->err, sizeof ime->err, "E954: cannot create the scratch folder");
        ime->scratch_dir[0] = '\0';
        rc = K_ERR_IO;
        goto fail;
    }

    if (pthread_create(&ime->thread, NULL, start_thread, ime) != 0) {
        str_copy(ime->err, sizeof ime->err, "E955: cannot start the input-method thread");
        rc = K_ERR_IO;
        goto fail_scratch;
    }
    ime->thread_running = true;
    *out = ime;
    return K_OK;

fail_scratch:
    fs_remove_tree(ime->scratch_dir);
fail:
    log_error("ime", "%s", ime->err);
    if (err)
        str_copy(err, n, ime->err);
    free(ime);
    atomic_store(&in_use, false);
    return rc;
}

static bool wait_started(struct ime *ime)
{
    if (ime->thread_running) {
        pthread_join(ime->thread, NULL);
        ime->thread_running = false;
    }
    return ime->ok;
}

bool ime_ready(struct ime *ime)
{
    return atomic_load(&ime->ready);
}

enum kerr ime_wait_ready(struct ime *ime)
{
    return wait_started(ime) ? K_OK : K_ERR_IO;
}

bool ime_started(struct ime *ime)
{
    return wait_started(ime);
}

const char *ime_error(const struct ime *ime)
{
    return ime->err;
}

static void clear_view(struct ime *ime)
{
    free(ime->preedit);
    ime->preedit = NULL;
    for (int i = 0; i < IME_PAGE_MAX; i++) {
        free(ime->cand[i]);
        ime->cand[i] = NULL;
    }
}

static void drop_commit(struct ime *ime)
{
    if (ime->commit)
        free_secure(ime->commit, ime->commit_len + 1);
    ime->commit = NULL;
    ime->commit_len = 0;
}

void ime_destroy(struct ime *ime)
{
    if (!ime)
        return;
    wait_started(ime);
    if (ime->sid)
        ime->api->destroy_session(ime->sid);
    if (ime->initialized)
        ime->api->finalize();
    clear_view(ime);
    drop_commit(ime);
    if (ime->scratch_dir[0])
        fs_remove_tree(ime->scratch_dir);
    free(ime);
    atomic_store(&in_use, false);
}

const char *ime_scratch_dir(const struct ime *ime)
{
    return ime->scratch_dir;
}

/* Composition changed: the view is stale and paging restarts. */
static void changed(struct ime *ime)
{
    ime->dirty = true;
    ime->page = 0;
    ime->page_start[0] = 0;
}

static void append_commit(struct ime *ime, const char *s, size_t len)
{
    if (!len)
        return;
    char *n = xcalloc(1, ime->commit_len + len + 1);
    if (ime->commit)
        memcpy(n, ime->commit, ime->commit_len);
    memcpy(n + ime->commit_len, s, len);
    if (ime->commit)
        free_secure(ime->commit, ime->commit_len + 1);
    ime->commit = n;
    ime->commit_len += len;
}

static void commit_cp(struct ime *ime, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (char)(0xc0 | (cp >> 6));
        b[1] = (char)(0x80 | (cp & 0x3f));
        n = 2;
    } else if (cp < 0x10000) {
        if (cp >= 0xd800 && cp <= 0xdfff)
            return; /* surrogates are not characters */
        b[0] = (char)(0xe0 | (cp >> 12));
        b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[2] = (char)(0x80 | (cp & 0x3f));
        n = 3;
    } else if (cp < 0x110000) {
        b[0] = (char)(0xf0 | (cp >> 18));
        b[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
        b[3] = (char)(0x80 | (cp & 0x3f));
        n = 4;
    } else {
        return;
    }
    append_commit(ime, b, n);
}

/* Move librime's committed text (if any) into our buffer. */
static void drain_commit(struct ime *ime)
{
    RIME_STRUCT(RimeCommit, c);
    if (ime->api->get_commit(ime->sid, &c)) {
        if (c.text)
            append_commit(ime, c.text, strlen(c.text));
        ime->api->free_commit(&c);
    }
}

static bool pinyin_live(struct ime *ime)
{
    return ime->mode == IME_MODE_PINYIN && wait_started(ime);
}

static bool is_composing(struct ime *ime)
{
    if (!pinyin_live(ime))
        return false;
    const char *in = ime->api->get_input(ime->sid);
    return in && *in;
}

static bool drawable(struct ime *ime, const char *text)
{
    if (!text || !*text)
        return false;
    if (!ime->can_draw)
        return true;
    size_t left = strlen(text);
    while (left) {
        uint32_t cp;
        size_t k = utf8_decode(text, left, &cp);
        if (!k || !ime->can_draw(cp, ime->can_draw_ud))
            return false;
        text += k;
        left -= k;
    }
    return true;
}

/* Collect up to `want` drawable candidates from librime index `from`; texts/indices may be
 * NULL to only count. Returns how many were found; *next gets the index after the last one. */
static int scan(struct ime *ime, size_t from, int want, char **texts, size_t *indices, size_t *next)
{
    RimeCandidateListIterator it;
    memset(&it, 0, sizeof it);
    int got = 0, skipped = 0;
    *next = from;
    if (!ime->api->candidate_list_from_index(ime->sid, &it, (int)from))
        return 0;
    while (got < want && skipped < SCAN_LIMIT && ime->api->candidate_list_next(&it)) {
        size_t idx = (size_t)it.index;
        if (drawable(ime, it.candidate.text)) {
            if (texts)
                texts[got] = xstrdup(it.candidate.text);
            if (indices)
                indices[got] = idx;
            got++;
            skipped = 0;
        } else {
            skipped++;
        }
        *next = idx + 1;
    }
    ime->api->candidate_list_end(&it);
    return got;
}

static void rebuild(struct ime *ime)
{
    struct ime_view *v = &ime->view;
    clear_view(ime);
    memset(v, 0, sizeof *v);
    v->mode = ime->mode;
    v->preedit = "";
    ime->dirty = false;
    if (!is_composing(ime))
        return;
    v->composing = true;
    RIME_STRUCT(RimeContext, ctx);
    if (ime->api->get_context(ime->sid, &ctx)) {
        ime->preedit = xstrdup(ctx.composition.preedit ? ctx.composition.preedit : "");
        ime->api->free_context(&ctx);
    } else {
        ime->preedit = xstrdup(ime->api->get_input(ime->sid));
    }
    v->preedit = ime->preedit;
    size_t next;
    v->count =
        scan(ime, ime->page_start[ime->page], ime->page_size, ime->cand, ime->cand_index, &next);
    for (int i = 0; i < v->count; i++)
        v->cand[i] = ime->cand[i];
    if (ime->page + 1 < MAX_PAGES) {
        size_t after;
        v->has_next = v->count == ime->page_size && scan(ime, next, 1, NULL, NULL, &after) == 1;
        ime->page_start[ime->page + 1] = next;
    }
    v->page = ime->page;
    v->has_prev = ime->page > 0;
}

const struct ime_view *ime_view(struct ime *ime)
{
    if (ime->dirty)
        rebuild(ime);
    return &ime->view;
}

static void refresh_if_dirty(struct ime *ime)
{
    if (ime->dirty)
        rebuild(ime);
}

/* Commit the first shown candidate repeatedly until the composition is done (or the raw input
 * when nothing can be shown). */
static void commit_all(struct ime *ime)
{
    for (int guard = 0; guard < 64 && is_composing(ime); guard++) {
        changed(ime);
        refresh_if_dirty(ime);
        if (ime->view.count == 0 || !ime->api->select_candidate(ime->sid, ime->cand_index[0])) {
            const char *in = ime->api->get_input(ime->sid);
            append_commit(ime, in, strlen(in));
            ime->api->clear_composition(ime->sid);
        }
        drain_commit(ime);
    }
    changed(ime);
}

void ime_set_mode(struct ime *ime, enum ime_mode mode)
{
    if (ime->mode == IME_MODE_PINYIN && mode != IME_MODE_PINYIN && is_composing(ime))
        ime->api->clear_composition(ime->sid);
    ime->mode = mode;
    changed(ime);
}

enum ime_mode ime_get_mode(const struct ime *ime)
{
    return ime->mode;
}

bool ime_key(struct ime *ime, uint32_t cp)
{
    if (!pinyin_live(ime)) {
        commit_cp(ime, cp);
        return true;
    }
    bool letter = cp >= 'a' && cp <= 'z';
    if (letter || (cp == '\'' && is_composing(ime))) {
        ime->api->process_key(ime->sid, (int)cp, 0);
        drain_commit(ime);
        changed(ime);
        return true;
    }
    commit_all(ime);
    commit_cp(ime, cp);
    return true;
}

bool ime_backspace(struct ime *ime)
{
    if (!is_composing(ime))
        return false;
    ime->api->process_key(ime->sid, XK_BACKSPACE, 0);
    drain_commit(ime);
    changed(ime);
    return true;
}

void ime_clear(struct ime *ime)
{
    if (is_composing(ime))
        ime->api->clear_composition(ime->sid);
    changed(ime);
}

void ime_space(struct ime *ime)
{
    if (!is_composing(ime)) {
        commit_cp(ime, ' ');
        return;
    }
    refresh_if_dirty(ime);
    if (ime->view.count > 0) {
        ime_select(ime, 0);
    } else {
        const char *in = ime->api->get_input(ime->sid);
        append_commit(ime, in, strlen(in));
        ime->api->clear_composition(ime->sid);
        changed(ime);
    }
}

bool ime_confirm(struct ime *ime)
{
    if (!is_composing(ime))
        return false;
    const char *in = ime->api->get_input(ime->sid);
    append_commit(ime, in, strlen(in));
    ime->api->clear_composition(ime->sid);
    changed(ime);
    return true;
}

bool ime_select(struct ime *ime, int i)
{
    if (!is_composing(ime))
        return false;
    refresh_if_dirty(ime);
    if (i < 0 || i >= ime->view.count)
        return false;
    bool ok = ime->api->select_candidate(ime->sid, ime->cand_index[i]);
    drain_commit(ime);
    changed(ime);
    return ok;
}

bool ime_page_next(struct ime *ime)
{
    refresh_if_dirty(ime);
    if (!ime->view.has_next)
        return false;
    ime->page++;
    ime->dirty = true;
    return true;
}

bool ime_page_prev(struct ime *ime)
{
    refresh_if_dirty(ime);
    if (ime->page == 0)
        return false;
    ime->page--;
    ime->dirty = true;
    return true;
}

char *ime_take_commit(struct ime *ime)
{
    char *s = ime->commit;
    ime->commit = NULL;
    ime->commit_len = 0;
    return s;
}

void ime_session_wipe(struct ime *ime)
{
    drop_commit(ime);
    clear_view(ime);
    memset(&ime->view, 0, sizeof ime->view);
    ime->mode = IME_MODE_PINYIN;
    changed(ime);
    bool live = wait_started(ime);
    if (ime->sid) {
        ime->api->destroy_session(ime->sid);
        ime->sid = 0;
    }
    /* Empty the scratch folder (librime should have written nothing there; if it ever does,
     * it goes with the applicant). */
    fs_remove_tree(ime->scratch_dir);
    if (mkdir(ime->scratch_dir, 0700) != 0)
        log_warn("ime", "E956: cannot recreate the scratch folder");
    if (!live)
        return;
    /* The next session opens on the input method's thread, as at start-up: librime builds
     * its engine for about 10 ms, which the frame that ends the session must not wait for.
     * The first call that needs librime joins it (wait_started). */
    atomic_store(&ime->ready, false);
    if (pthread_create(&ime->thread, NULL, reopen_thread, ime) == 0) {
        ime->thread_running = true;
        return;
    }
    ime->ok = open_session(ime);
    atomic_store(&ime->ready, true);
}
