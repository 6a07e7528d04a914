/* platform/memstat.h: how much memory a process really uses, from /proc, and handing freed
 * heap back to the system (platform layer). For the kiosk's --report-first-frame line, its
 * return to idle after a session, and the benchmarks. Any thread. */
#ifndef PLATFORM_MEMSTAT_H
#define PLATFORM_MEMSTAT_H

#include <stdbool.h>
#include <sys/types.h>

/* A process's memory in KiB, from /proc/PID/smaps_rollup. */
struct memstat {
    long rss_kib;  /* resident */
    long pss_kib;  /* proportional: shared pages divided among their users */
    long anon_kib; /* anonymous resident memory (heap, stacks, textures), no file pages */
};

/* All three figures of process pid (0: this process); false (and every field -1) when the
 * kernel does not tell. */
bool memstat_read(pid_t pid, struct memstat *out);
/* Give the heap's free pages back to the system (glibc's malloc_trim(0)): after a session,
 * the memory its texts and pictures took is not left resident while the kiosk idles. */
void memstat_release_free(void);

#endif
