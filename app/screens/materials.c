/* app/screens/materials.c: the materials the chosen matters need, and their capture with the
 * document camera (screen "materials").
 *
 * Two views. The checklist: every material needed, with its pages captured so far (or that it
 * goes to the window on paper), 开始拍摄, and 下一步 (never blocked: a material not captured is
 * recorded as missing and brought to the window). The capture view, one material at a time: a
 * live preview with a guide frame and the page the pipeline sees, the reason in Chinese when a
 * frame is refused, 拍照 (which waits for the next usable frame) plus auto-capture of a page
 * lying still, the material's pages as thumbnails with 重拍 and 删除, and 上一份/下一份.
 * After each page auto-capture pauses ("已拍 N 页") until the applicant asks for the next
 * page, so that one page lying still is not taken twice.
 *
 * The camera is opened on a worker when the capture view is first shown, and closed when the
 * screen is left. A camera that fails shows why, with 重试 and "到窗口提交纸质材料" (recorded
 * in the case). Pages live in the session (app/kiosk/session.h) until submit makes them the
 * case's attachments; the session wipe zeroes them.
 */
#include <stdio.h>
#include <string.h>

#include "app/core/rules.h"
#include "app/kiosk/camopen.h"
#include "app/screens/common.h"
#include "app/screens/materials.h"
#include "app/ui/picture.h"
#include "platform/log.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

#define MAX_NEEDED   64
#define SHOT_TRIES   40 /* frames a 拍照 keeps trying for a usable one (about 4 s) */
#define THUMBS_SHOWN 5

struct materials_state {
    int needed[MAX_NEEDED]; /* indices into svc.materials */
    int n_needed;
    int cur;        /* index into needed[] in the capture view, -1: the checklist */
    int mpage;      /* checklist page */
    int selected;   /* page index (session) selected for 重拍/删除, -1 none */
    int replace;    /* the next page replaces this page index, -1 none */
    bool armed;     /* a page that comes now is taken */
    int shot_tries; /* > 0: 拍照 is waiting for a usable frame */
    bool confirm_delete;

    struct capture_session *cap;
    struct image *preview;
    struct capture_preview pv_info;
    bool opening, failed;
    unsigned generation; /* an open that finishes after the view was left is closed */
    char fail_text[400], note[256];
};
extern const struct screen screen_materials;

static struct materials_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_materials);
}

static void materials_start(struct kiosk_app *app)
{
    struct materials_state *ms = state(app);
    ms->cur = ms->selected = ms->replace = -1;
}

static void compute_needed(struct kiosk_app *app)
{
    struct materials_state *ms = state(app);
    struct rules_result r;
    session_rules(app->session, &r);
    ms->n_needed = 0;
    for (size_t i = 0; i < app->svc.n_materials && ms->n_needed < MAX_NEEDED; i++)
        if (r.material_needed[i])
            ms->needed[ms->n_needed++] = (int)i;
    rules_result_finish(&r);
}

static const struct service_material *material(struct kiosk_app *app, int k)
{
    struct materials_state *ms = state(app);
    return &app->svc.materials[ms->needed[k]];
}

static void stop_camera(struct kiosk_app *app)
{
    struct materials_state *ms = state(app);
    capture_session_stop(ms->cap);
    ms->cap = NULL;
    image_destroy_wiped(ms->preview); /* a picture of somebody's document */
    ms->preview = NULL;
    ms->opening = false;
    ms->generation++; /* an open still running is closed when it comes back */
}

static void start_camera(struct kiosk_app *app)
{
    struct materials_state *ms = state(app);
    ms->failed = false;
    ms->fail_text[0] = '\0';
    ms->opening = camopen_start(app, ++ms->generation, kclock_system());
    if (!ms->opening) {
        ms->failed = true;
        str_copy(ms->fail_text, sizeof ms->fail_text, tr("err.busy"));
    }
}

static void show_material(struct kiosk_app *app, int k)
{
    struct materials_state *ms = state(app);
    ms->cur = k;
    ms->selected = -1;
    ms->replace = -1;
    ms->shot_tries = 0;
    ms->note[0] = '\0';
    ms->confirm_delete = false;
    ms->armed = session_material_pages(app->session, material(app, k)->number, NULL, 0) == 0;
    if (ms->cap)
        capture_session_set_colour(ms->cap, material(app, k)->colour);
    if (!ms->cap && !ms->opening && !ms->failed)
        start_camera(app);
}

void materials_end_session(struct kiosk_app *app)
{
    struct materials_state *ms = state(app);
    stop_camera(app);
    ms->cur = -1;
    ms->armed = false;
    ms->selected = ms->replace = -1;
    ms->shot_tries = 0;
    ms->confirm_delete = false;
    explicit_bzero(ms->note, sizeof ms->note);
}

static void materials_enter(struct kiosk_app *app)
{
    struct materials_state *ms = state(app);
    compute_needed(app);
    ms->mpage = 0;
    ms->cur = -1;
    ms->failed = false;
}

static void materials_leave(struct kiosk_app *app)
{
    materials_end_session(app);
}

static void take_page(struct kiosk_app *app, struct capture_page *pg)
{
    struct materials_state *ms = state(app);
    const struct service_material *m = material(app, ms->cur);
    if (!session_add_page(app->session, m->number, ms->replace, pg->jpeg, pg->jpeg_len, pg->w,
                          pg->h, pg->thumb)) {
        str_copy(ms->note, sizeof ms->note, tr("materials.full"));
        ms->armed = false;
        return;
    }
    pg->jpeg = NULL; /* the session owns them now */
    pg->thumb = NULL;
    char n[32];
    size_t idx[SESSION_MAX_PAGES];
    size_t count = session_material_pages(app->session, m->number, idx, SESSION_MAX_PAGES);
    if (ms->replace >= 0) {
        for (size_t i = 0; i < count; i++)
            if (idx[i] == (size_t)ms->replace)
                snprintf(n, sizeof n, "%zu", i + 1);
        tr_fmt(ms->note, sizeof ms->note, "materials.retaken", n, NULL);
    } else {
        snprintf(n, sizeof n, "%zu", count);
        tr_fmt(ms->note, sizeof ms->note, "materials.taken", n, NULL);
    }
    log_info("materials", "material %d: page kept (%dx%d, %zu bytes)", m->number, pg->w, pg->h,
             pg->jpeg_len);
    ms->armed = false;
    ms->replace = -1;
    ms->selected = -1;
    ms->shot_tries = 0;
}

static void materials_event(struct kiosk_app *app, const struct ev *e)
{
    struct materials_state *ms = state(app);
    char err[256];
    if (ms->opening &&
        camopen_take(e, ms->generation, app->evq, ms->cur >= 0 && material(app, ms->cur)->colour,
                     true, &ms->cap, err, sizeof err)) {
        ms->opening = false;
        if (!ms->cap) {
            ms->failed = true;
            str_copy(ms->fail_text, sizeof ms->fail_text,
                     tr("capture.unavailable")); /* code: log */
            log_warn("materials", "camera not opened: %s", err);
        }
        return;
    }
    if (!ms->cap)
        return;
    if (e->type == EV_CAMERA_FRAME && e->payload) {
        struct capture_preview *pv = e->payload;
        image_destroy_wiped(ms->preview); /* the frame before: a document too */
        ms->preview = pv->img;            /* taken over: the event frees the rest */
        pv->img = NULL;
        ms->pv_info = *pv;
    } else if (e->type == EV_CAMERA_STATE && e->code != K_OK) {
        ms->failed = true;
        str_copy(ms->fail_text, sizeof ms->fail_text, tr("capture.unavailable"));
        log_warn("materials", "camera failed: %s", kerr_name((enum kerr)e->code));
        stop_camera(app);
    } else if (e->type == EV_CAMERA_PAGE && ms->cur >= 0 && ms->armed) {
        if (e->payload) {
            take_page(app, e->payload);
        } else if (ms->shot_tries > 0) {
            /* 拍照 on a frame that was refused: try the next one, say why meanwhile. */
            if (--ms->shot_tries > 0)
                capture_session_shoot(ms->cap);
            else
                str_copy(ms->note, sizeof ms->note,
                         tr(capture_reject_key((enum page_reject)e->code)));
        }
    }
}

/* ---- the checklist ---- */

static void checklist(struct kiosk_app *app, struct ui *ui, struct ui_rect body, bool modal)
{
    struct materials_state *ms = state(app);
    const struct ui_theme *t = ui_theme(ui);
    int y = body.y;
    y += ui_label(ui, "materials.prompt", (struct ui_rect){body.x, y, body.w, 0},
                  tr(app->session->paper_only ? "materials.prompt_paper" : "materials.prompt"),
                  UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
    y += t->gap;
    /* As many entries as fit above the buttons (a name that may wrap, and its state), at most
     * six. */
    int avail = body.y + body.h - 2 * t->button_h - 2 * t->gap - y;
    int need = t->font_px[UI_FONT_BODY] * 17 / 5 + t->gap;
    /* A wide screen (landscape) takes two columns. */
    int cols = body.w >= 1400 ? 2 : 1, cw = (body.w - (cols - 1) * t->gap) / cols;
    int rows = avail / need < 1 ? 1 : avail / need > 6 ? 6 : avail / need;
    /* Fewer rows while some column of entries, as drawn, would run into the buttons (larger
     * type in 长辈模式, names that wrap). */
    int eh[MAX_NEEDED];
    for (int k = 0; k < ms->n_needed; k++) {
        const struct service_material *m = material(app, k);
        char name[512];
        snprintf(name, sizeof name, "%d．%s%s", m->number, m->name,
                 m->original ? tr("materials.original") : "");
        const char *how = app->session->paper_only ? tr("materials.at_window_paper")
                                                   : tr("materials.not_captured");
        eh[k] = ui_text_height(ui, name, UI_FONT_BODY, cw) +
                ui_text_height(ui, how, UI_FONT_BODY, cw - t->margin) + t->gap;
    }
    for (bool fits = false; !fits && rows > 1;) {
        int pp = rows * cols > 6 ? 6 : rows * cols, sum = 0;
        fits = true;
        for (int k = 0; k < ms->n_needed && fits; k++) {
            if ((k % pp) % rows == 0)
                sum = 0;
            sum += eh[k];
            fits = sum <= avail;
        }
        if (!fits)
            rows--;
    }
    int per_page = rows * cols > 6 ? 6 : rows * cols, y0 = y;
    int pages = ms->n_needed ? (ms->n_needed + per_page - 1) / per_page : 1;
    if (ms->mpage >= pages)
        ms->mpage = pages - 1;
    char wid[64], line[512], cnt[32];
    int missing = 0;
    for (int k = 0; k < ms->n_needed; k++) {
        const struct service_material *m = material(app, k);
        size_t np = session_material_pages(app->session, m->number, NULL, 0);
        if (!np)
            missing++;
        if (k / per_page != ms->mpage)
            continue;
        int slot = k % per_page, x = body.x + (slot / rows) * (cw + t->gap);
        if (slot % rows == 0)
            y = y0;
        snprintf(line, sizeof line, "%d．%s%s", m->number, m->name,
                 m->original ? tr("materials.original") : "");
        snprintf(wid, sizeof wid, "materials.%d", m->number);
        y += ui_label(ui, wid, (struct ui_rect){x, y, cw, 0}, line, UI_FONT_BODY, UI_C_TEXT,
                      UI_C_BG, UI_ALIGN_LEFT);
        snprintf(cnt, sizeof cnt, "%zu", np);
        const char *how =
            np                         ? tr_fmt(line, sizeof line,
                        m->original ? "materials.pages_original" : "materials.pages", cnt, NULL)
            : app->session->paper_only ? tr("materials.at_window_paper")
                                       : tr("materials.not_captured");
        snprintf(wid, sizeof wid, "materials.%d.how", m->number);
        y += ui_label(ui, wid, (struct ui_rect){x + t->margin, y, cw - t->margin, 0}, how,
                      UI_FONT_BODY, np ? UI_C_MUTED : UI_C_DANGER, UI_C_BG, UI_ALIGN_LEFT);
        y += t->gap;
    }
    int bw = (body.w - t->gap) / 2, by = body.y + body.h - t->button_h;
    int cy = by - t->button_h - t->gap;
    /* Where the document camera is, in the room the list leaves above the buttons. */
    int ph = cy - t->gap - y;
    if (ph > 560)
        ph = 560;
    if (!app->session->paper_only && ms->n_needed && ph >= 240)
        ui_picture(ui, (struct ui_rect){body.x, y, body.w, ph}, PIC_WHERE_CAMERA, 255);
    if (modal)
        return;
    if (!app->session->paper_only && ms->n_needed &&
        ui_button(ui, "materials.capture", (struct ui_rect){body.x, cy, body.w, t->button_h},
                  tr(missing < ms->n_needed ? "materials.capture_more" : "materials.capture"),
                  missing > 0 ? UI_BTN_PRIMARY : UI_BTN_SECONDARY, true)) {
        int first = 0;
        for (int k = 0; k < ms->n_needed; k++) {
            if (!session_material_pages(app->session, material(app, k)->number, NULL, 0)) {
                first = k;
                break;
            }
        }
        show_material(app, first);
        return;
    }
    if (ms->mpage + 1 < pages) {
        if (ui_button(ui, "materials.more", (struct ui_rect){body.x, by, body.w, t->button_h},
                      tr("materials.more"), UI_BTN_SECONDARY, true))
            ms->mpage++;
        return;
    }
    if (pages > 1 && ui_button(ui, "materials.first", (struct ui_rect){body.x, by, bw, t->button_h},
                               tr("list.prev"), UI_BTN_SECONDARY, true))
        ms->mpage = 0;
    struct ui_rect next = pages > 1 ? (struct ui_rect){body.x + bw + t->gap, by, bw, t->button_h}
                                    : (struct ui_rect){body.x, by, body.w, t->button_h};
    /* One primary button: capturing while materials are missing, else going on. */
    bool capturing = !app->session->paper_only && ms->n_needed && missing > 0;
    if (ui_button(ui, "materials.next", next, tr("common.next"),
                  capturing ? UI_BTN_SECONDARY : UI_BTN_PRIMARY, true)) {
        stop_camera(app);
        flow_go(app->flow, "review");
    }
}

/* ---- the capture view ---- */

/* The preview scaled into r as ui_image draws it, the guide frame, and the page seen. */
static void draw_preview(struct kiosk_app *app, struct ui *ui, struct ui_rect r)
{
    struct materials_state *ms = state(app);
    const struct ui_theme *t = ui_theme(ui);
    ui_fill(ui, r, t->color[UI_C_PANEL]);
    if (!ms->preview) { /* while the camera starts: where it is on the kiosk */
        ui_picture(ui,
                   (struct ui_rect){r.x + t->gap, r.y + t->gap, r.w - 2 * t->gap, r.h - 2 * t->gap},
                   PIC_WHERE_CAMERA, 255);
        return;
    }
    struct ui_rect d = ui_image(ui, r, ms->preview);
    if (!d.w)
        return;
    int dw = d.w, dh = d.h;
    double s = (double)dw / ms->preview->w; /* frame pixels to screen */
    /* The guide: lay the page inside this frame. */
    ui_frame_rect(ui, (struct ui_rect){d.x + dw / 16, d.y + dh / 16, dw - dw / 8, dh - dh / 8},
                  t->color[UI_C_PRIMARY], t->border);
    if (ms->pv_info.has_quad) {
        double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
        for (int i = 0; i < 4; i++) {
            double cx = ms->pv_info.quad.corners[i][0], cy = ms->pv_info.quad.corners[i][1];
            x0 = cx < x0 ? cx : x0;
            y0 = cy < y0 ? cy : y0;
            x1 = cx > x1 ? cx : x1;
            y1 = cy > y1 ? cy : y1;
        }
        struct ui_rect q = {d.x + (int)(x0 * s), d.y + (int)(y0 * s), (int)((x1 - x0) * s),
                            (int)((y1 - y0) * s)};
        if (q.w > 0 && q.h > 0)
            ui_frame_rect(ui, q,
                          t->color[ms->pv_info.reject == PAGE_OK ? UI_C_SECONDARY : UI_C_DANGER],
                          2 * t->border);
    }
}

static void capture_view(struct kiosk_app *app, struct ui *ui, struct ui_rect body, bool modal)
{
    struct materials_state *ms = state(app);
    const struct ui_theme *t = ui_theme(ui);
    const struct service_material *m = material(app, ms->cur);
    size_t idx[SESSION_MAX_PAGES];
    size_t np = session_material_pages(app->session, m->number, idx, SESSION_MAX_PAGES);
    char line[600], a[24], b[24];
    int y = body.y;
    snprintf(a, sizeof a, "%d", ms->cur + 1);
    snprintf(b, sizeof b, "%d", ms->n_needed);
    y += ui_label(ui, "capture.material", (struct ui_rect){body.x, y, body.w, 0},
                  tr_fmt(line, sizeof line, "materials.which", a, b, m->name, NULL),
                  UI_FONT_HEADING, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    /* What is happening, in words (never colour alone). */
    const char *state;
    enum ui_color_role sc = UI_C_TEXT;
    if (ms->failed) {
        state = ms->fail_text;
        sc = UI_C_DANGER;
    } else if (ms->opening || !ms->preview) {
        state = tr("materials.starting");
    } else if (ms->note[0]) {
        state = ms->note;
    } else if (ms->armed && ms->pv_info.reject != PAGE_OK) {
        state = tr(capture_reject_key(ms->pv_info.reject));
    } else {
        state = tr(ms->armed ? "materials.hint" : "materials.hint_next");
    }
    y += ui_label(ui, "capture.state", (struct ui_rect){body.x, y, body.w, 0}, state, UI_FONT_BODY,
                  sc, UI_C_BG, UI_ALIGN_LEFT);
    if (m->original)
        y += ui_label(ui, "capture.original", (struct ui_rect){body.x, y, body.w, 0},
                      tr("materials.original_note"), UI_FONT_BODY, UI_C_MUTED, UI_C_BG,
                      UI_ALIGN_LEFT);
    y += t->gap;
    int by = body.y + body.h - t->button_h; /* 上一份 / 拍照 / 下一份 */
    int ay = by - t->button_h - t->gap;     /* 重拍 / 删除 */
    bool land = ui_landscape(ui);
    int thumb_h = land ? 200 : 260;
    int ty = ay - t->gap - thumb_h - t->button_h; /* thumbnails with their page buttons */
    struct ui_rect pvr = land ? (struct ui_rect){body.x, y, body.w / 2 - t->gap, by - t->gap - y}
                              : (struct ui_rect){body.x, y, body.w, ty - t->gap - y};
    struct ui_rect side = land ? (struct ui_rect){body.x + body.w / 2, y, body.w / 2, 0}
                               : (struct ui_rect){body.x, ty, body.w, 0};
    if (land) {
        ty = by - 2 * t->gap - 2 * t->button_h - thumb_h;
        side.y = ty;
        ay = by - t->button_h - t->gap;
    }
    if (ms->failed) {
        y = pvr.y;
        if (!modal && ui_button(ui, "capture.retry", (struct ui_rect){pvr.x, y, pvr.w, t->button_h},
                                tr("materials.retry"), UI_BTN_PRIMARY, true))
            start_camera(app);
        y += t->button_h + t->gap;
        if (!modal && ui_button(ui, "capture.paper", (struct ui_rect){pvr.x, y, pvr.w, t->button_h},
                                tr("materials.paper"), UI_BTN_SECONDARY, true)) {
            app->session->paper_only = true;
            stop_camera(app);
            ms->cur = -1;
            return;
        }
    } else {
        draw_preview(app, ui, pvr);
    }
    /* Thumbnails of this material's pages (the last THUMBS_SHOWN). */
    int tw = (side.w - (THUMBS_SHOWN - 1) * t->gap) / THUMBS_SHOWN;
    size_t first = np > THUMBS_SHOWN ? np - THUMBS_SHOWN : 0;
    char wid[48];
    for (size_t i = first; i < np; i++) {
        int x = side.x + (int)(i - first) * (tw + t->gap);
        const struct session_page *p = &app->session->pages[idx[i]];
        struct ui_rect box = {x, ty, tw, thumb_h};
        ui_fill(ui, box, t->color[UI_C_PANEL]);
        if (p->thumb)
            ui_image(ui, box, p->thumb);
        snprintf(wid, sizeof wid, "capture.page.%zu", i + 1);
        snprintf(a, sizeof a, "%zu", i + 1);
        bool sel = ms->selected == (int)idx[i];
        if (!modal && ui_button(ui, wid, (struct ui_rect){x, ty + thumb_h, tw, t->button_h},
                                tr_fmt(line, sizeof line,
                                       sel ? "materials.page_selected" : "materials.page", a, NULL),
                                sel ? UI_BTN_SELECTED : UI_BTN_SECONDARY, true))
            ms->selected = sel ? -1 : (int)idx[i];
    }
    if (np > THUMBS_SHOWN) {
        snprintf(a, sizeof a, "%zu", np);
        ui_label(ui, "capture.count", (struct ui_rect){side.x, ty - t->gap, side.w, 0},
                 tr_fmt(line, sizeof line, "materials.count", a, NULL), UI_FONT_BODY, UI_C_MUTED,
                 UI_C_BG, UI_ALIGN_LEFT);
    }
    if (modal)
        return;
    int hw = (side.w - t->gap) / 2;
    if (ui_button(ui, "capture.retake", (struct ui_rect){side.x, ay, hw, t->button_h},
                  tr("materials.retake"), UI_BTN_SECONDARY, ms->selected >= 0 && !ms->failed)) {
        ms->replace = ms->selected;
        ms->armed = true;
        ms->note[0] = '\0';
        ms->shot_tries = SHOT_TRIES;
        capture_session_shoot(ms->cap);
    }
    if (ui_button(ui, "capture.delete", (struct ui_rect){side.x + hw + t->gap, ay, hw, t->button_h},
                  tr("materials.delete"), UI_BTN_SECONDARY, ms->selected >= 0))
        ms->confirm_delete = true;
    int bw = (body.w - 2 * t->gap) / 3;
    if (ui_button(ui, "capture.prev", (struct ui_rect){body.x, by, bw, t->button_h},
                  tr(ms->cur > 0 ? "materials.prev" : "materials.list"), UI_BTN_SECONDARY, true)) {
        if (ms->cur > 0)
            show_material(app, ms->cur - 1);
        else
            ms->cur = -1;
        return;
    }
    if (ui_button(ui, "capture.shoot", (struct ui_rect){body.x + bw + t->gap, by, bw, t->button_h},
                  tr(np && ms->replace < 0 ? "materials.shoot_more" : "materials.shoot"),
                  np ? UI_BTN_SECONDARY : UI_BTN_PRIMARY, ms->cap && !ms->failed)) {
        ms->armed = true;
        ms->note[0] = '\0';
        ms->shot_tries = SHOT_TRIES;
        capture_session_shoot(ms->cap);
    }
    if (ui_button(ui, "capture.next",
                  (struct ui_rect){body.x + 2 * (bw + t->gap), by, bw, t->button_h},
                  tr(ms->cur + 1 < ms->n_needed ? "materials.next_material" : "materials.done"),
                  np ? UI_BTN_PRIMARY : UI_BTN_SECONDARY, true)) {
        if (ms->cur + 1 < ms->n_needed)
            show_material(app, ms->cur + 1);
        else
            ms->cur = -1;
    }
}

static void materials_frame(struct kiosk_app *app, struct ui *ui)
{
    struct materials_state *ms = state(app);
    char step[64];
    struct ui_rect body =
        ui_header(ui, tr(ms->cur >= 0 ? "materials.capture_title" : "materials.title"),
                  screen_step(step, sizeof step, 5));
    bool modal = screen_bar(app, ui, "matters");
    if (ms->cur >= 0 && ms->cur < ms->n_needed)
        capture_view(app, ui, body, modal || ms->confirm_delete);
    else
        checklist(app, ui, body, modal);
    if (ms->confirm_delete && !modal) {
        const char *buttons[2] = {tr("materials.delete_yes"), tr("materials.cancel")};
        int hit = ui_modal(ui, "capture.confirm", tr("materials.delete_title"),
                           tr("materials.delete_text"), buttons, 2);
        if (hit == 0 && ms->selected >= 0) {
            session_delete_page(app->session, (size_t)ms->selected);
            ms->selected = -1;
            ms->replace = -1;
            str_copy(ms->note, sizeof ms->note, tr("materials.deleted"));
            /* With no page left, the next page laid down is taken by itself. */
            ms->armed =
                session_material_pages(app->session, material(app, ms->cur)->number, NULL, 0) == 0;
        }
        if (hit >= 0)
            ms->confirm_delete = false;
    }
}

const struct screen screen_materials = {
    .name = "materials",
    .idle = IDLE_READ,
    .enter = materials_enter,
    .frame = materials_frame,
    .leave = materials_leave,
    .event = materials_event,
    .end_session = materials_end_session,
    .start = materials_start,
    .state_size = sizeof(struct materials_state),
};
