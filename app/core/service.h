/* app/core/service.h: the service definition, loaded from JSON and validated (app/core).
 *
 * A service ("one thing, done once": the veterans' discharge case, and any later one) is
 * data: form fields and option lists, precondition questions and what each answer means,
 * matters and their departments, materials and the rule for when each is needed, the time
 * limit, delivery ways, commitment, banners/districts with phones, receipt wording. The
 * format is documented in docs/service-definition.md. Nothing in the code knows how many
 * matters, fields or materials there are.
 *
 * Errors name the file, the JSON path inside it and what is wrong, with a unique number:
 *   "E804: veteran-discharge.json: $.fields[3].type: must be one of text|choice|..."
 *
 * Ownership: a struct service owns every string and array it points to; service_free()
 * releases them (and is a no-op on a zeroed or already freed struct). A loaded service is
 * read-only and may be shared between threads. No I/O but reading the one file.
 */
#ifndef APP_CORE_SERVICE_H
#define APP_CORE_SERVICE_H

#include <stdbool.h>
#include <stddef.h>

#include "platform/err.h"

#define SERVICE_FILE_MAX (1u << 20) /* a definition larger than 1 MiB is rejected */

enum field_type {
    FIELD_TEXT,
    FIELD_CHOICE,
    FIELD_DATE, /* YYYY-MM-DD */
    FIELD_PHONE,
    FIELD_ID_NUMBER,
    FIELD_REGION,   /* a place name (籍贯, 入伍地): text */
    FIELD_RELATION, /* a choice from a list whose options say how one settles */
};

/* Which keyboard the UI shows for a field. */
enum field_input {
    INPUT_NONE, /* a picker (choice, relation) */
    INPUT_PERSON_NAME,
    INPUT_ADDRESS,
    INPUT_FREE_TEXT,
    INPUT_DIGITS,
    INPUT_PHONE,
};

struct service_option {
    char *code;      /* stored value, e.g. GB 3304 "02" */
    char *label;     /* shown, e.g. "蒙古族" */
    char *settle_by; /* relation lists: answer of the settle_by question it implies, or NULL */
};

struct service_option_list {
    char *id;
    char *title;
    char *standard; /* "" when none */
    struct service_option *options;
    size_t n_options;
};

struct service_field {
    char *id;
    char *label;
    enum field_type type;
    enum field_input input;
    bool required;
    int max_len; /* in characters (code points); 0 = the type's own limit */
    const struct service_option_list *options; /* choice and relation, else NULL */
    char *card_field;      /* ID-card field it comes from ("name", "sex", ...), or NULL */
    bool card_editable;    /* the applicant may change the card's value */
    int before;            /* date: index of the date field this one must precede, or -1 */
    bool not_future;       /* date: not after "today" */
    char *default_value;   /* the value a fresh form starts with (an option code), or NULL */
    int only_when_field;   /* asked (and required) only when this earlier field ... , or -1 */
    char *only_when_value; /* ... has this value */
};

/* A condition over the applicant's answers (materials and questions use it). */
enum cond_kind { COND_ALWAYS, COND_MATTER, COND_ANSWER, COND_ALL, COND_ANY, COND_NOT };
struct service_cond {
    enum cond_kind kind;
    size_t index;             /* COND_MATTER: matter index; COND_ANSWER: question index */
    char *value;              /* COND_ANSWER: the answer value */
    struct service_cond *sub; /* COND_ALL/ANY: n_sub entries; COND_NOT: one */
    size_t n_sub;
};

struct service_answer {
    char *value;
    char *label;
    char *meaning;   /* what choosing it means for the applicant */
    bool blocks_all; /* nothing can be applied for */
    size_t *blocks;  /* indices of matters it blocks */
    size_t n_blocks;
    char *reason;  /* why blocked (shown at the matter), "" when it blocks nothing */
    bool declines; /* the blocks are the applicant's own choice (不办理此项): not "not now" */
};

struct service_question {
    char *id;
    char *kind; /* "precondition" | "situation" */
    char *text;
    struct service_cond ask_when; /* COND_ALWAYS unless given */
    size_t *needed_by;            /* matters that cannot proceed while it is unanswered */
    size_t n_needed_by;
    struct service_answer *answers;
    size_t n_answers;
};

struct service_department {
    char *id;
    char *name;
    char *full_name;
};

struct service_matter {
    char *id;
    char *name;
    size_t department; /* index into departments */
    char *note;        /* "" when none */
    bool in_person;    /* the applicant must come in person (face, fingerprints) */
    size_t *requires;  /* matters that must be applied for with this one (indices) */
    size_t n_requires;
    char *requires_reason; /* why, shown when one of them is missing; "" when none */
    char *promise;         /* the office's own promise for this matter beyond the time limit
                            * (e.g. 受理次年7月底前发放), "" when none */
    char *icon;            /* its picture's name (assets/ui/pictures/NAME.png), "" when none */
};

struct service_material {
    int number; /* as in the source list, 1-based */
    char *id;
    char *name;
    bool original; /* the original is to be shown */
    bool colour;   /* capture in colour (red seals matter) */
    struct service_cond needed_when;
    char *why; /* when it is needed, for people */
};

struct service_district {
    char *id;
    char *name;
    char *level; /* "city" | "district" | "banner" */
    char *phone; /* consultation phone, NULL when the source gives none ("phone": null) */
};

struct service_kv {
    char *key;
    char *text;
};

struct service_delivery {
    char *id;
    char *label;
};

struct service {
    char *id;
    char *title;
    char *audience;
    char *scope;
    char *windows;
    char *icon; /* the picture of the attract screen's apply tile, "" when none */
    char *source_document;
    int time_limit_days;
    char *time_limit_text;
    char *supervision_phone;
    char *commitment_title, *commitment_text, *commitment_signer, *commitment_date;
    char *receipt_title;
    struct service_kv *receipt_labels;
    size_t n_receipt_labels;
    struct service_kv *receipt_lines;
    size_t n_receipt_lines;
    struct service_delivery *delivery;
    size_t n_delivery;
    struct service_department *departments;
    size_t n_departments;
    struct service_district *districts;
    size_t n_districts;
    struct service_option_list *lists;
    size_t n_lists;
    struct service_field *fields;
    size_t n_fields;
    struct service_question *questions;
    size_t n_questions;
    struct service_matter *matters;
    size_t n_matters;
    struct service_material *materials;
    size_t n_materials;
    /* private: every allocation, freed by service_free */
    void **allocs_;
    size_t n_allocs_, cap_allocs_;
};

/* Load and validate the definition at path into *svc. On error returns K_ERR_INVALID (bad
 * content), K_ERR_IO or K_ERR_TOO_LARGE, writes "E8nn: FILE: PATH: problem" into err, and
 * leaves *svc empty (service_free is still safe). */
enum kerr service_load(const char *path, struct service *svc, char *err, size_t errlen);
/* The same from memory; name is used in error messages (fuzz targets, tests). */
enum kerr service_load_mem(const char *name, const char *json, size_t len, struct service *svc,
                           char *err, size_t errlen);
/* Release everything; the struct is zeroed. */
void service_free(struct service *svc);

/* Lookups by id: the entry or NULL. The _index forms give -1 when missing. */
const struct service_field *service_field(const struct service *svc, const char *id);
const struct service_matter *service_matter(const struct service *svc, const char *id);
const struct service_material *service_material(const struct service *svc, const char *id);
const struct service_material *service_material_by_number(const struct service *svc, int number);
const struct service_district *service_district(const struct service *svc, const char *id);
const struct service_department *service_department(const struct service *svc, const char *id);
const struct service_question *service_question(const struct service *svc, const char *id);
const struct service_option_list *service_list(const struct service *svc, const char *id);
long service_field_index(const struct service *svc, const char *id);
long service_matter_index(const struct service *svc, const char *id);
long service_question_index(const struct service *svc, const char *id);
/* The department that handles a matter. */
const struct service_department *service_matter_department(const struct service *svc,
                                                           const struct service_matter *m);
/* Whether field is asked given the form's values (values[i] for field i, NULL = empty):
 * false when its only_when does not hold. A field not asked is neither shown nor required. */
bool service_field_asked(const struct service *svc, size_t field, const char *const *values);
/* The option with this code in a list, or NULL. */
const struct service_option *service_option(const struct service_option_list *list,
                                            const char *code);
/* The answer with this value in a question, or NULL. */
const struct service_answer *service_answer(const struct service_question *q, const char *value);
/* Receipt wording by key ("code", "deadline", ...): the text, or NULL when absent. */
const char *service_receipt_label(const struct service *svc, const char *key);
const char *service_receipt_line(const struct service *svc, const char *key);

/* Receipt keys every definition must provide (the receipt composer relies on them). */
extern const char *const service_receipt_label_keys[];
extern const char *const service_receipt_line_keys[];

#endif
