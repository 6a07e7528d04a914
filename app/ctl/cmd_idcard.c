/* app/ctl/cmd_idcard.c: `kioskctl idcard decode FILE` and `kioskctl idcard read [--device
 * SPEC] [--reveal]` (app layer, ctl). decode: FILE holds one reader reply frame (30 01 or
 * 30 10), raw or as hex text; prints the card as one JSON object, exit 0; on failure one
 * line "error: E3xx ..." naming the problem, exit 1. read: one card from the configured
 * reader (idcard.driver / idcard.device), the ID number masked unless --reveal. */
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/ctl/ctl.h"
#include "drivers/idcard/idcard.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static void add_date(cJSON *o, const char *key, const char *ymd)
{
    char d[16] = "";
    if (strlen(ymd) == 8)
        snprintf(d, sizeof d, "%.4s-%.2s-%.2s", ymd, ymd + 4, ymd + 6);
    cJSON_AddStringToObject(o, key, d);
}

static void print_card(const struct idcard_card *c, bool reveal)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "type", idcard_type_name(c->type));
    cJSON_AddStringToObject(o, "name", c->name);
    cJSON_AddStringToObject(o, "sex", idcard_sex_name(c->sex));
    const char *eth = idcard_ethnicity_name(c->ethnicity_code);
    cJSON_AddStringToObject(o, "ethnicity", eth ? eth : "");
    add_date(o, "birth", c->birth);
    cJSON_AddStringToObject(o, "address", c->address);
    char masked[64];
    cJSON_AddStringToObject(
        o, "id_number", reveal ? c->id_number : log_mask_id(c->id_number, masked, sizeof masked));
    cJSON_AddStringToObject(o, "authority", c->authority);
    add_date(o, "valid_from", c->valid_from);
    if (c->long_term)
        cJSON_AddStringToObject(o, "valid_to", "long-term");
    else
        add_date(o, "valid_to", c->valid_to);
    if (c->type == IDCARD_HK_MACAU_TAIWAN) {
        cJSON_AddStringToObject(o, "permit_number", c->permit_number);
        cJSON_AddStringToObject(o, "issue_count", c->issue_count);
    }
    if (c->type == IDCARD_FOREIGN_PR) {
        cJSON_AddStringToObject(o, "english_name", c->english_name);
        cJSON_AddStringToObject(o, "nationality", c->nationality);
    }
    if (c->extra_address[0])
        cJSON_AddStringToObject(o, "extra_address", c->extra_address);
    char *s = cJSON_PrintUnformatted(o);
    printf("%s\n", s);
    cJSON_free(s);
    cJSON_Delete(o);
}

static int hexval(int c)
{
    return c >= '0' && c <= '9'   ? c - '0'
           : c >= 'a' && c <= 'f' ? c - 'a' + 10
           : c >= 'A' && c <= 'F' ? c - 'A' + 10
                                  : -1;
}

/* Hex text (digits and whitespace only, even count) is converted in place; else raw. */
static size_t maybe_unhex(uint8_t *b, size_t n)
{
    size_t digits = 0;
    for (size_t i = 0; i < n; i++) {
        if (hexval(b[i]) >= 0)
            digits++;
        else if (b[i] != ' ' && b[i] != '\n' && b[i] != '\r' && b[i] != '\t')
            return n;
    }
    if (digits == 0 || digits % 2)
        return n;
    size_t o = 0;
    int hi = -1;
    for (size_t i = 0; i < n; i++) {
        int v = hexval(b[i]);
        if (v < 0)
            continue;
        if (hi < 0) {
            hi = v;
        } else {
            b[o++] = (uint8_t)(hi << 4 | v);
            hi = -1;
        }
    }
    return o;
}

/* A failure, one language per line: the machine-readable English line ("error: E302 ...") on
 * stdout as scripts expect it, and the same code's Chinese message on stderr for the person. */
static void fail_line(const char *english, const char *chinese)
{
    printf("error: %s\n", english);
    fprintf(stderr, "%s\n", chinese);
}

static int decode(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        printf("error: cannot open %s\n", path);
        ctl_fail("E986", NULL, "capture.cannot_read", path, NULL);
        return 1;
    }
    size_t cap = 3 * SAM_MAX_FRAME;
    uint8_t *b = xcalloc(1, cap);
    size_t n = fread(b, 1, cap, f);
    bool toolong = !feof(f);
    fclose(f);
    int rc = 1;
    if (toolong) {
        fail_line("E306 file too large for one reader frame", tr("idcard.err.length"));
        goto out;
    }
    n = maybe_unhex(b, n);
    struct sam_reply r;
    enum kerr e = sam_parse_reply(b, n, &r);
    if (e == K_ERR_CHECKSUM) {
        fail_line("E302 checksum mismatch", tr("idcard.err.checksum"));
        goto out;
    }
    if (e != K_OK) {
        fail_line("E301 framing: not one complete SAM reply frame", tr("idcard.err.framing"));
        goto out;
    }
    if (r.sw3 != SAM_SW_OK) {
        char en[32], sw[8], zh[512];
        snprintf(en, sizeof en, "E303 SW3 0x%02X", r.sw3);
        snprintf(sw, sizeof sw, "0x%02X", r.sw3);
        fail_line(en, tr_fmt(zh, sizeof zh, "idcard.err.status", tr(sam_sw_key(r.sw3)), sw, NULL));
        goto out;
    }
    struct idcard_card *c = xcalloc(1, sizeof *c);
    char err[160] = "";
    e = idcard_decode_read(r.data, r.data_len, false, c, err, sizeof err);
    if (e == K_ERR_PROTOCOL)
        e = idcard_decode_read(r.data, r.data_len, true, c, err, sizeof err);
    if (e == K_OK) {
        print_card(c, true);
        rc = 0;
    } else if (e == K_ERR_UNSUPPORTED) {
        char en[256];
        snprintf(en, sizeof en, "%s: unknown card type", err);
        fail_line(en, tr("idcard.err.card_type"));
    } else {
        fail_line(err, tr("idcard.err.field"));
    }
    free_secure(c, sizeof *c);
out:
    free_secure(b, cap);
    return rc;
}

static int read_card(struct ctl_ctx *ctx, const char *device, bool reveal)
{
    const char *driver = ctx->cfg->idcard_driver ? ctx->cfg->idcard_driver : "sim";
    const char *spec = device ? device : ctx->cfg->idcard_device ? ctx->cfg->idcard_device : "";
    struct idcard_reader *r = NULL;
    enum kerr e = idcard_open(driver, spec, &r);
    if (e != K_OK) {
        char en[256], zh[256];
        snprintf(en, sizeof en, "E308 reader not available (%s: %s)", driver, kerr_text(e));
        snprintf(zh, sizeof zh, "E308: %s", tr("idcard.state.no_reader"));
        fail_line(en, zh);
        return 1;
    }
    /* SAM up to ~3 s, then a card for up to ~10 s, polling every 300 ms. */
    for (int i = 0; i < 10 && (e = idcard_sam_status(r)) == K_ERR_BUSY; i++) {
        struct timespec ts = {0, 300000000L};
        nanosleep(&ts, NULL);
    }
    struct idcard_card *c = xcalloc(1, sizeof *c);
    int rc = 1;
    if (e != K_OK) {
        printf("error: SAM not ready: %s\n", idcard_error(r));
        ctl_fail("E308", NULL, "idcard.state.waiting_sam", NULL);
        goto out;
    }
    for (int i = 0; i < 34; i++) {
        e = idcard_read(r, c);
        if (e != K_ERR_NO_CARD)
            break;
        struct timespec ts = {0, 300000000L};
        nanosleep(&ts, NULL);
    }
    if (e == K_OK) {
        print_card(c, reveal);
        rc = 0;
    } else if (e == K_ERR_NO_CARD) {
        printf("error: no card on the reader\n");
        ctl_fail("E994", NULL, "idcard.state.ready", NULL);
    } else {
        const char *why = idcard_error(r)[0] ? idcard_error(r) : kerr_text(e);
        printf("error: %s\n", why);
        ctl_fail("E303", why, "idcard.state.lift_card", NULL);
    }
out:
    free_secure(c, sizeof *c);
    idcard_close(r);
    return rc;
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    if (argc == 3 && strcmp(argv[1], "decode") == 0)
        return decode(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "read") == 0) {
        const char *device = NULL;
        bool reveal = false;
        for (int i = 2; i < argc; i++) {
            if (strcmp(argv[i], "--reveal") == 0) {
                reveal = true;
            } else if (strcmp(argv[i], "--device") == 0 && i + 1 < argc) {
                device = argv[++i];
            } else {
                fprintf(stderr, "%s\n", tr("idcard.ctl.help"));
                return 2;
            }
        }
        return read_card(ctx, device, reveal);
    }
    fprintf(stderr, "%s\n", tr("idcard.ctl.help"));
    return 2;
}

const struct ctl_command ctl_cmd_idcard = {
    .name = "idcard",
    .help_key = "idcard.ctl.help",
    .run = run,
};
