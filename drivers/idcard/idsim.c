/* drivers/idcard/idsim.c: the simulated SAM_V reader (device side), see idsim.h. */
#include "drivers/idcard/idsim.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/idcard/idcard_card.h"
#include "drivers/idcard/samframe.h"
#include "platform/xalloc.h"

static const struct idsim_card cards[] = {
    {.type = 0,
     .name = "张堃",
     .sex = "1",
     .ethnicity = "01",
     .birth = "19900307",
     .address = "广东省深圳市南山区科技园南区高新南一道九号创维半导体设计大厦西座三十八",
     .id_number = "440305199003070014",
     .authority = "深圳市公安局南山分局",
     .valid_from = "20200101",
     .valid_to = "长期"},
    {.type = 0,
     .name = "乌兰托娅",
     .sex = "2",
     .ethnicity = "02",
     .birth = "19851122",
     .address = "内蒙古自治区呼和浩特市新城区北垣东街12号",
     .id_number = "15010219851122002X",
     .authority = "呼和浩特市公安局新城分局",
     .valid_from = "20150601",
     .valid_to = "20350601",
     .extra_address = "内蒙古自治区呼和浩特市赛罕区大学西街8号",
     .fp_len = 1024},
    {.type = 'J',
     .name = "陈家明",
     .sex = "1",
     .birth = "19780514",
     .address = "广东省广州市天河区体育西路101号",
     .id_number = "810000197805140012",
     .authority = "广州市公安局天河分局",
     .valid_from = "20190301",
     .valid_to = "20240301",
     .permit_number = "H12345678",
     .issue_count = "01"},
    {.type = 'I',
     .name = "史密斯",
     .english_name = "SMITH JOHN",
     .sex = "1",
     .birth = "19790101",
     .id_number = "USA110079010150",
     .nationality = "USA",
     .authority = "1100",
     .card_version = "01",
     .valid_from = "20170601",
     .valid_to = "20270601",
     .fp_len = 512},
};

const struct idsim_card *idsim_card_at(size_t i)
{
    return i < sizeof cards / sizeof cards[0] ? &cards[i] : NULL;
}

size_t idsim_card_count(void)
{
    return sizeof cards / sizeof cards[0];
}

static bool put(uint8_t *t, size_t off, size_t len, const char *s)
{
    return idcard_utf8_to_ucs2(s ? s : "", t + off, len);
}

bool idsim_text(const struct idsim_card *c, uint8_t t[256])
{
    bool ok = put(t, 0, 256, "");
    if (c->type == 'I') {
        ok = ok && put(t, 0, 120, c->english_name) && put(t, 120, 2, c->sex) &&
             put(t, 122, 30, c->id_number) && put(t, 152, 6, c->nationality) &&
             put(t, 158, 30, c->name) && put(t, 188, 16, c->valid_from) &&
             put(t, 204, 16, c->valid_to) && put(t, 220, 16, c->birth) &&
             put(t, 236, 4, c->card_version) && put(t, 240, 8, c->authority) && put(t, 248, 2, "I");
    } else {
        ok = ok && put(t, 0, 30, c->name) && put(t, 30, 2, c->sex) && put(t, 32, 4, c->ethnicity) &&
             put(t, 36, 16, c->birth) && put(t, 52, 70, c->address) &&
             put(t, 122, 36, c->id_number) && put(t, 158, 30, c->authority) &&
             put(t, 188, 16, c->valid_from) && put(t, 204, 16, c->valid_to);
        if (c->type == 'J')
            ok = ok && put(t, 220, 18, c->permit_number) && put(t, 238, 4, c->issue_count) &&
                 put(t, 248, 2, "J");
    }
    return ok;
}

size_t idsim_read_reply(const struct idsim_card *c, bool fp, uint8_t *out, size_t cap)
{
    uint8_t data[6 + 256 + 1024 + 1024];
    size_t hdr = fp ? 6 : 4, fl = fp ? (size_t)c->fp_len : 0;
    data[0] = 0x01;
    data[1] = 0x00;
    data[2] = 0x04;
    data[3] = 0x00;
    if (fp) {
        data[4] = (uint8_t)(fl >> 8);
        data[5] = (uint8_t)fl;
    }
    if (!idsim_text(c, data + hdr))
        return 0;
    /* A WLT-looking photo: "WLf\0~\0" then a deterministic pattern (research §2.7). */
    uint8_t *ph = data + hdr + 256;
    static const uint8_t wlt[] = {0x57, 0x4C, 0x66, 0x00, 0x7E, 0x00, 0x32, 0x00, 0x00, 0xFF};
    for (size_t i = 0; i < 1024; i++)
        ph[i] = (uint8_t)(i * 7 + 3);
    memcpy(ph, wlt, sizeof wlt);
    for (size_t i = 0; i < fl; i++)
        ph[1024 + i] = (uint8_t)(i ^ 0x5A);
    return sam_build_reply(out, cap, SAM_SW_OK, data, hdr + 256 + 1024 + fl);
}

enum card_state { ABSENT, PRESENT, FOUND, SELECTED, READ };

struct idsim {
    pthread_mutex_t mu;
    struct idsim_faults f;
    enum card_state st;
    size_t card;
    unsigned commands;
    uint8_t in[4096];
    size_t in_len;
};

struct idsim *idsim_create(void)
{
    struct idsim *s = xcalloc(1, sizeof *s);
    pthread_mutex_init(&s->mu, NULL);
    return s;
}

void idsim_destroy(struct idsim *s)
{
    if (!s)
        return;
    pthread_mutex_destroy(&s->mu);
    free(s);
}

void idsim_place(struct idsim *s, size_t i)
{
    pthread_mutex_lock(&s->mu);
    s->card = i < idsim_card_count() ? i : 0;
    s->st = PRESENT;
    pthread_mutex_unlock(&s->mu);
}

void idsim_lift(struct idsim *s)
{
    pthread_mutex_lock(&s->mu);
    s->st = ABSENT;
    pthread_mutex_unlock(&s->mu);
}

void idsim_set_faults(struct idsim *s, const struct idsim_faults *f)
{
    pthread_mutex_lock(&s->mu);
    s->f = *f;
    pthread_mutex_unlock(&s->mu);
}

bool idsim_unplugged(struct idsim *s)
{
    pthread_mutex_lock(&s->mu);
    bool u = s->f.unplugged;
    pthread_mutex_unlock(&s->mu);
    return u;
}

static pthread_once_t shared_once = PTHREAD_ONCE_INIT;
static struct idsim *shared;

static void shared_init(void)
{
    shared = idsim_create();
}

struct idsim *idsim_shared(void)
{
    pthread_once(&shared_once, shared_init);
    return shared;
}

unsigned idsim_commands(struct idsim *s)
{
    pthread_mutex_lock(&s->mu);
    unsigned n = s->commands;
    pthread_mutex_unlock(&s->mu);
    return n;
}

static size_t status(uint8_t *out, size_t cap, uint8_t sw)
{
    return sam_build_reply(out, cap, sw, NULL, 0);
}

/* One command frame (lock held). */
static size_t command(struct idsim *s, const uint8_t *fr, size_t n, uint8_t *out, size_t cap)
{
    size_t p = fr[2] == 0x96 ? 2 : 3;
    const uint8_t *body = fr + p + 4; /* CMD Para ... */
    unsigned cmd = (unsigned)body[0] << 8 | body[1];
    (void)n;
    s->commands++;
    if (s->f.silent)
        return 0;
    if (s->f.silent_sam > 0) {
        s->f.silent_sam--;
        return 0;
    }
    if (s->f.sam_not_ready > 0) {
        s->f.sam_not_ready--;
        return status(out, cap, SAM_SW_SELFTEST_FAILED);
    }
    const struct idsim_card *c = idsim_card_at(s->card);
    switch (cmd) {
    case SAM_CMD_RESET:
    case SAM_CMD_STATUS:
        return status(out, cap, SAM_SW_OK);
    case SAM_CMD_SAMID: {
        static const uint8_t id[16] = {0x05, 0x00, 0x01, 0x00, 0xA1, 0xB7, 0x32, 0x01,
                                       0x4E, 0x61, 0xBC, 0x00, 0xD2, 0x02, 0x96, 0x49};
        return sam_build_reply(out, cap, SAM_SW_OK, id, sizeof id);
    }
    case SAM_CMD_FIND:
        if (s->st == ABSENT || s->st == READ)
            return status(out, cap, SAM_SW_NO_CARD);
        s->st = FOUND;
        return sam_build_reply(out, cap, SAM_SW_FOUND, (const uint8_t[4]){0}, 4);
    case SAM_CMD_SELECT:
        if (s->st != FOUND)
            return status(out, cap, SAM_SW_SELECT_FAILED);
        s->st = SELECTED;
        return sam_build_reply(out, cap, SAM_SW_OK, (const uint8_t[8]){0}, 8);
    case SAM_CMD_READ:
    case SAM_CMD_READ_FP:
        if (s->f.remove_mid_read) {
            s->f.remove_mid_read = false;
            s->st = ABSENT;
            return status(out, cap, SAM_SW_READ_FAILED);
        }
        if (s->st != SELECTED && s->st != READ)
            return status(out, cap, SAM_SW_READ_FAILED);
        s->st = READ;
        return idsim_read_reply(c, cmd == SAM_CMD_READ_FP, out, cap);
    case SAM_CMD_READ_ADDR: {
        if (s->st != READ && s->st != SELECTED)
            return status(out, cap, SAM_SW_READ_FAILED);
        if (!c->extra_address)
            return status(out, cap, SAM_SW_NO_CONTENT);
        uint8_t a[70];
        if (!idcard_utf8_to_ucs2(c->extra_address, a, sizeof a))
            return status(out, cap, 0x24);
        return sam_build_reply(out, cap, SAM_SW_OK, a, sizeof a);
    }
    default:
        return status(out, cap, 0x21);
    }
}

size_t idsim_feed(struct idsim *s, const uint8_t *in, size_t n, uint8_t *out, size_t cap)
{
    size_t o = 0;
    pthread_mutex_lock(&s->mu);
    if (n > sizeof s->in - s->in_len)
        n = sizeof s->in - s->in_len; /* a flood: the rest is lost, as on a UART */
    memcpy(s->in + s->in_len, in, n);
    s->in_len += n;
    for (;;) {
        size_t st = 0, len = 0;
        enum sam_scan_result r = sam_scan(s->in, s->in_len, 3, &st, &len);
        if (r == SAM_SCAN_NEED_MORE) {
            memmove(s->in, s->in + st, s->in_len - st);
            s->in_len -= st;
            break;
        }
        uint8_t reply[2400];
        size_t rl;
        if (r == SAM_SCAN_BAD_SUM) {
            s->commands++;
            rl = status(reply, sizeof reply, 0x10);
        } else {
            rl = command(s, s->in + st, len, reply, sizeof reply);
        }
        memmove(s->in, s->in + st + len, s->in_len - st - len);
        s->in_len -= st + len;
        if (rl == 0)
            continue;
        if (s->f.garbage && o + 3 <= cap) {
            s->f.garbage = false;
            memcpy(out + o, "\x00\xAA\x13", 3);
            o += 3;
        }
        if (s->f.bad_checksum) {
            s->f.bad_checksum = false;
            reply[rl - 1] ^= 0x5A;
        }
        if (s->f.truncate) {
            s->f.truncate = false;
            rl /= 2;
        }
        if (rl > cap - o)
            rl = cap - o;
        memcpy(out + o, reply, rl);
        o += rl;
        if (s->f.stale && o + 11 <= cap) {
            s->f.stale = false;
            o += status(out + o, cap - o, SAM_SW_FOUND);
        }
    }
    pthread_mutex_unlock(&s->mu);
    return o;
}
