/* platform/strings.c: the merged string catalogue (platform layer). Owns all entries. */
#include "platform/strings.h"

#include <cjson/cJSON.h>
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "platform/fsutil.h"
#include "platform/log.h"
#include "platform/paths.h"
#include "platform/xalloc.h"

struct entry {
    char *key;
    char *text;
};

static struct entry *entries;
static size_t nentries;
static bool loaded;

static int cmp_entry(const void *a, const void *b)
{
    return strcmp(((const struct entry *)a)->key, ((const struct entry *)b)->key);
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

void strings_unload(void)
{
    for (size_t i = 0; i < nentries; i++) {
        free(entries[i].key);
        free(entries[i].text);
    }
    free(entries);
    entries = NULL;
    nentries = 0;
    loaded = false;
}

static enum kerr load_file(const char *path, struct entry **out, size_t *n, size_t *cap, char *err,
                           size_t errlen)
{
    size_t len = 0;
    char *buf = NULL;
    if (fs_read_file(path, 1 << 22, &buf, &len) != K_OK) {
        snprintf(err, errlen, "E010: cannot read %s", path);
        return K_ERR_IO;
    }
    cJSON *root = cJSON_ParseWithLength(buf, len);
    free(buf);
    if (!cJSON_IsObject(root)) {
        snprintf(err, errlen, "E011: %s: not a JSON object", path);
        cJSON_Delete(root);
        return K_ERR_INVALID;
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, root)
    {
        if (!cJSON_IsString(it)) {
            snprintf(err, errlen, "E012: %s: value of \"%s\" is not a string", path, it->string);
            cJSON_Delete(root);
            return K_ERR_INVALID;
        }
        if (*n == *cap) {
            *cap = *cap ? *cap * 2 : 256;
            *out = xrealloc(*out, *cap * sizeof **out);
        }
        (*out)[*n].key = xstrdup(it->string);
        (*out)[*n].text = xstrdup(it->valuestring);
        (*n)++;
    }
    cJSON_Delete(root);
    return K_OK;
}

enum kerr strings_load_dir(const char *dir, char *err, size_t errlen)
{
    DIR *d = opendir(dir);
    if (!d) {
        snprintf(err, errlen, "E013: cannot open string folder %s", dir);
        return K_ERR_IO;
    }
    char **names = NULL;
    size_t nnames = 0;
    struct dirent *de;
    while ((de = readdir(d))) {
        size_t l = strlen(de->d_name);
        if (l > 5 && strcmp(de->d_name + l - 5, ".json") == 0) {
            names = xrealloc(names, (nnames + 1) * sizeof *names);
            names[nnames++] = xasprintf("%s/%s", dir, de->d_name);
        }
    }
    closedir(d);
    qsort(names, nnames, sizeof *names, cmp_name);

    struct entry *list = NULL;
    size_t n = 0, cap = 0;
    enum kerr rc = K_OK;
    for (size_t i = 0; i < nnames && rc == K_OK; i++)
        rc = load_file(names[i], &list, &n, &cap, err, errlen);
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    if (rc == K_OK && n)
        qsort(list, n, sizeof *list, cmp_entry);
    for (size_t i = 1; rc == K_OK && i < n; i++) {
        if (strcmp(list[i - 1].key, list[i].key) == 0) {
            snprintf(err, errlen, "E014: string key \"%s\" defined twice in %s", list[i].key, dir);
            rc = K_ERR_INVALID;
        }
    }
    if (rc != K_OK) {
        for (size_t i = 0; i < n; i++) {
            free(list[i].key);
            free(list[i].text);
        }
        free(list);
        return rc;
    }
    strings_unload();
    entries = list;
    nentries = n;
    loaded = true;
    return K_OK;
}

static const struct entry *find(const char *key)
{
    if (!loaded) {
        char dir[4096], err[512];
        snprintf(dir, sizeof dir, "%s/ui/strings", paths_default_assets());
        if (strings_load_dir(dir, err, sizeof err) != K_OK) {
            log_error("strings", "%s", err);
            loaded = true; /* do not retry on every call */
        }
    }
    struct entry k = {.key = (char *)key};
    if (!nentries)
        return NULL;
    return bsearch(&k, entries, nentries, sizeof *entries, cmp_entry);
}

bool tr_has(const char *key)
{
    return find(key) != NULL;
}

const char *tr(const char *key)
{
    const struct entry *e = find(key);
    if (!e) {
        log_warn("strings", "missing string key %s", key);
        return key;
    }
    return e->text;
}

const char *tr_fmt(char *out, size_t n, const char *key, ...)
{
    const char *args[9] = {0};
    va_list ap;
    va_start(ap, key);
    for (int i = 0; i < 9; i++) {
        const char *a = va_arg(ap, const char *);
        if (!a)
            break;
        args[i] = a;
    }
    va_end(ap);
    const char *t = tr(key);
    size_t o = 0;
    if (n == 0)
        return out;
    for (const char *p = t; *p && o + 1 < n; p++) {
        if (p[0] == '{' && p[1] >= '1' && p[1] <= '9' && p[2] == '}') {
            const char *a = args[p[1] - '1'];
            if (!a)
                a = "";
            for (; *a && o + 1 < n; a++)
                out[o++] = *a;
            p += 2;
        } else {
            out[o++] = *p;
        }
    }
    out[o] = '\0';
    return out;
}

size_t strings_count(void)
{
    find("");
    return nentries;
}

const char *strings_key_at(size_t i)
{
    return i < nentries ? entries[i].key : NULL;
}

const char *strings_text_at(size_t i)
{
    return i < nentries ? entries[i].text : NULL;
}

/* The first "E" followed by exactly three digits, not inside a word, copied to out. */
static bool code_in(const char *s, char out[5])
{
    for (const char *p = s; p && *p; p++) {
        bool word_before =
            p != s && ((p[-1] >= 'A' && p[-1] <= 'Z') || (p[-1] >= 'a' && p[-1] <= 'z'));
        if (p[0] == 'E' && !word_before && p[1] >= '0' && p[1] <= '9' && p[2] >= '0' &&
            p[2] <= '9' && p[3] >= '0' && p[3] <= '9' && !(p[4] >= '0' && p[4] <= '9')) {
            memcpy(out, p, 4);
            out[4] = '\0';
            return true;
        }
    }
    return false;
}

void tr_vfail(FILE *f, const char *fallback, const char *detail, const char *key, va_list ap)
{
    const char *a[9] = {0};
    for (int i = 0; i < 9; i++) {
        a[i] = va_arg(ap, const char *);
        if (!a[i])
            break;
    }
    char code[5];
    if (!code_in(detail, code))
        snprintf(code, sizeof code, "%s", fallback ? fallback : "E000");
    char msg[1024];
    tr_fmt(msg, sizeof msg, key, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], NULL);
    fprintf(f, "%s: %s\n", code, msg);
    if (detail && *detail)
        fprintf(f, "  %s\n", detail);
}

void tr_fail(FILE *f, const char *fallback, const char *detail, const char *key, ...)
{
    va_list ap;
    va_start(ap, key);
    tr_vfail(f, fallback, detail, key, ap);
    va_end(ap);
}
