/* Tests for drivers/camera/camera_sane.c against SANE's real `test` backend (no hardware):
 * a flatbed scan, the automatic document feeder running out of sheets, bad device specs. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "drivers/camera/camera.h"
#include "platform/fsutil.h"
#include "tests/support/ktest.h"

int main(void)
{
    /* Enable only the test backend, in a private configuration folder. */
    char dir[512], path[600];
    snprintf(dir, sizeof dir, "%s/sane", ktest_tmpdir());
    fs_mkdir_p(dir, 0755);
    snprintf(path, sizeof path, "%s/dll.conf", dir);
    fs_write_atomic(path, "test\n", 5, 0644);
    snprintf(path, sizeof path, "%s/test.conf", dir);
    fs_write_atomic(path, "number_of_devices 2\n", 20, 0644);
    setenv("SANE_CONFIG_DIR", dir, 1);
    struct kclock *clk = kclock_system();
    char err[256] = "";

    struct camera *cam = camera_open("sane", "test:0,dpi=75", clk, err, sizeof err);
    CHECKF(cam != NULL, "%s", err);
    struct image *img = NULL;
    if (cam) {
        CHECK_EQ_INT(camera_grab(cam, 0, &img), K_OK);
        CHECKF(img && img->w > 100 && img->h > 100, "scan %dx%d", img ? img->w : 0,
               img ? img->h : 0);
        image_destroy(img);
        camera_close(cam);
    }

    /* The feeder delivers its sheets, then says it is empty. */
    cam = camera_open("sane", "test:1,adf,dpi=50", clk, err, sizeof err);
    CHECKF(cam != NULL, "%s", err);
    int sheets = 0;
    enum kerr rc = K_OK;
    while (cam && sheets < 20 && (rc = camera_grab(cam, 0, &img)) == K_OK) {
        sheets++;
        image_destroy(img);
    }
    CHECKF(sheets >= 1 && sheets < 20, "%d sheets", sheets);
    CHECK_EQ_INT(rc, K_ERR_NOT_FOUND);
    camera_close(cam);

    CHECK(camera_open("sane", "test,dpi=abc", clk, err, sizeof err) == NULL);
    CHECK(strstr(err, "E510") != NULL);
    CHECK(camera_open("sane", "nosuchbackend:0", clk, err, sizeof err) == NULL);
    CHECK(strstr(err, "E512") != NULL);
    return ktest_done();
}
