/* drivers/idcard/idsim.h: a simulated SAM_V ID card reader (the device side of the protocol).
 *
 * Drivers layer, no I/O. Answers host frames exactly as a reader does (research/idcard.md
 * §1, §4): SAM power-up, find/select/read, "already read -> no card until lifted", and fault
 * knobs. Used by the `sim` driver (the kiosk's simulated twin), the umockdev USB reader model
 * and the pty serial model in tests, and the benchmark. Thread-safe (one mutex).
 * The cards are fictional.
 */
#ifndef DRIVERS_IDCARD_IDSIM_H
#define DRIVERS_IDCARD_IDSIM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A fictional card (UTF-8). */
struct idsim_card {
    char type;        /* 0 resident, 'I', 'J' */
    const char *name; /* Chinese name */
    const char *english_name;
    const char *sex; /* "1" / "2" */
    const char *ethnicity;
    const char *birth;
    const char *address;
    const char *id_number; /* or PR number */
    const char *authority;
    const char *valid_from;
    const char *valid_to; /* YYYYMMDD or 长期 */
    const char *permit_number, *issue_count, *nationality, *card_version;
    const char *extra_address; /* NULL: 30 03 answers 91 */
    int fp_len;                /* 0, 512, 1024 */
};

/* The built-in cards: 0 a name with 堃 and a 35-character address, long-term validity;
 * 1 an ordinary resident card (蒙古, female) with an additional address and fingerprints;
 * 2 a J permit (Hong Kong); 3 an I card. */
const struct idsim_card *idsim_card_at(size_t i);
size_t idsim_card_count(void);
/* Encode card into the 256-byte text block; false if a field does not fit. */
bool idsim_text(const struct idsim_card *card, uint8_t text[256]);
/* Build the whole 30 01 (or 30 10 when fp) reply frame for card; returns its length. */
size_t idsim_read_reply(const struct idsim_card *card, bool fp, uint8_t *out, size_t cap);

struct idsim;

struct idsim_faults {
    int sam_not_ready;    /* the next N commands answer 60 (SAM self-test failed) */
    int silent_sam;       /* the next N commands get no answer at all (powering up) */
    bool silent;          /* answer nothing (dead reader) */
    bool remove_mid_read; /* the next 30 01/30 10 finds the card gone: 41, card absent */
    bool bad_checksum;    /* the next reply has a wrong checksum */
    bool truncate;        /* the next reply is cut in half */
    bool garbage;         /* the next reply is preceded by junk bytes */
    bool unplugged;       /* the reader is unplugged (sim driver: open/send/recv fail) */
    bool stale;           /* an extra reply trails the next one (stale for the next command) */
};

struct idsim *idsim_create(void);
void idsim_destroy(struct idsim *s);
/* Put built-in card i on the reader (a new placement: not yet read), or lift it. */
void idsim_place(struct idsim *s, size_t i);
void idsim_lift(struct idsim *s);
/* Arm faults (replaces the current knobs). */
void idsim_set_faults(struct idsim *s, const struct idsim_faults *f);
/* Handle the host bytes (one or more frames, or part of one: bytes are buffered) and write
 * the reply bytes into out; returns how many (0 = no answer). cap should be >= 2400. */
size_t idsim_feed(struct idsim *s, const uint8_t *in, size_t n, uint8_t *out, size_t cap);
/* Is the unplugged knob set? */
bool idsim_unplugged(struct idsim *s);
/* Number of commands handled so far. */
unsigned idsim_commands(struct idsim *s);

/* The process-wide device the `sim` driver talks to (created on first use, never freed), so
 * that demos and tests can place cards and arm faults while a loop runs. */
struct idsim *idsim_shared(void);

#endif
