/* platform/clock.h: the injectable clock. All time in the program goes through a kclock.
 *
 * The system clock reads CLOCK_MONOTONIC and CLOCK_REALTIME; the fake clock starts at a given
 * wall time and moves only when told (kclock_advance), so that tests can drive timeouts,
 * deadlines and retries. Clocks are thread-safe. The caller owns a created clock.
 */
#ifndef PLATFORM_CLOCK_H
#define PLATFORM_CLOCK_H

#include <stdbool.h>
#include <stdint.h>

struct kclock;

/* The process-wide system clock (never destroyed). */
struct kclock *kclock_system(void);
/* A fake clock whose wall time starts at unix_ms and whose monotonic time starts at 0. */
struct kclock *kclock_fake_create(int64_t unix_ms);
/* Destroy a fake clock; NULL and the system clock are no-ops. */
void kclock_destroy(struct kclock *c);
bool kclock_is_fake(const struct kclock *c);

/* Monotonic milliseconds (for intervals and timeouts). */
int64_t kclock_mono_ms(struct kclock *c);
/* Wall time in milliseconds since the Unix epoch (UTC). */
int64_t kclock_unix_ms(struct kclock *c);
/* Move a fake clock forward by ms (both monotonic and wall); no-op on the system clock. */
void kclock_advance(struct kclock *c, int64_t ms);
/* Sleep ms on the system clock; on a fake clock, advance it by ms and return at once. */
void kclock_sleep_ms(struct kclock *c, int64_t ms);

/* Beijing time (UTC+8, no DST) calendar fields of a unix time in ms. */
struct kdate {
    int year, month, day; /* 1-based month and day */
    int hour, minute, second;
    int wday; /* 0 = Sunday */
};
struct kdate kclock_beijing(int64_t unix_ms);

#endif
