/* app/receipt/receipt.c: the receipt composer and its builder (app layer, receipt).
 *
 * Owns the fonts of a struct receipt. Draws with SDL_ttf's solid (not anti-aliased)
 * renderer, whose 8-bit palette output maps directly to printed dots.
 */
#include "app/receipt/receipt.h"

#include <SDL_ttf.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/date.h"
#include "app/receipt/qr.h"
#include "platform/log.h"
#include "platform/xalloc.h"

#define MAX_ROWS    32768
#define PLACEHOLDER 0x25A1u /* □ */

enum font_kind { F_SMALL, F_BODY, F_TITLE, F_CODE, F__COUNT };

struct receipt {
    int width, margin;
    TTF_Font *font[F__COUNT];
    bool ttf_init;
};

static void set_err(char *err, size_t errlen, const char *fmt, ...)
{
    if (!err || !errlen)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err, errlen, fmt, ap);
    va_end(ap);
}

struct receipt *receipt_create(const char *font_path, int width, char *err, size_t errlen)
{
    if (width != 384 && width != 576) {
        set_err(err, errlen, "E215: receipt width %d dots is not 384 or 576", width);
        return NULL;
    }
    if (TTF_Init() != 0) {
        set_err(err, errlen, "E215: SDL_ttf: %s", TTF_GetError());
        return NULL;
    }
    struct receipt *r = xcalloc(1, sizeof(*r));
    r->ttf_init = true;
    r->width = width;
    r->margin = width == 384 ? 8 : 16;
    /* Sizes in dots (203 dpi): body 24 dots = 3 mm, the usual printer font height. */
    const int px384[F__COUNT] = {20, 24, 32, 44};
    const int px576[F__COUNT] = {24, 28, 40, 60};
    for (int i = 0; i < F__COUNT; i++) {
        r->font[i] = TTF_OpenFont(font_path, width == 384 ? px384[i] : px576[i]);
        if (!r->font[i]) {
            set_err(err, errlen, "E215: cannot open font %s: %s", font_path, TTF_GetError());
            receipt_destroy(r);
            return NULL;
        }
        TTF_SetFontHinting(r->font[i], TTF_HINTING_MONO);
    }
    return r;
}

void receipt_destroy(struct receipt *r)
{
    if (!r)
        return;
    for (int i = 0; i < F__COUNT; i++)
        if (r->font[i])
            TTF_CloseFont(r->font[i]);
    if (r->ttf_init)
        TTF_Quit();
    free(r);
}

/* Next code point of s at *i (advanced); invalid UTF-8 gives PLACEHOLDER for one byte. */
static unsigned next_cp(const char *s, size_t *i)
{
    const unsigned char *u = (const unsigned char *)s + *i;
    unsigned cp;
    int n;
    if (u[0] < 0x80) {
        *i += 1;
        return u[0];
    } else if ((u[0] & 0xE0) == 0xC0) {
        cp = u[0] & 0x1Fu, n = 1;
    } else if ((u[0] & 0xF0) == 0xE0) {
        cp = u[0] & 0x0Fu, n = 2;
    } else if ((u[0] & 0xF8) == 0xF0) {
        cp = u[0] & 0x07u, n = 3;
    } else {
        *i += 1;
        return PLACEHOLDER;
    }
    for (int k = 1; k <= n; k++) {
        if ((u[k] & 0xC0) != 0x80) {
            *i += 1;
            return PLACEHOLDER;
        }
        cp = (cp << 6) | (u[k] & 0x3Fu);
    }
    *i += (size_t)n + 1;
    if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
        cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
        return PLACEHOLDER;
    return cp;
}

static size_t put_cp(char *out, unsigned cp)
{
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    } else if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    } else if (cp < 0x10000) {
        out[0] = (char)(0xE0 | (cp >> 12));
        out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        out[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    out[0] = (char)(0xF0 | (cp >> 18));
    out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* A canvas that grows downwards: y is the next free row. */
struct canvas {
    struct receipt *r;
    struct bitmap *bmp;
    int y;
    bool overflow;
};

/* Draw one line of already clean UTF-8 at x (or centred when x < 0). */
static void draw_line(struct canvas *c, TTF_Font *font, const char *text, int x)
{
    int h = TTF_FontLineSkip(font);
    if (c->y + h > MAX_ROWS) {
        c->overflow = true;
        return;
    }
    if (*text) {
        SDL_Color black = {0, 0, 0, 255};
        SDL_Surface *s = TTF_RenderUTF8_Solid(font, text, black);
        if (s) {
            if (x < 0)
                x = (c->r->width - s->w) / 2;
            if (x < 0)
                x = 0;
            SDL_LockSurface(s);
            for (int yy = 0; yy < s->h; yy++) {
                const uint8_t *row = (const uint8_t *)s->pixels + (size_t)yy * (size_t)s->pitch;
                for (int xx = 0; xx < s->w; xx++)
                    if (row[xx])
                        bitmap_set(c->bmp, x + xx, c->y + yy, true);
            }
            SDL_UnlockSurface(s);
            SDL_FreeSurface(s);
        } else {
            log_warn("receipt", "E219: text render failed: %s", TTF_GetError());
        }
    }
    c->y += h;
}

/* Punctuation that must not start a line (it goes with the character before it). */
static bool no_line_start(unsigned cp)
{
    static const unsigned set[] = {0x201D, 0xFF0C, 0x3002, 0xFF09, 0x3001, 0xFF1A, 0xFF1B, 0xFF01,
                                   0xFF1F, 0x300B, 0x300D, ',',    '.',    ')',    ':',    ';'};
    for (size_t i = 0; i < sizeof(set) / sizeof(set[0]); i++)
        if (cp == set[i])
            return true;
    return false;
}

static bool is_word_cp(unsigned cp)
{
    return (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z') ||
           cp == '-' || cp == '.' || cp == '/' || cp == ':';
}

/* Draw text wrapped to the paper: lines after the first start at x + indent. Code points the
 * font lacks become the placeholder; CJK breaks anywhere, ASCII words are kept whole when
 * they fit on a line. centred: each line centred. */
static void draw_text(struct canvas *c, enum font_kind fk, const char *text, int indent,
                      bool centred)
{
    if (!text || !*text)
        return;
    TTF_Font *font = c->r->font[fk];
    unsigned placeholder = TTF_GlyphIsProvided32(font, PLACEHOLDER) ? PLACEHOLDER : '?';
    int x0 = c->r->margin, right = c->r->width - c->r->margin;
    size_t len = strlen(text), i = 0;
    char *line = xcalloc(1, len * 4 + 8);
    size_t ll = 0, word_start = 0; /* byte offset in line where the current ASCII word began */
    size_t word_src = 0;           /* its offset in text */
    int lw = 0, word_w = 0;
    int x = x0;
    size_t prev_ll = 0, prev_src = 0; /* where the last code point began, in line and text */
    while (i < len) {
        size_t at = i;
        unsigned cp = next_cp(text, &i);
        if (cp == '\n') {
            line[ll] = 0;
            draw_line(c, font, line, centred ? -1 : x);
            ll = 0, lw = 0, word_w = 0, x = x0 + indent;
            continue;
        }
        if (cp < 0x20 || cp == 0x7F)
            cp = ' ';
        else if (!TTF_GlyphIsProvided32(font, cp))
            cp = placeholder;
        int adv = 0;
        if (TTF_GlyphMetrics32(font, cp, NULL, NULL, NULL, NULL, &adv) != 0)
            adv = TTF_FontHeight(font);
        if (is_word_cp(cp)) {
            if (!word_w)
                word_start = ll, word_src = at;
            word_w += adv;
        } else {
            word_w = 0;
        }
        if (ll && x + lw + adv > right) {
            /* Break: before the ASCII word when the word would fit on a line by itself. */
            if (word_w && word_start > 0 && word_w <= right - (x0 + indent)) {
                line[word_start] = 0;
                draw_line(c, font, line, centred ? -1 : x);
                i = word_src;
            } else if (no_line_start(cp) && prev_ll > 0) {
                line[prev_ll] = 0;
                draw_line(c, font, line, centred ? -1 : x);
                i = prev_src;
            } else {
                line[ll] = 0;
                draw_line(c, font, line, centred ? -1 : x);
                i = at;
            }
            ll = 0, lw = 0, word_w = 0, prev_ll = 0, x = x0 + indent;
            if (cp == ' ' && i == at)
                i = at + 1; /* a space at a break is dropped */
            continue;
        }
        prev_ll = ll, prev_src = at;
        ll += put_cp(line + ll, cp);
        lw += adv;
    }
    if (ll) {
        line[ll] = 0;
        draw_line(c, font, line, centred ? -1 : x);
    }
    free(line);
}

static void gap(struct canvas *c, int dots)
{
    c->y += dots;
    if (c->y > MAX_ROWS)
        c->overflow = true;
}

static void rule(struct canvas *c)
{
    gap(c, 6);
    if (c->overflow)
        return;
    for (int y = c->y; y < c->y + 2 && y < MAX_ROWS; y++)
        for (int x = c->r->margin; x < c->r->width - c->r->margin; x++)
            bitmap_set(c->bmp, x, y, true);
    gap(c, 8);
}

static bool has(const char *s)
{
    return s && *s;
}

/* "label：value" with the value's continuation lines indented under the value. */
static void field(struct canvas *c, const char *label, const char *value)
{
    if (!has(value))
        return;
    char buf[1024];
    if (has(label))
        snprintf(buf, sizeof(buf), "%s：%s", label, value);
    else
        snprintf(buf, sizeof(buf), "%s", value);
    draw_text(c, F_BODY, buf, 0, false);
}

static void heading(struct canvas *c, const char *label)
{
    if (has(label)) {
        char buf[256];
        snprintf(buf, sizeof(buf), "%s：", label);
        draw_text(c, F_BODY, buf, 0, false);
    }
}

enum kerr receipt_compose(struct receipt *r, const struct receipt_data *d, struct bitmap **out,
                          char *err, size_t errlen)
{
    *out = NULL;
    if (!has(d->qr_payload)) {
        set_err(err, errlen, "E216: receipt has no QR payload");
        return K_ERR_INVALID;
    }
    /* The QR first: its size decides nothing else, but a bad payload fails early. */
    struct image *probe = NULL;
    enum kerr e = qr_render(d->qr_payload, 1, &probe);
    if (e != K_OK) {
        set_err(err, errlen, "E216: QR payload is empty, not printable ASCII or too long");
        return K_ERR_INVALID;
    }
    int avail = r->width - 2 * r->margin;
    int module = (avail * 2 / 3) / probe->w;
    if (module > 8)
        module = 8;
    int qr_side = probe->w;
    image_destroy(probe);
    if (module < RECEIPT_QR_MODULE_MIN) {
        if (qr_side * RECEIPT_QR_MODULE_MIN > avail) {
            set_err(err, errlen, "E216: QR payload too long for %d dots at %d dots a module",
                    r->width, RECEIPT_QR_MODULE_MIN);
            return K_ERR_INVALID;
        }
        module = RECEIPT_QR_MODULE_MIN;
    }
    struct image *qr = NULL;
    if (qr_render(d->qr_payload, module, &qr) != K_OK) {
        set_err(err, errlen, "E216: QR cannot be drawn");
        return K_ERR_INVALID;
    }

    struct canvas c = {.r = r, .bmp = bitmap_create(r->width, MAX_ROWS), .y = 8};
    draw_text(&c, F_TITLE, d->title, 0, true);
    rule(&c);
    if (has(d->code)) {
        draw_text(&c, F_BODY, d->code_label, 0, true);
        draw_text(&c, F_CODE, d->code, 0, true);
        gap(&c, 4);
    }
    field(&c, d->name_label, d->name);
    field(&c, d->district_label, d->district);
    field(&c, d->submitted_label, d->submitted);
    if (d->n_matters) {
        rule(&c);
        heading(&c, d->matters_label);
        for (size_t i = 0; i < d->n_matters; i++) {
            char buf[512];
            snprintf(buf, sizeof(buf), "%zu. %s", i + 1, d->matters[i].name);
            draw_text(&c, F_BODY, buf, 24, false);
            if (has(d->matters[i].department)) {
                snprintf(buf, sizeof(buf), "    (%s)", d->matters[i].department);
                draw_text(&c, F_SMALL, buf, 24, false);
            }
        }
    }
    if (d->n_materials) {
        rule(&c);
        heading(&c, d->materials_label);
        for (size_t i = 0; i < d->n_materials; i++) {
            char buf[512];
            snprintf(buf, sizeof(buf), "· %s", d->materials[i]);
            draw_text(&c, F_BODY, buf, 24, false);
        }
        draw_text(&c, F_SMALL, d->materials_note, 0, false);
    }
    rule(&c);
    field(&c, d->deadline_label, d->deadline);
    draw_text(&c, F_SMALL, d->deadline_warning, 0, false);
    field(&c, d->delivery_label, d->delivery);
    field(&c, d->consult_label, d->consult_phone);
    field(&c, d->supervise_label, d->supervise_phone);
    rule(&c);
    if (c.y + qr->h > MAX_ROWS) {
        c.overflow = true;
    } else {
        int qx = (r->width - qr->w) / 2;
        for (int y = 0; y < qr->h; y++)
            for (int x = 0; x < qr->w; x++)
                if (qr->px[(size_t)y * qr->stride + (size_t)x] < 128)
                    bitmap_set(c.bmp, qx + x, c.y + y, true);
        c.y += qr->h;
    }
    image_destroy(qr);
    draw_text(&c, F_SMALL, d->qr_hint, 0, true);
    draw_text(&c, F_SMALL, d->keep, 0, true);
    gap(&c, 16);
    if (c.overflow) {
        bitmap_destroy(c.bmp);
        set_err(err, errlen, "E217: receipt longer than %d dots", MAX_ROWS);
        return K_ERR_TOO_LARGE;
    }
    struct bitmap *b = bitmap_create(r->width, c.y);
    memcpy(b->bits, c.bmp->bits, b->stride * (size_t)c.y);
    bitmap_destroy(c.bmp);
    *out = b;
    return K_OK;
}

/* Fill {1}..{9} in tmpl with args (n of them) into out. */
static void fill(char *out, size_t n, const char *tmpl, const char *const *args, int nargs)
{
    size_t o = 0;
    for (const char *p = tmpl; *p && o + 1 < n; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
            int k = p[1] - '1';
            const char *a = k < nargs && args[k] ? args[k] : "";
            size_t al = strlen(a);
            if (al > n - 1 - o)
                al = n - 1 - o;
            memcpy(out + o, a, al);
            o += al;
            p += 2;
            continue;
        }
        out[o++] = *p;
    }
    out[o] = 0;
}

static const char *kv(const struct service_kv *v, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (!strcmp(v[i].key, key))
            return v[i].text;
    return NULL;
}

enum kerr receipt_build(const struct service *svc, const struct calendar *cal,
                        const struct receipt_case *c, struct receipt_built *b, char *err,
                        size_t errlen)
{
    memset(b, 0, sizeof(*b));
    struct receipt_data *d = &b->data;
    const struct service_district *dist = c->district ? service_district(svc, c->district) : NULL;
    if (!dist) {
        set_err(err, errlen, "E218: unknown district \"%s\"", c->district ? c->district : "");
        return K_ERR_INVALID;
    }
    const struct service_delivery *del = NULL;
    for (size_t i = 0; i < svc->n_delivery; i++)
        if (!c->delivery || !strcmp(svc->delivery[i].id, c->delivery)) {
            del = &svc->delivery[i];
            break;
        }
    if (!del && (c->delivery || svc->n_delivery)) {
        set_err(err, errlen, "E218: unknown delivery \"%s\"", c->delivery ? c->delivery : "");
        return K_ERR_INVALID;
    }
    b->matter_lines = xcalloc(c->n_matters + 1, sizeof(*b->matter_lines));
    for (size_t i = 0; i < c->n_matters; i++) {
        if (c->matters[i] >= svc->n_matters) {
            set_err(err, errlen, "E218: unknown matter %zu", c->matters[i]);
            goto fail;
        }
        const struct service_matter *m = &svc->matters[c->matters[i]];
        b->matter_lines[i].name = m->name;
        b->matter_lines[i].department =
            m->department < svc->n_departments ? svc->departments[m->department].name : NULL;
    }
    b->material_names = xcalloc(c->n_materials + 1, sizeof(*b->material_names));
    for (size_t i = 0; i < c->n_materials; i++) {
        const struct service_material *m = service_material_by_number(svc, c->materials[i]);
        if (!m) {
            set_err(err, errlen, "E218: unknown material %d", c->materials[i]);
            goto fail;
        }
        b->material_names[i] = m->name;
    }
    struct calendar_due due;
    if (calendar_deadline(cal, c->day, svc->time_limit_days, &due) != K_OK) {
        set_err(err, errlen, "E218: no deadline for %d working days", svc->time_limit_days);
        goto fail;
    }
    const struct service_kv *L = svc->receipt_labels, *T = svc->receipt_lines;
    size_t nl = svc->n_receipt_labels, nt = svc->n_receipt_lines;
    char day[48], due_s[48];
    cdate_format_zh(c->day, day, sizeof(day));
    cdate_format_zh(due.due, due_s, sizeof(due_s));
    snprintf(b->submitted, sizeof(b->submitted), "%s %02d:%02d", day, c->hour, c->minute);
    log_mask_name(c->name ? c->name : "", b->name, sizeof(b->name));
    const char *dl = kv(T, nt, "deadline");
    const char *dargs[2] = {due_s, svc->time_limit_text};
    if (dl)
        fill(b->deadline, sizeof(b->deadline), dl, dargs, 2);
    else
        snprintf(b->deadline, sizeof(b->deadline), "%s", due_s);
    if (due.beyond_tables) {
        char year[16];
        snprintf(year, sizeof(year), "%d", due.last_year);
        const char *w = kv(T, nt, "deadline_unsure");
        const char *wargs[1] = {year};
        if (w)
            fill(b->warning, sizeof(b->warning), w, wargs, 1);
    }
    d->title = svc->receipt_title;
    d->code_label = kv(L, nl, "code");
    d->code = c->code;
    d->name_label = kv(L, nl, "name");
    d->name = b->name;
    d->district_label = kv(L, nl, "district");
    d->district = dist->name;
    d->submitted_label = kv(L, nl, "submitted");
    d->submitted = b->submitted;
    d->matters_label = kv(L, nl, "matters");
    d->matters = b->matter_lines;
    d->n_matters = c->n_matters;
    d->materials_label = kv(L, nl, "materials");
    d->materials = b->material_names;
    d->n_materials = c->n_materials;
    d->materials_note = kv(T, nt, "materials_at_window");
    d->deadline_label = kv(L, nl, "deadline");
    d->deadline = b->deadline;
    d->deadline_warning = b->warning[0] ? b->warning : NULL;
    d->delivery_label = kv(L, nl, "delivery");
    d->delivery = del ? del->label : NULL;
    d->consult_label = kv(L, nl, "consult");
    d->consult_phone = dist->phone;
    d->supervise_label = kv(L, nl, "supervise");
    d->supervise_phone = svc->supervision_phone;
    d->qr_payload = c->qr_url;
    d->qr_hint = kv(T, nt, "qr_hint");
    d->keep = kv(T, nt, "keep");
    return K_OK;
fail:
    receipt_built_finish(b);
    return K_ERR_INVALID;
}

void receipt_built_finish(struct receipt_built *b)
{
    if (!b)
        return;
    free(b->matter_lines);
    free((void *)b->material_names);
    memset(b, 0, sizeof(*b));
}
