/* app/kiosk/print.c: the receipt printer's worker thread (app layer, kiosk lifecycle). */
#include "app/kiosk/print.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/core/rules.h"
#include "app/core/trackcode.h"
#include "app/receipt/receipt.h"
#include "app/receipt/testpage.h"
#include "app/kiosk/app.h"
#include "app/kiosk/session.h"
#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/xalloc.h"

#define N_KNOBS (PRINTER_SIM_CUTTER_JAM + 1)

/* Everything one receipt needs, owned by the job (the session may be wiped meanwhile). */
struct job {
    enum print_kind kind;
    char code[TRACKCODE_MAX];
    char name[96];
    char qr[256];
    struct cdate day;
    int hour, minute;
    char *matter_ids[RECEIPT_MAX_MATTERS];
    size_t n_matters;
    int materials[RECEIPT_MAX_MATERIALS];
    int pages[RECEIPT_MAX_MATERIALS]; /* captured pages per material, parallel */
    size_t n_materials;
    /* Not possible now: ids, reasons and advice point into the service (lives as long as the
     * app). */
    const char *not_now[RECEIPT_MAX_MATTERS], *not_now_why[RECEIPT_MAX_MATTERS],
        *not_now_advice[RECEIPT_MAX_MATTERS];
    size_t n_not_now;
    const char *delivery[2]; /* the way chosen on the form and the lookup, or none */
    size_t n_delivery;
    char mail[256];
};

struct print {
    struct kiosk_app *app; /* read-only from the worker: cfg, svc, cal, evq, opts.out_dir */
    pthread_t thread;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    bool quit, busy;
    struct job *job;
    long knob[N_KNOBS];
    bool knob_set[N_KNOBS], knob_dirty;
    struct printer *printer; /* worker only */
    struct print_stats stats;
};

static void job_free(struct job *j)
{
    if (!j)
        return;
    for (size_t i = 0; i < j->n_matters; i++)
        free(j->matter_ids[i]);
    explicit_bzero(j, sizeof *j);
    free(j);
}

static void done_free(void *d)
{
    free(d);
}

/* Open the printer if it is not (worker), and hand it the sim knobs set meanwhile. */
static enum kerr ensure_open(struct print *p, char *err, size_t errlen)
{
    const struct kiosk_app *app = p->app;
    if (!p->printer) {
        p->printer = printer_open(app->cfg.printer_driver, app->cfg.printer_device,
                                  (int)app->cfg.printer_width, err, errlen);
        if (!p->printer)
            return K_ERR_NO_DEVICE;
        pthread_mutex_lock(&p->mu);
        p->knob_dirty = true; /* a new sim printer: set its knobs again */
        pthread_mutex_unlock(&p->mu);
    }
    pthread_mutex_lock(&p->mu);
    if (p->knob_dirty)
        for (int k = 0; k < N_KNOBS; k++)
            if (p->knob_set[k])
                printer_sim_set(p->printer, (enum printer_sim_knob)k, p->knob[k]);
    p->knob_dirty = false;
    pthread_mutex_unlock(&p->mu);
    return K_OK;
}

/* The printer went away: reopen it next time, it may come back (worker). */
static void forget_if_gone(struct print *p, enum kerr e)
{
    if (e == K_ERR_NO_DEVICE) {
        printer_close(p->printer);
        p->printer = NULL;
    }
}

/* Service mode's status read and test page (worker). */
static enum kerr run_service(struct print *p, enum print_kind kind, struct print_done *d)
{
    enum kerr e = ensure_open(p, d->err, sizeof d->err);
    if (e != K_OK)
        return e;
    printer_identity(p->printer, d->identity, sizeof d->identity);
    e = printer_status(p->printer, &d->status);
    if (e != K_OK) {
        snprintf(d->err, sizeof d->err, "%s", p->printer->error);
        forget_if_gone(p, e);
        return e;
    }
    d->have_status = true;
    if (kind != PRINT_TEST)
        return K_OK;
    struct bitmap *bmp = NULL;
    e = receipt_test_page(&p->app->cfg, d->identity, &d->status, &bmp, d->err, sizeof d->err);
    if (e == K_OK) {
        e = printer_print(p->printer, bmp);
        if (e != K_OK)
            snprintf(d->err, sizeof d->err, "%s", p->printer->error);
        forget_if_gone(p, e);
    }
    bitmap_destroy(bmp);
    return e;
}

/* Compose and print one receipt (worker). */
static enum kerr run_job(struct print *p, struct job *j, char *err, size_t errlen)
{
    const struct kiosk_app *app = p->app;
    struct receipt_case c = {.code = j->code,
                             .name = j->name,
                             .district_id = app->cfg.district,
                             .submitted = j->day,
                             .hour = j->hour,
                             .minute = j->minute,
                             .matter_ids = (const char *const *)j->matter_ids,
                             .n_matters = j->n_matters,
                             .material_numbers = j->materials,
                             .material_pages = j->pages,
                             .n_materials = j->n_materials,
                             .not_now_ids = j->not_now,
                             .not_now_reasons = j->not_now_why,
                             .not_now_advice = j->not_now_advice,
                             .n_not_now = j->n_not_now,
                             .delivery_ids = j->n_delivery ? j->delivery : NULL,
                             .n_delivery = j->n_delivery,
                             .mail_address = j->mail,
                             .hall_name = app->cfg.hall_name,
                             .hall_address = app->cfg.hall_address,
                             .hall_hours = app->cfg.hall_hours,
                             .hall_phone = app->cfg.hall_phone,
                             .qr_payload = j->qr};
    struct receipt_data d;
    enum kerr e = receipt_data_from_case(&app->svc, app->cal, &c, &d, err, errlen);
    if (e != K_OK)
        return e;
    char font[4096];
    struct bitmap *bmp = NULL;
    int width = (int)app->cfg.printer_width;
    char *text = NULL;
    e = receipt_compose_text(&d, receipt_font_path(&app->cfg, font, sizeof font), width, &bmp,
                             &text, err, errlen);
    explicit_bzero(&d, sizeof d);
    if (e != K_OK)
        return e;
    /* Test and demo runs keep the composed receipt (picture and text) beside their
     * screenshots. */
    if (app->opts.out_dir) {
        char path[4200];
        snprintf(path, sizeof path, "%s/receipt.png", app->opts.out_dir);
        struct image *img = bitmap_to_image(bmp);
        if (!img || image_write_png(img, path) != K_OK)
            log_warn("print", "cannot write %s", path);
        image_destroy(img);
        snprintf(path, sizeof path, "%s/receipt.txt", app->opts.out_dir);
        if (fs_write_atomic(path, text, strlen(text), 0600) != K_OK)
            log_warn("print", "cannot write %s", path);
    }
    str_free_secure(text);
    e = ensure_open(p, err, errlen);
    if (e != K_OK) {
        bitmap_destroy(bmp);
        return e;
    }
    e = printer_print(p->printer, bmp);
    if (e != K_OK)
        snprintf(err, errlen, "%s", p->printer->error);
    forget_if_gone(p, e);
    bitmap_destroy(bmp);
    return e;
}

static void *worker(void *arg)
{
    struct print *p = arg;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->quit && !p->job)
            pthread_cond_wait(&p->cv, &p->mu);
        if (p->quit)
            break;
        struct job *j = p->job;
        p->job = NULL;
        pthread_mutex_unlock(&p->mu);
        struct print_done *d = xcalloc(1, sizeof *d);
        d->kind = j->kind;
        enum kerr e = j->kind == PRINT_RECEIPT ? run_job(p, j, d->err, sizeof d->err)
                                               : run_service(p, j->kind, d);
        job_free(j);
        if (e == K_OK)
            log_info("print", "%s",
                     d->kind == PRINT_RECEIPT ? "receipt printed"
                     : d->kind == PRINT_TEST  ? "test page printed"
                                              : "status read");
        else
            log_error("print", "printer job %d failed: %s", (int)d->kind, d->err);
        struct ev ev = {
            .type = EV_PRINTER_STATE, .code = (int)e, .payload = d, .payload_free = done_free};
        pthread_mutex_lock(&p->mu);    /* counted before the UI hears of it */
        if (d->kind != PRINT_STATUS) { /* pages: receipts and test pages */
            if (e == K_OK)
                p->stats.printed++;
            else
                p->stats.failed++;
        }
        if (e != K_OK)
            str_copy(p->stats.last_error, sizeof p->stats.last_error, d->err);
        pthread_mutex_unlock(&p->mu);
        evq_post(p->app->evq, &ev);
        pthread_mutex_lock(&p->mu);
        p->busy = false;
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

struct print *print_create(struct kiosk_app *app)
{
    struct print *p = xcalloc(1, sizeof *p);
    p->app = app;
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    if (pthread_create(&p->thread, NULL, worker, p) != 0) {
        pthread_cond_destroy(&p->cv);
        pthread_mutex_destroy(&p->mu);
        free(p);
        return NULL;
    }
    return p;
}

void print_destroy(struct print *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    p->quit = true;
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->thread, NULL);
    job_free(p->job);
    printer_close(p->printer);
    pthread_cond_destroy(&p->cv);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

/* Hand a job to the worker unless one is running (UI thread). */
static bool submit(struct print *p, struct job *j)
{
    pthread_mutex_lock(&p->mu);
    bool ok = !p->busy;
    if (ok) {
        p->busy = true;
        p->job = j;
        pthread_cond_signal(&p->cv);
    }
    pthread_mutex_unlock(&p->mu);
    if (!ok)
        job_free(j);
    return ok;
}

bool print_receipt(struct print *p, struct kiosk_app *app)
{
    if (!p)
        return false;
    const struct session *s = app->session;
    struct job *j = xcalloc(1, sizeof *j);
    if (!trackcode_group(s->code, j->code))
        str_copy(j->code, sizeof j->code, s->code);
    for (size_t i = 0; i < app->svc.n_fields; i++)
        if (strcmp(app->svc.fields[i].id, "name") == 0 && s->values[i])
            str_copy(j->name, sizeof j->name, s->values[i]);
    str_copy(j->qr, sizeof j->qr, s->qr_url);
    struct kdate d = kclock_beijing(s->submitted_ms ? s->submitted_ms : kclock_unix_ms(app->clock));
    j->day = (struct cdate){d.year, d.month, d.day};
    j->hour = d.hour;
    j->minute = d.minute;
    /* Applied for: only what the rules allow (what was submitted); what cannot be done now
     * is printed apart with why and what to do. */
    struct rules_result r;
    session_rules(s, &r);
    for (size_t i = 0; i < app->svc.n_matters; i++) {
        if (rules_applied(&r, i) && j->n_matters < RECEIPT_MAX_MATTERS)
            j->matter_ids[j->n_matters++] = xstrdup(app->svc.matters[i].id);
        if (rules_not_now(&r, i) && j->n_not_now < RECEIPT_MAX_MATTERS) {
            j->not_now[j->n_not_now] = app->svc.matters[i].id;
            j->not_now_why[j->n_not_now] = r.matters[i].reason ? r.matters[i].reason : "";
            j->not_now_advice[j->n_not_now++] = r.matters[i].advice ? r.matters[i].advice : "";
        }
    }
    for (size_t i = 0; i < app->svc.n_materials && j->n_materials < RECEIPT_MAX_MATERIALS; i++)
        if (r.material_needed[i]) {
            int num = app->svc.materials[i].number;
            j->pages[j->n_materials] = (int)session_material_pages(s, num, NULL, 0);
            j->materials[j->n_materials++] = num;
        }
    rules_result_finish(&r);
    /* The delivery way the applicant chose on the form (with the address when by post),
     * and the status lookup every receipt offers. */
    long fd = service_field_index(&app->svc, "delivery");
    long fm = service_field_index(&app->svc, "mail_address");
    for (size_t k = 0; fd >= 0 && s->values[fd] && k < app->svc.n_delivery; k++)
        if (strcmp(app->svc.delivery[k].id, s->values[fd]) == 0)
            j->delivery[j->n_delivery++] = app->svc.delivery[k].id;
    for (size_t k = 0; j->n_delivery && k < app->svc.n_delivery; k++)
        if (strcmp(app->svc.delivery[k].id, "lookup") == 0 && strcmp(j->delivery[0], "lookup") != 0)
            j->delivery[j->n_delivery++] = app->svc.delivery[k].id;
    if (fm >= 0 && s->values[fm] && j->n_delivery && strcmp(j->delivery[0], "mail") == 0)
        str_copy(j->mail, sizeof j->mail, s->values[fm]);
    return submit(p, j);
}

void print_get_stats(struct print *p, struct print_stats *out)
{
    memset(out, 0, sizeof *out);
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    *out = p->stats;
    pthread_mutex_unlock(&p->mu);
}

bool print_service(struct print *p, enum print_kind kind)
{
    if (!p || kind == PRINT_RECEIPT)
        return false;
    struct job *j = xcalloc(1, sizeof *j);
    j->kind = kind;
    return submit(p, j);
}

void print_sim(struct print *p, enum printer_sim_knob knob, long value)
{
    if (!p || (int)knob < 0 || (int)knob >= N_KNOBS)
        return;
    pthread_mutex_lock(&p->mu);
    p->knob[knob] = value;
    p->knob_set[knob] = true;
    p->knob_dirty = true;
    pthread_mutex_unlock(&p->mu);
}
