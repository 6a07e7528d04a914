/* app/kiosk/script.c: end-to-end script runner (app layer, kiosk lifecycle). */
#include "app/kiosk/script.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/kiosk/app.h"
#include "app/kiosk/reader.h"
#include "drivers/scanner/scanner.h"
#include "app/screens/flow.h"
#include "app/kiosk/print.h"
#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/xalloc.h"

enum op {
    OP_TOUCH,
    OP_TAP,
    OP_TAP_PAGED,
    OP_TYPE,
    OP_DRAW,
    OP_DRAG,
    OP_CARD,
    OP_CARD_REMOVE,
    OP_SCAN,
    OP_ADVANCE,
    OP_SCREEN,
    OP_TEXT,
    OP_NO_TEXT,
    OP_SHOT,
    OP_FRAMES,
    OP_DEVICE,
    OP_WAIT_SCREEN,
    OP_WAIT_TEXT
};

struct step {
    enum op op;
    int line;
    char *arg;
    long n;
};

struct script {
    struct step *steps;
    size_t n, next;
    int settle;            /* frames to let pass before the next step */
    size_t type_pos;       /* progress through a `type` step */
    int64_t wait_start_ms; /* real time a `wait-screen` step began (0: not waiting) */
    bool acting;           /* a device step acted and waits for its outcome */
    long reads_before;     /* card reads before a `card` step */
    long scans_before;     /* scans before a `scan` step */
    int paging;            /* a `tap-paged` step: pages turned so far (back first, then on) */
    bool paged_back;       /* ... and it has reached the first page */
};

static const struct {
    const char *word;
    enum op op;
    int needs; /* 0 none, 1 text, 2 number */
} words[] = {
    {"touch", OP_TOUCH, 1},
    {"tap", OP_TAP, 1},
    {"tap-paged", OP_TAP_PAGED, 1},
    {"type", OP_TYPE, 1},
    {"draw", OP_DRAW, 1},
    {"drag", OP_DRAG, 1},
    {"card", OP_CARD, 2},
    {"card-remove", OP_CARD_REMOVE, 0},
    {"scan", OP_SCAN, 1},
    {"advance", OP_ADVANCE, 2},
    {"expect-screen", OP_SCREEN, 1},
    {"expect-text", OP_TEXT, 1},
    {"expect-no-text", OP_NO_TEXT, 1},
    {"screenshot", OP_SHOT, 1},
    {"frames", OP_FRAMES, 2},
    {"device", OP_DEVICE, 1},
    {"wait-screen", OP_WAIT_SCREEN, 1},
    {"wait-text", OP_WAIT_TEXT, 1},
};

/* `device WHAT STATE`: the simulated devices' faults. */
static const struct {
    const char *arg;
    bool printer;
    int knob;   /* printer: enum printer_sim_knob */
    long value; /* printer: the knob's value; reader: 1 unplug, 0 plug */
} devices[] = {
    {"idcard unplug", false, 0, 1},
    {"idcard plug", false, 0, 0},
    {"printer paper-out", true, PRINTER_SIM_PAPER_OUT, 1},
    {"printer paper-in", true, PRINTER_SIM_PAPER_OUT, 0},
    {"printer cover-open", true, PRINTER_SIM_COVER_OPEN, 1},
    {"printer cover-closed", true, PRINTER_SIM_COVER_OPEN, 0},
    {"printer unplug", true, PRINTER_SIM_UNPLUG, 1},
    {"printer plug", true, PRINTER_SIM_UNPLUG, 0},
};

static int find_device(const char *arg)
{
    for (size_t i = 0; i < sizeof devices / sizeof devices[0]; i++)
        if (strcmp(devices[i].arg, arg) == 0)
            return (int)i;
    return -1;
}

struct script *script_load(const char *path, char *err, size_t errlen)
{
    char *buf;
    size_t len;
    if (fs_read_file(path, 1 << 20, &buf, &len) != K_OK) {
        snprintf(err, errlen, "E930: cannot read %s", path);
        return NULL;
    }
    struct script *s = xcalloc(1, sizeof *s);
    int line = 0;
    for (char *p = buf, *next; p && *p; p = next) {
        next = strchr(p, '\n');
        if (next)
            *next++ = '\0';
        line++;
        while (*p == ' ' || *p == '\t')
            p++;
        size_t l = strlen(p);
        while (l && (p[l - 1] == ' ' || p[l - 1] == '\r' || p[l - 1] == '\t'))
            p[--l] = '\0';
        if (!*p || *p == '#')
            continue;
        char *sp = strchr(p, ' ');
        char *arg = sp ? sp + 1 : "";
        if (sp)
            *sp = '\0';
        size_t w;
        for (w = 0; w < sizeof words / sizeof words[0]; w++)
            if (strcmp(words[w].word, p) == 0)
                break;
        if (w == sizeof words / sizeof words[0]) {
            snprintf(err, errlen, "E931: %s:%d: unknown step \"%.32s\"", path, line, p);
            goto fail;
        }
        struct step st = {.op = words[w].op, .line = line};
        if (words[w].needs == 1 && !*arg) {
            snprintf(err, errlen, "E932: %s:%d: %s needs an argument", path, line, p);
            goto fail;
        }
        if (st.op == OP_DEVICE && find_device(arg) < 0) {
            snprintf(err, errlen, "E934: %s:%d: unknown device state \"%.40s\"", path, line, arg);
            goto fail;
        }
        if (words[w].needs == 2 && !str_to_long(arg, 0, 100000, &st.n)) {
            snprintf(err, errlen, "E933: %s:%d: %s needs a number", path, line, p);
            goto fail;
        }
        st.arg = xstrdup(arg);
        s->steps = xrealloc(s->steps, (s->n + 1) * sizeof *s->steps);
        s->steps[s->n++] = st;
    }
    free(buf);
    s->settle = 2; /* let the first frames draw before the first step looks at them */
    return s;
fail:
    free(buf);
    script_destroy(s);
    return NULL;
}

void script_destroy(struct script *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->n; i++)
        free(s->steps[i].arg);
    free(s->steps);
    free(s);
}

#define WAIT_LIMIT_MS 60000

static bool fail(struct kiosk_app *app, const struct step *st, const char *what)
{
    fprintf(stderr, "script line %d: %s (screen %s)\n", st->line, what,
            flow_screen_name(app->flow));
    for (size_t i = 0; i < ui_widget_count(app->ui); i++) {
        const struct ui_widget *w = ui_widget_at(app->ui, i);
        fprintf(stderr, "  widget %s \"%s\"\n", w->id, w->text);
    }
    app->exit_code = 3;
    return false;
}

/* A widget by id, else a button by its visible text, else any widget by its text. */
static const struct ui_widget *find_tappable(struct kiosk_app *app, const char *what)
{
    size_t n = ui_widget_count(app->ui);
    for (size_t i = 0; i < n; i++)
        if (strcmp(ui_widget_at(app->ui, i)->id, what) == 0)
            return ui_widget_at(app->ui, i);
    for (size_t i = 0; i < n; i++) {
        const struct ui_widget *w = ui_widget_at(app->ui, i);
        if (w->kind == UI_W_BUTTON && strcmp(w->text, what) == 0)
            return w;
    }
    return ui_find(app->ui, what);
}

static bool tap(struct kiosk_app *app, const char *what)
{
    const struct ui_widget *w = find_tappable(app, what);
    if (!w || (w->kind == UI_W_BUTTON && !w->enabled))
        return false;
    int x = w->rect.x + w->rect.w / 2, y = w->rect.y + w->rect.h / 2;
    ui_pointer(app->ui, x, y, true);
    ui_pointer(app->ui, x, y, false);
    return true;
}

static bool has_text(struct kiosk_app *app, const char *text)
{
    for (size_t i = 0; i < ui_widget_count(app->ui); i++)
        if (strstr(ui_widget_at(app->ui, i)->text, text))
            return true;
    return false;
}

/* Length of the UTF-8 character at p. */
static size_t u8len(const char *p)
{
    unsigned char c = (unsigned char)*p;
    return c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
}

static void post_text(struct kiosk_app *app, enum ev_type type, const char *text)
{
    struct ev e = {.type = type, .payload = xstrdup(text), .payload_free = free};
    evq_post(app->evq, &e);
}

/* Steps that act on a simulated device whose loop runs on its own thread in real time: act
 * once, then let frames pass until the UI has seen the outcome (bounded like wait-screen). */
static bool device_step(struct script *s, struct step *st, struct kiosk_app *app)
{
    int d = st->op == OP_DEVICE ? find_device(st->arg) : -1;
    if (!s->acting) {
        bool ok = true;
        s->acting = true;
        s->wait_start_ms = kclock_mono_ms(kclock_system());
        s->reads_before = app->card_reads;
        s->scans_before = app->scans;
        if (st->op == OP_SCAN)
            scanner_sim_feed(st->arg, strlen(st->arg));
        else if (st->op == OP_CARD)
            ok = reader_sim_place(app, (int)st->n);
        else if (st->op == OP_CARD_REMOVE)
            ok = reader_sim_lift(app);
        else if (devices[d].printer)
            print_sim(app->print, (enum printer_sim_knob)devices[d].knob, devices[d].value);
        else
            ok = reader_sim_unplug(app, devices[d].value != 0);
        if (!ok) {
            s->acting = false;
            return fail(app, st, "no simulated reader (or no such card)");
        }
        return true;
    }
    bool seen;
    if (st->op == OP_SCAN)
        seen = app->scans > s->scans_before;
    else if (st->op == OP_CARD)
        seen = app->card_reads > s->reads_before;
    else if (st->op == OP_CARD_REMOVE)
        seen = app->reader_state != READER_CARD;
    else
        seen = true; /* the printer's worker applies the knob before its next receipt; the
                      * reader's loop notices on its next poll (scripts wait-text for it) */
    if (!seen) {
        if (kclock_mono_ms(kclock_system()) - s->wait_start_ms > WAIT_LIMIT_MS) {
            s->acting = false;
            s->wait_start_ms = 0;
            return fail(app, st, "the simulated device did not answer");
        }
        kclock_sleep_ms(kclock_system(), 2);
        return true;
    }
    s->acting = false;
    s->wait_start_ms = 0;
    s->settle = 2;
    s->next++;
    return true;
}

bool script_step(struct script *s, struct kiosk_app *app)
{
    if (s->settle > 0) {
        s->settle--;
        return true;
    }
    if (s->next >= s->n)
        return false;
    struct step *st = &s->steps[s->next];
    char msg[512];
    switch (st->op) {
    case OP_TOUCH: {
        long x, y;
        char *end;
        x = strtol(st->arg, &end, 10);
        if (*end != ',')
            return fail(app, st, "touch takes X,Y");
        y = strtol(end + 1, &end, 10);
        ui_pointer(app->ui, (int)x, (int)y, true);
        ui_pointer(app->ui, (int)x, (int)y, false);
        kclock_advance(app->clock, 200);
        s->settle = 1;
        break;
    }
    case OP_TAP:
        if (!tap(app, st->arg)) {
            snprintf(msg, sizeof msg, "nothing to tap called \"%s\"", st->arg);
            return fail(app, st, msg);
        }
        s->settle = 2;
        break;
    case OP_TAP_PAGED: {
        /* "ID NEXT [PREV]": ID on whichever page of a paged list it is (page sizes follow the
         * orientation and the theme): PREV back to the first page, then NEXT until it shows. */
        char id[128], next[128], prev[128] = "";
        int nw = sscanf(st->arg, "%127s %127s %127s", id, next, prev);
        if (nw < 2)
            return fail(app, st, "tap-paged takes ID NEXT [PREV]");
        if (tap(app, id)) {
            s->paging = 0;
            s->paged_back = false;
            s->settle = 2;
            break;
        }
        if (!s->paged_back && (!prev[0] || !tap(app, prev))) {
            s->paged_back = true;
            return true;
        }
        if (s->paged_back && (s->paging > 100 || !tap(app, next))) {
            s->paging = 0;
            s->paged_back = false;
            snprintf(msg, sizeof msg, "\"%s\" is on no page (%s)", id, next);
            return fail(app, st, msg);
        }
        s->paging++;
        s->settle = 2;
        return true;
    }
    case OP_TYPE: {
        /* One key per frame, so each tap is seen by the keyboard. */
        const char *p = st->arg + s->type_pos;
        if (*p) {
            size_t n = u8len(p);
            char key[8] = {0};
            memcpy(key, p, n < 7 ? n : 7);
            if (!tap(app, strcmp(key, " ") == 0 ? "kbd.space" : key)) {
                snprintf(msg, sizeof msg, "no key \"%s\" to type", key);
                return fail(app, st, msg);
            }
            s->type_pos += n;
            s->settle = 1;
            return true;
        }
        s->type_pos = 0;
        s->settle = 1;
        break;
    }
    case OP_DRAW:
    case OP_DRAG: {
        /* draw: a stroke on the signature pad (0..1000 across it); drag: a finger moved
         * across the screen (canvas pixels), e.g. to scroll. */
        const struct ui_widget *pad = ui_find(app->ui, "sign.pad");
        bool drag = st->op == OP_DRAG;
        if (!pad && !drag)
            pad = ui_find(app->ui, "kbd.pad"); /* the keyboard's 手写 tab */
        if (!pad && !drag)
            return fail(app, st, "no signature or writing pad on screen");
        bool first = true;
        int x = 0, y = 0;
        for (char *p = st->arg; *p;) {
            long px, py;
            char *end;
            px = strtol(p, &end, 10);
            if (*end != ',')
                return fail(app, st, "draw points are X,Y pairs");
            py = strtol(end + 1, &end, 10);
            x = drag ? (int)px : pad->rect.x + (int)(px * pad->rect.w / 1000);
            y = drag ? (int)py : pad->rect.y + (int)(py * pad->rect.h / 1000);
            if (first)
                ui_pointer(app->ui, x, y, true);
            else
                ui_pointer_move(app->ui, x, y);
            kclock_advance(app->clock, 15);
            first = false;
            while (*end == ' ')
                end++;
            p = end;
        }
        /* Lifted away (a stroke) or where it went (a drag): not a tap either way. */
        ui_pointer(app->ui, drag ? x : x + 200, y, false);
        s->settle = 1;
        break;
    }
    case OP_CARD:
    case OP_CARD_REMOVE:
    case OP_DEVICE:
        return device_step(s, st, app);
    case OP_SCAN:
        if (app->scanner && strcmp(app->cfg.scanner_driver, "sim") == 0)
            return device_step(s, st, app); /* through the scanner's own thread */
        post_text(app, EV_SCAN, st->arg);
        s->settle = 3;
        break;
    case OP_ADVANCE:
        kclock_advance(app->clock, st->n * 1000);
        s->settle = 2;
        break;
    case OP_SCREEN:
        if (strcmp(flow_screen_name(app->flow), st->arg) != 0) {
            snprintf(msg, sizeof msg, "expected screen %s", st->arg);
            return fail(app, st, msg);
        }
        break;
    case OP_WAIT_SCREEN:
    case OP_WAIT_TEXT: {
        /* For work on other threads (saving, printing): frames pass until the screen (or the
         * text) shows, for at most WAIT_LIMIT_MS of real time (a hang, not a speed check). */
        if (st->op == OP_WAIT_SCREEN ? strcmp(flow_screen_name(app->flow), st->arg) == 0
                                     : has_text(app, st->arg)) {
            s->wait_start_ms = 0;
            break;
        }
        int64_t now = kclock_mono_ms(kclock_system());
        if (!s->wait_start_ms)
            s->wait_start_ms = now;
        if (now - s->wait_start_ms > WAIT_LIMIT_MS) {
            snprintf(msg, sizeof msg, "%s %s did not come",
                     st->op == OP_WAIT_SCREEN ? "screen" : "text", st->arg);
            return fail(app, st, msg);
        }
        kclock_sleep_ms(kclock_system(), 2);
        return true;
    }
    case OP_TEXT:
        if (!has_text(app, st->arg)) {
            snprintf(msg, sizeof msg, "no \"%s\" on screen", st->arg);
            return fail(app, st, msg);
        }
        break;
    case OP_NO_TEXT:
        if (has_text(app, st->arg)) {
            snprintf(msg, sizeof msg, "\"%s\" still on screen", st->arg);
            return fail(app, st, msg);
        }
        break;
    case OP_SHOT:
        if (app->opts.out_dir) {
            struct image *img = display_read_canvas(&app->disp);
            char path[4200];
            snprintf(path, sizeof path, "%s/%s.png", app->opts.out_dir, st->arg);
            if (img)
                image_write_png(img, path);
            image_destroy(img);
        }
        break;
    case OP_FRAMES:
        s->settle = (int)st->n;
        break;
    }
    s->next++;
    return true;
}
