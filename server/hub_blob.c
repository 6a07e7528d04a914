/* server/hub_blob.c: where attachments' blobs are kept (server/). */
#include "server/hub.h"

#include <cjson/cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "app/core/trackcode.h"
#include "platform/utf8.h"
#include "platform/fsutil.h"
#include "server/alerts.h"
#include "server/caserules.h"
#include "server/policy.h"
#include "server/status.h"
#include "server/window.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"
#include "server/hub_internal.h"

/* ---- blobs ---- */

void hub_blob_path(const struct hub *h, const char *sha256, char *out, size_t n)
{
    snprintf(out, n, "%s/%.2s/%s", h->blobdir, sha256, sha256);
}

bool hub_blob_has(const struct hub *h, const char *sha256, long long *size)
{
    char p[800];
    hub_blob_path(h, sha256, p, sizeof p);
    struct stat sb;
    if (stat(p, &sb) != 0 || !S_ISREG(sb.st_mode))
        return false;
    if (size)
        *size = (long long)sb.st_size;
    return true;
}
