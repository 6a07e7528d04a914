/* app/receipt/receipt.h: the printed receipt: its content and its composition as a 1-bit
 * bitmap at the printer's width (app layer, receipt).
 *
 * struct receipt_data holds already-resolved strings (borrowed, or in its own buffers when
 * receipt_data_from_case filled it); receipt_compose lays them out with the shipped font
 * (platform/textras: SDL_ttf, a missing glyph prints as □) and the QR (app/receipt/qr.h,
 * modules of at least 4 dots). receipt_print composes, prints on the configured printer and
 * checks its status; it is meant for a worker thread (it blocks on the printer).
 */
#ifndef APP_RECEIPT_RECEIPT_H
#define APP_RECEIPT_RECEIPT_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/calendar.h"
#include "app/core/service.h"
#include "platform/bitmap.h"
#include "platform/config.h"
#include "platform/err.h"

#define RECEIPT_MAX_MATTERS   16
#define RECEIPT_MAX_MATERIALS 32
#define RECEIPT_MAX_DELIVERY  8

struct receipt_labels { /* "受理编号" etc., from the service definition's receipt.labels */
    const char *code, *name, *district, *submitted, *matters, *materials, *deadline, *delivery,
        *consult, *supervise;
    /* optional keys (NULL when the definition lacks them) */
    const char *captured, *to_window, *not_now, *window, *address, *hours;
};

struct receipt_data {
    const char *title;
    struct receipt_labels label;
    const char *code;        /* grouped tracking code, printed large */
    const char *name_masked; /* 张*明 */
    const char *district;
    const char *submitted; /* e.g. 2026年11月28日 17:05 */
    const char *matters[RECEIPT_MAX_MATTERS];
    const char *departments[RECEIPT_MAX_MATTERS]; /* parallel to matters; NULL = none */
    size_t n_matters;
    const char *promises[RECEIPT_MAX_MATTERS]; /* parallel: the matter's own promise, or NULL */
    /* Chosen (or wanted) but not possible now: the matter and why / what to do. */
    const char *not_now[RECEIPT_MAX_MATTERS];
    const char *not_now_why[RECEIPT_MAX_MATTERS];
    size_t n_not_now;
    /* Materials captured and submitted at the kiosk ("1. 预备役登记证明（2页）"). */
    const char *materials[RECEIPT_MAX_MATERIALS];
    size_t n_materials;
    /* What the applicant still brings to the window ("2. 退伍证（原件）"). */
    const char *to_window[RECEIPT_MAX_MATERIALS];
    size_t n_to_window;
    const char *materials_note; /* e.g. 请携带以上材料到窗口核验, or NULL */
    const char *in_person;      /* the in-person step (face, fingerprints), or NULL */
    const char *window_name, *window_address, *window_hours; /* or NULL */
    const char *deadline_line;    /* the office's promise (承诺办结时限) */
    const char *deadline_warning; /* when the calendar does not reach that far, else NULL */
    const char *delivery[RECEIPT_MAX_DELIVERY];
    size_t n_delivery;
    const char *consult_phone, *supervision_phone;
    const char *qr_payload;          /* ASCII URL */
    const char *qr_hint, *keep_line; /* lines under the QR, or NULL */
    /* private: storage used by receipt_data_from_case */
    char buf_name[64], buf_submitted[64], buf_deadline[256], buf_warning[256], buf_year[8];
    char buf_material[RECEIPT_MAX_MATERIALS][192], buf_window[RECEIPT_MAX_MATERIALS][192];
    char buf_not_now[RECEIPT_MAX_MATTERS][1024], buf_in_person[512], buf_wname[256];
    char buf_delivery[RECEIPT_MAX_DELIVERY][512];
};

/* The case values receipt_data_from_case needs (borrowed strings). */
struct receipt_case {
    const char *code;        /* grouped tracking code */
    const char *name;        /* applicant's full name: masked here, never stored unmasked */
    const char *district_id; /* service district id */
    struct cdate submitted;
    int hour, minute;
    const char *const *matter_ids;
    size_t n_matters;
    const int *material_numbers; /* needed materials: numbers as in the service definition */
    size_t n_materials;
    /* Pages captured at the kiosk per material: parallel to material_numbers, NULL = none. A
     * material with pages is listed as submitted; one without, or one whose original is to be
     * shown, is listed as to bring to the window. */
    const int *material_pages;
    /* Matters chosen or wanted but not possible now (never printed as applied for), with the
     * rules' reason and what to do ("" when nothing to add). */
    const char *const *not_now_ids;
    const char *const *not_now_reasons;
    const char *const *not_now_advice;
    size_t n_not_now;
    const char *const *delivery_ids; /* NULL = every delivery way of the service */
    size_t n_delivery;
    const char *mail_address; /* with the "mail" delivery way: where to (printed masked) */
    /* The window: the hall's name, address, hours and phone from the configuration (NULL or
     * "" = not printed; an empty phone falls back to the district's). */
    const char *hall_name, *hall_address, *hall_hours, *hall_phone;
    const char *qr_payload;
};

/* Fill d from the service definition and the case (calendar gives the deadline).
 * K_ERR_NOT_FOUND (with "E2nn: ..." in err) for an unknown district, matter, material or
 * delivery id; K_ERR_INVALID when the calendar cannot compute the deadline. d refers to svc
 * and c's strings: keep them alive while d is used. */
enum kerr receipt_data_from_case(const struct service *svc, const struct calendar *cal,
                                 const struct receipt_case *c, struct receipt_data *d, char *err,
                                 size_t errlen);

/* A mailing address as printed: its first 12 characters, then *** (into out). */
const char *receipt_mask_address(const char *s, char *out, size_t n);

/* Fictional sample cases (invented names and codes) for kioskctl, tests and the benchmark:
 * 0 one matter; 1 all eight matters, twelve materials, a deadline beyond the calendar's
 * tables; 2 a long name in a long-named banner; 3 a rare character (堃) in the name.
 * Returns false for another number. */
bool receipt_case_sample(int which, struct receipt_case *c);

/* Compose the receipt at width dots (384 or 576) with the font at font_path. *out is the
 * caller's. K_ERR_INVALID (E220..) with a message in err for missing fields or a QR that
 * cannot be drawn; K_ERR_NOT_FOUND when the font is missing. */
enum kerr receipt_compose(const struct receipt_data *d, const char *font_path, int width,
                          struct bitmap **out, char *err, size_t errlen);

/* The same, and *text (the caller frees it) gets every text of the receipt as composed, one
 * line each before wrapping, in print order ("--------" for a rule, "[QR]" for the QR): what
 * tests and the demo read instead of the picture. */
enum kerr receipt_compose_text(const struct receipt_data *d, const char *font_path, int width,
                               struct bitmap **out, char **text, char *err, size_t errlen);

/* The font the kiosk prints with: ASSETS/fonts/NotoSansSC-GBK.otf (into out). */
const char *receipt_font_path(const struct kconfig *cfg, char *out, size_t n);

/* Compose d, open the configured printer (printer.driver/.device/.width_dots), print, and
 * check the status after. On failure returns the error (K_ERR_PAPER_OUT, K_ERR_COVER_OPEN,
 * K_ERR_NO_DEVICE, K_ERR_DEVICE_FAULT, ...) with the technician's "E2nn: ..." text in err;
 * the person's message is tr("err.<kerr_name>"). Blocks: call it from a worker thread. */
enum kerr receipt_print(const struct kconfig *cfg, const struct receipt_data *d, char *err,
                        size_t n);

#endif
