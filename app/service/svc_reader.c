/* app/service/svc_reader.c: service mode's ID card reader test (screen "svc_reader").
 *
 * Shows the reader's state (no reader, waiting, card on it) and, when a card is read, that the
 * read worked: the name and the ID number masked with the log's masking helpers
 * (platform/log.h), the validity period, and which other fields were present. Nothing of the
 * card is kept: only the masked strings live here, cleared when the screen is left; the card
 * itself is wiped with its event. Each successful read is audited without any of its data.
 */
#include <stdio.h>
#include <string.h>

#include "app/screens/common.h"
#include "app/kiosk/reader.h"
#include "app/service/service_mode.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static char name_masked[96], id_masked[32], validity[64];
static bool have_card, address_seen;
static long reads;

static void rd_clear(void)
{
    explicit_bzero(name_masked, sizeof name_masked);
    explicit_bzero(id_masked, sizeof id_masked);
    explicit_bzero(validity, sizeof validity);
    have_card = address_seen = false;
}

static void rd_enter(struct kiosk_app *app)
{
    (void)app;
    rd_clear();
    reads = 0;
}

static void rd_leave(struct kiosk_app *app)
{
    (void)app;
    rd_clear();
}

static void rd_event(struct kiosk_app *app, const struct ev *e)
{
    if (e->type != EV_IDCARD_READ || !e->payload)
        return;
    const struct session_card *c = e->payload;
    rd_clear();
    log_mask_name(c->name, name_masked, sizeof name_masked);
    log_mask_id(c->id_number, id_masked, sizeof id_masked);
    snprintf(validity, sizeof validity, "%.11s - %.15s", c->valid_from, c->valid_to);
    address_seen = c->address[0] != '\0';
    have_card = true;
    reads++;
    service_audit(app, "service_reader_test", "reader test ok");
}

static void rd_frame(struct kiosk_app *app, struct ui *ui)
{
    const struct ui_theme *t = ui_theme(ui);
    struct ui_rect body = ui_header(ui, tr("svc.menu.reader"), NULL);
    int y = body.y;
    char line[256], n[16];
    y += ui_value_row(ui, "svc.rd.driver", (struct ui_rect){body.x, y, body.w, 0},
                      tr("printer.ctl.field.driver"), app->cfg.idcard_driver) +
         t->gap;
    const char *state = app->reader_state == READER_NONE    ? "svc.rd.none"
                        : app->reader_state == READER_EMPTY ? "svc.rd.place"
                                                            : "svc.rd.card";
    y += ui_label(ui, "svc.rd.state", (struct ui_rect){body.x, y, body.w, 0}, tr(state),
                  UI_FONT_HEADING, app->reader_state == READER_NONE ? UI_C_DANGER : UI_C_TEXT,
                  UI_C_BG, UI_ALIGN_LEFT) +
         2 * t->gap;
    if (have_card) {
        snprintf(n, sizeof n, "%ld", reads);
        y += ui_label(ui, "svc.rd.ok", (struct ui_rect){body.x, y, body.w, 0},
                      tr_fmt(line, sizeof line, "svc.rd.ok", n, NULL), UI_FONT_LARGE, UI_C_TEXT,
                      UI_C_BG, UI_ALIGN_LEFT) +
             t->gap;
        y += ui_value_row(ui, "svc.rd.name", (struct ui_rect){body.x, y, body.w, 0},
                          tr("svc.rd.name"), name_masked) +
             t->gap;
        y += ui_value_row(ui, "svc.rd.id", (struct ui_rect){body.x, y, body.w, 0}, tr("svc.rd.id"),
                          id_masked) +
             t->gap;
        y += ui_value_row(ui, "svc.rd.validity", (struct ui_rect){body.x, y, body.w, 0},
                          tr("svc.rd.validity"), validity) +
             t->gap;
        y += ui_value_row(ui, "svc.rd.address", (struct ui_rect){body.x, y, body.w, 0},
                          tr("svc.rd.address"),
                          tr(address_seen ? "svc.rd.present" : "svc.rd.missing")) +
             t->gap;
        ui_label(ui, "svc.rd.note", (struct ui_rect){body.x, y, body.w, 0}, tr("svc.rd.note"),
                 UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
    }
    screen_bar(app, ui, "svc_menu");
}

const struct screen screen_svc_reader = {
    .name = "svc_reader",
    .idle = IDLE_TYPE,
    .enter = rd_enter,
    .leave = rd_leave,
    .frame = rd_frame,
    .event = rd_event,
};
