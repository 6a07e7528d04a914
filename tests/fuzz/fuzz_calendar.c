/* tests/fuzz/fuzz_calendar.c: holiday tables from arbitrary bytes, then a deadline over them.
 * Any input must be accepted or refused with a message, never crash, hang or leak. */
#include <stdint.h>
#include <string.h>

#include "app/core/calendar.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct calendar *cal = calendar_create();
    char err[512];
    enum kerr rc = calendar_add_mem(cal, "fuzz.json", (const char *)data, size, err, sizeof err);
    if (rc != K_OK && err[0] != 'E')
        __builtin_trap();
    struct calendar_due due;
    if (calendar_deadline(cal, (struct cdate){2026, 9, 30}, 27, &due) != K_OK)
        __builtin_trap();
    if (!calendar_is_workday(cal, due.due))
        __builtin_trap();
    calendar_destroy(cal);
    return 0;
}
