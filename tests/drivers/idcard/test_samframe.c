/* tests/drivers/idcard/test_samframe.c: the SAM_V codec and card decoding, table-driven with
 * the byte-exact frames of research/idcard.md §1.2-§1.4. */
#include "drivers/idcard/idcard_card.h"
#include "drivers/idcard/idsim.h"
#include "drivers/idcard/samframe.h"
#include "tests/support/ktest.h"

static size_t unhex(const char *h, uint8_t *out)
{
    size_t n = 0;
    unsigned v = 0;
    int half = 0;
    for (; *h; h++) {
        int d = *h >= '0' && *h <= '9' ? *h - '0' : *h >= 'A' && *h <= 'F' ? *h - 'A' + 10 : -1;
        if (d < 0)
            continue;
        v = v << 4 | (unsigned)d;
        if (++half == 2) {
            out[n++] = (uint8_t)v;
            v = 0;
            half = 0;
        }
    }
    return n;
}

static void test_requests(void)
{
    static const struct {
        enum sam_cmd cmd;
        const char *hex;
    } rows[] = {
        {SAM_CMD_RESET, "AA AA AA 96 69 00 03 10 FF EC"},
        {SAM_CMD_STATUS, "AA AA AA 96 69 00 03 11 FF ED"},
        {SAM_CMD_SAMID, "AA AA AA 96 69 00 03 12 FF EE"},
        {SAM_CMD_FIND, "AA AA AA 96 69 00 03 20 01 22"},
        {SAM_CMD_SELECT, "AA AA AA 96 69 00 03 20 02 21"},
        {SAM_CMD_READ, "AA AA AA 96 69 00 03 30 01 32"},
        {SAM_CMD_READ_FP, "AA AA AA 96 69 00 03 30 10 23"},
        {SAM_CMD_READ_ADDR, "AA AA AA 96 69 00 03 30 03 30"},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint8_t want[16], got[16];
        size_t wn = unhex(rows[i].hex, want);
        size_t gn = sam_build(got, sizeof got, rows[i].cmd, NULL, 0);
        CHECKF(gn == wn && memcmp(got, want, wn) == 0, "row %zu", i);
    }
    uint8_t f[16], w[16];
    size_t n = sam_build(f, sizeof f, 0x61FF, (const uint8_t[]){0x50}, 1);
    CHECK(n == unhex("AA AA AA 96 69 00 04 61 FF 50 CA", w) && memcmp(f, w, n) == 0);
    CHECK_EQ_INT(sam_build(f, 9, SAM_CMD_FIND, NULL, 0), 0);
}

static void test_replies(void)
{
    static const struct {
        const char *hex;
        uint8_t sw3;
        size_t data_len;
    } rows[] = {
        {"AA AA AA 96 69 00 04 00 00 90 94", 0x90, 0},
        {"AA AA AA 96 69 00 08 00 00 9F 00 00 00 00 97", 0x9F, 4},
        {"AA AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C", 0x90, 8},
        {"AA AA AA 96 69 00 04 00 00 80 84", 0x80, 0},
        {"AA AA AA 96 69 00 04 00 00 81 85", 0x81, 0},
        {"AA AA AA 96 69 00 04 00 00 41 45", 0x41, 0},
        {"AA AA AA 96 69 00 04 00 00 60 64", 0x60, 0},
        {"AA AA AA 96 69 00 04 00 00 31 35", 0x31, 0},
        {"AA AA AA 96 69 00 04 00 00 24 20", 0x24, 0},
        {"AA AA AA 96 69 00 04 00 00 66 62", 0x66, 0},
        {"AA AA AA 96 69 00 04 00 00 91 95", 0x91, 0},
        {"AA AA AA 96 69 00 14 00 00 90 05 00 01 00 A1 B7 32 01 4E 61 BC 00 D2 02 96 49 39", 0x90,
         16},
        /* leading garbage, and the truncated preamble seen from an FDX3S reader */
        {"00 13 AA AA AA 96 69 00 04 00 00 80 84", 0x80, 0},
        {"AA 00 AA AA 96 69 00 0C 00 00 90 00 00 00 00 00 00 00 00 9C", 0x90, 8},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        uint8_t b[64];
        size_t n = unhex(rows[i].hex, b);
        struct sam_reply r;
        CHECKF(sam_parse_reply(b, n, &r) == K_OK, "row %zu", i);
        CHECKF(r.sw3 == rows[i].sw3 && r.data_len == rows[i].data_len && r.sw1 == 0, "row %zu", i);
        if (i < 11) {
            uint8_t built[64];
            size_t bn = sam_build_reply(built, sizeof built, rows[i].sw3, r.data, r.data_len);
            CHECKF(bn == n && memcmp(built, b, n) == 0, "row %zu rebuilt", i);
        }
    }
    /* every SW3 of the research has a catalogue key; others a generic one */
    CHECK_EQ_STR(sam_sw_key(0x41), "idcard.sw.41");
    CHECK_EQ_STR(sam_sw_key(0x9F), "idcard.sw.9F");
    CHECK_EQ_STR(sam_sw_key(0x55), "idcard.sw.unknown");
    CHECK(sam_sw_known(0x66) && !sam_sw_known(0x00));
}

static void test_errors(void)
{
    uint8_t b[64];
    struct sam_reply r;
    size_t n = unhex("AA AA AA 96 69 00 04 00 00 90 95", b);
    CHECK_EQ_INT(sam_parse_reply(b, n, &r), K_ERR_CHECKSUM);
    n = unhex("AA AA AA 96 69 00 08 00 00 9F 00", b);
    CHECK_EQ_INT(sam_parse_reply(b, n, &r), K_ERR_PROTOCOL);
    n = unhex("AA AA AA 96 69 00 04 00 00 90 94 00", b);
    CHECK_EQ_INT(sam_parse_reply(b, n, &r), K_ERR_PROTOCOL);
    CHECK_EQ_INT(sam_parse_reply(b, 0, &r), K_ERR_PROTOCOL);
    n = unhex("AA AA AA 96 69 00 02 00 00", b); /* Len below minimum: not a frame */
    CHECK_EQ_INT(sam_parse_reply(b, n, &r), K_ERR_PROTOCOL);
    /* scan: incremental arrival finds the frame once complete; garbage start reported */
    n = unhex("11 22 AA AA AA 96 69 00 04 00 00 90 94", b);
    size_t st = 99, len = 0;
    for (size_t k = 0; k < n; k++)
        CHECKF(sam_scan(b, k, 4, &st, &len) == SAM_SCAN_NEED_MORE, "prefix %zu", k);
    CHECK_EQ_INT(sam_scan(b, n, 4, &st, &len), SAM_SCAN_FRAME);
    CHECK_EQ_INT(st, 2);
    CHECK_EQ_INT(len, 11);
    n = unhex("01 02 03 AA", b);
    CHECK_EQ_INT(sam_scan(b, n, 4, &st, &len), SAM_SCAN_NEED_MORE);
    CHECK_EQ_INT(st, 3);
}

static void test_cards(void)
{
    uint8_t f[2400];
    struct idcard_card c;
    char err[128];
    struct sam_reply r;

    size_t n = idsim_read_reply(idsim_card_at(0), false, f, sizeof f);
    CHECK_EQ_INT(n, 1295);
    CHECK(memcmp(f, "\xAA\xAA\xAA\x96\x69\x05\x08\x00\x00\x90\x01\x00\x04\x00", 14) == 0);
    CHECK_EQ_INT(sam_parse_reply(f, n, &r), K_OK);
    CHECK_EQ_INT(idcard_decode_read(r.data, r.data_len, false, &c, err, sizeof err), K_OK);
    CHECK_EQ_INT(c.type, IDCARD_RESIDENT);
    CHECK_EQ_STR(c.name, "张堃");
    CHECK_EQ_INT(c.sex, IDCARD_SEX_MALE);
    CHECK_EQ_STR(idcard_ethnicity_name(c.ethnicity_code), "汉");
    CHECK_EQ_STR(c.birth, "19900307");
    CHECK_EQ_STR(c.address,
                 "广东省深圳市南山区科技园南区高新南一道九号创维半导体设计大厦西座三十八");
    CHECK_EQ_STR(c.id_number, "440305199003070014");
    CHECK(c.long_term);
    CHECK_EQ_STR(c.valid_to, "");
    CHECK_EQ_INT(c.photo_len, 1024);
    CHECK(c.photo[0] == 0x57 && c.photo[1] == 0x4C);
    CHECK(idcard_number_consistent(&c));

    n = idsim_read_reply(idsim_card_at(1), true, f, sizeof f);
    CHECK_EQ_INT(n, 2321);
    CHECK(memcmp(f, "\xAA\xAA\xAA\x96\x69\x09\x0A\x00\x00\x90\x01\x00\x04\x00\x04\x00", 16) == 0);
    CHECK_EQ_INT(sam_parse_reply(f, n, &r), K_OK);
    CHECK_EQ_INT(idcard_decode_read(r.data, r.data_len, true, &c, err, sizeof err), K_OK);
    CHECK_EQ_INT(c.fingerprint_len, 1024);
    CHECK_EQ_STR(idcard_ethnicity_name(c.ethnicity_code), "蒙古");
    CHECK_EQ_INT(c.sex, IDCARD_SEX_FEMALE);
    CHECK_EQ_STR(c.valid_to, "20350601");
    CHECK(idcard_number_consistent(&c));
    /* the same card read without fingerprints is 1297 bytes with fpLen 0 via 30 10 of card 0 */
    n = idsim_read_reply(idsim_card_at(0), true, f, sizeof f);
    CHECK_EQ_INT(n, 1297);
    n = idsim_read_reply(idsim_card_at(3), true, f, sizeof f);
    CHECK_EQ_INT(n, 1809);

    n = idsim_read_reply(idsim_card_at(2), false, f, sizeof f);
    sam_parse_reply(f, n, &r);
    CHECK_EQ_INT(idcard_decode_read(r.data, r.data_len, false, &c, err, sizeof err), K_OK);
    CHECK_EQ_INT(c.type, IDCARD_HK_MACAU_TAIWAN);
    CHECK_EQ_STR(c.permit_number, "H12345678");
    CHECK_EQ_STR(c.issue_count, "01");
    CHECK_EQ_STR(c.ethnicity_code, "");
    CHECK(idcard_number_consistent(&c));

    n = idsim_read_reply(idsim_card_at(3), false, f, sizeof f);
    sam_parse_reply(f, n, &r);
    CHECK_EQ_INT(idcard_decode_read(r.data, r.data_len, false, &c, err, sizeof err), K_OK);
    CHECK_EQ_INT(c.type, IDCARD_FOREIGN_PR);
    CHECK_EQ_STR(c.english_name, "SMITH JOHN");
    CHECK_EQ_STR(c.name, "史密斯");
    CHECK_EQ_STR(c.id_number, "USA110079010150");
    CHECK_EQ_STR(c.nationality, "USA");
    CHECK_EQ_STR(c.birth, "19790101");

    /* unknown marker 'Y': an error, never a resident card */
    uint8_t t[256];
    idsim_text(idsim_card_at(0), t);
    t[248] = 'Y';
    t[249] = 0;
    CHECK_EQ_INT(idcard_decode_text(t, 256, &c, err, sizeof err), K_ERR_UNSUPPORTED);
    CHECK(strstr(err, "E304") != NULL);
    /* broken date, bad ethnicity, bad id, lone surrogate */
    idsim_text(idsim_card_at(0), t);
    t[36] = 'x';
    CHECK_EQ_INT(idcard_decode_text(t, 256, &c, err, sizeof err), K_ERR_INVALID);
    idsim_text(idsim_card_at(0), t);
    t[32] = '9';
    t[34] = '9';
    CHECK_EQ_INT(idcard_decode_text(t, 256, &c, err, sizeof err), K_ERR_INVALID);
    idsim_text(idsim_card_at(0), t);
    t[1] = 0xD8;
    CHECK_EQ_INT(idcard_decode_text(t, 256, &c, err, sizeof err), K_ERR_INVALID);
    CHECK_EQ_INT(idcard_decode_text(t, 255, &c, err, sizeof err), K_ERR_INVALID);
    /* lengths that do not add up */
    n = idsim_read_reply(idsim_card_at(0), false, f, sizeof f);
    sam_parse_reply(f, n, &r);
    CHECK_EQ_INT(idcard_decode_read(r.data, r.data_len - 1, false, &c, err, sizeof err),
                 K_ERR_PROTOCOL);
    /* extra address */
    uint8_t a[70];
    idcard_utf8_to_ucs2("内蒙古自治区呼和浩特市赛罕区大学西街8号", a, sizeof a);
    CHECK_EQ_INT(idcard_decode_extra_address(a, sizeof a, &c), K_OK);
    CHECK_EQ_STR(c.extra_address, "内蒙古自治区呼和浩特市赛罕区大学西街8号");
}

static void test_check_char(void)
{
    static const struct {
        const char *id;
        bool ok;
    } rows[] = {{"360426199101010071", true},
                {"120103198806018241", true},
                {"360426199101010072", false},
                {"11010519491231002X", true},
                {"440524188001010014", true}};
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
        CHECKF((idcard_check_char(rows[i].id) == rows[i].id[17]) == rows[i].ok, "row %zu", i);
    CHECK_EQ_INT(idcard_check_char("1234"), 0);
    CHECK_EQ_STR(idcard_ethnicity_name("56"), "基诺");
    CHECK_EQ_STR(idcard_ethnicity_name("97"), "其他");
    CHECK(idcard_ethnicity_name("57") == NULL && idcard_ethnicity_name("1") == NULL);
}

static void test_sim(void)
{
    struct idsim *s = idsim_create();
    uint8_t q[16], out[2400];
    struct sam_reply r;
    size_t qn = sam_build(q, sizeof q, SAM_CMD_FIND, NULL, 0);
    size_t n = idsim_feed(s, q, qn, out, sizeof out);
    CHECK(sam_parse_reply(out, n, &r) == K_OK && r.sw3 == 0x80);
    idsim_place(s, 0);
    n = idsim_feed(s, q, qn, out, sizeof out);
    CHECK(sam_parse_reply(out, n, &r) == K_OK && r.sw3 == 0x9F);
    /* a frame fed byte by byte is answered once complete */
    qn = sam_build(q, sizeof q, SAM_CMD_SELECT, NULL, 0);
    for (size_t i = 0; i + 1 < qn; i++)
        CHECK_EQ_INT(idsim_feed(s, q + i, 1, out, sizeof out), 0);
    n = idsim_feed(s, q + qn - 1, 1, out, sizeof out);
    CHECK(sam_parse_reply(out, n, &r) == K_OK && r.sw3 == 0x90 && r.data_len == 8);
    /* a corrupted host frame gets SW3 10 */
    q[qn - 1] ^= 1;
    n = idsim_feed(s, q, qn, out, sizeof out);
    CHECK(sam_parse_reply(out, n, &r) == K_OK && r.sw3 == 0x10);
    idsim_destroy(s);
}

int main(void)
{
    KTEST_RUN(test_requests);
    KTEST_RUN(test_replies);
    KTEST_RUN(test_errors);
    KTEST_RUN(test_cards);
    KTEST_RUN(test_check_char);
    KTEST_RUN(test_sim);
    return ktest_done();
}
