/* tests/fuzz/fuzz_idcard.c: the SAM frame scanner/parser, the read-reply and text decoders
 * and the simulated reader's request parser on arbitrary bytes. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "drivers/idcard/idcard_card.h"
#include "drivers/idcard/idsim.h"
#include "drivers/idcard/samframe.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct idcard_card card;
    struct sam_reply r;
    if (sam_parse_reply(data, size, &r) == 0) {
        idcard_decode_read(r.data, r.data_len, false, &card, NULL, 0);
        idcard_decode_read(r.data, r.data_len, true, &card, NULL, 0);
        idcard_decode_extra_address(r.data, r.data_len, &card);
        idcard_number_consistent(&card);
    }
    /* every frame in a stream, as the driver's reassembly sees it */
    size_t off = 0;
    while (off < size) {
        size_t st = 0, len = 0;
        enum sam_scan_result s = sam_scan(data + off, size - off, 4, &st, &len);
        if (s == SAM_SCAN_NEED_MORE)
            break;
        off += st + len;
    }
    if (size >= IDCARD_TEXT_LEN) {
        memset(&card, 0, sizeof card);
        idcard_decode_text(data, IDCARD_TEXT_LEN, &card, NULL, 0);
    }
    static uint8_t out[8192];
    struct idsim *sim = idsim_create();
    idsim_place(sim, size % 4);
    idsim_feed(sim, data, size, out, sizeof out);
    idsim_destroy(sim);
    return 0;
}
