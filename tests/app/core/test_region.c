/* tests/app/core/test_region.c: the region table (app/core/region.c) on the shipped data
 * (assets/regions/regions.tsv) and on malformed tables. */
#include <stdlib.h>
#include <string.h>

#include "app/core/region.h"
#include "platform/fsutil.h"
#include "tests/support/ktest.h"

static struct region_table *load_shipped(void)
{
    char path[1024], err[256] = "";
    snprintf(path, sizeof path, "%s/assets/regions/regions.tsv", ktest_src());
    char *text = NULL;
    size_t len = 0;
    CHECK(fs_read_file(path, 1 << 20, &text, &len) == K_OK);
    struct region_table *t = NULL;
    CHECKF(region_table_parse(text, len, &t, err, sizeof err) == K_OK, "%s", err);
    free(text);
    return t;
}

static void test_shipped(void)
{
    struct region_table *t = load_shipped();
    if (!t)
        return;
    CHECK(region_count(t) > 4000);
    const struct region *const *prov;
    size_t np = region_children(t, NULL, &prov);
    CHECK_EQ_INT(np, 31); /* mainland provinces, municipalities, autonomous regions */
    const struct region *nm = region_find(t, "15");
    CHECK(nm && strcmp(nm->name, "内蒙古自治区") == 0 && nm->level == REGION_PROVINCE);
    CHECK(region_find(t, "150000") == nm);
    const struct region *const *cities;
    size_t nc = region_children(t, "15", &cities);
    CHECK_EQ_INT(nc, 12); /* 9 cities, 3 leagues */
    const struct region *ordos = region_find(t, "150600");
    CHECK(ordos && strcmp(ordos->name, "鄂尔多斯市") == 0 && ordos->parent == nm);
    const struct region *const *counties;
    size_t nk = region_children(t, "1506", &counties);
    CHECK_EQ_INT(nk, 9);
    static const char *const ordos_counties[] = {"东胜区",   "康巴什区",   "达拉特旗",
                                                 "准格尔旗", "鄂托克前旗", "鄂托克旗",
                                                 "杭锦旗",   "乌审旗",     "伊金霍洛旗"};
    for (size_t i = 0; i < nk && i < 9; i++)
        CHECKF(strcmp(counties[i]->name, ordos_counties[i]) == 0, "row %zu: %s", i + 1,
               counties[i]->name);
    const struct region *kbs = region_find(t, "150603");
    CHECK(kbs && kbs->level == REGION_COUNTY && kbs->n_children > 0);
    if (kbs && kbs->n_children) {
        CHECK(kbs->children[0]->level == REGION_TOWN && kbs->children[0]->parent == kbs);
        CHECK(strlen(kbs->children[0]->code) == 9);
    }
    /* Towns are there for Inner Mongolia only. */
    const struct region *dc = region_find(t, "110101");
    CHECK(dc && strcmp(dc->name, "东城区") == 0 && dc->n_children == 0);

    char full[256];
    CHECK(region_full_name(kbs, full, sizeof full));
    CHECK_EQ_STR(full, "内蒙古自治区鄂尔多斯市康巴什区");
    CHECK(region_full_name(dc, full, sizeof full));
    CHECK_EQ_STR(full, "北京市东城区"); /* no 市辖区 */
    CHECK(!region_full_name(kbs, full, 10));
    CHECK(strlen(full) < 10);
    region_table_destroy(t);
}

static void test_for_id(void)
{
    struct region_table *t = load_shipped();
    if (!t)
        return;
    static const struct {
        const char *id, *code;
    } rows[] = {
        /* 1 */ {"150603199001011234", "150603"}, /* 康巴什区 */
        /* 2 */ {"150627", "150627"},             /* 伊金霍洛旗 */
        /* 3 */ {"150699198001011234", "1506"},   /* retired county code: its city */
        /* 4 */ {"159999200001011234", "15"},     /* unknown city: the province */
        /* 5 */ {"990101199001011234", NULL},     /* unknown province */
        /* 6 */ {"1506", NULL},                   /* too short */
        /* 7 */ {"15060X", NULL},
        /* 8 */ {"", NULL},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        const struct region *r = region_for_id(t, rows[i].id);
        if (rows[i].code)
            CHECKF(r && strcmp(r->code, rows[i].code) == 0, "row %zu: %s", i + 1,
                   r ? r->code : "(null)");
        else
            CHECKF(r == NULL, "row %zu: %s", i + 1, r ? r->code : "");
    }
    CHECK(region_for_id(t, NULL) == NULL);
    CHECK(region_find(t, "15060") == NULL);
    CHECK(region_find(t, "1506031") == NULL);
    CHECK(region_find(t, "abc") == NULL);
    CHECK(region_find(t, "1506030011") == NULL);
    const struct region *const *k;
    CHECK(region_children(t, "99", &k) == 0 && k == NULL);
    region_table_destroy(t);
}

static void test_malformed(void)
{
    static const struct {
        const char *text;
        enum kerr rc;
        const char *msg; /* start of the message */
    } rows[] = {
        /* 1 */ {"15\t内蒙古\n1506\t鄂尔多斯\n", K_OK, ""},
        /* 2 */ {"# only a comment\n\n", K_ERR_INVALID, "E870: line 1: no regions"},
        /* 3 */ {"15 内蒙古\n", K_ERR_INVALID, "E870: line 1: no tab"},
        /* 4 */ {"15\t内蒙古\n1a06\tx\n", K_ERR_INVALID, "E870: line 2: code is not all"},
        /* 5 */ {"150\tx\n", K_ERR_INVALID, "E870: line 1: code is not 2, 4"},
        /* 6 */ {"15\t\n", K_ERR_INVALID, "E870: line 1: name"},
        /* 7 */ {"15\t\xff\xfe\n", K_ERR_INVALID, "E870: line 1: name"},
        /* 8 */ {"15\ta\x01\n", K_ERR_INVALID, "E870: line 1: name"},
        /* 9 */ {"15\tx\n15\ty\n", K_ERR_INVALID, "E870: line 2: codes not"},
        /* 10 */ {"1506\tx\n15\ty\n", K_ERR_INVALID, "E870: line 1: parent"},
        /* 11 */ {"15\tx\n150603\ty\n", K_ERR_INVALID, "E870: line 2: parent"},
        /* 12 */ {"15\t\xe5\x86\n", K_ERR_INVALID, "E870: line 1: name"}, /* cut UTF-8 */
        /* 13 */ {"15\tx\r\n1506\ty\r\n", K_OK, ""},
        /* 14 */ {"15\tx", K_OK, ""},
    };
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        struct region_table *t = (struct region_table *)&rows;
        char err[256] = "";
        enum kerr rc = region_table_parse(rows[i].text, strlen(rows[i].text), &t, err, sizeof err);
        CHECKF(rc == rows[i].rc, "row %zu: %s (%s)", i + 1, kerr_name(rc), err);
        CHECKF(strncmp(err, rows[i].msg, strlen(rows[i].msg)) == 0, "row %zu: %s", i + 1, err);
        CHECKF((rc == K_OK) == (t != NULL), "row %zu: table pointer", i + 1);
        if (rc == K_OK && i == 12)
            CHECK_EQ_STR(region_find(t, "1506")->name, "y");
        region_table_destroy(t);
    }
    /* Text without a NUL: only len bytes are read. */
    const char buf[] = {'1', '5', '\t', 'a', 'b', 'X'};
    struct region_table *t;
    CHECK(region_table_parse(buf, 5, &t, NULL, 0) == K_OK);
    CHECK(t && strcmp(region_find(t, "15")->name, "ab") == 0);
    region_table_destroy(t);
}

int main(void)
{
    KTEST_RUN(test_shipped);
    KTEST_RUN(test_for_id);
    KTEST_RUN(test_malformed);
    return ktest_done();
}
