/* app/core/validate.h: checking what an applicant entered (app/core, pure).
 *
 * ID numbers per GB 11643-1999 (18 characters, ISO 7064 MOD 11-2 check character, x read as X,
 * a real birth date, and for a card read, agreement with the card's birth date and sex);
 * phone numbers (11-digit mainland mobile, or a landline with its area code, 0477-8575378);
 * dates (YYYY-MM-DD, ordering between date fields, not after "today", which is a parameter);
 * required fields, option codes and maximum lengths, as the service definition says.
 *
 * Every message is short Chinese naming the field, from the string catalogue
 * (assets/ui/strings/core.json, keys core.valid.*) with the field's label from the service
 * definition. No I/O beyond the catalogue; thread-safe once the catalogue is loaded.
 */
#ifndef APP_CORE_VALIDATE_H
#define APP_CORE_VALIDATE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/core/date.h"
#include "app/core/service.h"

#define IDNUM_BUF    19 /* 18 characters + NUL */
#define PHONE_BUF    16
#define VALIDATE_MSG 256

enum idnum_problem {
    IDNUM_OK,
    IDNUM_EMPTY,
    IDNUM_LENGTH,     /* not 18 characters */
    IDNUM_CHARS,      /* not 17 digits and a digit or X */
    IDNUM_REGION,     /* address code starts with 0 */
    IDNUM_BIRTH,      /* no such date, before 1900 or after today */
    IDNUM_CHECK,      /* check character wrong */
    IDNUM_CARD_BIRTH, /* disagrees with the card's birth date */
    IDNUM_CARD_SEX,   /* disagrees with the card's sex */
};

/* Check an ID number; on IDNUM_OK out holds the normalised form (x -> X, spaces removed).
 * today may be NULL (then a birth date after today is not checked). out may be NULL. */
enum idnum_problem idnum_check(const char *in, const struct cdate *today, char *out);
/* Agreement of a valid number with what the card says: birth "YYYYMMDD" and sex code
 * (GB/T 2261.1 "1" male, "2" female); either may be NULL or "" to skip that comparison. */
enum idnum_problem idnum_check_card(const char *number, const char *card_birth,
                                    const char *card_sex);
/* Birth date and sex code ('1' odd sequence, '2' even) of a valid number. */
bool idnum_birth(const char *number, struct cdate *out);
char idnum_sex(const char *number);
/* The catalogue key of a problem ("core.valid.id.check"), NULL for IDNUM_OK. */
const char *idnum_problem_key(enum idnum_problem p);

/* A mobile (11 digits, 1[3-9]...) or landline (area code 0xx or 0xxx, then 7-8 digits; a dash
 * or space between them is optional). Spaces are ignored. On success out (PHONE_BUF) holds
 * the canonical form: 11 digits, or AREA-NUMBER. */
bool phone_check(const char *in, char *out);

/* The card facts a form is checked against (NULL pointers or "" = unknown). */
struct validate_card {
    const char *birth; /* YYYYMMDD */
    const char *sex;   /* "1" or "2" */
};

struct field_error {
    size_t field; /* index into svc->fields */
    char msg[VALIDATE_MSG];
};

/* Check one value of field (index) on its own: empty-and-required, length, text, option
 * codes, date, phone, ID number. True when fine; otherwise msg (size n) says why. */
bool validate_field(const struct service *svc, size_t field, const char *value, struct cdate today,
                    char *msg, size_t n);
/* Check a whole form: values[i] is the value of svc->fields[i] (NULL or "" when empty);
 * card may be NULL. Fields not asked (service_field_asked) are skipped. Adds cross-field checks
 * (date order, ID number against the card and against the sex field). Writes at most one error per
 * field, in field order, up to max; returns the number of fields in error (which may exceed max).
 */
size_t validate_form(const struct service *svc, const char *const *values,
                     const struct validate_card *card, struct cdate today, struct field_error *errs,
                     size_t max);

#endif
