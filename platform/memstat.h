/* platform/memstat.h: how much memory a process really uses, from /proc (platform layer).
 * For the kiosk's --report-first-frame line and the benchmarks. Any thread. */
#ifndef PLATFORM_MEMSTAT_H
#define PLATFORM_MEMSTAT_H

#include <sys/types.h>

/* Proportional set size in KiB of process pid (0: this process), from its smaps_rollup;
 * -1 when the kernel does not tell. */
long memstat_pss_kib(pid_t pid);

#endif
