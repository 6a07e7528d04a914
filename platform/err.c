/* platform/err.c: names and English texts of enum kerr (platform layer, pure). */
#include "platform/err.h"

#include <string.h>

static const char *const names[] = {
#define KERR_NAME(sym, name, text) name,
    KERR_LIST(KERR_NAME)
#undef KERR_NAME
};

static const char *const texts[] = {
#define KERR_TEXT(sym, name, text) text,
    KERR_LIST(KERR_TEXT)
#undef KERR_TEXT
};

const char *kerr_name(enum kerr e)
{
    if ((unsigned)e >= K_ERR__COUNT)
        return "unknown";
    return names[e];
}

const char *kerr_text(enum kerr e)
{
    if ((unsigned)e >= K_ERR__COUNT)
        return "unknown error";
    return texts[e];
}

bool kerr_detail_is(const char *detail, const char *code)
{
    if (!detail || !code || !*code)
        return false;
    size_t n = strlen(code);
    return strncmp(detail, code, n) == 0 && (detail[n] == ':' || detail[n] == '\0');
}
