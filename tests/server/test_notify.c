/* tests/server/test_notify.c: the notifiers (server/notify.c): the log file, and the HTTP
 * SMS-gateway adapter against a gateway stand-in on loopback (nothing leaves the machine). */
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fsutil.h"
#include "server/notify.h"
#include "tests/support/ktest.h"

static char got_body[2048], got_auth[256];
static unsigned answer_status = 200;

static enum MHD_Result gateway(void *cls, struct MHD_Connection *c, const char *url,
                               const char *method, const char *version, const char *up,
                               size_t *up_size, void **con_cls)
{
    (void)cls;
    (void)url;
    (void)method;
    (void)version;
    if (!*con_cls) {
        *con_cls = (void *)1;
        got_body[0] = '\0';
        return MHD_YES;
    }
    if (*up_size) {
        strncat(got_body, up,
                *up_size < sizeof got_body - strlen(got_body) - 1
                    ? *up_size
                    : sizeof got_body - strlen(got_body) - 1);
        *up_size = 0;
        return MHD_YES;
    }
    const char *a = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Authorization");
    snprintf(got_auth, sizeof got_auth, "%s", a ? a : "");
    struct MHD_Response *r =
        MHD_create_response_from_buffer(2, (void *)"{}", MHD_RESPMEM_PERSISTENT);
    enum MHD_Result ret = MHD_queue_response(c, answer_status, r);
    MHD_destroy_response(r);
    return ret;
}

static void test_log(void)
{
    char path[600];
    snprintf(path, sizeof path, "%s/sms.log", ktest_tmpdir());
    struct notifier *n = notifier_create("log", path, NULL);
    CHECK(n != NULL);
    CHECK_EQ_INT(notifier_send(n, "13812345678", "您的申请已办结"), K_OK);
    CHECK_EQ_INT(notifier_send(n, "13900000000", "第二条"), K_OK);
    CHECK_EQ_INT(notifier_send(n, "", "no phone"), K_ERR_INVALID);
    char *text = NULL;
    size_t len = 0;
    CHECK(fs_read_file(path, 65536, &text, &len) == K_OK);
    CHECK(text && strstr(text, "\"phone\":\"13812345678\"") && strstr(text, "您的申请已办结") &&
          strstr(text, "第二条"));
    free(text);
    notifier_destroy(n);
    CHECK(notifier_create("pigeon", path, NULL) == NULL);
    CHECK(notifier_create("http", "", NULL) == NULL);
}

static void test_http(void)
{
    struct MHD_Daemon *d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD, 0, NULL, NULL, gateway,
                                            NULL, MHD_OPTION_END);
    CHECK(d != NULL);
    const union MHD_DaemonInfo *di = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
    char url[128];
    snprintf(url, sizeof url, "http://127.0.0.1:%u/sms", di ? di->port : 0);
    struct notifier *n = notifier_create("http", url, "gw-secret");
    CHECK_EQ_INT(notifier_send(n, "13812345678", "您的申请已受理"), K_OK);
    CHECK(strstr(got_body, "\"phone\":\"13812345678\"") && strstr(got_body, "您的申请已受理"));
    CHECK_EQ_STR(got_auth, "Bearer gw-secret");
    answer_status = 500;
    CHECK(notifier_send(n, "13812345678", "x") != K_OK); /* kept queued, retried */
    notifier_destroy(n);
    MHD_stop_daemon(d);
    /* nobody listening */
    n = notifier_create("http", url, "");
    CHECK(notifier_send(n, "13812345678", "x") != K_OK);
    notifier_destroy(n);
}

int main(void)
{
    KTEST_RUN(test_log);
    KTEST_RUN(test_http);
    return ktest_done();
}
