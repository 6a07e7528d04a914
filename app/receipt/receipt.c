/* app/receipt/receipt.c: receipt content from a case, its layout as a 1-bit bitmap, and
 * printing it (see receipt.h). App layer, receipt.
 *
 * Errors: E220 missing field, E221 text cannot be drawn, E222 QR cannot be drawn, E223
 * unknown id in the case, E224 deadline not computable, E225 receipt too tall.
 */
#include "app/receipt/receipt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/receipt/qr.h"
#include "drivers/printer/printer.h"
#include "platform/fsutil.h"
#include "platform/linebreak.h"
#include "platform/log.h"
#include "platform/paths.h"
#include "platform/textras.h"
#include "platform/xalloc.h"

/* ---- content ---------------------------------------------------------------------------- */

static const char *kv(const struct service_kv *list, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(list[i].key, key) == 0)
            return list[i].text;
    return NULL;
}

/* Length in bytes of the UTF-8 sequence starting with byte c. */
static size_t cp_len(unsigned char c)
{
    return c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
}

/* Replace {1}..{9} in tmpl by args[0..nargs-1] into out (size n). */
static void fill(char *out, size_t n, const char *tmpl, const char *const *args, int nargs)
{
    size_t o = 0;
    for (const char *s = tmpl; *s && o + 1 < n; s++) {
        if (s[0] == '{' && s[1] >= '1' && s[1] <= '9' && s[2] == '}' && s[1] - '1' < nargs) {
            const char *a = args[s[1] - '1'];
            size_t k = strlen(a);
            if (o + k >= n)
                k = n - 1 - o;
            memcpy(out + o, a, k);
            o += k;
            s += 2;
        } else {
            out[o++] = *s;
        }
    }
    out[o] = '\0';
}

enum kerr receipt_data_from_case(const struct service *svc, const struct calendar *cal,
                                 const struct receipt_case *c, struct receipt_data *d, char *err,
                                 size_t errlen)
{
    memset(d, 0, sizeof(*d));
    const struct service_kv *L = svc->receipt_labels;
    size_t nl = svc->n_receipt_labels;
    d->title = svc->receipt_title;
    d->label = (struct receipt_labels){
        .code = kv(L, nl, "code"),
        .name = kv(L, nl, "name"),
        .district = kv(L, nl, "district"),
        .submitted = kv(L, nl, "submitted"),
        .matters = kv(L, nl, "matters"),
        .materials = kv(L, nl, "materials"),
        .deadline = kv(L, nl, "deadline"),
        .delivery = kv(L, nl, "delivery"),
        .consult = kv(L, nl, "consult"),
        .supervise = kv(L, nl, "supervise"),
        .captured = kv(L, nl, "captured"),
        .to_window = kv(L, nl, "to_window"),
        .not_now = kv(L, nl, "not_now"),
        .window = kv(L, nl, "window"),
        .address = kv(L, nl, "address"),
        .hours = kv(L, nl, "hours"),
    };
    d->code = c->code;
    d->name_masked = log_mask_name(c->name ? c->name : "", d->buf_name, sizeof(d->buf_name));
    const struct service_district *dist =
        service_district(svc, c->district_id ? c->district_id : "");
    if (!dist) {
        snprintf(err, errlen, "E223: unknown district \"%s\"",
                 c->district_id ? c->district_id : "");
        return K_ERR_NOT_FOUND;
    }
    d->district = dist->name;
    /* The hall's own phone when configured, else the district's (the plan gives none for the
     * city level: then nothing is invented). */
    d->consult_phone = c->hall_phone && c->hall_phone[0] ? c->hall_phone : dist->phone;
    d->supervision_phone = svc->supervision_phone;
    snprintf(d->buf_submitted, sizeof(d->buf_submitted), "%04d年%d月%d日 %02d:%02d",
             c->submitted.year, c->submitted.month, c->submitted.day, c->hour, c->minute);
    d->submitted = d->buf_submitted;
    const struct service_kv *LL = svc->receipt_lines;
    size_t nll = svc->n_receipt_lines;
    for (size_t i = 0; i < c->n_matters && i < RECEIPT_MAX_MATTERS; i++) {
        const struct service_matter *m = service_matter(svc, c->matter_ids[i]);
        if (!m) {
            snprintf(err, errlen, "E223: unknown matter \"%s\"", c->matter_ids[i]);
            return K_ERR_NOT_FOUND;
        }
        d->matters[d->n_matters] = m->name;
        d->promises[d->n_matters] = m->promise && m->promise[0] ? m->promise : NULL;
        d->departments[d->n_matters++] =
            m->department < svc->n_departments ? svc->departments[m->department].name : NULL;
        /* The ID card needs the applicant at the window (face and fingerprints). */
        const char *ip = kv(LL, nll, "in_person");
        if (m->in_person && ip && !d->in_person) {
            const char *a[] = {m->name, m->note ? m->note : ""};
            fill(d->buf_in_person, sizeof d->buf_in_person, ip, a, 2);
            d->in_person = d->buf_in_person;
        }
    }
    for (size_t i = 0; i < c->n_not_now && d->n_not_now < RECEIPT_MAX_MATTERS; i++) {
        const struct service_matter *m = service_matter(svc, c->not_now_ids[i]);
        if (!m) {
            snprintf(err, errlen, "E223: unknown matter \"%s\"", c->not_now_ids[i]);
            return K_ERR_NOT_FOUND;
        }
        const char *why = c->not_now_reasons ? c->not_now_reasons[i] : "";
        const char *adv = c->not_now_advice ? c->not_now_advice[i] : "";
        const char *tmpl = kv(LL, nll, adv && adv[0] ? "not_now_advice" : "not_now");
        const char *a[] = {why ? why : "", adv ? adv : ""};
        fill(d->buf_not_now[d->n_not_now], sizeof d->buf_not_now[0], tmpl ? tmpl : "{1}", a, 2);
        d->not_now[d->n_not_now] = m->name;
        d->not_now_why[d->n_not_now] = d->buf_not_now[d->n_not_now];
        d->n_not_now++;
    }
    /* Materials: the plan's own numbers; captured ones as submitted, and at the window what
     * was not captured plus the originals the plan asks to see. */
    const char *orig = kv(LL, nll, "original_mark");
    const char *pages = kv(LL, nll, "pages");
    for (size_t i = 0; i < c->n_materials && i < RECEIPT_MAX_MATERIALS; i++) {
        const struct service_material *m = service_material_by_number(svc, c->material_numbers[i]);
        if (!m) {
            snprintf(err, errlen, "E223: unknown material number %d", c->material_numbers[i]);
            return K_ERR_NOT_FOUND;
        }
        int np = c->material_pages ? c->material_pages[i] : 0;
        if (np > 0) {
            char n[16], suffix[96] = "";
            snprintf(n, sizeof n, "%d", np);
            const char *a[] = {n};
            if (pages)
                fill(suffix, sizeof suffix, pages, a, 1);
            snprintf(d->buf_material[d->n_materials], sizeof d->buf_material[0], "%d. %s%s",
                     m->number, m->name, suffix);
            d->materials[d->n_materials] = d->buf_material[d->n_materials];
            d->n_materials++;
        }
        if (np <= 0 || m->original) {
            snprintf(d->buf_window[d->n_to_window], sizeof d->buf_window[0], "%d. %s%s", m->number,
                     m->name, m->original && orig ? orig : "");
            d->to_window[d->n_to_window] = d->buf_window[d->n_to_window];
            d->n_to_window++;
        }
    }
    d->materials_note = d->n_to_window ? kv(LL, nll, "materials_at_window") : NULL;
    /* The window where the originals are verified. */
    if (c->hall_name && c->hall_name[0]) {
        const char *wn = kv(LL, nll, "window_name");
        const char *a[] = {c->hall_name};
        fill(d->buf_wname, sizeof d->buf_wname, wn ? wn : "{1}", a, 1);
        d->window_name = d->buf_wname;
    }
    d->window_address = c->hall_address && c->hall_address[0] ? c->hall_address : NULL;
    d->window_hours = c->hall_hours && c->hall_hours[0] ? c->hall_hours : NULL;
    if (c->delivery_ids) {
        for (size_t i = 0; i < c->n_delivery && i < RECEIPT_MAX_DELIVERY; i++) {
            const char *label = NULL;
            for (size_t k = 0; k < svc->n_delivery; k++)
                if (strcmp(svc->delivery[k].id, c->delivery_ids[i]) == 0)
                    label = svc->delivery[k].label;
            if (!label) {
                snprintf(err, errlen, "E223: unknown delivery way \"%s\"", c->delivery_ids[i]);
                return K_ERR_NOT_FOUND;
            }
            const char *ml = kv(LL, nll, "mail_to");
            if (strcmp(c->delivery_ids[i], "mail") == 0 && c->mail_address && c->mail_address[0] &&
                ml) {
                char masked[256];
                const char *a[] = {label,
                                   receipt_mask_address(c->mail_address, masked, sizeof masked)};
                fill(d->buf_delivery[i], sizeof d->buf_delivery[0], ml, a, 2);
                label = d->buf_delivery[i];
            }
            d->delivery[d->n_delivery++] = label;
        }
    } else {
        for (size_t k = 0; k < svc->n_delivery && k < RECEIPT_MAX_DELIVERY; k++)
            d->delivery[d->n_delivery++] = svc->delivery[k].label;
    }
    struct calendar_due due;
    if (calendar_deadline(cal, c->submitted, svc->time_limit_days, &due) != K_OK) {
        snprintf(err, errlen, "E224: no deadline %d working days after %04d-%02d-%02d",
                 svc->time_limit_days, c->submitted.year, c->submitted.month, c->submitted.day);
        return K_ERR_INVALID;
    }
    char date[64];
    snprintf(date, sizeof(date), "%d年%d月%d日", due.due.year, due.due.month, due.due.day);
    const char *tmpl = kv(LL, nll, "deadline");
    const char *args[] = {date, svc->time_limit_text ? svc->time_limit_text : ""};
    fill(d->buf_deadline, sizeof(d->buf_deadline), tmpl ? tmpl : "{1}", args, 2);
    d->deadline_line = d->buf_deadline;
    /* The date matters only when the wording shows it (the promise runs from the window's
     * verification of the originals, not from today). */
    if (due.beyond_tables && tmpl && strstr(tmpl, "{1}")) {
        const char *w = kv(LL, nll, "deadline_unsure");
        snprintf(d->buf_year, sizeof(d->buf_year), "%d", due.last_year);
        const char *wargs[] = {d->buf_year};
        fill(d->buf_warning, sizeof(d->buf_warning), w ? w : "{1}", wargs, 1);
        d->deadline_warning = d->buf_warning;
    }
    d->qr_payload = c->qr_payload;
    d->qr_hint = kv(LL, nll, "qr_hint");
    d->keep_line = kv(LL, nll, "keep");
    return K_OK;
}

const char *receipt_mask_address(const char *s, char *out, size_t n)
{
    /* The first 12 characters (province, city, district: enough to check), then ***. */
    size_t o = 0, chars = 0;
    const char *p = s;
    while (*p && chars < 12) {
        size_t k = cp_len((unsigned char)*p);
        if (o + k + 1 >= n)
            break;
        for (size_t j = 0; j < k && *p; j++)
            out[o++] = *p++;
        chars++;
    }
    out[o] = '\0';
    if (*p && o + 4 < n)
        str_append(out, n, "***");
    return out;
}

bool receipt_case_sample(int which, struct receipt_case *c)
{
    static const char *const one[] = {"report_in"};
    static const char *const all[] = {
        "report_in",          "subsidy",          "household",        "id_card",
        "flexible_insurance", "pension_transfer", "medical_transfer", "medical_enrol"};
    static const char *const two[] = {"household", "id_card"};
    static const int mat_one[] = {1, 2};
    static const int mat_all[] = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
    static const int mat_two[] = {1, 3, 4};
    /* all eight: some materials captured at the kiosk, the rest brought to the window */
    static const int pages_all[] = {1, 2, 1, 2, 0, 0, 1, 0, 0, 1, 0, 0};
    static const char *const by_post[] = {"mail", "lookup"};
    memset(c, 0, sizeof(*c));
    c->code = "K0001-000-01A7";
    c->qr_payload = "https://yjs.ordos.example/s/K0001-000-01A7?t=7QH3M9KX2D";
    c->hour = 10;
    c->minute = 5;
    switch (which) {
    case 0:
        c->name = "张三明";
        c->district_id = "dongsheng";
        c->submitted = (struct cdate){2026, 3, 16};
        c->matter_ids = one;
        c->n_matters = 1;
        c->material_numbers = mat_one;
        c->n_materials = 2;
        return true;
    case 1:
        c->name = "王建国";
        c->district_id = "kangbashi";
        c->submitted = (struct cdate){2026, 12, 10};
        c->matter_ids = all;
        c->n_matters = 8;
        c->material_numbers = mat_all;
        c->material_pages = pages_all;
        c->n_materials = 12;
        c->delivery_ids = by_post;
        c->n_delivery = 2;
        c->mail_address = "内蒙古自治区鄂尔多斯市康巴什区示例路1号";
        c->hall_name = "康巴什区政务服务中心";
        c->hall_address = "康巴什区示例路1号（示例）";
        c->hall_hours = "工作日 9:00-12:00，14:30-17:30（示例）";
        return true;
    case 2:
        c->name = "阿不都热合曼·买买提明江";
        c->district_id = "otog_front";
        c->submitted = (struct cdate){2026, 5, 6};
        c->matter_ids = two;
        c->n_matters = 2;
        c->material_numbers = mat_two;
        c->n_materials = 3;
        return true;
    case 3:
        c->name = "李文堃";
        c->district_id = "ejin_horo";
        c->submitted = (struct cdate){2026, 9, 30};
        c->matter_ids = one;
        c->n_matters = 1;
        c->material_numbers = mat_one;
        c->n_materials = 2;
        return true;
    default:
        return false;
    }
}

/* ---- layout ----------------------------------------------------------------------------- */

struct layout {
    int width, margin;
    struct textras_font *title, *big, *body;
    struct linebreak_dict *words; /* place names kept on one line */
    struct bitmap **rows;         /* pieces stacked top to bottom */
    int *xs;
    size_t n, cap;
    int height;
    enum kerr err;
    char *errbuf;
    size_t errlen;
    char *log; /* with receipt_compose_text: every text as composed, one per line */
    size_t log_len, log_cap;
};

static void log_text(struct layout *L, const char *s)
{
    if (!L->log && !L->log_cap)
        return;
    size_t k = strlen(s);
    if (L->log_len + k + 2 > L->log_cap) {
        L->log_cap = (L->log_len + k + 2) * 2;
        L->log = xrealloc(L->log, L->log_cap);
    }
    memcpy(L->log + L->log_len, s, k);
    L->log_len += k;
    L->log[L->log_len++] = '\n';
    L->log[L->log_len] = '\0';
}

static void add_piece(struct layout *L, struct bitmap *b, int x)
{
    if (L->n == L->cap) {
        L->cap = L->cap ? L->cap * 2 : 64;
        L->rows = xrealloc(L->rows, L->cap * sizeof(*L->rows));
        L->xs = xrealloc(L->xs, L->cap * sizeof(*L->xs));
    }
    L->rows[L->n] = b;
    L->xs[L->n++] = x;
    L->height += b->h;
}

static void gap(struct layout *L, int dots)
{
    add_piece(L, bitmap_create(L->width, dots), 0);
}

static void draw_line(struct layout *L, struct textras_font *f, const char *s, bool bold, int x,
                      bool centre)
{
    struct image *img = NULL;
    struct bitmap *b = NULL;
    if (textras_render(f, s, bold, &img) != K_OK || bitmap_from_image(img, 128, &b) != K_OK) {
        if (L->err == K_OK) {
            L->err = K_ERR_INVALID;
            snprintf(L->errbuf, L->errlen, "E221: text cannot be drawn (invalid UTF-8?)");
        }
        image_destroy(img);
        return;
    }
    image_destroy(img);
    if (centre)
        x = (L->width - b->w) / 2;
    add_piece(L, b, x < 0 ? 0 : x);
}

static int measure(void *ctx, const char *s, size_t n)
{
    char *tmp = xstrndup(s, n);
    int w = textras_width(ctx, tmp);
    free(tmp);
    return w;
}

/* The region names of the assets folder the font is in (ASSETS/fonts/x.otf ->
 * ASSETS/regions/regions.tsv); an empty dictionary when there is none. */
static struct linebreak_dict *load_words(const char *font_path)
{
    struct linebreak_dict *d = linebreak_dict_create();
    char *dir = xstrdup(font_path), *tsv = NULL;
    size_t len = 0;
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(dir, '/');
        if (slash)
            *slash = '\0';
        else
            dir[0] = '\0';
    }
    char *path = xasprintf("%s%sregions/regions.tsv", dir, dir[0] ? "/" : "");
    if (fs_read_file(path, 4u << 20, &tsv, &len) == K_OK)
        linebreak_dict_add_regions(d, tsv, len);
    free(tsv);
    free(path);
    free(dir);
    return d;
}

/* Draw text wrapped to the width by the Chinese line-breaking rules (platform/linebreak.h):
 * the first line at x0, continuation lines at indent. */
static void text(struct layout *L, struct textras_font *f, const char *s, bool bold, int x0,
                 int indent, bool centre)
{
    log_text(L, s);
    size_t n = 0;
    struct linebreak_line *l = linebreak_lines(
        s, L->width - L->margin - x0, L->width - L->margin - indent, measure, f, L->words, &n);
    for (size_t i = 0; i < n; i++) {
        if (l[i].end == l[i].start)
            continue;
        char *line = xstrndup(s + l[i].start, l[i].end - l[i].start);
        draw_line(L, f, line, bold, i == 0 ? x0 : indent, centre);
        free(line);
    }
    free(l);
}

/* "label：value" wrapped, continuation lines under the value. */
static void field(struct layout *L, const char *label, const char *value)
{
    if (!value || !value[0])
        return;
    char *s = xasprintf("%s%s%s", label ? label : "", label ? "：" : "", value);
    int indent =
        L->margin + (label ? textras_width(L->body, label) + textras_width(L->body, "：") : 0);
    if (indent > L->width / 2)
        indent = L->margin;
    text(L, L->body, s, false, L->margin, indent, false);
    free(s);
}

static void rule(struct layout *L)
{
    log_text(L, "--------");
    struct bitmap *b = bitmap_create(L->width, 9);
    for (int x = L->margin; x < L->width - L->margin; x++)
        if ((x / 4) % 2 == 0)
            bitmap_set(b, x, 4, true);
    add_piece(L, b, 0);
}

const char *receipt_font_path(const struct kconfig *cfg, char *out, size_t n)
{
    const char *assets =
        cfg && cfg->assets_dir && cfg->assets_dir[0] ? cfg->assets_dir : paths_default_assets();
    snprintf(out, n, "%s/fonts/NotoSansSC-GBK.otf", assets);
    return out;
}

/* An item of a list: "text" drawn at the list's indent. */
static void item(struct layout *L, const char *s)
{
    int indent = L->margin + textras_width(L->body, "00. ");
    text(L, L->body, s, false, L->margin + 8, indent + 8, false);
}

/* A list under its heading; nothing when empty. */
static void list(struct layout *L, const char *heading, const char *const *items, size_t n)
{
    if (!n)
        return;
    field(L, heading, " ");
    for (size_t i = 0; i < n; i++)
        item(L, items[i]);
}

static enum kerr compose(const struct receipt_data *d, const char *font_path, int width,
                         struct bitmap **out, char **text_out, char *err, size_t errlen)
{
    *out = NULL;
    if (text_out)
        *text_out = NULL;
    if (width != 384 && width != 576) {
        snprintf(err, errlen, "E220: receipt width %d is not 384 or 576", width);
        return K_ERR_INVALID;
    }
    if (!d->title || !d->code || !d->qr_payload || !d->title[0] || !d->code[0]) {
        snprintf(err, errlen, "E220: receipt lacks its title, code or QR payload");
        return K_ERR_INVALID;
    }
    bool wide = width == 576;
    struct layout L = {.width = width, .margin = wide ? 16 : 8, .errbuf = err, .errlen = errlen};
    if (text_out) {
        L.log_cap = 4096;
        L.log = xcalloc(L.log_cap, 1);
    }
    enum kerr e = textras_font_open(font_path, wide ? 34 : 26, &L.title, err, errlen);
    if (e == K_OK)
        e = textras_font_open(font_path, wide ? 48 : 36, &L.big, err, errlen);
    if (e == K_OK)
        e = textras_font_open(font_path, wide ? 26 : 22, &L.body, err, errlen);
    if (e != K_OK)
        goto out_fonts;
    L.words = load_words(font_path);

    gap(&L, 8);
    text(&L, L.title, d->title, true, L.margin, L.margin, true);
    gap(&L, 12);
    if (d->label.code)
        text(&L, L.body, d->label.code, false, L.margin, L.margin, true);
    text(&L, L.big, d->code, true, L.margin, L.margin, true);
    gap(&L, 8);
    rule(&L);
    field(&L, d->label.name, d->name_masked);
    field(&L, d->label.district, d->district);
    field(&L, d->label.submitted, d->submitted);
    /* Applied for, each with its department and the office's own promise where it has one. */
    if (d->n_matters) {
        field(&L, d->label.matters, " ");
        for (size_t i = 0; i < d->n_matters; i++) {
            char *s = d->departments[i] && d->departments[i][0]
                          ? xasprintf("%zu. %s（%s）", i + 1, d->matters[i], d->departments[i])
                          : xasprintf("%zu. %s", i + 1, d->matters[i]);
            item(&L, s);
            free(s);
            if (d->promises[i]) {
                int indent = L.margin + 8 + textras_width(L.body, "00. ");
                text(&L, L.body, d->promises[i], false, indent, indent, false);
            }
        }
    }
    field(&L, d->label.deadline, d->deadline_line);
    if (d->deadline_warning)
        text(&L, L.body, d->deadline_warning, false, L.margin, L.margin, false);
    /* Not possible now: never among the matters above; why and what to do. */
    if (d->n_not_now) {
        field(&L, d->label.not_now, " ");
        for (size_t i = 0; i < d->n_not_now; i++) {
            char *s = xasprintf("%s：%s", d->not_now[i], d->not_now_why[i]);
            item(&L, s);
            free(s);
        }
    }
    rule(&L);
    list(&L, d->label.captured ? d->label.captured : d->label.materials, d->materials,
         d->n_materials);
    list(&L, d->label.to_window ? d->label.to_window : d->label.materials, d->to_window,
         d->n_to_window);
    if (d->materials_note)
        text(&L, L.body, d->materials_note, false, L.margin, L.margin, false);
    if (d->in_person)
        text(&L, L.body, d->in_person, false, L.margin, L.margin, false);
    field(&L, d->label.window, d->window_name);
    field(&L, d->label.address, d->window_address);
    field(&L, d->label.hours, d->window_hours);
    if (d->n_delivery) {
        field(&L, d->label.delivery, d->delivery[0]);
        for (size_t i = 1; i < d->n_delivery; i++) {
            int indent = L.margin +
                         textras_width(L.body, d->label.delivery ? d->label.delivery : "") +
                         textras_width(L.body, "：");
            text(&L, L.body, d->delivery[i], false, indent, indent, false);
        }
    }
    field(&L, d->label.consult, d->consult_phone);
    field(&L, d->label.supervise, d->supervision_phone);
    rule(&L);
    gap(&L, 8);

    /* QR: the largest module size (at least 4 dots) that fits in about 60% of the width. */
    struct image *qr = NULL;
    int module = 0;
    for (int m = wide ? 8 : 6; m >= 4; m--) {
        image_destroy(qr);
        qr = NULL;
        if (qr_render(d->qr_payload, m, &qr) != K_OK)
            break;
        module = m;
        if (qr->w <= width * 6 / 10)
            break;
    }
    struct bitmap *qb = NULL;
    if (!qr || qr->w > width || bitmap_from_image(qr, 128, &qb) != K_OK) {
        if (L.err == K_OK) {
            L.err = K_ERR_INVALID;
            snprintf(err, errlen, "E222: QR of the payload cannot be drawn at >= 4 dots (%d)",
                     module);
        }
    } else {
        add_piece(&L, qb, (width - qb->w) / 2);
    }
    image_destroy(qr);
    log_text(&L, "[QR]");
    if (d->qr_hint)
        text(&L, L.body, d->qr_hint, false, L.margin, L.margin, true);
    if (d->keep_line)
        text(&L, L.body, d->keep_line, false, L.margin, L.margin, true);
    gap(&L, 16);

    e = L.err;
    if (e == K_OK && L.height > 32768) {
        e = K_ERR_TOO_LARGE;
        snprintf(err, errlen, "E225: receipt is %d dots tall", L.height);
    }
    if (e == K_OK) {
        struct bitmap *page = bitmap_create(width, L.height);
        int y = 0;
        for (size_t i = 0; i < L.n; i++) {
            bitmap_blit(page, L.rows[i], L.xs[i], y);
            y += L.rows[i]->h;
        }
        *out = page;
    }
    for (size_t i = 0; i < L.n; i++)
        bitmap_destroy(L.rows[i]);
    free(L.rows);
    free(L.xs);
out_fonts:
    linebreak_dict_destroy(L.words);
    textras_font_close(L.title);
    textras_font_close(L.big);
    textras_font_close(L.body);
    if (text_out && e == K_OK)
        *text_out = L.log;
    else
        free(L.log);
    return e;
}

enum kerr receipt_compose(const struct receipt_data *d, const char *font_path, int width,
                          struct bitmap **out, char *err, size_t errlen)
{
    return compose(d, font_path, width, out, NULL, err, errlen);
}

enum kerr receipt_compose_text(const struct receipt_data *d, const char *font_path, int width,
                               struct bitmap **out, char **text, char *err, size_t errlen)
{
    return compose(d, font_path, width, out, text, err, errlen);
}

/* ---- printing --------------------------------------------------------------------------- */

enum kerr receipt_print(const struct kconfig *cfg, const struct receipt_data *d, char *err,
                        size_t n)
{
    char font[4096];
    struct bitmap *bmp = NULL;
    int width = (int)cfg->printer_width;
    enum kerr e =
        receipt_compose(d, receipt_font_path(cfg, font, sizeof(font)), width, &bmp, err, n);
    if (e != K_OK)
        return e;
    struct printer *p = printer_open(cfg->printer_driver, cfg->printer_device, width, err, n);
    if (!p) {
        bitmap_destroy(bmp);
        return K_ERR_NO_DEVICE;
    }
    e = printer_print(p, bmp);
    if (e != K_OK)
        snprintf(err, n, "%s", p->error);
    printer_close(p);
    bitmap_destroy(bmp);
    return e;
}
