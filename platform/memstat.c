/* platform/memstat.c: a process's memory from /proc/PID/smaps_rollup; malloc_trim (platform
 * layer). See memstat.h. */
#include "platform/memstat.h"

#include <malloc.h>
#include <stdio.h>

bool memstat_read(pid_t pid, struct memstat *out)
{
    *out = (struct memstat){-1, -1, -1};
    char path[64];
    if (pid == 0)
        snprintf(path, sizeof path, "/proc/self/smaps_rollup");
    else
        snprintf(path, sizeof path, "/proc/%ld/smaps_rollup", (long)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return false;
    char line[256];
    long v;
    while (fgets(line, sizeof line, f)) {
        if (sscanf(line, "Rss: %ld kB", &v) == 1)
            out->rss_kib = v;
        else if (sscanf(line, "Pss: %ld kB", &v) == 1)
            out->pss_kib = v;
        else if (sscanf(line, "Anonymous: %ld kB", &v) == 1)
            out->anon_kib = v;
    }
    fclose(f);
    return out->pss_kib >= 0;
}

void memstat_release_free(void)
{
    malloc_trim(0);
}
