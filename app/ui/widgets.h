/* app/ui/widgets.h: the kiosk's composite widgets on the immediate-mode toolkit (app/ui).
 *
 * Each widget draws itself inside a rectangle the screen gives it and reports what the
 * applicant did; state that must live across frames is a small struct the screen owns.
 * Sizes come from the theme (touch targets >= 60 px, gaps >= 20 px). UI thread only.
 */
#ifndef APP_UI_WIDGETS_H
#define APP_UI_WIDGETS_H

#include <stdbool.h>
#include <stddef.h>

#include "app/ui/ui.h"

/* ---- the bottom bar on every screen: 返回, 首页, 呼叫工作人员 ---- */
enum ui_bar_action { UI_BAR_NONE, UI_BAR_BACK, UI_BAR_HOME, UI_BAR_STAFF };
/* Draws the bar at the bottom of the screen; labels are string keys. */
enum ui_bar_action ui_bottom_bar(struct ui *ui, bool back, bool home);
/* The area above the bar and below a header of the given title (returned rect). step "N/M"
 * (1 <= N <= M < 16) shows "第 N / M 步" and, under the header, a strip with the names of
 * the M steps (strings step.name.1..M), step N marked; any other text is shown as it is;
 * NULL shows nothing. */
struct ui_rect ui_header(struct ui *ui, const char *title, const char *step);

/* ---- a paged list of choices: as many rows as the height takes at the theme's row height
 * (up to 10 shown), in more columns where the labels fit and that saves pages ---- */
struct ui_list_state {
    int page;
};
/* labels[i] for n entries; selected (or -1) is highlighted. Returns the tapped index or -1. */
int ui_choice_list(struct ui *ui, const char *id, struct ui_rect r, const char *const *labels,
                   int n, int selected, struct ui_list_state *st);

/* ---- page buttons: 上一页, "第 N / M 页", 下一页 in r (one row); ids <id>.prev, <id>.page,
 * <id>.next; *page is moved within 0..pages-1. Nothing is drawn for a single page. ---- */
void ui_pager(struct ui *ui, const char *id, struct ui_rect r, int *page, int pages);

/* ---- yes / no ---- */
/* value: -1 unanswered, 0 no, 1 yes. Returns true when it changed. */
bool ui_yes_no(struct ui *ui, const char *id, struct ui_rect r, const char *yes, const char *no,
               int *value);

/* ---- date picker without typing: the year, month and day shown as three buttons, each
 * opening its grid; the year from a grid of the decade's years under a row of decades, the
 * month from 12, the day from the month's days: one tap each, the next grid opening ---- */
enum ui_date_view { UI_DATE_YEAR, UI_DATE_MONTH, UI_DATE_DAY };
struct ui_date {
    int year, month, day;
    int view;   /* enum ui_date_view: the grid open (0, the year's, for a new picker) */
    int decade; /* the decade of the year grid (0: the year's) */
};
/* Keeps the date valid within [min_year, max_year] (years outside cannot be tapped); ids
 * <id>.year/.month/.day (the three values), <id>.decade.<1960>, <id>.year.<1968>,
 * <id>.month.<3>, <id>.day.<15>. Returns true when a value was chosen. */
bool ui_date_picker(struct ui *ui, const char *id, struct ui_rect r, struct ui_date *d,
                    int min_year, int max_year);

/* ---- numeric keypad (phone numbers, ID numbers with X, codes) ---- */
/* Edits buf (size cap, ASCII); extra is an extra key ("X" for ID numbers) or NULL.
 * Returns true when 确定 was tapped. */
bool ui_keypad(struct ui *ui, const char *id, struct ui_rect r, char *buf, size_t cap,
               const char *extra);

/* ---- a modal dialog over everything: title, text, up to 3 buttons ---- */
/* Returns the tapped button index, or -1. Draw it last in the frame. */
int ui_modal(struct ui *ui, const char *id, const char *title, const char *text,
             const char *const *buttons, int n);

/* The same with a count (seconds left) in the largest type between the title and the text,
 * recorded as <id>.count: the idle warning. */
int ui_countdown_modal(struct ui *ui, const char *id, const char *title, const char *count,
                       const char *text, const char *const *buttons, int n);

/* ---- progress: a bar with a fraction, or moving when fraction < 0 ---- */
void ui_progress(struct ui *ui, struct ui_rect r, double fraction, long frame);

/* ---- an image (RGBA or grey) scaled into r keeping its aspect ratio, centred; returns where
 * it was drawn (w 0 when nothing was) ---- */
struct ui_rect ui_image(struct ui *ui, struct ui_rect r, const struct image *img);

/* ---- a text shown in a framed panel (a field's current value): text inset by the gap;
 * " " when empty ---- */
void ui_text_box(struct ui *ui, const char *id, struct ui_rect box, const char *text,
                 enum ui_font font);

/* ---- a read-only value row: label on the left, value on the right ---- */
int ui_value_row(struct ui *ui, const char *id, struct ui_rect r, const char *label,
                 const char *value);

#endif
