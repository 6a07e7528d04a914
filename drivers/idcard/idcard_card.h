/* drivers/idcard/idcard_card.h: decoding what an ID card returns (pure, no I/O).
 *
 * Drivers layer. The 256-byte UCS-2LE text block of a resident ID card, a foreign permanent
 * resident card (type marker `I`) or a HK/Macau/Taiwan residence permit (`J`), the 30 01 /
 * 30 10 reply payloads (photo kept opaque, 0/512/1024 fingerprint bytes) and the 30 03
 * additional address. research/idcard.md §2. The structural check of the ID number (18
 * characters, date, sex parity, GB 11643 check character) is here; the app may validate more.
 */
#ifndef DRIVERS_IDCARD_IDCARD_CARD_H
#define DRIVERS_IDCARD_IDCARD_CARD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "platform/err.h"

#define IDCARD_TEXT_LEN  256
#define IDCARD_PHOTO_LEN 1024

enum idcard_type {
    IDCARD_RESIDENT,        /* 居民身份证 */
    IDCARD_FOREIGN_PR,      /* 外国人永久居留身份证, marker I */
    IDCARD_HK_MACAU_TAIWAN, /* 港澳台居民居住证, marker J */
};

enum idcard_sex { IDCARD_SEX_UNKNOWN, IDCARD_SEX_MALE, IDCARD_SEX_FEMALE };

/* One decoded card. All strings are UTF-8, trimmed, NUL-terminated; "" when absent. */
struct idcard_card {
    enum idcard_type type;
    char name[96]; /* Chinese name (foreign card: its Chinese name, may be "") */
    char english_name[192];
    enum idcard_sex sex;
    char sex_code[4]; /* GB/T 2261.1 code as on the card */
    char ethnicity_code[4];
    char birth[9]; /* YYYYMMDD */
    char address[160];
    char id_number[40];              /* resident/permit: 18 chars; foreign card: the PR number */
    char authority[96];              /* issuing authority (foreign card: its authority code) */
    char valid_from[9];              /* YYYYMMDD */
    char valid_to[9];                /* YYYYMMDD, "" when long_term */
    bool long_term;                  /* 长期 */
    char permit_number[40];          /* J: 通行证号码 */
    char issue_count[8];             /* J: 签发次数 */
    char nationality[8];             /* I: GB/T 2659 code */
    char card_version[8];            /* I */
    char extra_address[300];         /* 30 03, "" when none */
    uint8_t photo[IDCARD_PHOTO_LEN]; /* opaque WLT */
    size_t photo_len;
    uint8_t fingerprint[1024];
    size_t fingerprint_len; /* 0, 512 or 1024 */
};

/* Decode the 256-byte text block into *c (other fields untouched). K_ERR_UNSUPPORTED
 * (E304) for an unknown card-type marker, K_ERR_INVALID (E305) for a malformed field;
 * err (may be NULL) gets an English one-line detail. */
enum kerr idcard_decode_text(const uint8_t *text, size_t n, struct idcard_card *c, char *err,
                             size_t errlen);
/* Decode the data of a 30 01 or 30 10 reply (after SW1-3): lengths, text, photo,
 * fingerprint. Clears *c first. K_ERR_PROTOCOL (E306) when the lengths do not add up. */
enum kerr idcard_decode_read(const uint8_t *data, size_t n, bool with_fp, struct idcard_card *c,
                             char *err, size_t errlen);
/* Decode a 30 03 reply's data (UCS-2LE, >= 70 bytes) into c->extra_address. */
enum kerr idcard_decode_extra_address(const uint8_t *data, size_t n, struct idcard_card *c);

/* Convert UCS-2LE (n bytes) to trimmed UTF-8 (trailing spaces and NULs cut); false when a
 * code unit is not a valid character (lone surrogate, control) or out is too small. */
bool idcard_ucs2_to_utf8(const uint8_t *in, size_t n, char *out, size_t outlen);
/* Encode UTF-8 to UCS-2LE padded with spaces to n bytes (for simulators); false if too long
 * or not in the BMP. */
bool idcard_utf8_to_ucs2(const char *in, uint8_t *out, size_t n);

/* GB 3304 ethnicity name for a two-digit code ("02" -> "蒙古"), NULL if unknown. */
const char *idcard_ethnicity_name(const char *code);
/* GB 11643 check character for the first 17 digits, 0 if they are not 17 digits. */
char idcard_check_char(const char *id17);
/* Structural check of an 18-character number against the card's birth date and sex:
 * digits, check character, digits 7-14 == birth, sequence parity == sex. */
bool idcard_number_consistent(const struct idcard_card *c);

const char *idcard_type_name(enum idcard_type t); /* resident | foreign_permanent_resident | ... */
const char *idcard_sex_name(enum idcard_sex s);   /* male | female | unknown */

#endif
