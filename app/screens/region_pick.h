/* app/screens/region_pick.h: the province -> city -> county picker of the form's region fields
 * (籍贯, 入伍前户口所在地, 入伍地) and of the start of an address (app layer, screens).
 *
 * Drawn inside the field editor. The region of the ID number's first six digits is offered
 * first as one button, Ordos (the service area) next; then the provinces, each tap going one
 * level down, with the path chosen so far, 上一级, "this level is enough" and a way to type
 * instead. Placeholder levels (市辖区) with nothing beside them are stepped through.
 * Widget ids: field.region.id, field.region.ordos, field.region.N (the list, paged with
 * field.region.prev / .next), field.region.path, field.region.up, field.region.pick,
 * field.region.type. UI thread only.
 */
#ifndef APP_SCREENS_REGION_PICK_H
#define APP_SCREENS_REGION_PICK_H

#include <stddef.h>

#include "app/kiosk/app.h"
#include "app/ui/widgets.h"

struct region;

enum region_pick_result {
    REGION_PICK_NONE,   /* still choosing */
    REGION_PICK_CHOSEN, /* out holds the full name of the chosen region */
    REGION_PICK_TYPE,   /* the applicant asked to type instead */
};

/* Where the picker is; kept by the screen that shows it (zeroed: the top level). */
struct region_pick_state {
    const struct region *cur; /* the region whose children are listed; NULL: provinces */
    struct ui_list_state list;
};

/* Start afresh at the top level (the editor opened). */
void region_pick_reset(struct region_pick_state *st);
/* Draw the picker in r and handle its taps. id_number: the applicant's ID number, or NULL. */
enum region_pick_result region_pick(struct kiosk_app *app, struct ui *ui,
                                    struct region_pick_state *st, struct ui_rect r,
                                    const char *id_number, char *out, size_t n);

#endif
