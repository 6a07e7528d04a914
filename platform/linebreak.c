/* platform/linebreak.c: Chinese line breaking (platform layer). See linebreak.h. */
#include "platform/linebreak.h"

#include <stdlib.h>
#include <string.h>

#include "platform/utf8.h"
#include "platform/xalloc.h"

#define WORD_MAX_CPS 16

struct linebreak_dict {
    char **words; /* sorted, unique */
    size_t n, cap;
    size_t max_bytes;
};

/* One code point at s (len > 0 bytes left) through the one decoder; an invalid byte counts as
 * one code point U+FFFD, so that text with bad bytes still breaks somewhere. */
static size_t decode(const unsigned char *s, size_t len, unsigned *cp)
{
    uint32_t v = 0;
    size_t n = utf8_decode((const char *)s, len, &v);
    if (!n) {
        *cp = 0xFFFD;
        return 1;
    }
    *cp = v;
    return n;
}

static size_t count_cps(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; k++) {
        unsigned cp;
        i += decode((const unsigned char *)s + i, n - i, &cp);
    }
    return k;
}

struct linebreak_dict *linebreak_dict_create(void)
{
    return xcalloc(1, sizeof(struct linebreak_dict));
}

void linebreak_dict_destroy(struct linebreak_dict *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        free(d->words[i]);
    free(d->words);
    free(d);
}

size_t linebreak_dict_count(const struct linebreak_dict *d)
{
    return d ? d->n : 0;
}

/* Index of the first word >= (s, n) in sort order; *found when equal. */
static size_t lower_bound(const struct linebreak_dict *d, const char *s, size_t n, bool *found)
{
    size_t lo = 0, hi = d->n;
    *found = false;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        const char *w = d->words[mid];
        size_t wl = strlen(w);
        int c = memcmp(w, s, wl < n ? wl : n);
        if (c == 0)
            c = wl < n ? -1 : wl > n ? 1 : 0;
        if (c < 0) {
            lo = mid + 1;
        } else {
            hi = mid;
            if (c == 0)
                *found = true;
        }
    }
    return lo;
}

void linebreak_dict_add(struct linebreak_dict *d, const char *word, size_t n)
{
    size_t cps = count_cps(word, n);
    if (!d || cps < 2 || cps > WORD_MAX_CPS || memchr(word, '\0', n))
        return;
    bool found;
    size_t at = lower_bound(d, word, n, &found);
    if (found)
        return;
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 256;
        d->words = xrealloc(d->words, d->cap * sizeof d->words[0]);
    }
    memmove(d->words + at + 1, d->words + at, (d->n - at) * sizeof d->words[0]);
    d->words[at] = xstrndup(word, n);
    d->n++;
    if (n > d->max_bytes)
        d->max_bytes = n;
}

/* Administrative suffixes, longest first; a name's stem (鄂尔多斯 of 鄂尔多斯市) is a word
 * too when it keeps at least two characters. */
static const char *const suffixes[] = {"自治区", "自治州", "自治旗", "自治县", "街道",
                                       "苏木",   "地区",   "省",     "市",     "区",
                                       "县",     "旗",     "盟",     "镇",     "乡"};

size_t linebreak_dict_add_regions(struct linebreak_dict *d, const char *text, size_t len)
{
    size_t before = d->n;
    size_t i = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - text) : len;
        const char *line = text + i;
        size_t ll = end - i;
        i = end + 1;
        if (ll && line[ll - 1] == '\r')
            ll--;
        const char *tab = ll && line[0] != '#' ? memchr(line, '\t', ll) : NULL;
        if (!tab)
            continue;
        const char *name = tab + 1;
        size_t nl2 = ll - (size_t)(name - line);
        /* Placeholder levels, not names a person reads. */
        if ((nl2 == strlen("市辖区") && memcmp(name, "市辖区", nl2) == 0) ||
            memcmp(name, "省直辖", nl2 < strlen("省直辖") ? nl2 : strlen("省直辖")) == 0)
            continue;
        linebreak_dict_add(d, name, nl2);
        for (size_t k = 0; k < sizeof suffixes / sizeof suffixes[0]; k++) {
            size_t sl = strlen(suffixes[k]);
            if (nl2 > sl && memcmp(name + nl2 - sl, suffixes[k], sl) == 0) {
                linebreak_dict_add(d, name, nl2 - sl);
                break;
            }
        }
    }
    return d->n - before;
}

/* Marks that may not begin a line (clreq "line-start prohibition"). */
static bool is_close(unsigned c)
{
    static const unsigned set[] = {0x3001, 0x3002, 0xFF0C, 0xFF1B, 0xFF1A, 0xFF1F, 0xFF01, 0xFF09,
                                   0x300B, 0x300D, 0x300F, 0x3011, 0x3015, 0x3009, 0x3017, 0x201D,
                                   0x2019, 0x2026, 0x2014, 0xFF05, 0x00B7, 0xFF0E, 0x30FB, 0xFF3D,
                                   0xFF5D, 0x2030, 0x2103, 0xFE50, 0xFE51, 0xFE52, ')',    ']',
                                   '}',    ',',    '.',    ';',    ':',    '?',    '!',    '%'};
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == c)
            return true;
    return false;
}

/* Marks that may not end a line. */
static bool is_open(unsigned c)
{
    static const unsigned set[] = {0xFF08, 0x300A, 0x300C, 0x300E, 0x3010, 0x3014, 0x3008, 0x3016,
                                   0x201C, 0x2018, 0xFF3B, 0xFF5B, '(',    '[',    '{'};
    for (size_t i = 0; i < sizeof set / sizeof set[0]; i++)
        if (set[i] == c)
            return true;
    return false;
}

/* Letters, digits and their joiners: a run of them (0477-8575378, 2024.12.31, A4) is one
 * unit. Full-width digits and letters count too. */
static bool is_word(unsigned c)
{
    return (c > 0x20 && c < 0x7F && !is_open(c)) || (c >= 0xFF10 && c <= 0xFF19) ||
           (c >= 0xFF21 && c <= 0xFF3A) || (c >= 0xFF41 && c <= 0xFF5A);
}

static bool is_space(unsigned c)
{
    return c == ' ' || c == '\t' || c == 0x3000;
}

struct para {
    const char *text;
    const unsigned *cp;
    const size_t *off; /* byte offset of each code point; off[count] = length */
    bool *nobreak;     /* nobreak[i]: no break before code point i */
    linebreak_measure_fn measure;
    void *ctx;
};

/* End of a line [s, e) without its trailing spaces. */
static size_t trim_end(const struct para *p, size_t s, size_t e)
{
    while (e > s && is_space(p->cp[e - 1]))
        e--;
    return e;
}

static int width_of(const struct para *p, size_t s, size_t e)
{
    e = trim_end(p, s, e);
    return p->measure(p->ctx, p->text + p->off[s], p->off[e] - p->off[s]);
}

/* The largest e in [s, pe] with width_of(s, e) <= w (s itself, the empty line, always fits).
 * Widths grow with e, so the search gallops from hint (where the line probably ends) and then
 * bisects: a handful of measurements a line instead of one for every code point of it (each
 * one shapes the text so far). */
static size_t last_fit(const struct para *p, size_t s, size_t pe, int w, size_t hint)
{
    size_t fit = s, bad = pe + 1, step = 1;
    size_t e = hint <= s ? s + 1 : (hint > pe ? pe : hint);
    if (width_of(p, s, e) <= w) {
        fit = e;
        while (fit < pe) {
            e = pe - fit > step ? fit + step : pe;
            if (width_of(p, s, e) > w) {
                bad = e;
                break;
            }
            fit = e;
            step *= 2;
        }
    } else {
        bad = e;
        while (bad > s + 1) {
            e = bad - s > step ? bad - step : s + 1;
            if (width_of(p, s, e) <= w) {
                fit = e;
                break;
            }
            bad = e;
            step *= 2;
        }
    }
    while (bad - fit > 1) {
        size_t mid = fit + (bad - fit) / 2;
        if (width_of(p, s, mid) > w)
            bad = mid;
        else
            fit = mid;
    }
    return fit;
}

/* The end of the line starting at s in the paragraph ending at pe: the furthest allowed break
 * that fits w; when even the first unit does not fit, the furthest code point that does
 * (at least one). prev: the length of the line before in this paragraph (0: none); lines of
 * a paragraph are about as long as each other. A paragraph's first line is first measured
 * whole: most texts (labels, buttons) fit on one line; when not, its width tells where the
 * line about ends. */
static size_t line_end(const struct para *p, size_t s, size_t pe, int w, size_t prev)
{
    if (w <= 0 || s >= pe)
        return pe;
    size_t hint = s + prev;
    if (!prev) {
        int whole = width_of(p, s, pe);
        if (whole <= w)
            return pe;
        hint = s + (size_t)((double)(pe - s) * w / whole);
    }
    size_t fit = last_fit(p, s, pe, w, hint);
    for (size_t e = fit; e > s; e--)
        if (e == pe || !p->nobreak[e])
            return e;
    return fit > s ? fit : s + 1;
}

/* Mark the breaks a paragraph [ps, pe) may not take. */
static void mark_rules(struct para *p, size_t ps, size_t pe, const struct linebreak_dict *dict)
{
    for (size_t i = ps + 1; i < pe; i++) {
        unsigned a = p->cp[i - 1], b = p->cp[i];
        bool no = is_close(b) || is_open(a) || is_space(b) || (is_word(a) && is_word(b));
        if (is_space(a) && !is_close(b))
            no = is_space(b);
        p->nobreak[i] = no;
    }
    if (!dict || !dict->n)
        return;
    for (size_t i = ps; i + 1 < pe;) {
        size_t hit = 0;
        for (size_t l = WORD_MAX_CPS; l >= 2; l--) {
            if (i + l > pe || p->off[i + l] - p->off[i] > dict->max_bytes)
                continue;
            bool found;
            lower_bound(dict, p->text + p->off[i], p->off[i + l] - p->off[i], &found);
            if (found) {
                hit = l;
                break;
            }
        }
        for (size_t k = 1; k < hit; k++)
            p->nobreak[i + k] = true;
        i += hit ? hit : 1;
    }
}

struct linebreak_line *linebreak_lines(const char *text, int first_w, int rest_w,
                                       linebreak_measure_fn measure, void *ctx,
                                       const struct linebreak_dict *dict, size_t *n)
{
    size_t len = strlen(text), count = 0;
    unsigned *cp = xcalloc(len + 1, sizeof *cp);
    size_t *off = xcalloc(len + 1, sizeof *off);
    bool *nobreak = xcalloc(len + 1, sizeof *nobreak);
    for (size_t i = 0; i < len; count++) {
        off[count] = i;
        i += decode((const unsigned char *)text + i, len - i, &cp[count]);
    }
    off[count] = len;
    struct para p = {text, cp, off, nobreak, measure, ctx};
    size_t cap = 8, k = 0;
    struct linebreak_line *out = xcalloc(cap, sizeof *out);
    size_t ps = 0;
    for (;;) {
        size_t pe = ps;
        while (pe < count && cp[pe] != '\n')
            pe++;
        mark_rules(&p, ps, pe, dict);
        size_t first = k, s = ps, len_before = 0;
        do {
            size_t e = line_end(&p, s, pe, k == 0 ? first_w : rest_w, len_before);
            len_before = e - s;
            if (k == cap)
                out = xrealloc(out, (cap *= 2) * sizeof *out);
            out[k++] = (struct linebreak_line){s, e}; /* code point indices for now */
            s = e;
        } while (s < pe);
        /* A last line of one character (with its closing marks: 理。) takes one more unit from
         * the line before, when that line has an earlier break and the last line still fits. */
        size_t last = k - 1, letters = 0;
        for (size_t i = out[last].start; i < trim_end(&p, out[last].start, out[last].end); i++)
            letters += !is_close(cp[i]);
        if (last > first && letters <= 1) {
            struct linebreak_line *pl = &out[last - 1];
            for (size_t e = pl->end - 1; e > pl->start; e--) {
                if (nobreak[e])
                    continue;
                if (width_of(&p, e, pe) <= rest_w || rest_w <= 0) {
                    pl->end = e;
                    out[last].start = e;
                }
                break;
            }
        }
        for (size_t i = first; i < k; i++)
            out[i] = (struct linebreak_line){off[out[i].start],
                                             off[trim_end(&p, out[i].start, out[i].end)]};
        if (pe >= count)
            break;
        ps = pe + 1;
    }
    free(cp);
    free(off);
    free(nobreak);
    *n = k;
    return out;
}
