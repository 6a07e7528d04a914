/* tests/fuzz/fuzz_escpos.c: bytes from a printer's side of the wire: an ESC/POS stream fed to
 * the parser the simulated printer prints with (whole and in two pieces), and every byte read
 * as a DLE EOT status reply. Nothing may crash; a parse must never consume more than given.
 *
 * The papers are narrow, 100 and 60 dots, not a printer's 384 and 576: the code is the same
 * for any width (these two, not multiples of 8, also take the branch that masks the dots
 * beyond the paper, which the printers' widths never do), while a long paper's rows cost a
 * seventh of the memory. A stream of feeds to the 8,192-row limit made each input page in
 * about a megabyte, which held this target to about a thousand inputs a second. */
#include <stdint.h>
#include <stdlib.h>

#include "drivers/printer/escpos.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct bitmap *out = NULL;
    if (escpos_decode(data, size, 100, &out) == K_OK && (!out || out->w != 100))
        __builtin_trap();
    bitmap_destroy(out);

    struct escpos_parser p;
    escpos_parser_init(&p, 60);
    size_t half = size / 2, used = 0;
    if (escpos_parse(&p, data, half, &used) == K_OK && used <= half) {
        size_t rest = 0;
        (void)escpos_parse(&p, data + used, size - used, &rest);
        if (rest > size - used)
            __builtin_trap();
    }
    if (used > half)
        __builtin_trap();
    escpos_parser_finish(&p);

    struct escpos_status st = {0};
    for (size_t i = 0; i < size; i++)
        if ((escpos_status_apply(&st, (int)(i % 6), data[i]) == K_OK) !=
            (i % 6 >= 1 && i % 6 <= 4 && escpos_status_byte_valid(data[i])))
            __builtin_trap();
    return 0;
}
