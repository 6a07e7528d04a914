/* app/ctl/devprobe.h: probing the configured devices (app layer, ctl), shared by
 * `kioskctl devices` and `kioskctl doctor`. Each device is opened briefly through its driver
 * (the reader's SAM and the printer's status are asked too) and closed again. A device the
 * running kiosk holds answers "busy": that counts as present. */
#ifndef APP_CTL_DEVPROBE_H
#define APP_CTL_DEVPROBE_H

#include <stdbool.h>
#include <stddef.h>

#include "platform/config.h"

struct probe {
    bool present;
    char state[256];
    char error[512]; /* one line (control characters replaced) */
};

struct devprobe_row {
    const char *kind_key; /* string key of the device's kind */
    const char *driver, *device;
};

/* The number of configured devices (reader, printer, scanner, camera). */
size_t devprobe_count(void);
/* Row I of the configuration's devices, and its probe. */
struct devprobe_row devprobe_row(const struct kconfig *cfg, size_t i);
void devprobe_run(const struct kconfig *cfg, size_t i, struct probe *p);

#endif
