/* app/ctl/cmd_case.c: `kioskctl case show CODE` (app layer, ctl).
 * The case's state and its matters' statuses as the kiosk knows them; the applicant's name,
 * ID number and phone appear masked only. Exit 1 for an unknown code. */
#include <stdio.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "app/ctl/ctl.h"
#include "app/store/store.h"
#include "platform/clock.h"
#include "platform/log.h"
#include "platform/strings.h"

static void when(int64_t ms, char *out, size_t n)
{
    struct kdate d = kclock_beijing(ms);
    snprintf(out, n, "%04d-%02d-%02d %02d:%02d:%02d", d.year, d.month, d.day, d.hour, d.minute,
             d.second);
}

static const char *status_text(const char *status, char *key, size_t n)
{
    snprintf(key, n, "status.%s", status); /* one vocabulary: assets/ui/strings/status.json */
    return tr_has(key) ? tr(key) : status;
}

static void show_masked(store *s, long long id)
{
    struct store_personal p;
    if (store_personal_load(s, id, &p) != K_OK) {
        printf("%s\n", tr("store.case.purged"));
        return;
    }
    cJSON *j = cJSON_Parse(p.form_json);
    char m[256], msg[600];
    const cJSON *v;
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "name")) && cJSON_IsString(v))
        printf("%s\n", tr_fmt(msg, sizeof msg, "store.case.name",
                              log_mask_name(v->valuestring, m, sizeof m), NULL));
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "id_number")) && cJSON_IsString(v))
        printf("%s\n", tr_fmt(msg, sizeof msg, "store.case.id_number",
                              log_mask_id(v->valuestring, m, sizeof m), NULL));
    if ((v = cJSON_GetObjectItemCaseSensitive(j, "phone")) && cJSON_IsString(v))
        printf("%s\n", tr_fmt(msg, sizeof msg, "store.case.phone",
                              log_mask_phone(v->valuestring, m, sizeof m), NULL));
    cJSON_Delete(j);
    store_personal_free(&p);
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    char msg[1400], a[64], b[64], key[96];
    if (argc != 3 || strcmp(argv[1], "show") != 0) {
        fprintf(stderr, "%s\n", tr("ctl.help.case"));
        return 2;
    }
    store *s = NULL;
    char err[512];
    if (store_open(ctx->cfg, NULL, STORE_OPEN_DEFAULT, &s, err, sizeof err) != K_OK) {
        ctl_fail("E990", err, "store.open_failed", NULL);
        return 1;
    }
    struct store_case c;
    enum kerr e = store_case_by_code(s, argv[2], &c);
    if (e != K_OK) {
        if (e == K_ERR_NOT_FOUND)
            ctl_fail("E985", NULL, "store.case.unknown", argv[2], NULL);
        else
            ctl_fail("E990", store_errmsg(s), "ctl.store.failed", NULL);
        store_close(s);
        return 1;
    }
    when(c.created_ms, a, sizeof a);
    printf("%s\n", tr_fmt(msg, sizeof msg, "store.case.code", c.code, a, NULL));
    if (c.state == STORE_DELIVERED) {
        when(c.delivered_ms, a, sizeof a);
        printf("%s\n", tr_fmt(msg, sizeof msg, "store.case.delivered", a, NULL));
    } else {
        snprintf(a, sizeof a, "%d", c.attempts);
        printf("%s\n", tr_fmt(msg, sizeof msg, "store.case.queued", a, NULL));
        if (c.last_error[0])
            printf("%s\n", tr_fmt(msg, sizeof msg, "store.case.last_error", c.last_error, NULL));
    }
    show_masked(s, c.id);
    if (c.status_fetched_ms) {
        when(c.status_fetched_ms, a, sizeof a);
        printf("%s\n", tr_fmt(msg, sizeof msg, "store.case.as_of", a, NULL));
    }
    for (size_t i = 0; i < c.n_matters; i++) {
        snprintf(a, sizeof a, "%d", c.matters[i].matter);
        when(c.matters[i].status_ms, b, sizeof b);
        printf("%s\n", tr_fmt(msg, sizeof msg, "store.case.matter", a,
                              status_text(c.matters[i].status, key, sizeof key), b, NULL));
    }
    snprintf(a, sizeof a, "%zu", c.n_attachments);
    printf("%s\n", tr_fmt(msg, sizeof msg, "store.case.attachments", a, NULL));
    store_close(s);
    return 0;
}

const struct ctl_command ctl_cmd_case = {
    .name = "case",
    .help_key = "ctl.help.case",
    .run = run,
};
