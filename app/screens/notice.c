/* app/screens/notice.c: the service's notice and its preconditions, one question at a time;
 * an answer that rules the application out says why and offers the way home. */
#include <stdio.h>
#include <string.h>

#include "app/core/rules.h"
#include "app/screens/common.h"
#include "app/screens/form.h"
#include "platform/strings.h"

struct notice_state {
    struct ui_list_state list;
    const char *blocked_meaning; /* an answer ruled the application out: why */
};
extern const struct screen screen_notice;

static struct notice_state *state(struct kiosk_app *app)
{
    return flow_state(app->flow, &screen_notice);
}

/* The next precondition that applies and has no answer, or -1. */
static long next_question(struct kiosk_app *app)
{
    struct session *s = app->session;
    struct rules_result r;
    session_rules(s, &r);
    long q = -1;
    for (size_t i = 0; i < app->svc.n_questions && q < 0; i++)
        if (r.question_applies[i] && !s->answers[i] &&
            strcmp(app->svc.questions[i].kind, "precondition") == 0)
            q = (long)i;
    rules_result_finish(&r);
    return q;
}

static void enter(struct kiosk_app *app)
{
    struct notice_state *st = state(app);
    st->list.page = 0;
    st->blocked_meaning = NULL;
    /* The applicant types on the form a few screens on: librime loads meanwhile. */
    form_ime_prepare(app);
}

static void frame(struct kiosk_app *app, struct ui *ui)
{
    struct notice_state *st = state(app);
    char step[64];
    struct ui_rect body = ui_header(ui, tr("notice.title"), screen_step(step, sizeof step, 1));
    const struct ui_theme *t = ui_theme(ui);
    long q = next_question(app);
    if (q < 0 && !st->blocked_meaning) {
        flow_go(app->flow, "idcard");
        return;
    }
    int y = body.y;
    /* The space between the texts and the answers: two gaps, one when the answers would
     * otherwise get less than a button's height (larger type in 长辈模式, landscape). */
    int sp = 2 * t->gap;
    if (q >= 0) {
        int used = ui_text_height(ui, app->svc.title, UI_FONT_LARGE, body.w) + t->gap +
                   ui_text_height(ui, app->svc.scope, UI_FONT_BODY, body.w) +
                   ui_text_height(ui, app->svc.questions[q].text, UI_FONT_HEADING, body.w);
        if (used + 4 * t->gap + t->button_h > body.h)
            sp = t->gap;
    }
    y += ui_label(ui, "notice.service", (struct ui_rect){body.x, y, body.w, 0}, app->svc.title,
                  UI_FONT_LARGE, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
    y += t->gap;
    y += ui_label(ui, "notice.scope", (struct ui_rect){body.x, y, body.w, 0}, app->svc.scope,
                  UI_FONT_BODY, UI_C_MUTED, UI_C_BG, UI_ALIGN_LEFT);
    y += sp;
    bool modal = screen_bar(app, ui, "attract");
    if (q >= 0) {
        const struct service_question *qq = &app->svc.questions[q];
        y += ui_label(ui, "notice.question", (struct ui_rect){body.x, y, body.w, 0}, qq->text,
                      UI_FONT_HEADING, UI_C_TEXT, UI_C_BG, UI_ALIGN_LEFT);
        y += sp;
        const char *labels[16];
        int n = (int)(qq->n_answers < 16 ? qq->n_answers : 16);
        for (int i = 0; i < n; i++)
            labels[i] = qq->answers[i].label;
        int hit = modal || st->blocked_meaning
                      ? -1
                      : ui_choice_list(ui, "notice.answer",
                                       (struct ui_rect){body.x, y, body.w, body.y + body.h - y},
                                       labels, n, -1, &st->list);
        if (hit >= 0) {
            session_set_answer(app->session, (size_t)q, qq->answers[hit].value);
            if (qq->answers[hit].blocks_all)
                st->blocked_meaning = qq->answers[hit].meaning;
            st->list.page = 0;
        }
    }
    if (st->blocked_meaning && !modal) {
        const char *b[] = {tr("notice.go_home"), tr("notice.change_answer")};
        int r =
            ui_modal(ui, "notice.blocked", tr("notice.blocked_title"), st->blocked_meaning, b, 2);
        if (r == 0)
            kiosk_end_session(app);
        if (r == 1) {
            /* Take the last answer back so the question is asked again. */
            for (size_t i = app->svc.n_questions; i-- > 0;)
                if (app->session->answers[i]) {
                    session_set_answer(app->session, i, NULL);
                    break;
                }
            st->blocked_meaning = NULL;
        }
    }
}

const struct screen screen_notice = {
    .name = "notice",
    .idle = IDLE_READ,
    .enter = enter,
    .frame = frame,
    .state_size = sizeof(struct notice_state),
};
