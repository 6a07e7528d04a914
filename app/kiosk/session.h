/* app/kiosk/session.h: one applicant's session: everything entered, held in memory only
 * until submit, and wiped by one function when the session ends (done, cancelled, idle
 * timeout). UI thread only. The session owns every string it holds.
 */
#ifndef APP_KIOSK_SESSION_H
#define APP_KIOSK_SESSION_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "app/core/rules.h"
#include "app/core/service.h"
#include "platform/image.h"

/* What the ID card gave (or nothing). */
struct session_card {
    bool present;
    char name[96];
    char sex[4];       /* GB/T 2261.1 code: "1" male, "2" female */
    char ethnicity[4]; /* GB 3304 code */
    char birth[9];     /* YYYYMMDD */
    char address[256];
    char id_number[24];
    char authority[96];
    char valid_from[12], valid_to[16];
};

#define SESSION_MAX_STROKE_POINTS 4096
/* Captured pages: at most this many in all, per material, and bytes of JPEG in all. */
#define SESSION_MAX_PAGES              60
#define SESSION_MAX_PAGES_PER_MATERIAL 10
#define SESSION_MAX_PAGE_BYTES         (48u * 1024u * 1024u)

/* One captured page of a material (the document camera's JPEG and its thumbnail). */
struct session_page {
    int material; /* material number from the service definition */
    uint8_t *jpeg;
    size_t len;
    int w, h;
    struct image *thumb; /* greyscale, small */
};

struct session_point {
    int16_t x, y; /* in the signature pad, pixels */
    bool start;   /* first point of a stroke */
    int64_t ms;   /* when */
};

struct session {
    const struct service *svc;
    char **answers;  /* per question: the answer value, or NULL */
    bool *chosen;    /* per matter */
    char **values;   /* per field: the value, or NULL */
    bool *from_card; /* per field: the value came from the card */
    struct session_card card;
    bool manual_id;            /* the ID number was typed (no card) */
    struct session_point *sig; /* signature strokes */
    size_t n_sig;
    int sig_w, sig_h; /* after signing: the pad's size, the stored picture's (signature.h) */
    char code[32];    /* after submit: the tracking code */
    char qr_url[256]; /* after submit: the receipt QR */
    struct session_page pages[SESSION_MAX_PAGES]; /* in capture order */
    size_t n_pages, page_bytes;
    bool paper_only; /* the camera failed: every material goes to the window on paper */
    int64_t submitted_ms;
    int edit_field;      /* field being edited, -1 none */
    bool back_to_review; /* a 修改 on review opened a step: its 下一步 returns to review */
    int question;        /* question being asked, -1 none */
};

struct session *session_create(const struct service *svc);
void session_destroy(struct session *s); /* wipes first; NULL is a no-op */
/* Zero and free everything the applicant entered, and reset to a fresh session. */
void session_wipe(struct session *s);
/* Set a field's value (copied; NULL clears). */
void session_set_value(struct session *s, size_t field, const char *value);
/* Set a question's answer (copied; NULL clears). */
void session_set_answer(struct session *s, size_t question, const char *value);
/* Fill the card's fields into the form (marking them from_card). */
void session_apply_card(struct session *s, const struct session_card *card);
/* Keep a captured page of material (taking jpeg and thumb), or with replace >= 0 put it in
 * place of page index replace (which must belong to material). False, and nothing taken,
 * when a limit above is reached or replace is not a page of material. */
bool session_add_page(struct session *s, int material, int replace, uint8_t *jpeg, size_t len,
                      int w, int h, struct image *thumb);
/* Remove page index i (zeroed); later pages move up. */
void session_delete_page(struct session *s, size_t i);
/* The indices of material's pages in order into idx (at most cap; idx may be NULL with cap 0
 * to count only); returns their count. */
size_t session_material_pages(const struct session *s, int material, size_t *idx, size_t cap);
/* What the service's rules make of this session's answers and chosen matters (matters,
 * questions that apply, materials needed). Finish r with rules_result_finish(). */
void session_rules(const struct session *s, struct rules_result *r);
/* The form as one JSON object {field id: value} (what is stored and what the signature
 * confirms), newly allocated. */
char *session_form_json(const struct session *s);
/* True when no byte of what the applicant entered is left in s (for the wipe test). */
bool session_is_clean(const struct session *s);

#endif
