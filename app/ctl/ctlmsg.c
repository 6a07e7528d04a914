/* app/ctl/ctlmsg.c: kioskctl's failure messages (app layer, ctl); see ctl.h. */
#include "app/ctl/ctl.h"

#include <stdarg.h>
#include <stdio.h>

#include "platform/strings.h"

void ctl_fail(const char *fallback, const char *detail, const char *key, ...)
{
    va_list ap;
    va_start(ap, key);
    tr_vfail(stderr, fallback, detail, key, ap);
    va_end(ap);
}
