/* tests/support/golden.h: golden-image comparison (LVGL's model).
 *
 * golden_check(img, "attract_portrait") compares img with tests/golden/attract_portrait.png:
 * a missing golden is created (and the check passes, saying so); a mismatch beyond the
 * tolerance (a channel differing by more than 8 on more than 0.1% of pixels, or a different
 * size) writes NAME_actual.png and NAME_diff.png into $KIOSK_BUILD/golden-diff/ and fails;
 * UPDATE_GOLDEN=1 rewrites the golden. Returns true when the check passed.
 */
#ifndef TESTS_SUPPORT_GOLDEN_H
#define TESTS_SUPPORT_GOLDEN_H

#include <stdbool.h>

#include "platform/image.h"

bool golden_check(const struct image *img, const char *name);
/* Byte goldens (ESC/POS output, HTTP bodies): tests/golden/NAME, same rules, exact match. */
bool golden_check_bytes(const void *data, size_t len, const char *name);

#endif
