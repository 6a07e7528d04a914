/* app/ctl/cmd_materials.c: `kioskctl materials --matters 1,3,7 [--settle-by residence|relative]
 * [--relation CODE] [--answer QUESTION=VALUE]...` (app layer, ctl).
 *
 * Matters are given by their position in the service definition (1-based) or by id. Prints
 * the needed materials on stdout, one per line, each starting with the plan's number and
 * marked where the original is to be shown; on stderr, the matters applied for (what the
 * kiosk would submit), then for each matter that cannot be applied for now why and what to
 * do (blocked by an answer or by a missing required matter, or waiting for an answer), as the
 * kiosk's review and receipt say. --settle-by V is short for --answer settle_by=V;
 * --relation CODE answers it as the form's 与落户方关系 would. Exit 0, or 2 on bad arguments. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/rules.h"
#include "app/core/service.h"
#include "app/ctl/ctl.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

static bool set_answer(const struct service *s, const char **answers, const char *q, const char *v)
{
    long i = service_question_index(s, q);
    if (i < 0 || !service_answer(&s->questions[i], v))
        return false;
    answers[i] = v;
    return true;
}

static bool pick_matters(const struct service *s, char *list, bool *chosen)
{
    for (char *p = list; p && *p;) {
        char *comma = strchr(p, ',');
        if (comma)
            *comma = '\0';
        long n;
        long i = str_to_long(p, 1, (long)s->n_matters, &n) ? n - 1 : service_matter_index(s, p);
        if (i < 0)
            return false;
        chosen[i] = true;
        p = comma ? comma + 1 : NULL;
    }
    return true;
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    char path[1024], err[1024], msg[1400];
    struct service s;
    config_path(ctx->cfg, "service", path, sizeof path);
    if (service_load(path, &s, err, sizeof err) != K_OK) {
        ctl_fail("E801", err, "core.ctl.service.invalid", NULL);
        return 1;
    }
    const char **answers = xcalloc(s.n_questions + 1, sizeof *answers);
    bool *chosen = xcalloc(s.n_matters + 1, sizeof *chosen);
    char *list = NULL;
    int rc = 0;
    for (int i = 1; i < argc && rc == 0; i++) {
        if (strcmp(argv[i], "--matters") == 0 && i + 1 < argc) {
            free(list);
            list = xstrdup(argv[++i]);
            if (!pick_matters(&s, list, chosen))
                rc = 2;
        } else if (strcmp(argv[i], "--settle-by") == 0 && i + 1 < argc) {
            if (!set_answer(&s, answers, "settle_by", argv[++i]))
                rc = 2;
        } else if (strcmp(argv[i], "--relation") == 0 && i + 1 < argc) {
            long f = service_field_index(&s, "relation");
            const char *a = NULL;
            long q = f >= 0 ? rules_implied_answer(&s, (size_t)f, argv[++i], &a) : -1;
            if (q < 0)
                rc = 2;
            else
                answers[q] = a;
        } else if (strcmp(argv[i], "--answer") == 0 && i + 1 < argc) {
            char *eq = strchr(argv[++i], '=');
            if (!eq)
                rc = 2;
            else {
                *eq = '\0';
                if (!set_answer(&s, answers, argv[i], eq + 1))
                    rc = 2;
            }
        } else {
            rc = 2;
        }
    }
    if (rc == 0 && !list)
        rc = 2;
    if (rc != 0) {
        fprintf(stderr, "%s\n", tr("core.ctl.help.materials"));
        goto out;
    }
    struct rules_input in = {answers, chosen};
    struct rules_result r;
    rules_eval(&s, &in, &r);
    for (size_t i = 0; i < s.n_materials; i++)
        if (r.material_needed[i])
            printf("%d %s%s\n", s.materials[i].number, s.materials[i].name,
                   s.materials[i].original ? tr("core.ctl.materials.original") : "");
    if (r.all_blocked)
        fprintf(
            stderr, "%s\n",
            tr_fmt(msg, sizeof msg, "core.ctl.materials.all_blocked", r.all_blocked_reason, NULL));
    for (size_t m = 0; m < s.n_matters; m++)
        if (rules_applied(&r, m))
            fprintf(stderr, "%s\n",
                    tr_fmt(msg, sizeof msg, "core.ctl.materials.applied", s.matters[m].name, NULL));
    /* Not applied for, as review and the receipt tell it: chosen matters waiting for an
     * answer; matters that cannot be done now (why and what to do); chosen ones declined. */
    for (size_t m = 0; m < s.n_matters && !r.all_blocked; m++) {
        const struct matter_verdict *v = &r.matters[m];
        const char *key = NULL;
        if (v->chosen && v->status == MATTER_NEEDS_ANSWER)
            key = "core.ctl.materials.needs_answer";
        else if (rules_not_now(&r, m) && v->advice && v->advice[0])
            key = "core.ctl.materials.blocked_advice";
        else if (rules_not_now(&r, m) || (v->chosen && v->status == MATTER_BLOCKED))
            key = "core.ctl.materials.blocked";
        if (key)
            fprintf(stderr, "%s\n",
                    tr_fmt(msg, sizeof msg, key, s.matters[m].name, v->reason,
                           v->advice ? v->advice : "", NULL));
    }
    rules_result_finish(&r);
out:
    free(list);
    free(answers);
    free(chosen);
    service_free(&s);
    return rc;
}

const struct ctl_command ctl_cmd_materials = {
    .name = "materials",
    .help_key = "core.ctl.help.materials",
    .run = run,
};
