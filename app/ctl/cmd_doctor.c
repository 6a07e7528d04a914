/* app/ctl/cmd_doctor.c: `kioskctl doctor`, one command that checks what a technician would
 * check and says how to fix what is wrong; exit 0 only when all is well (app layer, ctl).
 * Each check is a row in the table below: adding a check is adding a function and a row. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <time.h>
#include <unistd.h>

#include "app/core/calendar.h"
#include "app/core/service.h"
#include "app/ctl/ctl.h"
#include "app/ctl/devprobe.h"
#include "app/sync/probe.h"
#include "app/ui/handwriting.h"
#include "app/ui/ime.h"
#include "app/ui/theme.h"
#include "platform/fsutil.h"
#include "platform/strings.h"
#include "platform/xalloc.h"

#define MIN_FREE_MB 200

struct finding {
    char detail[1024]; /* what was found (shown after the check's name), in Chinese */
    char note[768];    /* a validator's or library's own words, on a line of their own */
    const char *fix;   /* string key of how to fix it, when it failed */
};

static bool check_config(struct ctl_ctx *ctx, struct finding *f)
{
    if (fs_exists(ctx->config_path))
        str_copy(f->detail, sizeof f->detail, ctx->config_path);
    else
        tr_fmt(f->detail, sizeof f->detail, "doctor.config.defaults", ctx->config_path, NULL);
    return true;
}

static bool check_storage(struct ctl_ctx *ctx, struct finding *f)
{
    const char *dir = ctx->cfg->data_dir;
    f->fix = "doctor.storage.fix";
    if (!fs_exists(dir)) {
        /* The kiosk creates it on first start: the nearest existing parent must be writable. */
        char *parent = xstrdup(dir);
        char *slash;
        while (!fs_exists(parent) && (slash = strrchr(parent, '/')) && slash != parent)
            *slash = '\0';
        bool ok = access(fs_exists(parent) ? parent : "/", W_OK) == 0;
        free(parent);
        tr_fmt(f->detail, sizeof f->detail,
               ok ? "doctor.storage.absent" : "doctor.storage.not_writable", dir, NULL);
        return ok;
    }
    if (access(dir, W_OK) != 0) {
        tr_fmt(f->detail, sizeof f->detail, "doctor.storage.not_writable", dir, NULL);
        return false;
    }
    struct statvfs vs;
    if (statvfs(dir, &vs) != 0) {
        tr_fmt(f->detail, sizeof f->detail, "doctor.storage.not_writable", dir, NULL);
        return false;
    }
    unsigned long long free_mb =
        (unsigned long long)vs.f_bavail * (unsigned long long)vs.f_frsize / (1024 * 1024);
    char mb[32];
    snprintf(mb, sizeof mb, "%llu", free_mb);
    tr_fmt(f->detail, sizeof f->detail, "doctor.storage.ok", dir, mb, NULL);
    if (free_mb < MIN_FREE_MB) {
        f->fix = "doctor.storage.fix_space";
        return false;
    }
    return true;
}

static bool check_key(struct ctl_ctx *ctx, struct finding *f)
{
    char path[4096];
    config_path(ctx->cfg, "key", path, sizeof path);
    struct stat st;
    if (stat(path, &st) != 0) {
        tr_fmt(f->detail, sizeof f->detail, "doctor.key.absent", path, NULL);
        return true; /* created on the kiosk's first start */
    }
    if ((st.st_mode & 077) != 0) {
        tr_fmt(f->detail, sizeof f->detail, "doctor.key.mode", path, NULL);
        f->fix = "doctor.key.fix";
        return false;
    }
    str_copy(f->detail, sizeof f->detail, path);
    return true;
}

static bool check_assets(struct ctl_ctx *ctx, struct finding *f)
{
    char assets[4096], path[4200], err[512];
    config_path(ctx->cfg, "assets", assets, sizeof assets);
    f->fix = "doctor.assets.fix";
    snprintf(path, sizeof path, "%s/ui/theme.json", assets);
    struct ui_theme theme;
    if (theme_load(&theme, path, err, sizeof err) != K_OK) {
        tr_fmt(f->detail, sizeof f->detail, "doctor.assets.bad_theme", path, NULL);
        str_copy(f->note, sizeof f->note, err);
        return false;
    }
    char *font = xasprintf("%s/fonts/%s", assets, theme.font_file);
    bool have_font = fs_exists(font);
    if (!have_font)
        tr_fmt(f->detail, sizeof f->detail, "doctor.assets.no_font", font, NULL);
    free(font);
    if (!have_font)
        return false;
    str_copy(f->detail, sizeof f->detail, assets);
    return true;
}

static bool check_service(struct ctl_ctx *ctx, struct finding *f)
{
    char path[4096], err[768];
    config_path(ctx->cfg, "service", path, sizeof path);
    f->fix = "doctor.service.fix";
    struct service svc;
    if (service_load(path, &svc, err, sizeof err) != K_OK) {
        tr_fmt(f->detail, sizeof f->detail, "core.ctl.service.invalid", NULL);
        str_copy(f->note, sizeof f->note, err);
        return false;
    }
    bool ok = service_district(&svc, ctx->cfg->district) != NULL;
    if (ok) {
        str_copy(f->detail, sizeof f->detail, path);
    } else {
        tr_fmt(f->detail, sizeof f->detail, "doctor.service.no_district", ctx->cfg->district, NULL);
        f->fix = "doctor.service.fix_district";
    }
    service_free(&svc);
    return ok;
}

static bool check_calendar(struct ctl_ctx *ctx, struct finding *f)
{
    char dir[4096], err[768];
    config_path(ctx->cfg, "calendar", dir, sizeof dir);
    f->fix = "doctor.calendar.fix";
    struct calendar *cal = NULL;
    if (calendar_load_dir(dir, &cal, err, sizeof err) != K_OK) {
        tr_fmt(f->detail, sizeof f->detail, "ctl.calendar.invalid", NULL);
        str_copy(f->note, sizeof f->note, err);
        return false;
    }
    time_t now = time(NULL);
    struct tm tm;
    localtime_r(&now, &tm);
    int year = tm.tm_year + 1900, last = calendar_last_year(cal);
    calendar_destroy(cal);
    char ly[16];
    snprintf(ly, sizeof ly, "%d", last);
    tr_fmt(f->detail, sizeof f->detail, "doctor.calendar.last_year", ly, NULL);
    /* A 27-working-day deadline from late in the year runs into the next: warn from
     * November on when next year's table is missing. */
    return last > year || (last == year && tm.tm_mon < 10);
}

static bool check_clock(struct ctl_ctx *ctx, struct finding *f)
{
    (void)ctx;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char year[16];
    snprintf(year, sizeof year, "%d", tm.tm_year + 1900);
    tr_fmt(f->detail, sizeof f->detail, "doctor.clock.year", year, NULL);
    f->fix = "doctor.clock.fix";
    return tm.tm_year + 1900 >= 2025 && tm.tm_year + 1900 < 2100;
}

static bool check_backend(struct ctl_ctx *ctx, struct finding *f)
{
    struct probe_result r;
    f->fix = "doctor.backend.fix";
    if (probe_backend(ctx->cfg, (int64_t)time(NULL), &r) != K_OK || r.http_status != 200) {
        if (!r.error[0])
            snprintf(r.error, sizeof r.error, "HTTP %ld from /api/v1/health", r.http_status);
        tr_fmt(f->detail, sizeof f->detail, "doctor.backend.unreachable", ctx->cfg->backend_url,
               NULL);
        str_copy(f->note, sizeof f->note, r.error);
        return false;
    }
    char st[16], skew[32];
    snprintf(st, sizeof st, "%ld", r.http_status);
    snprintf(skew, sizeof skew, "%lld", (long long)r.skew_s);
    tr_fmt(f->detail, sizeof f->detail, "doctor.backend.ok", ctx->cfg->backend_url, st, skew, NULL);
    if (r.server_unix_s && (r.skew_s > 60 || r.skew_s < -60)) {
        f->fix = "doctor.clock.fix_skew";
        return false;
    }
    return true;
}

/* The input method as the kiosk starts it (ime.data_dir, else the default folder): the
 * prebuilt librime data must load and "nihao" must give a candidate. */
static bool check_ime(struct ctl_ctx *ctx, struct finding *f)
{
    char err[512];
    struct ime_options opt = {0};
    if (ctx->cfg->ime_data_dir && *ctx->cfg->ime_data_dir)
        opt.data_dir = ctx->cfg->ime_data_dir;
    f->fix = "doctor.ime.fix";
    struct ime *ime = NULL;
    if (ime_create(&opt, &ime, err, sizeof err) != K_OK || ime_wait_ready(ime) != K_OK) {
        if (ime)
            str_copy(err, sizeof err, ime_error(ime));
        tr_fmt(f->detail, sizeof f->detail, "doctor.ime.not_ready", NULL);
        str_copy(f->note, sizeof f->note, err);
        ime_destroy(ime);
        return false;
    }
    for (const char *p = "nihao"; *p; p++)
        ime_key(ime, (unsigned char)*p);
    const struct ime_view *v = ime_view(ime);
    bool ok = v->count > 0;
    if (ok)
        tr_fmt(f->detail, sizeof f->detail, "doctor.ime.ok", v->cand[0], NULL);
    else
        tr_fmt(f->detail, sizeof f->detail, "doctor.ime.no_candidates", "nihao", NULL);
    ime_destroy(ime);
    return ok;
}

/* Handwriting as the kiosk starts it (ime.handwriting_model, else Debian's model): the model
 * must load and a 十 written as two strokes must be among the candidates. */
static bool check_handwriting(struct ctl_ctx *ctx, struct finding *f)
{
    char err[4400];
    f->fix = "doctor.handwriting.fix";
    struct handwriting *hw = NULL;
    if (handwriting_create(ctx->cfg->hw_model, &hw, err, sizeof err) != K_OK) {
        tr_fmt(f->detail, sizeof f->detail, "doctor.handwriting.missing", err, NULL);
        return false;
    }
    struct hw_ink *ink = xcalloc(1, sizeof *ink);
    hw_ink_init(ink, 300, 300);
    hw_ink_begin(ink, 40, 150); /* 一 */
    for (int x = 50; x <= 260; x += 10)
        hw_ink_add(ink, x, 150);
    hw_ink_begin(ink, 150, 30); /* 丨 */
    for (int y = 40; y <= 270; y += 10)
        hw_ink_add(ink, 150, y);
    struct hw_result r;
    handwriting_recognize(hw, ink, &r);
    free(ink);
    bool ok = false;
    for (int i = 0; i < r.count && i < 3; i++)
        ok = ok || strcmp(r.cand[i], "十") == 0;
    if (ok)
        tr_fmt(f->detail, sizeof f->detail, "doctor.handwriting.ok", r.cand[0], NULL);
    else if (*handwriting_error(hw))
        tr_fmt(f->detail, sizeof f->detail, "doctor.handwriting.missing", handwriting_error(hw),
               NULL);
    else
        tr_fmt(f->detail, sizeof f->detail, "doctor.handwriting.wrong", r.count ? r.cand[0] : "-",
               NULL);
    handwriting_destroy(hw);
    return ok;
}

static const struct {
    const char *name_key;
    bool (*run)(struct ctl_ctx *ctx, struct finding *f);
} checks[] = {
    {"doctor.config", check_config},   {"doctor.storage", check_storage},
    {"doctor.key", check_key},         {"doctor.assets", check_assets},
    {"doctor.service", check_service}, {"doctor.calendar", check_calendar},
    {"doctor.clock", check_clock},     {"doctor.backend", check_backend},
    {"doctor.ime", check_ime},         {"doctor.handwriting", check_handwriting},
};

static void report(bool ok, const char *name, const char *detail, const char *note, const char *fix,
                   int *failed)
{
    printf("[%s] %s：%s\n", tr(ok ? "doctor.ok" : "doctor.bad"), name, detail);
    if (note && *note)
        printf("      %s\n", note);
    if (!ok) {
        (*failed)++;
        if (fix)
            printf("      %s%s\n", tr("doctor.fix"), tr(fix));
    }
}

static int run(struct ctl_ctx *ctx, int argc, char **argv)
{
    (void)argv;
    if (argc != 1) {
        fprintf(stderr, "%s\n", tr("ctl.help.doctor"));
        return 2;
    }
    int failed = 0;
    for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
        struct finding f = {{0}, {0}, NULL};
        bool ok = checks[i].run(ctx, &f);
        report(ok, tr(checks[i].name_key), f.detail, f.note, f.fix, &failed);
    }
    /* Every configured device, through its driver (as `kioskctl devices`). */
    for (size_t i = 0; i < devprobe_count(); i++) {
        struct devprobe_row row = devprobe_row(ctx->cfg, i);
        struct probe p;
        devprobe_run(ctx->cfg, i, &p);
        char detail[1200];
        tr_fmt(detail, sizeof detail, "doctor.device.detail", row.driver,
               row.device[0] ? row.device : tr("svc.dev.auto"), p.state, NULL);
        report(p.present, tr(row.kind_key), detail, p.error, "doctor.device.fix", &failed);
    }
    char n[16], msg[256];
    snprintf(n, sizeof n, "%d", failed);
    printf("%s\n", failed ? tr_fmt(msg, sizeof msg, "doctor.summary_bad", n, NULL)
                          : tr("doctor.summary_ok"));
    return failed ? 1 : 0;
}

const struct ctl_command ctl_cmd_doctor = {
    .name = "doctor",
    .help_key = "ctl.help.doctor",
    .run = run,
};
