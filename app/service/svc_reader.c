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

/* The screen's state: the last card, masked. */
struct svc_reader_state {
    char name_masked[96], id_masked[32], validity[64];
    bool have_card, address_seen;
    long reads;
};
extern const struct screen screen_svc_reader;

static struct svc_reader_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_svc_reader);
}

/* Left, the session ends or the app stops: nothing of the card survives. */
static void rd_clear(struct kiosk_app *app)
{
    struct svc_reader_state *rs = state(app);
    explicit_bzero(rs->name_masked, sizeof rs->name_masked);
    explicit_bzero(rs->id_masked, sizeof rs->id_masked);
    explicit_bzero(rs->validity, sizeof rs->validity);
    rs->have_card = rs->address_seen = false;
}

static void rd_enter(struct kiosk_app *app)
{
    rd_clear(app);
    state(app)->reads = 0;
}

static void rd_event(struct kiosk_app *app, const struct ev *e)
{
    struct svc_reader_state *rs = state(app);
    if (e->type != EV_IDCARD_READ || !e->payload)
        return;
    const struct session_card *c = e->payload;
    rd_clear(app);
    log_mask_name(c->name, rs->name_masked, sizeof rs->name_masked);
    log_mask_id(c->id_number, rs->id_masked, sizeof rs->id_masked);
    snprintf(rs->validity, sizeof rs->validity, "%.11s - %.15s", c->valid_from, c->valid_to);
    rs->address_seen = c->address[0] != '\0';
    rs->have_card = true;
    rs->reads++;
    service_audit(app, "service_reader_test", "reader test ok");
}

static void rd_frame(struct kiosk_app *app, struct ui *ui)
{
    struct svc_reader_state *rs = state(app);
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
    if (rs->have_card) {
        snprintf(n, sizeof n, "%ld", rs->reads);
        y += ui_label(ui, "svc.rd.ok", (struct ui_rect){body.x, y, body.w, 0},
                      tr_fmt(line, sizeof line, "svc.rd.ok", n, NULL), UI_FONT_LARGE, UI_C_TEXT,
                      UI_C_BG, UI_ALIGN_LEFT) +
             t->gap;
        y += ui_value_row(ui, "svc.rd.name", (struct ui_rect){body.x, y, body.w, 0},
                          tr("svc.rd.name"), rs->name_masked) +
             t->gap;
        y += ui_value_row(ui, "svc.rd.id", (struct ui_rect){body.x, y, body.w, 0}, tr("svc.rd.id"),
                          rs->id_masked) +
             t->gap;
        y += ui_value_row(ui, "svc.rd.validity", (struct ui_rect){body.x, y, body.w, 0},
                          tr("svc.rd.validity"), rs->validity) +
             t->gap;
        y += ui_value_row(ui, "svc.rd.address", (struct ui_rect){body.x, y, body.w, 0},
                          tr("svc.rd.address"),
                          tr(rs->address_seen ? "svc.rd.present" : "svc.rd.missing")) +
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
    .leave = rd_clear,
    .frame = rd_frame,
    .event = rd_event,
    .end_session = rd_clear,
    .finish = rd_clear,
    .state_size = sizeof(struct svc_reader_state),
};
