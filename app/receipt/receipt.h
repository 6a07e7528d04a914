/* app/receipt/receipt.h: the paper receipt as a 1-bit bitmap (app layer, receipt).
 *
 * Two steps, so that drawing does not depend on where the words come from:
 *  - receipt_build() resolves a case against the service definition and the calendar into
 *    a struct receipt_data of finished strings (every word from the definition, the name
 *    masked, the deadline computed, the QR payload given by the caller);
 *  - receipt_compose() draws a receipt_data at the paper width (384 or 576 dots): text with
 *    SDL_ttf from the shipped font (a code point the font lacks prints as U+25A1 "□"), the
 *    QR through qr.h (zint, ECC M, quiet zone, modules of at least 4 dots).
 * The composer knows nothing about the service; the driver knows nothing about receipts.
 * A struct receipt (fonts) is used by one thread at a time. Layer: app.
 */
#ifndef APP_RECEIPT_RECEIPT_H
#define APP_RECEIPT_RECEIPT_H

#include <stddef.h>

#include "app/core/calendar.h"
#include "app/core/service.h"
#include "platform/bitmap.h"
#include "platform/err.h"

#define RECEIPT_QR_MODULE_MIN 4 /* dots per QR module, at least */

struct receipt_matter_line {
    const char *name;       /* 退役士兵报到接收 */
    const char *department; /* 退役军人事务局 */
};

/* Everything printed, already resolved. NULL or "" fields are left out (labels too). */
struct receipt_data {
    const char *title;
    const char *code_label, *code; /* the tracking code, grouped, printed large */
    const char *name_label, *name; /* masked already: 张*明 */
    const char *district_label, *district;
    const char *submitted_label, *submitted; /* 2026年11月28日 17:16 */
    const char *matters_label;
    const struct receipt_matter_line *matters;
    size_t n_matters;
    const char *materials_label;
    const char *const *materials;
    size_t n_materials;
    const char *materials_note; /* 请携带以上材料原件到窗口核验 */
    const char *deadline_label, *deadline, *deadline_warning;
    const char *delivery_label, *delivery;
    const char *consult_label, *consult_phone;
    const char *supervise_label, *supervise_phone;
    const char *qr_payload; /* ASCII URL; required */
    const char *qr_hint, *keep;
};

struct receipt;

/* Open the font at font_path for paper width 384 or 576 dots. NULL with "E215: ..." in err
 * when the width is wrong or the font cannot be opened. Caller destroys. */
struct receipt *receipt_create(const char *font_path, int width, char *err, size_t errlen);
void receipt_destroy(struct receipt *r); /* NULL is a no-op */

/* Draw d as one receipt, width dots wide and as long as it needs. K_ERR_INVALID (E216 in
 * err) when the QR payload is missing, not ASCII or too long; K_ERR_TOO_LARGE (E217) when the
 * receipt would be longer than 32768 dots. *out is the caller's. */
enum kerr receipt_compose(struct receipt *r, const struct receipt_data *d, struct bitmap **out,
                          char *err, size_t errlen);

/* A case as the builder needs it: plain values (the store's record or a sample). */
struct receipt_case {
    const char *code;      /* tracking code, grouped form as printed */
    const char *qr_url;    /* trackcode_url() of the code and its token */
    const char *name;      /* full name; masked by the builder */
    const char *district;  /* district id in the definition */
    struct cdate day;      /* submission day (Beijing) */
    int hour, minute;      /* submission time (Beijing) */
    const size_t *matters; /* matter indices in the definition */
    size_t n_matters;
    const int *materials; /* material numbers received */
    size_t n_materials;
    const char *delivery; /* delivery id, or NULL for the definition's first */
};

/* The builder's result: receipt_data plus the strings it owns. */
struct receipt_built {
    struct receipt_data data;
    struct receipt_matter_line *matter_lines;
    const char **material_names;
    char name[96], submitted[64], deadline[256], warning[256];
};

/* Resolve c against svc and cal into b (deadline = svc->time_limit_days working days after
 * the submission day). Strings point into svc and b, so both must outlive b->data.
 * K_ERR_INVALID with "E218: ..." in err for an unknown district, matter, material or delivery,
 * or when the deadline cannot be computed. receipt_built_finish releases b. */
enum kerr receipt_build(const struct service *svc, const struct calendar *cal,
                        const struct receipt_case *c, struct receipt_built *b, char *err,
                        size_t errlen);
void receipt_built_finish(struct receipt_built *b);

#endif
