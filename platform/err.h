/* platform/err.h: the one error enum of the project, with names and messages.
 *
 * Actions return enum kerr (K_OK on success); predicates return bool. Detailed text with a
 * unique, greppable number ("E203: paper out") goes into the object that failed, not here.
 * kerr_name() gives the stable identifier (tests assert it); kerr_text() gives an English
 * description for logs; the Chinese message for a person is the string catalogue's
 * "err.<name>" entry (see platform/strings.h).
 */
#ifndef PLATFORM_ERR_H
#define PLATFORM_ERR_H

#include <stdbool.h>

#define KERR_LIST(X)                                                                               \
    X(K_OK, "ok", "success")                                                                       \
    X(K_ERR_INVALID, "invalid", "invalid argument or input")                                       \
    X(K_ERR_IO, "io", "input/output error")                                                        \
    X(K_ERR_TIMEOUT, "timeout", "timed out")                                                       \
    X(K_ERR_NO_DEVICE, "no_device", "device not present")                                          \
    X(K_ERR_PROTOCOL, "protocol", "protocol violation from peer")                                  \
    X(K_ERR_CHECKSUM, "checksum", "checksum mismatch")                                             \
    X(K_ERR_NOT_FOUND, "not_found", "not found")                                                   \
    X(K_ERR_EXISTS, "exists", "already exists")                                                    \
    X(K_ERR_BUSY, "busy", "busy, try again")                                                       \
    X(K_ERR_STATE, "state", "operation not allowed in this state")                                 \
    X(K_ERR_UNSUPPORTED, "unsupported", "not supported")                                           \
    X(K_ERR_NO_CARD, "no_card", "no card on the reader")                                           \
    X(K_ERR_CARD_REMOVED, "card_removed", "card removed during read")                              \
    X(K_ERR_PAPER_OUT, "paper_out", "printer out of paper")                                        \
    X(K_ERR_COVER_OPEN, "cover_open", "printer cover open")                                        \
    X(K_ERR_DEVICE_FAULT, "device_fault", "device reports a fault")                                \
    X(K_ERR_NETWORK, "network", "network error")                                                   \
    X(K_ERR_SERVER, "server", "server error")                                                      \
    X(K_ERR_AUTH, "auth", "authentication failed")                                                 \
    X(K_ERR_CONFLICT, "conflict", "conflict with existing data")                                   \
    X(K_ERR_CRYPTO, "crypto", "cryptographic check failed")                                        \
    X(K_ERR_DB, "db", "database error")                                                            \
    X(K_ERR_TOO_LARGE, "too_large", "input too large")                                             \
    X(K_ERR_CANCELLED, "cancelled", "cancelled")

enum kerr {
#define KERR_ENUM(sym, name, text) sym,
    KERR_LIST(KERR_ENUM)
#undef KERR_ENUM
        K_ERR__COUNT
};

/* Stable snake_case identifier of e ("paper_out"); "unknown" for out-of-range values. */
const char *kerr_name(enum kerr e);
/* English description of e for logs and developers. */
const char *kerr_text(enum kerr e);

/* True when detail text (an "E203: paper out" message) carries the code ("E203"): the code,
 * then ':' or the end. Codes are string constants defined once in the module that writes them
 * (e.g. CONFIG_E_RANGE in platform/config.h); nobody compares against a literal. */
bool kerr_detail_is(const char *detail, const char *code);

#endif
