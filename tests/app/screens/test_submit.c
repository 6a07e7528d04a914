/* tests/app/screens/test_submit.c: signing and submitting (app/screens/review.c "sign",
 * app/screens/submit.c) through the whole kiosk, headless, on the full-application script.
 * The signature's PNG encoding (milliseconds of work) is not done on the UI thread: no frame
 * of the sign and submit screens encodes a PNG on it. What is stored is unchanged: the case's
 * signature is the strokes drawn, as a black-on-white picture of the pad's size, and the form
 * carries the SHA-256 of the exact form data the signature confirms. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "app/kiosk/app.h"
#include "app/screens/flow.h"
#include "app/kiosk/script.h"
#include "app/store/store.h"
#include "platform/image.h"
#include "platform/log.h"
#include "platform/xalloc.h"
#include "tests/support/kiosk_run.h"
#include "tests/support/ktest.h"

static char conf[600];

/* Run the script frame by frame (as the kiosk does), counting the UI thread's PNG encodings
 * in each frame of the sign and submit screens; note the signature pad's size. */
static void run_script(int *pad_w, int *pad_h)
{
    const char *c = ktest_kiosk_conf("submit", "");
    snprintf(conf, sizeof conf, "%s", c ? c : "");
    struct kiosk_opts opts = ktest_script_opts(conf, "full_application");
    static struct kiosk_app app;
    CHECK_EQ_INT(kiosk_app_init(&app, &opts), 0);
    int sign_frames = 0, submit_frames = 0;
    while (script_step(app.script, &app)) {
        size_t before = image_png_encodes();
        kiosk_app_frame(&app);
        size_t n = image_png_encodes() - before;
        const char *name = flow_screen_name(app.flow);
        if (strcmp(name, "sign") == 0) {
            sign_frames++;
            const struct ui_widget *pad = ui_find(app.ui, "sign.pad");
            if (pad) {
                *pad_w = pad->rect.w;
                *pad_h = pad->rect.h;
            }
        }
        submit_frames += strcmp(name, "submit") == 0;
        if (strcmp(name, "sign") == 0 || strcmp(name, "submit") == 0)
            CHECKF(n == 0, "a frame of %s encoded %zu PNG on the UI thread", name, n);
    }
    CHECK_EQ_INT(app.exit_code, 0);
    CHECK(sign_frames > 0);
    CHECK(submit_frames > 0);
    kiosk_app_finish(&app);
}

/* The stored case: its signature and the hash of the form it confirms. */
static void check_stored(int pad_w, int pad_h)
{
    char err[512];
    struct kconfig cfg;
    CHECKF(config_load(&cfg, conf, false, err, sizeof err) == K_OK, "%s", err);
    struct kclock *clk = kclock_fake_create(1790000000000LL);
    store *st = NULL;
    CHECKF(store_open(&cfg, clk, STORE_OPEN_DEFAULT, &st, err, sizeof err) == K_OK, "%s", err);
    struct store_personal p = {0};
    CHECK(st && store_personal_load(st, 1, &p) == K_OK);
    /* The picture: the pad's size, white where nothing was drawn, black along the strokes
     * (the script's first stroke starts at (100,500) thousandths of the pad; the top left
     * corner is untouched). */
    struct image *img = NULL;
    CHECK(p.signature && image_decode_png(p.signature, p.signature_len, IMAGE_GRAY8, &img) == K_OK);
    if (img) {
        CHECK_EQ_INT(img->w, pad_w);
        CHECK_EQ_INT(img->h, pad_h);
        CHECK_EQ_INT(img->px[0], 255);
        CHECK_EQ_INT(img->px[(size_t)(500 * pad_h / 1000) * img->stride + 100 * pad_w / 1000], 0);
        size_t black = 0;
        for (size_t i = 0; i < img->stride * (size_t)img->h; i++)
            black += img->px[i] == 0;
        CHECKF(black > 1000, "%zu black pixels", black);
    }
    image_destroy(img);
    /* The form: {answers...,"signature_sha256":H,"materials_missing":M} where H is the
     * SHA-256 of the answers alone as one JSON object. */
    const char *key = ",\"signature_sha256\":\"";
    const char *at = p.form_json ? strstr(p.form_json, key) : NULL;
    CHECK(at != NULL);
    if (at) {
        size_t fl = (size_t)(at - p.form_json);
        char *form = xasprintf("%.*s}", (int)fl, p.form_json);
        uint8_t h[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(h, (const uint8_t *)form, strlen(form));
        char hex[65];
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        CHECKF(strncmp(at + strlen(key), hex, 64) == 0 && at[strlen(key) + 64] == '"',
               "the stored hash is not that of the form %s", form);
        CHECK(strstr(at, "\"materials_missing\":\"") != NULL);
        free(form);
    }
    store_personal_free(&p);
    store_close(st);
    kclock_destroy(clk);
    config_finish(&cfg);
}

int main(void)
{
    log_setup(LOG_WARN, NULL, 0, 0);
    int pad_w = 0, pad_h = 0;
    run_script(&pad_w, &pad_h);
    CHECK(pad_w > 0 && pad_h > 0);
    check_stored(pad_w, pad_h);
    return ktest_done();
}
