/* server/html.c: the console and phone pages as HTML strings. */
#include "server/html.h"

#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "app/core/trackcode.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

struct sb {
    char *p;
    size_t len, cap;
};

static void raw(struct sb *b, const char *s)
{
    size_t n = strlen(s);
    if (b->len + n + 1 > b->cap) {
        b->cap = (b->len + n + 1) * 2;
        b->p = xrealloc(b->p, b->cap);
    }
    memcpy(b->p + b->len, s, n + 1);
    b->len += n;
}

static void esc(struct sb *b, const char *s)
{
    char one[2] = {0, 0};
    for (; s && *s; s++) {
        switch (*s) {
        case '<':
            raw(b, "&lt;");
            break;
        case '>':
            raw(b, "&gt;");
            break;
        case '&':
            raw(b, "&amp;");
            break;
        case '"':
            raw(b, "&quot;");
            break;
        case '\'':
            raw(b, "&#39;");
            break;
        default:
            one[0] = *s;
            raw(b, one);
        }
    }
}

static void num(struct sb *b, long long v)
{
    char t[32];
    snprintf(t, sizeof t, "%lld", v);
    raw(b, t);
}

static void date_of(struct sb *b, double ms)
{
    time_t s = (time_t)(ms / 1000) + 8 * 3600; /* Beijing */
    struct tm tm;
    gmtime_r(&s, &tm);
    char t[32];
    strftime(t, sizeof t, "%Y-%m-%d %H:%M", &tm);
    raw(b, t);
}

static const char css[] =
    "body{font-family:'Noto Sans CJK SC','Noto Sans SC',sans-serif;margin:0;background:#f4f5f7;"
    "color:#1d2330;font-size:16px}header{background:#1f4e8c;color:#fff;padding:10px 24px;"
    "display:flex;justify-content:space-between;align-items:center}header a,header button{color:"
    "#fff}main{max-width:1280px;margin:0 auto;padding:16px 24px}table{border-collapse:collapse;"
    "width:100%;background:#fff}th,td{border:1px solid #d4d8df;padding:6px 10px;text-align:left;"
    "vertical-align:top}th{background:#e9edf3}.overdue{color:#b00020;font-weight:bold}"
    ".card{background:#fff;border:1px solid #d4d8df;padding:12px 16px;margin-bottom:16px}"
    "button,input[type=submit]{font-size:16px;padding:6px 14px;cursor:pointer}"
    "textarea{width:100%;font-size:15px}.pages img{max-width:360px;max-height:480px;margin:4px;"
    "border:1px solid #ccc}.flash{background:#fde2e1;padding:8px 12px;margin-bottom:12px}"
    ".grid{display:grid;grid-template-columns:1fr 1fr;gap:16px}"
    ".actions form{display:inline-block;margin:4px 8px 4px 0;vertical-align:top}"
    "header .logout{background:#fff;color:#1f4e8c;border:2px solid #fff;border-radius:4px;"
    "font-weight:bold;padding:6px 16px;margin-left:12px}"
    "details{background:#fff;border:1px solid #d4d8df;margin-bottom:12px}"
    "details>summary{cursor:pointer;padding:10px 16px;font-size:17px;font-weight:bold;"
    "background:#e9edf3}details>div{padding:8px 16px 12px}details table th{width:16em}"
    ".material h4{margin:12px 0 4px}img.signature{max-width:480px;max-height:240px;"
    "border:1px solid #ccc;background:#fff}.sample{background:#fff4ce;padding:8px 12px}";

static void head(struct sb *b, const char *title)
{
    raw(b, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
           "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>");
    esc(b, title);
    raw(b, "</title><style>");
    raw(b, css);
    raw(b, "</style></head><body>");
}

static char *finish(struct sb *b)
{
    raw(b, "</body></html>");
    return b->p;
}

char *html_message(const char *text)
{
    struct sb b = {0};
    head(&b, tr("casehub.title"));
    raw(&b, "<main><div class=\"card\"><p id=\"message\">");
    esc(&b, text);
    raw(&b, "</p></div></main>");
    return finish(&b);
}

char *html_login(bool failed)
{
    struct sb b = {0};
    head(&b, tr("casehub.console.login_title"));
    raw(&b, "<header><h1>");
    esc(&b, tr("casehub.console.login_title"));
    raw(&b, "</h1></header><main><div class=\"card\">");
    if (failed) {
        raw(&b, "<p class=\"flash\" id=\"login-failed\">");
        esc(&b, tr("casehub.console.login_failed"));
        raw(&b, "</p>");
    }
    raw(&b, "<form method=\"post\" action=\"/console/login\"><p><label>");
    esc(&b, tr("casehub.console.user"));
    raw(&b, " <input name=\"user\" id=\"user\" autocomplete=\"username\" required></label></p>"
            "<p><label>");
    esc(&b, tr("casehub.console.password"));
    raw(&b, " <input type=\"password\" name=\"password\" id=\"password\" "
            "autocomplete=\"current-password\" required></label></p><p><button id=\"login\">");
    esc(&b, tr("casehub.console.login"));
    raw(&b, "</button></p></form></div></main>");
    return finish(&b);
}

static const char *dept_name(const struct service *svc, const char *id)
{
    if (strcmp(id, "window") == 0)
        return tr("casehub.role.window");
    const struct service_department *d = service_department(svc, id);
    return d ? d->name : id;
}

static const char *matter_name(const struct service *svc, int n)
{
    return n >= 1 && (size_t)n <= svc->n_matters ? svc->matters[n - 1].name : "?";
}

static void status_word(struct sb *b, const char *status)
{
    char key[64];
    snprintf(key, sizeof key, "status.%s", status); /* assets/ui/strings/status.json */
    esc(b, tr(key));
}

static void topbar(struct sb *b, const struct service *svc, const char *user, const char *dept,
                   const char *csrf)
{
    raw(b, "<header><div><a href=\"/console/\" id=\"home\">");
    esc(b, tr("casehub.console.todo_title"));
    raw(b, "</a> · ");
    esc(b, dept_name(svc, dept));
    raw(b, "</div><form method=\"post\" action=\"/console/logout\"><span>");
    esc(b, user);
    raw(b, "</span> <input type=\"hidden\" name=\"csrf\" value=\"");
    esc(b, csrf);
    raw(b, "\"><button class=\"logout\" id=\"logout\">");
    esc(b, tr("casehub.console.logout"));
    raw(b, "</button></form></header>");
}

char *html_console_message(const struct service *svc, const char *user, const char *dept,
                           const char *csrf, const char *text)
{
    struct sb b = {0};
    head(&b, tr("casehub.title"));
    topbar(&b, svc, user, dept, csrf);
    raw(&b, "<main><div class=\"card\"><p id=\"message\">");
    esc(&b, text);
    raw(&b, "</p></div></main>");
    return finish(&b);
}

/* Ends the page's heading and opens the to-do table with a header row of catalogue keys. */
static void todo_head(struct sb *b, const char *const *keys, size_t n)
{
    raw(b, "</h2><table id=\"todo\"><tr>");
    for (size_t i = 0; i < n; i++) {
        raw(b, "<th>");
        esc(b, tr(keys[i]));
        raw(b, "</th>");
    }
    raw(b, "</tr>");
}

char *html_todo(const struct service *svc, const char *user, const char *dept,
                const char *todo_json, const char *csrf)
{
    struct sb b = {0};
    head(&b, tr("casehub.console.todo_title"));
    topbar(&b, svc, user, dept, csrf);
    raw(&b, "<main><h2>");
    esc(&b, tr("casehub.console.todo_title"));
    static const char *const cols[] = {"casehub.console.code", "casehub.console.matter",
                                       "casehub.console.status", "casehub.console.submitted",
                                       "casehub.console.due"};
    todo_head(&b, cols, sizeof cols / sizeof cols[0]);
    cJSON *arr = cJSON_Parse(todo_json);
    const cJSON *x;
    int n = 0;
    cJSON_ArrayForEach(x, arr)
    {
        const char *code = cJSON_GetObjectItemCaseSensitive(x, "code")->valuestring;
        bool overdue = cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(x, "overdue"));
        raw(&b, "<tr><td><a class=\"case-link\" href=\"/console/case/");
        esc(&b, code);
        raw(&b, "\">");
        esc(&b, code);
        raw(&b, "</a></td><td>");
        esc(&b, matter_name(svc, (int)cJSON_GetObjectItemCaseSensitive(x, "matter")->valuedouble));
        raw(&b, "</td><td>");
        status_word(&b, cJSON_GetObjectItemCaseSensitive(x, "status")->valuestring);
        raw(&b, "</td><td>");
        date_of(&b, cJSON_GetObjectItemCaseSensitive(x, "submitted_ms")->valuedouble);
        raw(&b, overdue ? "</td><td class=\"overdue\">" : "</td><td>");
        esc(&b, cJSON_GetObjectItemCaseSensitive(x, "due")->valuestring);
        if (overdue) {
            raw(&b, " ");
            esc(&b, tr("casehub.console.overdue"));
        }
        raw(&b, "</td></tr>");
        n++;
    }
    cJSON_Delete(arr);
    raw(&b, "</table>");
    if (!n) {
        raw(&b, "<p id=\"empty\">");
        esc(&b, tr("casehub.console.todo_empty"));
        raw(&b, "</p>");
    }
    raw(&b, "</main>");
    return finish(&b);
}

static void action_form(struct sb *b, const char *code, int matter, const char *action, bool note,
                        const char *note_label_key, const char *csrf)
{
    raw(b, "<form method=\"post\" action=\"/console/case/");
    esc(b, code);
    raw(b, "/matter/");
    num(b, matter);
    raw(b, "\"><input type=\"hidden\" name=\"csrf\" value=\"");
    esc(b, csrf);
    raw(b, "\"><input type=\"hidden\" name=\"action\" value=\"");
    raw(b, action);
    raw(b, "\">");
    if (note) {
        raw(b, "<label>");
        esc(b, tr(note_label_key));
        raw(b, "<br><textarea name=\"note\" rows=\"2\" cols=\"30\" required id=\"note-");
        num(b, matter);
        raw(b, "-");
        raw(b, action);
        raw(b, "\"></textarea></label><br><small class=\"note-hint\">");
        esc(b, tr("casehub.console.note_hint"));
        raw(b, "</small><br>");
    }
    raw(b, "<button id=\"do-");
    num(b, matter);
    raw(b, "-");
    raw(b, action);
    raw(b, "\">");
    char key[64];
    snprintf(key, sizeof key, "casehub.action.%s", action);
    esc(b, tr(key));
    raw(b, "</button></form>");
}

/* A matter's deadline and payment date (status JSON members due, overdue, pay_by). */
static void matter_dates(struct sb *b, const cJSON *m)
{
    const cJSON *due = cJSON_GetObjectItemCaseSensitive(m, "due");
    const cJSON *pay = cJSON_GetObjectItemCaseSensitive(m, "pay_by");
    const cJSON *mn = cJSON_GetObjectItemCaseSensitive(m, "matter");
    int n = cJSON_IsNumber(mn) ? mn->valueint : 0;
    if (cJSON_IsString(due)) {
        raw(b, "<br><small id=\"due-");
        num(b, n);
        raw(b, cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "overdue"))
                   ? "\" class=\"overdue\">"
                   : "\">");
        esc(b, tr("casehub.console.due"));
        raw(b, ": ");
        esc(b, due->valuestring);
        raw(b, "</small>");
    }
    if (cJSON_IsString(pay)) {
        raw(b, "<br><small id=\"pay-");
        num(b, n);
        raw(b, "\">");
        esc(b, tr("casehub.console.pay_by"));
        raw(b, ": ");
        esc(b, pay->valuestring);
        raw(b, "</small>");
    }
}

/* Opens section id as <details>, open when the policy says dept needs it, with its summary
 * text; leaves a <div> open for the body (closed by "</div></details>"). */
static void details_open(struct sb *b, const char *id, const struct policy *pol, const char *dept,
                         const char *summary)
{
    raw(b, "<details id=\"sec-");
    esc(b, id);
    raw(b, policy_section_open(pol, dept, id) ? "\" open><summary>" : "\"><summary>");
    esc(b, summary);
    raw(b, "</summary><div>");
}

/* The kiosk's own form keys (server/hub.c meta_key_ok): shown in their places, not as rows. */
static bool kiosk_key(const char *k)
{
    return strcmp(k, "signature_sha256") == 0 || strcmp(k, "materials_missing") == 0 ||
           strcmp(k, "sample") == 0;
}

/* What staff read for one form member: its label and its value in words. false for a key the
 * service does not know (never shown: a key is no word for people). */
static bool form_words(const struct service *svc, const cJSON *f, const char **label,
                       const char **value)
{
    const char *k = f->string;
    const char *v = cJSON_IsString(f)  ? f->valuestring
                    : cJSON_IsTrue(f)  ? tr("casehub.console.yes")
                    : cJSON_IsFalse(f) ? tr("casehub.console.no")
                                       : "";
    if (!k || kiosk_key(k))
        return false;
    if (strncmp(k, "answer.", 7) == 0) {
        const struct service_question *q = service_question(svc, k + 7);
        if (!q)
            return false;
        const struct service_answer *a = cJSON_IsString(f) ? service_answer(q, v) : NULL;
        *label = q->text;
        *value = a ? a->label : v;
        return true;
    }
    const struct service_field *sf = service_field(svc, k);
    if (!sf)
        return false;
    const struct service_option *opt =
        sf->options && cJSON_IsString(f) ? service_option(sf->options, v) : NULL;
    *label = sf->label;
    *value = opt ? opt->label : v;
    return true;
}

/* Form section sec (policy_section_count: the keys in no section), skipped when empty. */
static void form_section(struct sb *b, const struct service *svc, const struct policy *pol,
                         const char *dept, const cJSON *form, size_t sec)
{
    const cJSON *f;
    int n = 0;
    const char *label, *value;
    cJSON_ArrayForEach(f, form)
    {
        n += policy_section_of(pol, f->string) == sec && form_words(svc, f, &label, &value);
    }
    if (!n)
        return;
    const char *id = policy_section_id(pol, sec);
    char key[64], count[16], summary[300];
    snprintf(key, sizeof key, "casehub.section.%s", id);
    snprintf(count, sizeof count, "%d", n);
    tr_fmt(summary, sizeof summary, "casehub.console.section_summary", tr(key), count,
           (const char *)NULL);
    details_open(b, id, pol, dept, summary);
    raw(b, "<table>");
    cJSON_ArrayForEach(f, form)
    {
        if (policy_section_of(pol, f->string) != sec || !form_words(svc, f, &label, &value))
            continue;
        raw(b, "<tr><th>");
        esc(b, label);
        raw(b, "</th><td>");
        esc(b, value);
        raw(b, "</td></tr>");
    }
    raw(b, "</table></div></details>");
}

static void page_link(struct sb *b, const char *code, const char *sha)
{
    raw(b, "/console/blob/");
    esc(b, sha);
    raw(b, "?case=");
    esc(b, code);
}

/* The scanned pages, material by material with its name and page count, and the materials
 * brought on paper (the kiosk's materials_missing, "1,4"). */
static void pages_section(struct sb *b, const struct service *svc, const struct policy *pol,
                          const char *dept, const char *code, const cJSON *atts,
                          const cJSON *missing)
{
    int kinds = 0, pages = 0;
    for (size_t i = 0; i < svc->n_materials; i++) {
        int got = 0;
        const cJSON *a;
        cJSON_ArrayForEach(a, atts)
        {
            const cJSON *mat = cJSON_GetObjectItemCaseSensitive(a, "material");
            got += cJSON_IsNumber(mat) && mat->valueint == svc->materials[i].number;
        }
        kinds += got > 0;
        pages += got;
    }
    char k[16], p[16], line[300];
    snprintf(k, sizeof k, "%d", kinds);
    snprintf(p, sizeof p, "%d", pages);
    details_open(b, "pages", pol, dept,
                 tr_fmt(line, sizeof line, "casehub.console.pages_summary",
                        tr("casehub.console.pages"), k, p, (const char *)NULL));
    raw(b, "<div class=\"pages\">");
    for (size_t i = 0; i < svc->n_materials; i++) {
        const struct service_material *sm = &svc->materials[i];
        int got = 0;
        const cJSON *a;
        cJSON_ArrayForEach(a, atts)
        {
            const cJSON *mat = cJSON_GetObjectItemCaseSensitive(a, "material");
            const cJSON *sha = cJSON_GetObjectItemCaseSensitive(a, "sha256");
            const cJSON *mime = cJSON_GetObjectItemCaseSensitive(a, "mime");
            if (!cJSON_IsNumber(mat) || mat->valueint != sm->number || !cJSON_IsString(sha) ||
                !cJSON_IsString(mime))
                continue;
            if (!got++) {
                int total = 0;
                const cJSON *x;
                cJSON_ArrayForEach(x, atts)
                {
                    const cJSON *xm = cJSON_GetObjectItemCaseSensitive(x, "material");
                    total += cJSON_IsNumber(xm) && xm->valueint == sm->number;
                }
                snprintf(p, sizeof p, "%d", total);
                raw(b, "<div class=\"material\" id=\"material-");
                num(b, sm->number);
                raw(b, "\"><h4>");
                num(b, sm->number);
                raw(b, ". ");
                esc(b, sm->name);
                raw(b, " <small>");
                esc(b,
                    tr_fmt(line, sizeof line, "casehub.console.page_count", p, (const char *)NULL));
                raw(b, "</small></h4>");
            }
            snprintf(p, sizeof p, "%d", got);
            raw(b, "<figure style=\"display:inline-block\"><a target=\"_blank\" href=\"");
            page_link(b, code, sha->valuestring);
            raw(b, "\">");
            if (strncmp(mime->valuestring, "image/", 6) == 0) {
                raw(b, "<img class=\"page\" alt=\"");
                esc(b, sm->name);
                raw(b, "\" src=\"");
                page_link(b, code, sha->valuestring);
                raw(b, "\">");
            } else {
                esc(b, tr("casehub.console.open_pdf"));
            }
            raw(b, "</a><figcaption>");
            esc(b, tr_fmt(line, sizeof line, "casehub.console.page_n", p, (const char *)NULL));
            raw(b, "</figcaption></figure>");
        }
        if (got)
            raw(b, "</div>");
    }
    if (!pages) {
        raw(b, "<p id=\"no-pages\">");
        esc(b, tr("casehub.console.no_pages"));
        raw(b, "</p>");
    }
    raw(b, "</div>");
    if (cJSON_IsString(missing) && missing->valuestring[0]) {
        raw(b, "<p id=\"on-paper\"><strong>");
        esc(b, tr("casehub.console.materials_on_paper"));
        raw(b, "</strong><br>");
        const char *s = missing->valuestring;
        while (*s) {
            long nmat = 0;
            size_t len = strcspn(s, ",");
            char one[16];
            snprintf(one, sizeof one, "%.*s", (int)(len < 15 ? len : 15), s);
            const struct service_material *sm =
                str_to_long(one, 1, 999, &nmat) ? service_material_by_number(svc, (int)nmat) : NULL;
            if (sm) {
                num(b, sm->number);
                raw(b, ". ");
                esc(b, sm->name);
                raw(b, "<br>");
            }
            s += len;
            if (*s == ',')
                s++;
        }
        raw(b, "</p>");
    }
    raw(b, "</div></details>");
}

/* The applicant's signature (attachment material 0), when this member of staff may see it
 * (access_case_view left it in). */
static void signature_section(struct sb *b, const struct policy *pol, const char *dept,
                              const char *code, const cJSON *atts)
{
    const cJSON *a;
    cJSON_ArrayForEach(a, atts)
    {
        const cJSON *mat = cJSON_GetObjectItemCaseSensitive(a, "material");
        const cJSON *sha = cJSON_GetObjectItemCaseSensitive(a, "sha256");
        if (!cJSON_IsNumber(mat) || mat->valueint != 0 || !cJSON_IsString(sha))
            continue;
        details_open(b, "signature", pol, dept, tr("casehub.section.signature"));
        raw(b, "<img id=\"signature\" class=\"signature\" alt=\"");
        esc(b, tr("casehub.section.signature"));
        raw(b, "\" src=\"");
        page_link(b, code, sha->valuestring);
        raw(b, "\"></div></details>");
        return;
    }
}

char *html_case(const struct service *svc, const struct policy *pol, const char *user,
                const char *dept, const char *case_json, const char *csrf, const char *flash)
{
    struct sb b = {0};
    cJSON *o = cJSON_Parse(case_json);
    const char *code = cJSON_GetObjectItemCaseSensitive(o, "code")->valuestring;
    head(&b, code);
    topbar(&b, svc, user, dept, csrf);
    raw(&b, "<main>");
    if (flash && flash[0]) {
        raw(&b, "<p class=\"flash\" id=\"flash\">");
        esc(&b, flash);
        raw(&b, "</p>");
    }
    raw(&b, "<h2>");
    esc(&b, tr("casehub.console.case_title"));
    raw(&b, " <span id=\"case-code\">");
    esc(&b, code);
    raw(&b, "</span></h2><p>");
    esc(&b, tr("casehub.console.submitted"));
    raw(&b, ": ");
    date_of(&b, cJSON_GetObjectItemCaseSensitive(o, "submitted_ms")->valuedouble);
    raw(&b, " · ");
    esc(&b, tr("casehub.console.due"));
    raw(&b, ": ");
    const cJSON *due = cJSON_GetObjectItemCaseSensitive(o, "due");
    raw(&b, "<span id=\"case-due\">");
    esc(&b, cJSON_IsString(due) ? due->valuestring : tr("casehub.console.due_pending"));
    raw(&b, "</span> · ");
    const cJSON *ver = cJSON_GetObjectItemCaseSensitive(o, "verified_ms");
    bool verified = cJSON_IsNumber(ver);
    bool window = strcmp(dept, "window") == 0;
    raw(&b, "<span id=\"verified\">");
    if (verified) {
        esc(&b, tr("casehub.window.verified"));
        raw(&b, ": ");
        date_of(&b, ver->valuedouble);
    } else {
        esc(&b, tr("casehub.window.not_verified"));
    }
    raw(&b, "</span>");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(o, "overdue"))) {
        raw(&b, " <span class=\"overdue\">");
        esc(&b, tr("casehub.console.overdue"));
        raw(&b, "</span>");
    }
    raw(&b, "</p>");
    if (window && !verified) {
        raw(&b, "<form method=\"post\" action=\"/console/case/");
        esc(&b, code);
        raw(&b, "/verify\"><input type=\"hidden\" name=\"csrf\" value=\"");
        esc(&b, csrf);
        raw(&b, "\"><button id=\"verify\">");
        esc(&b, tr("casehub.window.verify"));
        raw(&b, "</button></form>");
    }
    const cJSON *form = cJSON_GetObjectItemCaseSensitive(o, "form");
    if (cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(form, "sample"))) {
        raw(&b, "<p class=\"sample\" id=\"sample\">");
        esc(&b, tr("casehub.console.sample"));
        raw(&b, "</p>");
    }
    details_open(&b, "matters", pol, dept, tr("casehub.console.matters"));
    raw(&b, "<table id=\"matters\">");
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "matters"))
    {
        int n = (int)cJSON_GetObjectItemCaseSensitive(m, "matter")->valuedouble;
        const char *st = cJSON_GetObjectItemCaseSensitive(m, "status")->valuestring;
        const char *md = cJSON_GetObjectItemCaseSensitive(m, "department")->valuestring;
        const char *note = cJSON_GetObjectItemCaseSensitive(m, "note")->valuestring;
        raw(&b, "<tr><td>");
        num(&b, n);
        raw(&b, ". ");
        esc(&b, matter_name(svc, n));
        raw(&b, "<br><small>");
        esc(&b, dept_name(svc, md));
        raw(&b, "</small></td><td><span class=\"status\" id=\"status-");
        num(&b, n);
        raw(&b, "\">");
        status_word(&b, st);
        raw(&b, "</span>");
        if (note[0]) {
            raw(&b, "<br><small>");
            esc(&b, note);
            raw(&b, "</small>");
        }
        matter_dates(&b, m);
        raw(&b, "</td></tr>");
        bool mine = strcmp(md, dept) == 0;
        bool final = strcmp(st, "completed") == 0 || strcmp(st, "rejected") == 0;
        if (window && !verified && !final) {
            raw(&b, "<tr><td colspan=\"2\" class=\"actions\">");
            action_form(&b, code, n, "supplement", true, "casehub.console.supplement_list", csrf);
            raw(&b, "</td></tr>");
        }
        if (mine && verified && !final &&
            cJSON_IsString(cJSON_GetObjectItemCaseSensitive(o, "state")) &&
            strcmp(cJSON_GetObjectItemCaseSensitive(o, "state")->valuestring, "receiving") != 0) {
            raw(&b, "<tr><td colspan=\"2\" class=\"actions\">");
            if (strcmp(st, "accepted") != 0)
                action_form(&b, code, n, "accepted", false, NULL, csrf);
            if (strcmp(st, "accepted") == 0)
                action_form(&b, code, n, "completed", true, "casehub.console.result", csrf);
            action_form(&b, code, n, "rejected", true, "casehub.console.reason", csrf);
            action_form(&b, code, n, "supplement", true, "casehub.console.supplement_list", csrf);
            raw(&b, "</td></tr>");
        }
    }
    raw(&b, "</table></div></details>");
    /* the form, section by section as casehub's policy groups it */
    raw(&b, "<div id=\"form\">");
    for (size_t sec = 0; sec <= policy_section_count(pol); sec++)
        form_section(&b, svc, pol, dept, form, sec);
    const cJSON *hidden = cJSON_GetObjectItemCaseSensitive(o, "hidden_fields");
    if (cJSON_IsNumber(hidden) && hidden->valueint > 0) {
        char n[16], line[200];
        snprintf(n, sizeof n, "%d", hidden->valueint);
        raw(&b, "<p id=\"hidden-fields\"><small>");
        esc(&b, tr_fmt(line, sizeof line, "casehub.console.hidden_fields", n, (const char *)NULL));
        raw(&b, "</small></p>");
    }
    raw(&b, "</div>");
    pages_section(&b, svc, pol, dept, code, cJSON_GetObjectItemCaseSensitive(o, "attachments"),
                  cJSON_GetObjectItemCaseSensitive(form, "materials_missing"));
    signature_section(&b, pol, dept, code, cJSON_GetObjectItemCaseSensitive(o, "attachments"));
    raw(&b, "</main>");
    cJSON_Delete(o);
    return finish(&b);
}

/* The phone page's own style: one column of cards, text never under 16 px (issue #19). */
static const char phone_css[] =
    "body{font-family:'Noto Sans CJK SC','Noto Sans SC',sans-serif;margin:0;background:#f4f5f7;"
    "color:#1d2330;font-size:18px;line-height:1.6;overflow-wrap:anywhere}"
    "header{background:#1f4e8c;color:#fff;padding:14px 16px}header h1{font-size:22px;margin:0}"
    "main{max-width:600px;margin:0 auto;padding:12px}"
    ".pcard{background:#fff;border:1px solid #d4d8df;border-radius:10px;padding:14px 16px;"
    "margin-bottom:12px}.pcard h2{font-size:20px;margin:0 0 8px}.pcard p{margin:6px 0}"
    ".code{font-size:22px;font-weight:bold;letter-spacing:1px}"
    ".badge{display:inline-block;padding:2px 12px;border-radius:14px;font-weight:bold;"
    "background:#e9edf3;color:#1f4e8c}.badge.completed{background:#dff3e4;color:#17602d}"
    ".badge.rejected,.badge.supplement{background:#fde2e1;color:#a0001c}"
    ".label{color:#4a5262}.overdue{color:#b00020;font-weight:bold}.note{background:#f4f5f7;"
    "border-radius:6px;padding:8px 10px}a.tel{color:#1f4e8c;font-weight:bold;font-size:20px}";

/* One line "LABEL：VALUE" of a card (value escaped); id may be NULL. */
static void card_line(struct sb *b, const char *label_key, const char *value, const char *id, int n,
                      const char *cls)
{
    raw(b, "<p");
    if (id) {
        raw(b, " id=\"");
        raw(b, id);
        if (n)
            num(b, n);
        raw(b, "\"");
    }
    if (cls) {
        raw(b, " class=\"");
        raw(b, cls);
        raw(b, "\"");
    }
    raw(b, "><span class=\"label\">");
    esc(b, tr(label_key));
    raw(b, "：</span>");
    esc(b, value);
    raw(b, "</p>");
}

char *html_phone(const struct service *svc, const char *status_json, const char *masked_name,
                 const char *district)
{
    struct sb b = {0};
    cJSON *o = cJSON_Parse(status_json);
    raw(&b, "<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\">"
            "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><title>");
    esc(&b, tr("casehub.phone.title"));
    raw(&b, "</title><style>");
    raw(&b, phone_css);
    raw(&b, "</style></head><body><header><h1>");
    esc(&b, tr("casehub.phone.title"));
    raw(&b, "</h1></header><main><div class=\"pcard\" id=\"case\"><p><span class=\"label\">");
    esc(&b, tr("casehub.console.code"));
    raw(&b, "：</span><br><span class=\"code\" id=\"code\">");
    char grouped[TRACKCODE_MAX] = "";
    const char *code = cJSON_GetObjectItemCaseSensitive(o, "code")->valuestring;
    trackcode_group(code, grouped);
    esc(&b, grouped[0] ? grouped : code);
    raw(&b, "</span></p>");
    if (masked_name && masked_name[0]) {
        raw(&b, "<p><span class=\"label\">");
        esc(&b, tr("casehub.phone.applicant"));
        raw(&b, "：</span><span id=\"name\">");
        esc(&b, masked_name);
        raw(&b, "</span></p>");
    }
    const cJSON *due = cJSON_GetObjectItemCaseSensitive(o, "due");
    card_line(&b, "casehub.console.due",
              cJSON_IsString(due) ? due->valuestring : tr("casehub.console.due_pending"), "due", 0,
              NULL);
    raw(&b, "</div>");
    const cJSON *m;
    cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(o, "matters"))
    {
        int n = (int)cJSON_GetObjectItemCaseSensitive(m, "matter")->valuedouble;
        const char *st = cJSON_GetObjectItemCaseSensitive(m, "status")->valuestring;
        raw(&b, "<section class=\"pcard matter-card\" id=\"matter-");
        num(&b, n);
        raw(&b, "\"><h2>");
        esc(&b, matter_name(svc, n));
        raw(&b, "</h2><p><span class=\"badge ");
        esc(&b, st);
        raw(&b, "\" id=\"status-");
        num(&b, n);
        raw(&b, "\">");
        status_word(&b, st);
        raw(&b, "</span></p>");
        const cJSON *mdue = cJSON_GetObjectItemCaseSensitive(m, "due");
        const cJSON *pay = cJSON_GetObjectItemCaseSensitive(m, "pay_by");
        if (cJSON_IsString(mdue))
            card_line(&b, "casehub.console.due", mdue->valuestring, "due-", n,
                      cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "overdue")) ? "overdue"
                                                                                   : NULL);
        if (cJSON_IsString(pay))
            card_line(&b, "casehub.console.pay_by", pay->valuestring, "pay-", n, NULL);
        const char *note = cJSON_GetObjectItemCaseSensitive(m, "note")->valuestring;
        if (note[0]) { /* screened by the status API (server/status.h) */
            char key[64], line[2400];
            snprintf(key, sizeof key, "status.note.%s", st);
            raw(&b, "<p class=\"note\" id=\"note-");
            num(&b, n);
            raw(&b, "\">");
            esc(&b, tr_has(key) ? tr_fmt(line, sizeof line, key, note, (const char *)NULL) : note);
            raw(&b, "</p>");
        }
        raw(&b, "<p><span class=\"label\">");
        esc(&b, tr("casehub.phone.updated"));
        raw(&b, "：</span>");
        date_of(&b, cJSON_GetObjectItemCaseSensitive(m, "updated_ms")->valuedouble);
        raw(&b, "</p></section>");
    }
    /* where to ask: the hall of the district the kiosk stands in (the case carries it) */
    const struct service_district *d = service_district(svc, district ? district : "");
    raw(&b, "<div class=\"pcard\" id=\"hall\">");
    if (d) {
        char key[96], hall[200];
        snprintf(key, sizeof key, "casehub.hall.%s", d->id);
        raw(&b, "<h2 id=\"hall-name\">");
        esc(&b, tr_has(key)
                    ? tr(key)
                    : tr_fmt(hall, sizeof hall, "casehub.phone.hall", d->name, (const char *)NULL));
        raw(&b, "</h2>");
        if (d->phone && d->phone[0]) {
            raw(&b, "<p><span class=\"label\">");
            esc(&b, tr("casehub.phone.enquiry"));
            raw(&b, "：</span><a class=\"tel\" id=\"hall-phone\" href=\"tel:");
            esc(&b, d->phone);
            raw(&b, "\">");
            esc(&b, d->phone);
            raw(&b, "</a></p>");
        }
    }
    raw(&b, "<p><span class=\"label\">");
    esc(&b, tr("casehub.phone.consult"));
    raw(&b, "：</span><a class=\"tel\" id=\"supervision-phone\" href=\"tel:");
    esc(&b, svc->supervision_phone);
    raw(&b, "\">");
    esc(&b, svc->supervision_phone);
    raw(&b, "</a></p></div></main>");
    cJSON_Delete(o);
    return finish(&b);
}

/* The kiosk screen a staff call came from, in words (casehub.screen.NAME; the service mode's
 * svc_* screens as one; anything else 其他页面): the kiosk's screen ids are no words for staff. */
static const char *screen_words(const char *screen)
{
    char key[96];
    if (strncmp(screen, "svc_", 4) == 0)
        return tr("casehub.screen.svc");
    snprintf(key, sizeof key, "casehub.screen.%s", screen);
    return tr_has(key) ? tr(key) : tr("casehub.screen.unknown");
}

/* Open staff calls from kiosks, each with its 已处理 form (server/alerts.h). */
static void alert_list(struct sb *b, const char *alerts_json, const char *csrf)
{
    cJSON *arr = cJSON_Parse(alerts_json ? alerts_json : "[]");
    if (cJSON_GetArraySize(arr) > 0) {
        raw(b, "<div class=\"flash\" id=\"alerts\"><strong>");
        esc(b, tr("casehub.alerts.title"));
        raw(b, "</strong><table>");
        const cJSON *x;
        cJSON_ArrayForEach(x, arr)
        {
            const cJSON *kiosk = cJSON_GetObjectItemCaseSensitive(x, "kiosk");
            const cJSON *screen = cJSON_GetObjectItemCaseSensitive(x, "screen");
            const cJSON *id = cJSON_GetObjectItemCaseSensitive(x, "id");
            const cJSON *at = cJSON_GetObjectItemCaseSensitive(x, "at_ms");
            if (!cJSON_IsString(kiosk) || !cJSON_IsString(screen) || !cJSON_IsNumber(id) ||
                !cJSON_IsNumber(at))
                continue;
            raw(b, "<tr class=\"alert\"><td>");
            esc(b, tr("casehub.alerts.kiosk"));
            raw(b, " <span class=\"alert-kiosk\">");
            esc(b, kiosk->valuestring);
            raw(b, "</span></td><td>");
            esc(b, tr("casehub.alerts.screen"));
            raw(b, " ");
            esc(b, screen_words(screen->valuestring));
            raw(b, "</td><td>");
            date_of(b, at->valuedouble);
            raw(b, "</td><td><form method=\"post\" action=\"/console/alert/");
            num(b, (long long)id->valuedouble);
            raw(b, "\"><input type=\"hidden\" name=\"csrf\" value=\"");
            esc(b, csrf);
            raw(b, "\"><button>");
            esc(b, tr("casehub.alerts.ack"));
            raw(b, "</button></form></td></tr>");
        }
        raw(b, "</table></div>");
    }
    cJSON_Delete(arr);
}

char *html_window_todo(const struct service *svc, const char *user, const char *todo_json,
                       const char *alerts_json, const char *csrf)
{
    struct sb b = {0};
    head(&b, tr("casehub.window.todo_title"));
    topbar(&b, svc, user, "window", csrf);
    raw(&b, "<main>");
    alert_list(&b, alerts_json, csrf);
    raw(&b, "<h2>");
    esc(&b, tr("casehub.window.todo_title"));
    static const char *const cols[] = {"casehub.console.code", "casehub.console.matters",
                                       "casehub.console.status", "casehub.console.submitted"};
    todo_head(&b, cols, sizeof cols / sizeof cols[0]);
    cJSON *arr = cJSON_Parse(todo_json);
    const cJSON *x;
    int n = 0;
    cJSON_ArrayForEach(x, arr)
    {
        const char *code = cJSON_GetObjectItemCaseSensitive(x, "code")->valuestring;
        raw(&b, "<tr><td><a class=\"case-link\" href=\"/console/case/");
        esc(&b, code);
        raw(&b, "\">");
        esc(&b, code);
        raw(&b, "</a></td><td>");
        const cJSON *m;
        cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(x, "matters"))
        {
            esc(&b, matter_name(svc, m->valueint));
            raw(&b, "<br>");
        }
        raw(&b, "</td><td>");
        status_word(&b, cJSON_GetObjectItemCaseSensitive(x, "status")->valuestring);
        raw(&b, "</td><td>");
        date_of(&b, cJSON_GetObjectItemCaseSensitive(x, "submitted_ms")->valuedouble);
        raw(&b, "</td></tr>");
        n++;
    }
    cJSON_Delete(arr);
    raw(&b, "</table>");
    if (!n) {
        raw(&b, "<p id=\"empty\">");
        esc(&b, tr("casehub.console.todo_empty"));
        raw(&b, "</p>");
    }
    raw(&b, "</main>");
    return finish(&b);
}
