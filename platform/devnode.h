/* platform/devnode.h: finding and opening device nodes of USB peripherals (platform layer).
 *
 * Two things the drivers must not do themselves, so that they stay testable without
 * hardware: (1) the exclusive grab of an evdev input device (EVIOCGRAB), which keeps a
 * keyboard-wedge scanner's keystrokes away from every other reader (the UI, the console);
 * (2) finding the node of a USB device by VID:PID in sysfs. A plain file or a pipe given as
 * an "input device" is opened without a grab, so that tests can replay recorded
 * `struct input_event` streams through the same code path.
 */
#ifndef PLATFORM_DEVNODE_H
#define PLATFORM_DEVNODE_H

#include <stdbool.h>
#include <stddef.h>

#include "platform/err.h"

/* Open the input device at path read-only, non-blocking, close-on-exec. A character device
 * is grabbed exclusively (EVIOCGRAB); a FIFO or regular file is not (*grabbed = false).
 * K_ERR_NO_DEVICE when the path does not exist, K_ERR_BUSY when another process holds the
 * grab (E408), K_ERR_IO otherwise; err gets an English message with its E4xx number. */
enum kerr devnode_open_input(const char *path, int *fd, bool *grabbed, char *err, size_t errlen);
/* Release the grab (if any) and close. fd < 0 is a no-op. */
void devnode_close_input(int fd, bool grabbed);

/* Find the /dev node of the first device (by sorted name) in sysfs class dir `cls` ("tty",
 * "input") whose name starts with prefix ("ttyACM", "event") and whose USB device (found by
 * walking up from CLASS/NAME/device) has idVendor/idProduct vid:pid. sys_root is "/sys" (tests
 * pass a fake tree). out receives "/dev/" + the DEVNAME of its uevent file ("/dev/input/event3"),
 * or "/dev/NAME" without one. K_ERR_NO_DEVICE when none matches. */
enum kerr devnode_find_usb(const char *sys_root, const char *cls, const char *prefix, unsigned vid,
                           unsigned pid, char *out, size_t n);

#endif
