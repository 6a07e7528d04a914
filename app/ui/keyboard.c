/* app/ui/keyboard.c: the on-screen keyboard widget (see keyboard.h). */
#include "app/ui/keyboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ui/handwriting.h"
#include "app/ui/ime.h"
#include "app/ui/ime_font.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/utf8.h"
#include "platform/xalloc.h"

void ui_keyboard_init(struct ui_keyboard *kb, const char *font_path, const char *ime_data_dir,
                      const char *hw_model)
{
    str_copy(kb->font_path, sizeof kb->font_path, font_path ? font_path : "");
    str_copy(kb->ime_data_dir, sizeof kb->ime_data_dir, ime_data_dir ? ime_data_dir : "");
    str_copy(kb->hw_model, sizeof kb->hw_model, hw_model ? hw_model : "");
}

static void open_font(struct ui_keyboard *kb)
{
    if (!kb->ime_font && !kb->font_failed) {
        kb->ime_font = ime_font_open(kb->font_path[0] ? kb->font_path : NULL);
        kb->font_failed = !kb->ime_font;
    }
}

void ui_keyboard_start(struct ui_keyboard *kb)
{
    if (kb->ime || kb->ime_failed)
        return;
    char e[256];
    open_font(kb);
    struct ime_options o = {.data_dir = kb->ime_data_dir[0] ? kb->ime_data_dir : NULL,
                            .can_draw = kb->ime_font ? ime_font_can_draw : NULL,
                            .can_draw_ud = kb->ime_font};
    /* Returns at once: librime starts on its own thread, so the first frame never waits. */
    if (ime_create(&o, &kb->ime, e, sizeof e) != K_OK) {
        log_warn("ui", "input method unavailable, letters are typed as they are: %s", e);
        kb->ime_failed = true;
    }
}

/* The recognizer, created when the 手写 tab is first opened (its model loads on its own
 * thread, so the frame does not wait). */
static void start_handwriting(struct ui_keyboard *kb)
{
    if (kb->hw || kb->hw_failed)
        return;
    char e[4400];
    open_font(kb);
    if (handwriting_create(kb->hw_model[0] ? kb->hw_model : NULL, &kb->hw, e, sizeof e) != K_OK) {
        log_warn("ui", "handwriting unavailable: %s", e);
        kb->hw_failed = true;
    }
}

static void clear_ink(struct ui_keyboard *kb)
{
    int w = kb->ink.w, h = kb->ink.h;
    hw_ink_init(&kb->ink, w, h); /* zeroes every stroke (the keyboard lives on: not elided) */
    kb->in_stroke = false;
    kb->pending = false;
    memset(&kb->cands, 0, sizeof kb->cands);
    kb->cand_page = 0;
}

/* Keep the candidates the shipped font draws (the model knows characters beyond GBK). */
static void filter_cands(struct ui_keyboard *kb, struct hw_result *r)
{
    int n = 0;
    for (int i = 0; i < r->count; i++) {
        uint32_t cp = 0;
        size_t len = utf8_decode(r->cand[i], strlen(r->cand[i]), &cp);
        if (!len || r->cand[i][len] || (kb->ime_font && !ime_font_can_draw(cp, kb->ime_font)))
            continue;
        if (n != i)
            memcpy(r->cand[n], r->cand[i], sizeof r->cand[n]);
        n++;
    }
    r->count = n;
}

/* The writing pad in pad: pointer samples inside it become strokes (drawn as they are
 * written); a finished stroke asks the recognizer for candidates. */
static void writing_pad(struct ui *ui, struct ui_keyboard *kb, struct ui_rect pad)
{
    const struct ui_theme *t = ui_theme(ui);
    if (kb->ink.w != pad.w || kb->ink.h != pad.h) {
        hw_ink_init(&kb->ink, pad.w, pad.h);
        clear_ink(kb);
    }
    ui_fill(ui, pad, t->color[UI_C_PANEL]);
    ui_frame_rect(ui, pad, t->color[UI_C_BORDER], t->border);
    /* Guide lines (米字格's cross), light. */
    SDL_Renderer *rd = ui_renderer(ui);
    struct ui_color g = t->color[UI_C_DISABLED];
    SDL_SetRenderDrawColor(rd, g.r, g.g, g.b, 255);
    SDL_RenderDrawLine(rd, pad.x + pad.w / 2, pad.y + t->border, pad.x + pad.w / 2,
                       pad.y + pad.h - t->border - 1);
    SDL_RenderDrawLine(rd, pad.x + t->border, pad.y + pad.h / 2, pad.x + pad.w - t->border - 1,
                       pad.y + pad.h / 2);
    ui_record(ui, "kbd.pad", UI_W_OTHER, tr("kbd.hand.pad"), pad, t->font_px[UI_FONT_BODY],
              t->color[UI_C_TEXT], t->color[UI_C_PANEL], true);
    size_t n;
    const struct ui_sample *smp = ui_samples(ui, &n);
    bool ended = false;
    for (size_t i = 0; i < n; i++) {
        bool inside = smp[i].x >= pad.x && smp[i].y >= pad.y && smp[i].x < pad.x + pad.w &&
                      smp[i].y < pad.y + pad.h;
        if (!smp[i].down) {
            ended = ended || kb->in_stroke;
            kb->in_stroke = false;
            continue;
        }
        if (!inside)
            continue;
        if (!kb->in_stroke)
            kb->in_stroke = hw_ink_begin(&kb->ink, smp[i].x - pad.x, smp[i].y - pad.y);
        else
            hw_ink_add(&kb->ink, smp[i].x - pad.x, smp[i].y - pad.y);
        ui_touch_activity(ui); /* no timeout while writing */
    }
    if (ended && kb->hw && kb->ink.n_points) {
        /* The candidates shown are for fewer strokes: gone until the new ones come (a frame
         * or two), so that no stale one is picked. */
        handwriting_submit(kb->hw, &kb->ink);
        kb->pending = true;
        memset(&kb->cands, 0, sizeof kb->cands);
        kb->cand_page = 0;
    }
    struct ui_color ink = t->color[UI_C_TEXT];
    SDL_SetRenderDrawColor(rd, ink.r, ink.g, ink.b, 255);
    int p = 0;
    for (int s = 0; s < kb->ink.n_strokes; s++) {
        for (p++; p < kb->ink.stroke_end[s]; p++) {
            int x0 = pad.x + kb->ink.pts[p - 1].x, y0 = pad.y + kb->ink.pts[p - 1].y;
            int x1 = pad.x + kb->ink.pts[p].x, y1 = pad.y + kb->ink.pts[p].y;
            for (int d = -3; d <= 3; d++) {
                SDL_RenderDrawLine(rd, x0 + d, y0, x1 + d, y1);
                SDL_RenderDrawLine(rd, x0, y0 + d, x1, y1 + d);
            }
        }
        p = kb->ink.stroke_end[s];
    }
}

/* In pinyin mode the IME's composition and candidates, the letters and the editing keys; on
 * the 手写 tab the same candidate rows with the recognizer's candidates, a writing pad with 重写
 * and 撤销 where the letters are; in ASCII mode rows of digits and URL symbols instead of the
 * candidates, letters typed as they are. */
bool ui_keyboard(struct ui *ui, struct ui_keyboard *kb, struct ui_rect r, char *text, size_t cap,
                 enum ui_kbd_mode mode)
{
    const struct ui_theme *t = ui_theme(ui);
    bool chinese = mode == UI_KBD_PINYIN;
    bool hand = chinese && kb->hand;
    struct ime *im = NULL;
    if (chinese) {
        if (!kb->ime && !kb->ime_failed)
            ui_keyboard_start(kb);
        im = kb->ime;
        if (im)
            ime_set_mode(im, IME_MODE_PINYIN);
    }
    if (hand) {
        start_handwriting(kb);
        struct hw_result res;
        if (kb->hw && handwriting_poll(kb->hw, &res)) {
            filter_cands(kb, &res);
            kb->cands = res;
            kb->cand_page = 0;
            kb->pending = false;
        }
        if (kb->pending)
            ui_animate(ui); /* look again next frame: the worker is classifying */
    }
    const struct ime_view *v = im && !hand ? ime_view(im) : NULL;
    int kh = (r.h - 5 * t->gap) / 6;
    if (kh > t->button_h)
        kh = t->button_h;
    int y = r.y;
    int key_w = (r.w - 9 * t->gap) / 10;
    if (chinese) {
        /* Composition and candidates; on the 手写 tab a hint instead of the composition. When
         * the input method could not start (librime missing or broken: E958 and the like in
         * the log), letters are typed as they are and the applicant is told to write
         * instead. */
        bool ime_down = !hand && (kb->ime_failed || (im && ime_ready(im) && !ime_started(im)));
        ui_label(ui, "kbd.preedit", (struct ui_rect){r.x, y, r.w, 0},
                 hand                ? tr("kbd.hand.hint")
                 : ime_down          ? tr("kbd.ime.unavailable")
                 : v && v->composing ? v->preedit
                                     : " ",
                 UI_FONT_BODY, ime_down ? UI_C_DANGER : UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
        y += t->font_px[UI_FONT_BODY] * 3 / 2;
        /* Six large candidates (a whole phrase fits), paging at their end: one row in a wide
         * area (landscape), else two rows of three; they share what is left with the letters
         * and the editing keys. */
        bool wide = r.w >= 1400;
        int crow = wide ? 1 : 2, per_row = wide ? 6 : 3;
        int ch = (r.y + r.h - y - (3 + crow) * t->gap) / (4 + crow);
        kh = ch < t->button_h ? ch : t->button_h;
        int nav_w = (r.w - 9 * t->gap) / 10;
        int navs = wide ? 2 : 1; /* wide: < and > side by side; else one above the other */
        int cw = (r.w - navs * (nav_w + t->gap) - (per_row - 1) * t->gap) / per_row;
        int count = hand ? kb->cands.count - kb->cand_page * 6 : v ? v->count : 0;
        for (int i = 0; i < count && i < 6; i++) {
            char wid[32];
            snprintf(wid, sizeof wid, "kbd.cand.%d", i);
            const char *label = hand ? kb->cands.cand[kb->cand_page * 6 + i] : v->cand[i];
            if (ui_button(ui, wid,
                          (struct ui_rect){r.x + (i % per_row) * (cw + t->gap),
                                           y + (i / per_row) * (kh + t->gap), cw, kh},
                          label, UI_BTN_SECONDARY, true)) {
                if (hand) {
                    str_append(text, cap, label);
                    clear_ink(kb);
                } else {
                    ime_select(im, i);
                }
            }
        }
        struct ui_rect prev = {r.x + r.w - navs * nav_w - (navs - 1) * t->gap, y, nav_w, kh};
        struct ui_rect next = wide ? (struct ui_rect){prev.x + nav_w + t->gap, y, nav_w, kh}
                                   : (struct ui_rect){prev.x, y + kh + t->gap, nav_w, kh};
        if (hand) {
            if (ui_button(ui, "kbd.prev", prev, "＜", UI_BTN_SECONDARY, kb->cand_page > 0))
                kb->cand_page--;
            if (ui_button(ui, "kbd.next", next, "＞", UI_BTN_SECONDARY,
                          kb->cands.count > (kb->cand_page + 1) * 6))
                kb->cand_page++;
        } else {
            if (v && ui_button(ui, "kbd.prev", prev, "＜", UI_BTN_SECONDARY, v->has_prev))
                ime_page_prev(im);
            if (v && ui_button(ui, "kbd.next", next, "＞", UI_BTN_SECONDARY, v->has_next))
                ime_page_next(im);
        }
        y += crow * (kh + t->gap);
    }
    static const char *pinyin_rows[3] = {"qwertyuiop", "asdfghjkl", "zxcvbnm"};
    static const char *ascii_rows[5] = {"1234567890", ":/.-_?=&%~", "qwertyuiop", "asdfghjkl",
                                        "zxcvbnm"};
    const char *const *rows = chinese ? pinyin_rows : ascii_rows;
    int n_rows = chinese ? 3 : 5;
    if (!chinese) {
        kh = (r.h - 6 * t->gap) / 6;
        if (kh > t->button_h)
            kh = t->button_h;
    }
    if (hand) {
        /* The pad takes the letters' rows: a square (the recognizer's box) with 重写 and 撤销
         * beside it, the three centred. */
        int area_h = 3 * kh + 2 * t->gap;
        int bw = (r.w - 3 * t->gap) / 4;
        int side = area_h < r.w - bw - t->gap ? area_h : r.w - bw - t->gap;
        int x0 = r.x + (r.w - side - t->gap - bw) / 2;
        writing_pad(ui, kb, (struct ui_rect){x0, y, side, side});
        int bx = x0 + side + t->gap;
        if (ui_button(ui, "kbd.hand.clear", (struct ui_rect){bx, y, bw, kh}, tr("kbd.hand.clear"),
                      UI_BTN_SECONDARY, kb->ink.n_strokes > 0))
            clear_ink(kb);
        if (ui_button(ui, "kbd.hand.undo", (struct ui_rect){bx, y + kh + t->gap, bw, kh},
                      tr("kbd.hand.undo"), UI_BTN_SECONDARY, kb->ink.n_strokes > 0)) {
            hw_ink_undo(&kb->ink);
            kb->in_stroke = false;
            memset(&kb->cands, 0, sizeof kb->cands);
            kb->cand_page = 0;
            kb->pending = false;
            if (kb->hw && kb->ink.n_points) {
                handwriting_submit(kb->hw, &kb->ink);
                kb->pending = true;
            }
        }
        if (kb->hw_failed || (kb->hw && *handwriting_error(kb->hw)))
            ui_label(ui, "kbd.hand.unavailable", (struct ui_rect){bx, y + 2 * (kh + t->gap), bw, 0},
                     tr("kbd.hand.unavailable"), UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
        y += area_h + t->gap;
    } else {
        for (int row = 0; row < n_rows; row++) {
            int len = (int)strlen(rows[row]);
            int x0 = r.x + (r.w - (len * key_w + (len - 1) * t->gap)) / 2;
            for (int i = 0; i < len; i++) {
                char key[2] = {rows[row][i], 0};
                char wid[16];
                snprintf(wid, sizeof wid, "kbd.%c", key[0]);
                if (ui_button(ui, wid, (struct ui_rect){x0 + i * (key_w + t->gap), y, key_w, kh},
                              key, UI_BTN_SECONDARY, true)) {
                    if (im)
                        ime_key(im, (uint32_t)key[0]);
                    else
                        str_append(text, cap, key);
                }
            }
            y += kh + t->gap;
        }
    }
    /* The editing keys; with the IME a fifth, first, switches between 拼音 and 手写. */
    int nk = chinese ? 5 : 4;
    int bw = (r.w - (nk - 1) * t->gap) / nk;
    int bx = r.x;
    if (chinese) {
        if (ui_button(ui, "kbd.tab", (struct ui_rect){bx, y, bw, kh},
                      tr(hand ? "kbd.tab.pinyin" : "kbd.tab.hand"), UI_BTN_SECONDARY, true)) {
            kb->hand = !hand;
            if (im)
                ime_clear(im);
            clear_ink(kb);
        }
        bx += bw + t->gap;
    }
    if (ui_button(ui, "kbd.delete", (struct ui_rect){bx, y, bw, kh}, tr("keypad.delete"),
                  UI_BTN_SECONDARY, true)) {
        if (!im || hand || !ime_backspace(im)) {
            size_t l = strlen(text);
            while (l && ((unsigned char)text[l - 1] & 0xC0) == 0x80)
                text[--l] = '\0';
            if (l)
                text[--l] = '\0';
        }
    }
    bx += bw + t->gap;
    if (ui_button(ui, "kbd.space", (struct ui_rect){bx, y, bw, kh}, tr("kbd.space"),
                  UI_BTN_SECONDARY, chinese)) {
        if (hand && kb->cands.count) {
            str_append(text, cap, kb->cands.cand[kb->cand_page * 6]);
            clear_ink(kb);
        } else if (im && !hand) {
            ime_space(im);
        } else {
            str_append(text, cap, " ");
        }
    }
    bx += bw + t->gap;
    if (ui_button(ui, "kbd.clear", (struct ui_rect){bx, y, bw, kh}, tr("keypad.clear"),
                  UI_BTN_SECONDARY, true)) {
        if (im)
            ime_clear(im);
        clear_ink(kb);
        explicit_bzero(text, cap);
    }
    bx += bw + t->gap;
    bool ok = ui_button(ui, "kbd.ok", (struct ui_rect){bx, y, bw, kh}, tr("keypad.ok"),
                        UI_BTN_PRIMARY, true);
    if (im) {
        char *c = ime_take_commit(im);
        if (c) {
            str_append(text, cap, c);
            explicit_bzero(c, strlen(c));
            free(c);
        }
        if (ok && !hand && ime_confirm(im)) {
            ok = false; /* the first 确定 commits the letters being composed */
            char *c2 = ime_take_commit(im);
            if (c2) {
                str_append(text, cap, c2);
                free(c2);
            }
        }
    }
    return ok;
}

void ui_keyboard_wipe(struct ui_keyboard *kb)
{
    if (kb->ime)
        ime_session_wipe(kb->ime);
    clear_ink(kb);
    if (kb->hw)
        handwriting_wipe(kb->hw);
    kb->hand = false;
}

bool ui_keyboard_is_clean(struct ui_keyboard *kb)
{
    return !kb->hand && kb->ink.n_points == 0 && kb->ink.n_strokes == 0 && kb->cands.count == 0 &&
           (!kb->hw || handwriting_is_clean(kb->hw));
}

void ui_keyboard_clear(struct ui_keyboard *kb)
{
    if (kb->ime)
        ime_clear(kb->ime);
    clear_ink(kb);
}

const char *ui_keyboard_scratch_dir(const struct ui_keyboard *kb)
{
    return kb->ime ? ime_scratch_dir(kb->ime) : "";
}

void ui_keyboard_finish(struct ui_keyboard *kb)
{
    ime_destroy(kb->ime);
    kb->ime = NULL;
    handwriting_destroy(kb->hw);
    kb->hw = NULL;
    ime_font_close(kb->ime_font);
    kb->ime_font = NULL;
    kb->ime_failed = kb->hw_failed = kb->font_failed = false;
    clear_ink(kb);
    kb->hand = false;
}
