/* app/ui/keyboard.c: the on-screen keyboard widget (see keyboard.h). */
#include "app/ui/keyboard.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/ui/ime.h"
#include "app/ui/ime_font.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

void ui_keyboard_init(struct ui_keyboard *kb, const char *font_path, const char *ime_data_dir)
{
    str_copy(kb->font_path, sizeof kb->font_path, font_path ? font_path : "");
    str_copy(kb->ime_data_dir, sizeof kb->ime_data_dir, ime_data_dir ? ime_data_dir : "");
}

void ui_keyboard_start(struct ui_keyboard *kb)
{
    if (kb->ime || kb->ime_failed)
        return;
    char e[256];
    kb->ime_font = ime_font_open(kb->font_path[0] ? kb->font_path : NULL);
    struct ime_options o = {.data_dir = kb->ime_data_dir[0] ? kb->ime_data_dir : NULL,
                            .can_draw = kb->ime_font ? ime_font_can_draw : NULL,
                            .can_draw_ud = kb->ime_font};
    /* Returns at once: librime starts on its own thread, so the first frame never waits. */
    if (ime_create(&o, &kb->ime, e, sizeof e) != K_OK) {
        log_warn("ui", "input method unavailable, letters are typed as they are: %s", e);
        kb->ime_failed = true;
    }
}

/* In pinyin mode the IME's composition and candidates, the letters and the editing keys; in
 * ASCII mode rows of digits and URL symbols instead of the candidates, letters typed as they
 * are. */
bool ui_keyboard(struct ui *ui, struct ui_keyboard *kb, struct ui_rect r, char *text, size_t cap,
                 enum ui_kbd_mode mode)
{
    const struct ui_theme *t = ui_theme(ui);
    bool chinese = mode == UI_KBD_PINYIN;
    struct ime *im = NULL;
    if (chinese) {
        if (!kb->ime && !kb->ime_failed)
            ui_keyboard_start(kb);
        im = kb->ime;
        if (im)
            ime_set_mode(im, IME_MODE_PINYIN);
    }
    const struct ime_view *v = im ? ime_view(im) : NULL;
    int kh = (r.h - 5 * t->gap) / 6;
    if (kh > t->button_h)
        kh = t->button_h;
    int y = r.y;
    int key_w = (r.w - 9 * t->gap) / 10;
    if (chinese) {
        /* Composition and candidates. */
        ui_label(ui, "kbd.preedit", (struct ui_rect){r.x, y, r.w, 0},
                 v && v->composing ? v->preedit : " ", UI_FONT_BODY, UI_C_MUTED, UI_C_BG,
                 UI_ALIGN_LEFT);
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
        for (int i = 0; v && i < v->count && i < 6; i++) {
            char wid[32];
            snprintf(wid, sizeof wid, "kbd.cand.%d", i);
            if (ui_button(ui, wid,
                          (struct ui_rect){r.x + (i % per_row) * (cw + t->gap),
                                           y + (i / per_row) * (kh + t->gap), cw, kh},
                          v->cand[i], UI_BTN_SECONDARY, true))
                ime_select(im, i);
        }
        struct ui_rect prev = {r.x + r.w - navs * nav_w - (navs - 1) * t->gap, y, nav_w, kh};
        struct ui_rect next = wide ? (struct ui_rect){prev.x + nav_w + t->gap, y, nav_w, kh}
                                   : (struct ui_rect){prev.x, y + kh + t->gap, nav_w, kh};
        if (v && ui_button(ui, "kbd.prev", prev, "＜", UI_BTN_SECONDARY, v->has_prev))
            ime_page_prev(im);
        if (v && ui_button(ui, "kbd.next", next, "＞", UI_BTN_SECONDARY, v->has_next))
            ime_page_next(im);
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
    for (int row = 0; row < n_rows; row++) {
        int len = (int)strlen(rows[row]);
        int x0 = r.x + (r.w - (len * key_w + (len - 1) * t->gap)) / 2;
        for (int i = 0; i < len; i++) {
            char key[2] = {rows[row][i], 0};
            char wid[16];
            snprintf(wid, sizeof wid, "kbd.%c", key[0]);
            if (ui_button(ui, wid, (struct ui_rect){x0 + i * (key_w + t->gap), y, key_w, kh}, key,
                          UI_BTN_SECONDARY, true)) {
                if (im)
                    ime_key(im, (uint32_t)key[0]);
                else
                    str_append(text, cap, key);
            }
        }
        y += kh + t->gap;
    }
    int bw = (r.w - 3 * t->gap) / 4;
    if (ui_button(ui, "kbd.delete", (struct ui_rect){r.x, y, bw, kh}, tr("keypad.delete"),
                  UI_BTN_SECONDARY, true)) {
        if (!im || !ime_backspace(im)) {
            size_t l = strlen(text);
            while (l && ((unsigned char)text[l - 1] & 0xC0) == 0x80)
                text[--l] = '\0';
            if (l)
                text[--l] = '\0';
        }
    }
    if (ui_button(ui, "kbd.space", (struct ui_rect){r.x + bw + t->gap, y, bw, kh}, tr("kbd.space"),
                  UI_BTN_SECONDARY, chinese)) {
        if (im)
            ime_space(im);
        else
            str_append(text, cap, " ");
    }
    if (ui_button(ui, "kbd.clear", (struct ui_rect){r.x + 2 * (bw + t->gap), y, bw, kh},
                  tr("keypad.clear"), UI_BTN_SECONDARY, true)) {
        if (im)
            ime_clear(im);
        explicit_bzero(text, cap);
    }
    bool ok = ui_button(ui, "kbd.ok", (struct ui_rect){r.x + 3 * (bw + t->gap), y, bw, kh},
                        tr("keypad.ok"), UI_BTN_PRIMARY, true);
    if (im) {
        char *c = ime_take_commit(im);
        if (c) {
            str_append(text, cap, c);
            explicit_bzero(c, strlen(c));
            free(c);
        }
        if (ok && ime_confirm(im)) {
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
}

void ui_keyboard_clear(struct ui_keyboard *kb)
{
    if (kb->ime)
        ime_clear(kb->ime);
}

const char *ui_keyboard_scratch_dir(const struct ui_keyboard *kb)
{
    return kb->ime ? ime_scratch_dir(kb->ime) : "";
}

void ui_keyboard_finish(struct ui_keyboard *kb)
{
    ime_destroy(kb->ime);
    kb->ime = NULL;
    ime_font_close(kb->ime_font);
    kb->ime_font = NULL;
    kb->ime_failed = false;
}
