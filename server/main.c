/* server/main.c: the casehub command line (docs/casehub.md).
 *
 *   casehub --listen ADDR:PORT --data DIR [--service FILE] [--calendar DIR]
 *           [--notify log|http] [--sms-url URL] [--sms-token T] [--status-rate N]
 *           [--trusted-proxy ADDR[,ADDR...]] [--secure-cookies]
 *           [--per-ip-connections N] [--idle-timeout S] [--header-timeout S]
 *           [--max-connections N]
 *   casehub --data DIR kiosk add NAME [--number N] | kiosk list | kiosk revoke NAME
 *   casehub --data DIR user add NAME --department D [--password P]   (else stdin)
 *   casehub --data DIR user remove NAME | user disable NAME | user enable NAME
 *   casehub --data DIR matter set CODE N accepted|completed|rejected|supplement [--note T]
 *   casehub --data DIR case show CODE | case count | case verify CODE
 *   casehub --data DIR audit [CODE]
 * --policy FILE: casehub's policy for the service (server/policy.h), default
 * ASSETS/casehub/SERVICE_ID.json.
 * Options may come before or after the command words.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "platform/log.h"
#include "platform/paths.h"
#include "platform/strings.h"
#include "version.h"
#include "platform/xalloc.h"
#include "server/access.h"
#include "server/hub.h"
#include "server/policy.h"
#include "server/window.h"
#include "server/web.h"

static volatile sig_atomic_t stopping;

static void on_signal(int sig)
{
    (void)sig;
    stopping = 1;
}

struct opts {
    const char *listen, *data, *service, *calendar, *notify, *sms_url, *sms_token, *policy;
    const char *department, *password, *note, *trusted_proxy;
    bool secure_cookies;
    long status_rate, number, per_ip, idle_timeout, header_timeout, max_connections;
    const char *words[8];
    int n_words;
};

static int usage(FILE *out)
{
    fprintf(out,
            "usage: casehub --listen ADDR:PORT --data DIR [--service FILE] [--calendar DIR]\n"
            "               [--notify log|http] [--sms-url URL] [--sms-token T] "
            "[--status-rate N]\n"
            "               [--trusted-proxy ADDR[,ADDR...]] [--secure-cookies]\n"
            "               [--per-ip-connections N] [--idle-timeout S] [--header-timeout S]\n"
            "               [--max-connections N]\n"
            "       casehub --data DIR kiosk add NAME [--number N] | kiosk list | "
            "kiosk revoke NAME\n"
            "       casehub --data DIR user add NAME --department D [--password P]\n"
            "       casehub --data DIR user remove NAME | user disable NAME | user enable NAME\n"
            "       casehub --data DIR matter set CODE N accepted|completed|rejected|supplement "
            "[--note TEXT]\n"
            "       casehub --data DIR case show CODE | case count | case verify CODE\n"
            "       casehub --data DIR audit [CODE]\n"
            "       (any of them: [--policy FILE])\n"
            "       casehub --help | --version\n");
    return 2;
}

static bool parse(int argc, char **argv, struct opts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        const char **slot = NULL;
        if (strcmp(a, "--listen") == 0)
            slot = &o->listen;
        else if (strcmp(a, "--data") == 0)
            slot = &o->data;
        else if (strcmp(a, "--service") == 0)
            slot = &o->service;
        else if (strcmp(a, "--calendar") == 0)
            slot = &o->calendar;
        else if (strcmp(a, "--policy") == 0)
            slot = &o->policy;
        else if (strcmp(a, "--notify") == 0)
            slot = &o->notify;
        else if (strcmp(a, "--sms-url") == 0)
            slot = &o->sms_url;
        else if (strcmp(a, "--sms-token") == 0)
            slot = &o->sms_token;
        else if (strcmp(a, "--department") == 0)
            slot = &o->department;
        else if (strcmp(a, "--password") == 0)
            slot = &o->password;
        else if (strcmp(a, "--note") == 0)
            slot = &o->note;
        else if (strcmp(a, "--trusted-proxy") == 0)
            slot = &o->trusted_proxy;
        else if (strcmp(a, "--secure-cookies") == 0) {
            o->secure_cookies = true;
            continue;
        } else if (strcmp(a, "--number") == 0) {
            if (i + 1 >= argc || !str_to_long(argv[++i], 1, 1048575L, &o->number))
                return false;
            continue;
        } else if (strcmp(a, "--per-ip-connections") == 0) {
            if (i + 1 >= argc || !str_to_long(argv[++i], 0, 100000L, &o->per_ip))
                return false;
            continue;
        } else if (strcmp(a, "--idle-timeout") == 0) {
            if (i + 1 >= argc || !str_to_long(argv[++i], 1, 3600L, &o->idle_timeout))
                return false;
            continue;
        } else if (strcmp(a, "--header-timeout") == 0) {
            if (i + 1 >= argc || !str_to_long(argv[++i], 1, 3600L, &o->header_timeout))
                return false;
            continue;
        } else if (strcmp(a, "--max-connections") == 0) {
            if (i + 1 >= argc || !str_to_long(argv[++i], 16, 60000L, &o->max_connections))
                return false;
            continue;
        } else if (strcmp(a, "--status-rate") == 0) {
            if (i + 1 >= argc || !str_to_long(argv[++i], 1, 1000000000L, &o->status_rate))
                return false;
            continue;
        } else if (a[0] == '-' && a[1] == '-') {
            fprintf(stderr, "E742: unknown option %s\n", a);
            return false;
        } else {
            if (o->n_words == 8)
                return false;
            o->words[o->n_words++] = a;
            continue;
        }
        if (i + 1 >= argc)
            return false;
        *slot = argv[++i];
    }
    return o->data != NULL;
}

static bool is(const struct opts *o, int n, const char *w0, const char *w1)
{
    return o->n_words == n && strcmp(o->words[0], w0) == 0 && (!w1 || strcmp(o->words[1], w1) == 0);
}

static void *notify_thread(void *arg)
{
    struct hub *h = arg;
    while (!stopping) {
        hub_notify_pending(h);
        struct timespec ts = {0, 200000000};
        nanosleep(&ts, NULL);
    }
    return NULL;
}

static int serve(struct hub *h, const struct opts *o)
{
    char path[700];
    snprintf(path, sizeof path, "%s/notifications.log", o->data);
    const char *kind = o->notify ? o->notify : "log";
    struct notifier *n = strcmp(kind, "http") == 0
                             ? notifier_create("http", o->sms_url, o->sms_token)
                             : notifier_create(kind, path, NULL);
    hub_set_notifier(h, n);
    if (!n) {
        fprintf(stderr, "E743: --notify must be log, or http with --sms-url URL\n");
        return 2;
    }
    /* every connection is a descriptor: take what the hard limit allows (web_start sizes its
     * connection limit from it) */
    struct rlimit nofile;
    if (getrlimit(RLIMIT_NOFILE, &nofile) == 0 && nofile.rlim_cur < 65536 &&
        nofile.rlim_cur < nofile.rlim_max) {
        nofile.rlim_cur = nofile.rlim_max > 65536 ? 65536 : nofile.rlim_max;
        setrlimit(RLIMIT_NOFILE, &nofile);
    }
    struct web_options wo = {.listen = o->listen,
                             .status_per_minute = (int)o->status_rate,
                             .trusted_proxies = o->trusted_proxy,
                             .secure_cookies = o->secure_cookies,
                             .per_ip_connections = (int)o->per_ip,
                             .idle_timeout_s = (int)o->idle_timeout,
                             .header_timeout_s = (int)o->header_timeout,
                             .max_connections = (int)o->max_connections};
    struct web *w = web_start(h, &wo);
    if (!w)
        return 1;
    /* Tests and scripts read this line to find the port (--listen ADDR:0 picks a free one). */
    char host[64];
    const char *colon = strrchr(o->listen, ':');
    size_t hl = (size_t)(colon - o->listen);
    memcpy(host, o->listen, hl < sizeof host ? hl : sizeof host - 1);
    host[hl < sizeof host ? hl : sizeof host - 1] = '\0';
    printf("listening on %s:%d\n", host, web_port(w));
    fflush(stdout);
    log_info("casehub", "listening on %s:%d, data in %s", host, web_port(w), o->data);
    pthread_t nt;
    pthread_create(&nt, NULL, notify_thread, h);
    while (!stopping)
        pause();
    web_stop(w);
    pthread_join(nt, NULL);
    log_info("casehub", "stopped");
    return 0;
}

static int read_password(char *out, size_t n)
{
    if (!fgets(out, (int)n, stdin))
        return -1;
    out[strcspn(out, "\r\n")] = '\0';
    return 0;
}

int main(int argc, char **argv)
{
    struct opts o = {.per_ip = -1};
    if (argc == 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
        printf("casehub %s (%s)\n", KIOSK_VERSION, KIOSK_GIT_REV);
        return 0;
    }
    if (!parse(argc, argv, &o))
        return usage(stderr);
    struct sigaction sa = {.sa_handler = on_signal};
    sigaction(SIGTERM, &sa, NULL);
    sigaction(SIGINT, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    const char *assets = paths_default_assets();
    char err[600], svc[600], cal[600], strs[600];
    snprintf(svc, sizeof svc, "%s/services/veteran-discharge.json", assets);
    snprintf(cal, sizeof cal, "%s/calendar", assets);
    snprintf(strs, sizeof strs, "%s/ui/strings", assets);
    if (strings_load_dir(strs, err, sizeof err) != K_OK) {
        fprintf(stderr, "%s\n", err);
        return 1;
    }
    struct hub *h = NULL;
    if (hub_open(&h, o.data, o.service ? o.service : svc, o.calendar ? o.calendar : cal, err,
                 sizeof err) != K_OK) {
        fprintf(stderr, "%s\n", err);
        hub_close(h);
        return 1;
    }
    char pol[700];
    snprintf(pol, sizeof pol, "%s/casehub/%s.json", assets, hub_service(h)->id);
    struct policy *policy = NULL;
    enum kerr prc =
        policy_load(o.policy ? o.policy : pol, hub_service(h), &policy, err, sizeof err);
    hub_set_policy(h, policy);
    if (prc != K_OK) {
        fprintf(stderr, "%s\n", err);
        hub_close(h);
        return 1;
    }
    int rc = 0;
    if (o.n_words == 0 && o.listen) {
        rc = serve(h, &o);
    } else if (is(&o, 3, "kiosk", "add")) {
        char tok[128];
        rc = hub_kiosk_add(h, o.words[2], o.number, tok, sizeof tok, err, sizeof err) == K_OK ? 0
                                                                                              : 1;
        if (rc == 0)
            printf("kiosk %s added; its token (shown once, put it in the kiosk's "
                   "backend.token):\n%s\n",
                   o.words[2], tok);
        else
            fprintf(stderr, "%s\n", err);
    } else if (is(&o, 2, "kiosk", "list")) {
        char *l = hub_kiosk_list(h);
        fputs(l, stdout);
        free(l);
    } else if (is(&o, 3, "kiosk", "revoke")) {
        rc = hub_kiosk_revoke(h, o.words[2]) == K_OK ? 0 : 1;
        if (rc)
            fprintf(stderr, "E744: no kiosk %s\n", o.words[2]);
    } else if (is(&o, 3, "user", "add") && o.department) {
        char pw[300] = "";
        if (o.password)
            str_copy(pw, sizeof pw, o.password);
        else if (read_password(pw, sizeof pw) != 0)
            pw[0] = '\0';
        rc = hub_user_add(h, o.words[2], o.department, pw, err, sizeof err) == K_OK ? 0 : 1;
        explicit_bzero(pw, sizeof pw);
        if (rc)
            fprintf(stderr, "%s\n", err);
        else
            printf("user %s added to %s\n", o.words[2], o.department);
    } else if (is(&o, 3, "user", "remove") || is(&o, 3, "user", "disable") ||
               is(&o, 3, "user", "enable")) {
        const char *verb = o.words[1];
        enum kerr e = strcmp(verb, "remove") == 0
                          ? hub_user_remove(h, o.words[2])
                          : hub_user_disable(h, o.words[2], strcmp(verb, "disable") == 0);
        rc = e == K_OK ? 0 : 1;
        if (e == K_ERR_NOT_FOUND)
            fprintf(stderr, "E782: no user %s\n", o.words[2]);
        else if (e != K_OK)
            fprintf(stderr, "E723: database error\n");
        else
            printf("user %s: %s%s\n", o.words[2], verb,
                   strcmp(verb, "enable") == 0 ? "d" : "d; its sessions ended");
    } else if (is(&o, 5, "matter", "set")) {
        long n;
        if (!str_to_long(o.words[3], 1, 999, &n)) {
            rc = usage(stderr);
        } else {
            hub_set_notifier(h, NULL);
            rc = hub_matter_set(h, o.words[2], (int)n, o.words[4], o.note, "operator", NULL, err,
                                sizeof err) == K_OK
                     ? 0
                     : 1;
            if (rc)
                fprintf(stderr, "%s\n", err);
            else
                printf("matter %ld of %s is now %s\n", n, o.words[2], o.words[4]);
        }
    } else if (is(&o, 3, "case", "show")) {
        char *j = hub_case_json(h, o.words[2]);
        if (j)
            access_audit(h, "operator", "", o.words[2], "case_show", true);
        if (j) {
            printf("%s\n", j);
            free(j);
        } else {
            fprintf(stderr, "E730: no case %s\n", o.words[2]);
            rc = 1;
        }
    } else if (is(&o, 3, "case", "verify")) {
        rc = hub_case_verify(h, o.words[2], "operator", err, sizeof err) == K_OK ? 0 : 1;
        if (rc)
            fprintf(stderr, "%s\n", err);
        else
            printf("case %s: originals verified, matters routed\n", o.words[2]);
    } else if ((is(&o, 1, "audit", NULL) || is(&o, 2, "audit", NULL))) {
        char *a = access_audit_text(h, o.n_words == 2 ? o.words[1] : NULL);
        fputs(a, stdout);
        free(a);
    } else if (is(&o, 2, "case", "count")) {
        long n = hub_case_count(h);
        printf("%ld\n", n);
        rc = n < 0;
    } else {
        rc = usage(stderr);
    }
    hub_close(h);
    strings_unload();
    return rc;
}
