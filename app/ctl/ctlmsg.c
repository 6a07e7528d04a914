/* app/ctl/ctlmsg.c: kioskctl's failure messages (app layer, ctl); see ctl.h. */
#include "app/ctl/ctl.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "platform/strings.h"

/* The first "E" followed by exactly three digits in s, copied to out. */
static bool code_in(const char *s, char out[5])
{
    for (const char *p = s; p && *p; p++) {
        if (p[0] == 'E' && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9' &&
            p[3] >= '0' && p[3] <= '9' && !(p[4] >= '0' && p[4] <= '9') &&
            (p == s || !((p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= 'a' && p[-1] <= 'z')))) {
            memcpy(out, p, 4);
            out[4] = '\0';
            return true;
        }
    }
    return false;
}

void ctl_fail(const char *fallback, const char *detail, const char *key, ...)
{
    const char *a[8] = {0};
    va_list ap;
    va_start(ap, key);
    for (int i = 0; i < 8; i++) {
        a[i] = va_arg(ap, const char *);
        if (!a[i])
            break;
    }
    va_end(ap);
    char code[5];
    if (!code_in(detail, code))
        snprintf(code, sizeof code, "%s", fallback);
    char msg[1024];
    tr_fmt(msg, sizeof msg, key, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], NULL);
    fprintf(stderr, "%s: %s\n", code, msg);
    if (detail && *detail)
        fprintf(stderr, "  %s\n", detail);
}
