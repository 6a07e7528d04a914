/* drivers/idcard/idcard_card.c: decode the card's text block, read replies and address. */
#include "drivers/idcard/idcard_card.h"

#include <stdio.h>
#include <string.h>

#include "platform/utf8.h"

/* GB 3304 (research/idcard.md §2.3). */
static const char *const ethnicities[] = {
    NULL,     "汉",   "蒙古",     "回",   "藏",     "维吾尔", "苗",   "彝",       "壮",
    "布依",   "朝鲜", "满",       "侗",   "瑶",     "白",     "土家", "哈尼",     "哈萨克",
    "傣",     "黎",   "傈僳",     "佤",   "畲",     "高山",   "拉祜", "水",       "东乡",
    "纳西",   "景颇", "柯尔克孜", "土",   "达斡尔", "仫佬",   "羌",   "布朗",     "撒拉",
    "毛南",   "仡佬", "锡伯",     "阿昌", "普米",   "塔吉克", "怒",   "乌孜别克", "俄罗斯",
    "鄂温克", "德昂", "保安",     "裕固", "京",     "塔塔尔", "独龙", "鄂伦春",   "赫哲",
    "门巴",   "珞巴", "基诺"};

const char *idcard_ethnicity_name(const char *code)
{
    if (!code || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9' || code[2])
        return NULL;
    int n = (code[0] - '0') * 10 + (code[1] - '0');
    if (n >= 1 && n <= 56)
        return ethnicities[n];
    if (n == 97)
        return "其他";
    if (n == 98)
        return "外国血统中国籍人士";
    return NULL;
}

static void seterr(char *err, size_t errlen, const char *msg)
{
    if (err && errlen)
        snprintf(err, errlen, "%s", msg);
}

bool idcard_ucs2_to_utf8(const uint8_t *in, size_t n, char *out, size_t outlen)
{
    size_t units = n / 2, end = units;
    while (end > 0) {
        unsigned u = in[2 * (end - 1)] | (unsigned)in[2 * (end - 1) + 1] << 8;
        if (u != 0x20 && u != 0 && u != 0x3000)
            break;
        end--;
    }
    size_t o = 0;
    for (size_t i = 0; i < end; i++) {
        unsigned u = in[2 * i] | (unsigned)in[2 * i + 1] << 8;
        if ((u >= 0xD800 && u <= 0xDFFF) || u < 0x20 || u == 0x7F || u == 0xFFFE || u == 0xFFFF)
            return false;
        if (u < 0x80) {
            if (o + 1 >= outlen)
                return false;
            out[o++] = (char)u;
        } else if (u < 0x800) {
            if (o + 2 >= outlen)
                return false;
            out[o++] = (char)(0xC0 | u >> 6);
            out[o++] = (char)(0x80 | (u & 0x3F));
        } else {
            if (o + 3 >= outlen)
                return false;
            out[o++] = (char)(0xE0 | u >> 12);
            out[o++] = (char)(0x80 | ((u >> 6) & 0x3F));
            out[o++] = (char)(0x80 | (u & 0x3F));
        }
    }
    if (outlen == 0)
        return false;
    out[o] = 0;
    return true;
}

bool idcard_utf8_to_ucs2(const char *in, uint8_t *out, size_t n)
{
    size_t o = 0;
    size_t left = strlen(in);
    while (left) {
        uint32_t u;
        size_t k = utf8_decode(in, left, &u);
        if (!k || u > 0xFFFF)
            return false; /* not UTF-8, or outside the card's UCS-2 */
        in += k;
        left -= k;
        if (o + 2 > n)
            return false;
        out[o++] = (uint8_t)u;
        out[o++] = (uint8_t)(u >> 8);
    }
    for (; o + 1 < n; o += 2) {
        out[o] = 0x20;
        out[o + 1] = 0;
    }
    return true;
}

static bool all_digits(const char *s, size_t n)
{
    if (strlen(s) != n)
        return false;
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

static bool valid_date(const char *s)
{
    if (!all_digits(s, 8))
        return false;
    int m = (s[4] - '0') * 10 + (s[5] - '0'), d = (s[6] - '0') * 10 + (s[7] - '0');
    return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

/* Decode field [off, off+len) into out; false on invalid text. */
static bool field(const uint8_t *t, size_t off, size_t len, char *out, size_t outlen)
{
    return idcard_ucs2_to_utf8(t + off, len, out, outlen);
}

char idcard_check_char(const char *id17)
{
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int s = 0;
    for (int i = 0; i < 17; i++) {
        if (id17[i] < '0' || id17[i] > '9')
            return 0;
        s += (id17[i] - '0') * w[i];
    }
    return "10X98765432"[s % 11];
}

bool idcard_number_consistent(const struct idcard_card *c)
{
    const char *id = c->id_number;
    if (strlen(id) != 18 || idcard_check_char(id) != id[17])
        return false;
    if (memcmp(id + 6, c->birth, 8) != 0)
        return false;
    int seq = id[16] - '0';
    if (c->sex == IDCARD_SEX_MALE && seq % 2 != 1)
        return false;
    if (c->sex == IDCARD_SEX_FEMALE && seq % 2 != 0)
        return false;
    return true;
}

static enum idcard_sex sex_of(const char *code)
{
    if (strcmp(code, "1") == 0)
        return IDCARD_SEX_MALE;
    if (strcmp(code, "2") == 0)
        return IDCARD_SEX_FEMALE;
    return IDCARD_SEX_UNKNOWN;
}

enum kerr idcard_decode_text(const uint8_t *t, size_t n, struct idcard_card *c, char *err,
                             size_t errlen)
{
    if (n != IDCARD_TEXT_LEN) {
        seterr(err, errlen, "E305: text block is not 256 bytes");
        return K_ERR_INVALID;
    }
    unsigned marker = t[248] | (unsigned)t[249] << 8;
    char vt[32];
    bool ok = true;
    if (marker == 'I') {
        c->type = IDCARD_FOREIGN_PR;
        ok = field(t, 0, 120, c->english_name, sizeof c->english_name) &&
             field(t, 120, 2, c->sex_code, sizeof c->sex_code) &&
             field(t, 122, 30, c->id_number, sizeof c->id_number) &&
             field(t, 152, 6, c->nationality, sizeof c->nationality) &&
             field(t, 158, 30, c->name, sizeof c->name) &&
             field(t, 188, 16, c->valid_from, sizeof c->valid_from) &&
             field(t, 204, 16, vt, sizeof vt) && field(t, 220, 16, c->birth, sizeof c->birth) &&
             field(t, 236, 4, c->card_version, sizeof c->card_version) &&
             field(t, 240, 8, c->authority, sizeof c->authority);
    } else if (marker == 'J' || marker == 0x20 || marker == 0) {
        c->type = marker == 'J' ? IDCARD_HK_MACAU_TAIWAN : IDCARD_RESIDENT;
        ok = field(t, 0, 30, c->name, sizeof c->name) &&
             field(t, 30, 2, c->sex_code, sizeof c->sex_code) &&
             field(t, 36, 16, c->birth, sizeof c->birth) &&
             field(t, 52, 70, c->address, sizeof c->address) &&
             field(t, 122, 36, c->id_number, sizeof c->id_number) &&
             field(t, 158, 30, c->authority, sizeof c->authority) &&
             field(t, 188, 16, c->valid_from, sizeof c->valid_from) &&
             field(t, 204, 16, vt, sizeof vt);
        if (ok && marker == 'J')
            ok = field(t, 220, 18, c->permit_number, sizeof c->permit_number) &&
                 field(t, 238, 4, c->issue_count, sizeof c->issue_count);
        else if (ok)
            ok = field(t, 32, 4, c->ethnicity_code, sizeof c->ethnicity_code);
    } else {
        if (err && errlen)
            snprintf(err, errlen, "E304: unknown card type marker 0x%04X", marker);
        return K_ERR_UNSUPPORTED;
    }
    if (!ok) {
        seterr(err, errlen, "E305: a text field holds invalid characters");
        return K_ERR_INVALID;
    }
    c->sex = sex_of(c->sex_code);
    if (strcmp(vt, "长期") == 0) {
        c->long_term = true;
        c->valid_to[0] = 0;
    } else if (strlen(vt) < sizeof c->valid_to) {
        memcpy(c->valid_to, vt, strlen(vt) + 1);
    } else {
        vt[0] = 0;
    }
    if (!valid_date(c->birth) || !valid_date(c->valid_from) ||
        (!c->long_term && !valid_date(c->valid_to))) {
        seterr(err, errlen, "E305: a date field is not YYYYMMDD");
        return K_ERR_INVALID;
    }
    if (c->type == IDCARD_RESIDENT && !idcard_ethnicity_name(c->ethnicity_code)) {
        seterr(err, errlen, "E305: unknown ethnicity code");
        return K_ERR_INVALID;
    }
    if (c->type != IDCARD_FOREIGN_PR) {
        const char *id = c->id_number;
        if (strlen(id) != 18 || idcard_check_char(id) == 0 ||
            !((id[17] >= '0' && id[17] <= '9') || id[17] == 'X' || id[17] == 'x')) {
            seterr(err, errlen, "E305: the ID number is not 17 digits and a check character");
            return K_ERR_INVALID;
        }
        if (id[17] == 'x')
            c->id_number[17] = 'X';
    }
    return K_OK;
}

enum kerr idcard_decode_read(const uint8_t *d, size_t n, bool with_fp, struct idcard_card *c,
                             char *err, size_t errlen)
{
    memset(c, 0, sizeof *c);
    size_t hdr = with_fp ? 6 : 4;
    if (n < hdr) {
        seterr(err, errlen, "E306: read reply too short");
        return K_ERR_PROTOCOL;
    }
    size_t tl = (size_t)d[0] << 8 | d[1], pl = (size_t)d[2] << 8 | d[3];
    size_t fl = with_fp ? ((size_t)d[4] << 8 | d[5]) : 0;
    if (tl != IDCARD_TEXT_LEN || pl > IDCARD_PHOTO_LEN || (fl != 0 && fl != 512 && fl != 1024) ||
        hdr + tl + pl + fl != n) {
        seterr(err, errlen, "E306: read reply lengths do not add up");
        return K_ERR_PROTOCOL;
    }
    enum kerr e = idcard_decode_text(d + hdr, tl, c, err, errlen);
    if (e != K_OK)
        return e;
    memcpy(c->photo, d + hdr + tl, pl);
    c->photo_len = pl;
    memcpy(c->fingerprint, d + hdr + tl + pl, fl);
    c->fingerprint_len = fl;
    return K_OK;
}

enum kerr idcard_decode_extra_address(const uint8_t *d, size_t n, struct idcard_card *c)
{
    if (n > 70) /* the first of the 4 x 70-byte address slots (research §2.9) */
        n = 70;
    n &= ~(size_t)1;
    if (!idcard_ucs2_to_utf8(d, n, c->extra_address, sizeof c->extra_address)) {
        c->extra_address[0] = 0;
        return K_ERR_INVALID;
    }
    return K_OK;
}

const char *idcard_type_name(enum idcard_type t)
{
    switch (t) {
    case IDCARD_FOREIGN_PR:
        return "foreign_permanent_resident";
    case IDCARD_HK_MACAU_TAIWAN:
        return "hk_macau_taiwan_permit";
    default:
        return "resident";
    }
}

const char *idcard_sex_name(enum idcard_sex s)
{
    return s == IDCARD_SEX_MALE ? "male" : s == IDCARD_SEX_FEMALE ? "female" : "unknown";
}
