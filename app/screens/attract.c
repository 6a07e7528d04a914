/* app/screens/attract.c: the attract screen: the service's name, the two ways in, the
 * 长辈模式 switch, the hall's name and phone (app layer, screens). Layout is computed from the
 * canvas size, so portrait and landscape both work. */
#include <stdio.h>
#include <string.h>

#include "app/screens/common.h"
#include "app/screens/flow.h"
#include "app/kiosk/session.h"
#include "app/ui/picture.h"
#include "platform/strings.h"

/* The technician's hidden gesture: five taps in the top-left corner within three seconds
 * open the PIN pad (service mode is reached through the flow only). */
struct attract_state {
    int64_t taps[5];
    int n;
};
extern const struct screen screen_attract;

static void service_gesture(struct kiosk_app *app, struct ui *ui)
{
    struct attract_state *gesture = flow_state(app->flow, &screen_attract);
    size_t ns;
    const struct ui_sample *s = ui_samples(ui, &ns);
    for (size_t i = 0; i < ns; i++) {
        if (s[i].down || s[i].x > 150 || s[i].y > 150)
            continue;
        int64_t now = kclock_mono_ms(app->clock);
        if (gesture->n == 5) {
            memmove(gesture->taps, gesture->taps + 1, 4 * sizeof gesture->taps[0]);
            gesture->n = 4;
        }
        gesture->taps[gesture->n++] = now;
        if (gesture->n == 5 && now - gesture->taps[0] <= 3000) {
            gesture->n = 0;
            ui_set_elder(ui, false); /* service mode is for staff: the usual sizes */
            flow_go(app->flow, "svc_pin");
        }
    }
}

/* A tile's icon just left of its centred words, as large as the room beside them allows. */
static void tile_icon(struct ui *ui, struct ui_rect tile, const char *text, const char *name)
{
    const struct ui_theme *t = ui_theme(ui);
    if (!name || !name[0])
        return;
    /* The type ui_button gives a tile this tall. */
    enum ui_font font = tile.h >= 3 * t->button_h / 2 ? UI_FONT_TITLE : UI_FONT_BODY;
    int tw = ui_text_width(ui, text, font), left = (tile.w - tw) / 2;
    int side = tile.h - 4 * t->gap;
    if (side > left - 3 * t->gap)
        side = left - 3 * t->gap;
    /* Not a target of its own (the tile is): as small as body text where the words are wide. */
    if (side >= t->font_px[UI_FONT_BODY])
        ui_picture(ui,
                   (struct ui_rect){tile.x + left - t->gap - side, tile.y + (tile.h - side) / 2,
                                    side, side},
                   name, 255);
}

static void frame(struct kiosk_app *app, struct ui *ui)
{
    const struct ui_theme *t = ui_theme(ui);
    int W = ui_width(ui), H = ui_height(ui), m = t->margin;
    bool land = ui_landscape(ui);

    /* Header band with the service's name. */
    int header_h = land ? H * 30 / 100 : H * 26 / 100;
    ui_fill(ui, (struct ui_rect){0, 0, W, header_h}, t->color[UI_C_HEADER]);
    int y = header_h / 2 - (t->font_px[UI_FONT_TITLE] * 3) / 2;
    y += ui_label(ui, "attract.title", (struct ui_rect){m, y, W - 2 * m, 0}, tr("attract.title"),
                  UI_FONT_TITLE, UI_C_HEADER_TEXT, UI_C_HEADER, UI_ALIGN_CENTER);
    y += t->gap;
    ui_label(ui, "attract.subtitle", (struct ui_rect){m, y, W - 2 * m, 0}, tr("attract.subtitle"),
             UI_FONT_LARGE, UI_C_HEADER_TEXT, UI_C_HEADER, UI_ALIGN_CENTER);

    /* The hall's name and a one-line prompt. */
    const char *hall = app->cfg.hall_name[0] ? app->cfg.hall_name : tr("attract.hall_default");
    y = header_h + m;
    y += ui_label(ui, "attract.hall", (struct ui_rect){m, y, W - 2 * m, 0}, hall, UI_FONT_HEADING,
                  UI_C_TEXT, UI_C_BG, UI_ALIGN_CENTER);
    y += t->gap;
    y += ui_label(ui, "attract.prompt", (struct ui_rect){m, y, W - 2 * m, 0}, tr("attract.prompt"),
                  UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_CENTER);

    /* Two large buttons and the 长辈模式 switch (one tap: larger type, fewer items a page,
     * more time): side by side in landscape, the switch the narrowest; stacked in portrait,
     * the switch a row under the two. */
    int phone_h = t->font_px[UI_FONT_BODY] * 2 + 2 * t->gap;
    int area_top = y + 2 * m, area_bottom = H - phone_h - m;
    struct ui_rect apply, lookup, elder;
    if (land) {
        int bw = (W - 4 * m) * 2 / 5, ew = W - 4 * m - 2 * bw, bh = area_bottom - area_top;
        if (bh > 360)
            bh = 360;
        int by = area_top + (area_bottom - area_top - bh) / 2;
        apply = (struct ui_rect){m, by, bw, bh};
        lookup = (struct ui_rect){2 * m + bw, by, bw, bh};
        elder = (struct ui_rect){3 * m + 2 * bw, by, ew, bh};
    } else {
        int eh = t->button_h;
        area_bottom -= eh + m;
        int bh = (area_bottom - area_top - 2 * m) / 2;
        if (bh > 300)
            bh = 300;
        int by = area_top + (area_bottom - area_top - 2 * bh - 2 * m) / 2;
        apply = (struct ui_rect){m * 2, by, W - 4 * m, bh};
        lookup = (struct ui_rect){m * 2, by + bh + 2 * m, W - 4 * m, bh};
        elder = (struct ui_rect){m * 2, area_bottom + m, W - 4 * m, eh};
    }
    bool on = ui_elder(ui);
    if (ui_button(ui, "attract.elder", elder, tr(on ? "attract.elder_on" : "attract.elder"),
                  on ? UI_BTN_SELECTED : UI_BTN_SECONDARY, true))
        ui_set_elder(ui, !on);
    if (ui_button(ui, "attract.apply", apply, tr("attract.apply"), UI_BTN_PRIMARY, true))
        flow_go(app->flow, "notice");
    if (ui_button(ui, "attract.lookup", lookup, tr("attract.lookup"), UI_BTN_SECONDARY, true))
        flow_go(app->flow, "lookup");
    /* Each tile's icon at its left, clear of its centred words: the service's own icon for
     * applying (its definition names it), the kiosk's for the lookup. */
    tile_icon(ui, apply, tr("attract.apply"), app->svc.icon);
    tile_icon(ui, lookup, tr("attract.lookup"), PIC_LOOKUP);

    service_gesture(app, ui);

    /* 长辈模式 switched on here and left unused goes off again, so that the next person
     * finds the usual screen. */
    if (ui_elder(ui)) {
        int64_t off_at = ui_last_input_ms(ui) + app->cfg.elder_idle_read_s * 1000;
        if (kclock_mono_ms(app->clock) >= off_at)
            ui_set_elder(ui, false);
        else
            ui_wake_at(ui, off_at);
    }

    /* The hall's consultation phone at the bottom. */
    /* hall.phone when set, else the phone of this kiosk's district (kiosk.district) from the
     * service definition; none when neither gives one (nothing is invented). */
    const struct service_district *dist = service_district(&app->svc, app->cfg.district);
    const char *phone = app->cfg.hall_phone[0] ? app->cfg.hall_phone : dist ? dist->phone : NULL;
    if (phone && phone[0]) {
        char line[256];
        tr_fmt(line, sizeof line, "attract.phone", phone, NULL);
        ui_label(ui, "attract.phone", (struct ui_rect){m, H - phone_h, W - 2 * m, 0}, line,
                 UI_FONT_BODY, UI_C_TEXT, UI_C_BG, UI_ALIGN_CENTER);
    }
}

/* Whatever happened before, nothing of the last applicant survives onto this screen, nor
 * their 长辈模式. */
static void enter(struct kiosk_app *app)
{
    ui_set_elder(app->ui, false);
    if (app->session && !session_is_clean(app->session))
        kiosk_end_session(app);
}

const struct screen screen_attract = {
    .name = "attract",
    .idle = IDLE_NONE,
    .enter = enter,
    .frame = frame,
    .state_size = sizeof(struct attract_state),
};
