/* platform/memstat.c: a process's PSS from /proc/PID/smaps_rollup (platform layer). */
#include "platform/memstat.h"

#include <stdio.h>

long memstat_pss_kib(pid_t pid)
{
    char path[64];
    if (pid == 0)
        snprintf(path, sizeof path, "/proc/self/smaps_rollup");
    else
        snprintf(path, sizeof path, "/proc/%ld/smaps_rollup", (long)pid);
    FILE *f = fopen(path, "r");
    if (!f)
        return -1;
    char line[256];
    long v = -1;
    while (fgets(line, sizeof line, f))
        if (sscanf(line, "Pss: %ld kB", &v) == 1)
            break;
    fclose(f);
    return v;
}
