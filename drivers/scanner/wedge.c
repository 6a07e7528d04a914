/* drivers/scanner/wedge.c: keyboard-wedge key events to scan text (see wedge.h). Pure. */
#include "drivers/scanner/wedge.h"

#include <linux/input-event-codes.h>
#include <string.h>

/* US layout: [code] = {unshifted, shifted}. */
static const char layout[KEY_SLASH + 1][2] = {
    [KEY_1] = {'1', '!'},          [KEY_2] = {'2', '@'},           [KEY_3] = {'3', '#'},
    [KEY_4] = {'4', '$'},          [KEY_5] = {'5', '%'},           [KEY_6] = {'6', '^'},
    [KEY_7] = {'7', '&'},          [KEY_8] = {'8', '*'},           [KEY_9] = {'9', '('},
    [KEY_0] = {'0', ')'},          [KEY_MINUS] = {'-', '_'},       [KEY_EQUAL] = {'=', '+'},
    [KEY_Q] = {'q', 'Q'},          [KEY_W] = {'w', 'W'},           [KEY_E] = {'e', 'E'},
    [KEY_R] = {'r', 'R'},          [KEY_T] = {'t', 'T'},           [KEY_Y] = {'y', 'Y'},
    [KEY_U] = {'u', 'U'},          [KEY_I] = {'i', 'I'},           [KEY_O] = {'o', 'O'},
    [KEY_P] = {'p', 'P'},          [KEY_LEFTBRACE] = {'[', '{'},   [KEY_RIGHTBRACE] = {']', '}'},
    [KEY_A] = {'a', 'A'},          [KEY_S] = {'s', 'S'},           [KEY_D] = {'d', 'D'},
    [KEY_F] = {'f', 'F'},          [KEY_G] = {'g', 'G'},           [KEY_H] = {'h', 'H'},
    [KEY_J] = {'j', 'J'},          [KEY_K] = {'k', 'K'},           [KEY_L] = {'l', 'L'},
    [KEY_SEMICOLON] = {';', ':'},  [KEY_APOSTROPHE] = {'\'', '"'}, [KEY_GRAVE] = {'`', '~'},
    [KEY_BACKSLASH] = {'\\', '|'}, [KEY_Z] = {'z', 'Z'},           [KEY_X] = {'x', 'X'},
    [KEY_C] = {'c', 'C'},          [KEY_V] = {'v', 'V'},           [KEY_B] = {'b', 'B'},
    [KEY_N] = {'n', 'N'},          [KEY_M] = {'m', 'M'},           [KEY_COMMA] = {',', '<'},
    [KEY_DOT] = {'.', '>'},        [KEY_SLASH] = {'/', '?'},
};

char wedge_keychar(unsigned code, bool shift)
{
    if (code < sizeof layout / sizeof layout[0] && layout[code][0])
        return layout[code][shift ? 1 : 0];
    switch (code) { /* keys outside the main block; the keypad ignores shift (NumLock on) */
    case KEY_SPACE:
        return ' ';
    case KEY_KP0:
        return '0';
    case KEY_KP1:
        return '1';
    case KEY_KP2:
        return '2';
    case KEY_KP3:
        return '3';
    case KEY_KP4:
        return '4';
    case KEY_KP5:
        return '5';
    case KEY_KP6:
        return '6';
    case KEY_KP7:
        return '7';
    case KEY_KP8:
        return '8';
    case KEY_KP9:
        return '9';
    case KEY_KPMINUS:
        return '-';
    case KEY_KPPLUS:
        return '+';
    case KEY_KPASTERISK:
        return '*';
    case KEY_KPSLASH:
        return '/';
    case KEY_KPDOT:
        return '.';
    default:
        return 0;
    }
}

static void clear(struct wedge *w)
{
    explicit_bzero(w->buf, sizeof w->buf);
    w->len = 0;
    w->overflow = w->bad = false;
}

void wedge_init(struct wedge *w, size_t max_len, int64_t timeout_ms)
{
    memset(w, 0, sizeof *w);
    w->max_len = max_len == 0 || max_len >= WEDGE_BUF ? WEDGE_BUF - 1 : max_len;
    w->timeout_ms = timeout_ms > 0 ? timeout_ms : 100;
}

static bool pending(const struct wedge *w)
{
    return w->len > 0 || w->overflow || w->bad;
}

enum wedge_result wedge_idle(struct wedge *w, int64_t now_ms)
{
    if (pending(w) && now_ms - w->last_ms > w->timeout_ms) {
        clear(w);
        return WEDGE_TIMEOUT;
    }
    return WEDGE_NONE;
}

enum wedge_result wedge_feed(struct wedge *w, unsigned type, unsigned code, int value, int64_t t_ms,
                             char *out, size_t cap, size_t *len)
{
    *len = 0;
    if (type != EV_KEY)
        return WEDGE_NONE; /* EV_SYN, EV_MSC scan codes, LEDs */
    if (code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT) {
        bool down = value != 0;
        if (code == KEY_LEFTSHIFT)
            w->lshift = down;
        else
            w->rshift = down;
        return WEDGE_NONE;
    }
    if (value != 1)
        return WEDGE_NONE; /* release or auto-repeat */
    if (pending(w) && t_ms - w->last_ms > w->timeout_ms)
        clear(w); /* a stray key long ago is not part of this scan */
    w->last_ms = t_ms;
    if (code == KEY_ENTER || code == KEY_KPENTER) {
        enum wedge_result r = WEDGE_NONE;
        if (w->bad)
            r = WEDGE_BAD_KEY;
        else if (w->overflow || w->len > cap - 1)
            r = WEDGE_TOO_LONG;
        else if (w->len > 0) {
            memcpy(out, w->buf, w->len);
            out[w->len] = '\0';
            *len = w->len;
            r = WEDGE_SCAN;
        }
        clear(w);
        return r;
    }
    if (code == KEY_CAPSLOCK || code == KEY_NUMLOCK)
        return WEDGE_NONE; /* lock keys some scanners send first; the layout ignores them */
    char c = wedge_keychar(code, w->lshift || w->rshift);
    if (!c) {
        w->bad = true;
        return WEDGE_NONE;
    }
    if (w->len >= w->max_len) {
        w->overflow = true;
        return WEDGE_NONE;
    }
    w->buf[w->len++] = c;
    return WEDGE_NONE;
}
