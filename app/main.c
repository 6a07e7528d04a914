/* app/main.c: the kiosk program's entry point (app layer). */
#include "app/kiosk/app.h"
#include "platform/signals.h"

int main(int argc, char **argv)
{
    struct kiosk_opts opts;
    int rc = kiosk_parse_args(argc, argv, &opts);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    signals_install();
    static struct kiosk_app app;
    rc = kiosk_app_init(&app, &opts);
    if (rc == 0)
        rc = kiosk_app_run(&app);
    kiosk_app_finish(&app);
    return rc;
}
