/* tests/support/a11y.h: the accessibility check of a drawn screen.
 *
 * a11y_check(ui, name) walks the widgets of the last completed frame and checks them against
 * the theme minimums (app/ui/theme.h): every recorded text at least THEME_MIN_BODY_PX, every
 * button at least THEME_MIN_TARGET_PX on both sides, at least THEME_MIN_GAP_PX between any two
 * buttons, every widget's text/background contrast at least THEME_MIN_CONTRAST, and every
 * widget inside the canvas. Failures are reported through ktest with the screen name and the
 * widget id. Returns the number of problems found.
 */
#ifndef TESTS_SUPPORT_A11Y_H
#define TESTS_SUPPORT_A11Y_H

#include "app/ui/ui.h"

int a11y_check(const struct ui *ui, const char *screen);

#endif
