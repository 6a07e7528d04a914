/* tests/fuzz/driver.c: a libFuzzer-compatible driver for gcc builds.
 *
 * Runs LLVMFuzzerTestOneInput on every file of the corpus folder given as argv[1], then on
 * KFUZZ_RUNS (default 20000) deterministic mutations of them (bit flips, byte changes,
 * insertions, deletions, truncations, splices), stopping early after KFUZZ_SECONDS (default
 * 20). A crash or sanitizer report fails the test; otherwise prints "N passed, 0 failed".
 */
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "platform/fsutil.h"
#include "platform/xalloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct blob {
    uint8_t *data;
    size_t len;
};

static uint64_t rng = 0x9E3779B97F4A7C15ull;
static uint64_t next(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void run_one(const uint8_t *d, size_t n)
{
    /* A private copy so that reads past the end are caught by ASan. */
    uint8_t *copy = xcalloc(n ? n : 1, 1);
    if (n)
        memcpy(copy, d, n);
    LLVMFuzzerTestOneInput(copy, n);
    free(copy);
}

int main(int argc, char **argv)
{
    struct blob *corpus = NULL;
    size_t ncorpus = 0;
    if (argc > 1) {
        DIR *dir = opendir(argv[1]);
        struct dirent *de;
        while (dir && (de = readdir(dir))) {
            if (de->d_name[0] == '.')
                continue;
            char *p = xasprintf("%s/%s", argv[1], de->d_name);
            char *buf;
            size_t len;
            if (fs_read_file(p, 1 << 22, &buf, &len) == K_OK) {
                corpus = xrealloc(corpus, (ncorpus + 1) * sizeof *corpus);
                corpus[ncorpus++] = (struct blob){(uint8_t *)buf, len};
            }
            free(p);
        }
        if (dir)
            closedir(dir);
    }
    long runs = 20000, seconds = 20;
    if (getenv("KFUZZ_RUNS"))
        str_to_long(getenv("KFUZZ_RUNS"), 0, 100000000, &runs);
    if (getenv("KFUZZ_SECONDS"))
        str_to_long(getenv("KFUZZ_SECONDS"), 1, 86400, &seconds);
    long done = 0;
    run_one((const uint8_t *)"", 0);
    done++;
    for (size_t i = 0; i < ncorpus; i++, done++)
        run_one(corpus[i].data, corpus[i].len);
    time_t start = time(NULL);
    uint8_t *buf = xcalloc(1 << 16, 1);
    for (long r = 0; r < runs && ncorpus; r++, done++) {
        if (time(NULL) - start >= seconds)
            break;
        const struct blob *b = &corpus[next() % ncorpus];
        size_t n = b->len < (1 << 16) ? b->len : (1 << 16);
        memcpy(buf, b->data, n);
        int muts = 1 + (int)(next() % 4);
        for (int m = 0; m < muts; m++) {
            switch (next() % 6) {
            case 0: /* bit flip */
                if (n)
                    buf[next() % n] ^= (uint8_t)(1u << (next() % 8));
                break;
            case 1: /* random byte */
                if (n)
                    buf[next() % n] = (uint8_t)next();
                break;
            case 2: /* insert */
                if (n < (1 << 16)) {
                    size_t at = n ? next() % n : 0;
                    memmove(buf + at + 1, buf + at, n - at);
                    buf[at] = (uint8_t)next();
                    n++;
                }
                break;
            case 3: /* delete */
                if (n) {
                    size_t at = next() % n;
                    memmove(buf + at, buf + at + 1, n - at - 1);
                    n--;
                }
                break;
            case 4: /* truncate */
                if (n)
                    n = next() % n;
                break;
            default: { /* splice from another entry */
                const struct blob *o = &corpus[next() % ncorpus];
                if (o->len && n) {
                    size_t at = next() % n, from = next() % o->len;
                    size_t k = o->len - from;
                    if (at + k > (1 << 16))
                        k = (1 << 16) - at;
                    memcpy(buf + at, o->data + from, k);
                    if (at + k > n)
                        n = at + k;
                }
            }
            }
        }
        run_one(buf, n);
    }
    free(buf);
    for (size_t i = 0; i < ncorpus; i++)
        free(corpus[i].data);
    free(corpus);
    printf("fuzz: %zu corpus files, %ld inputs\n", ncorpus, done);
    printf("%ld passed, 0 failed\n", done);
    return ncorpus ? 0 : 1;
}
