/* platform/clock.c: system and fake clocks (platform layer). A fake clock owns its mutex. */
#include "platform/clock.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <time.h>

#include "platform/xalloc.h"

struct kclock {
    bool fake;
    pthread_mutex_t lock;
    int64_t mono_ms;
    int64_t unix_ms;
};

static struct kclock system_clock = {.fake = false, .lock = PTHREAD_MUTEX_INITIALIZER};

struct kclock *kclock_system(void)
{
    return &system_clock;
}

struct kclock *kclock_fake_create(int64_t unix_ms)
{
    struct kclock *c = xcalloc(1, sizeof *c);
    c->fake = true;
    pthread_mutex_init(&c->lock, NULL);
    c->unix_ms = unix_ms;
    return c;
}

void kclock_destroy(struct kclock *c)
{
    if (!c || !c->fake)
        return;
    pthread_mutex_destroy(&c->lock);
    free(c);
}

bool kclock_is_fake(const struct kclock *c)
{
    return c->fake;
}

static int64_t read_clock(clockid_t id)
{
    struct timespec ts;
    clock_gettime(id, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t kclock_mono_ms(struct kclock *c)
{
    if (!c->fake)
        return read_clock(CLOCK_MONOTONIC);
    pthread_mutex_lock(&c->lock);
    int64_t v = c->mono_ms;
    pthread_mutex_unlock(&c->lock);
    return v;
}

int64_t kclock_unix_ms(struct kclock *c)
{
    if (!c->fake)
        return read_clock(CLOCK_REALTIME);
    pthread_mutex_lock(&c->lock);
    int64_t v = c->unix_ms;
    pthread_mutex_unlock(&c->lock);
    return v;
}

void kclock_advance(struct kclock *c, int64_t ms)
{
    if (!c->fake || ms <= 0)
        return;
    pthread_mutex_lock(&c->lock);
    c->mono_ms += ms;
    c->unix_ms += ms;
    pthread_mutex_unlock(&c->lock);
}

void kclock_sleep_ms(struct kclock *c, int64_t ms)
{
    if (ms <= 0)
        return;
    if (c->fake) {
        kclock_advance(c, ms);
        return;
    }
    struct timespec ts = {.tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

struct kdate kclock_beijing(int64_t unix_ms)
{
    time_t t = (time_t)(unix_ms / 1000) + 8 * 3600;
    if (unix_ms < 0 && unix_ms % 1000)
        t -= 1;
    struct tm tm;
    gmtime_r(&t, &tm);
    return (struct kdate){tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour,
                          tm.tm_min,         tm.tm_sec,     tm.tm_wday};
}
