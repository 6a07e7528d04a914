/* app/kiosk/script.h: the end-to-end script runner (`kiosk --sim --script FILE --out DIR`).
 *
 * A script is a text file, one step per line ('#' comments):
 *   tap ID_OR_TEXT          tap the widget with that id, or else that exact visible text
 *   tap-paged ID NEXT [PREV] tap ID on whichever page of a paged list it is: the button
 *                           PREV (上一页) until the first page, then NEXT until ID shows
 *   type TEXT               tap, one by one, the keys whose labels are TEXT's characters
 *   draw X,Y X,Y ...        a stroke on the signature pad, points in 0..1000 of the pad
 *   card N | card-remove    place built-in fictional card N (0..3, drivers/idcard/idsim.h) on
 *                           the simulated reader and wait until it is read / lift it
 *   scan TEXT               the QR scanner reads TEXT
 *   advance SECONDS         move the (fake) clock forward
 *   expect-screen NAME      the current screen must be NAME
 *   wait-screen NAME        let frames pass until the screen is NAME (work on other threads:
 *                           saving, printing); fails after a minute of real time
 *   wait-text TEXT          the same, until some widget shows TEXT
 *   expect-text TEXT        some widget on screen must show TEXT (a substring)
 *   expect-no-text TEXT     no widget may show TEXT
 *   screenshot NAME         write OUT/NAME.png
 *   frames N                let N frames pass
 *   device WHAT STATE       a simulated device's state: idcard unplug|plug, printer
 *                           paper-out|paper-in|cover-open|cover-closed|unplug|plug
 * A failed expectation (or a tap on something that is not there) stops the run with the line
 * number on stderr and exit code 3. UI thread only.
 */
#ifndef APP_KIOSK_SCRIPT_H
#define APP_KIOSK_SCRIPT_H

#include <stdbool.h>
#include <stddef.h>

struct script;
struct kiosk_app;

/* Read and check a script; NULL with err set on a syntax error (naming the line). */
struct script *script_load(const char *path, char *err, size_t errlen);
void script_destroy(struct script *s); /* NULL is a no-op */
/* Run the next step (called before each frame). False when the script has ended (then
 * app->exit_code tells whether it passed). */
bool script_step(struct script *s, struct kiosk_app *app);

#endif
