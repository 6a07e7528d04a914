/* app/core/region.h: the GB/T 2260 region table for the region pickers (app layer, core).
 *
 * Pure: parses the text of assets/regions/regions.tsv (made by scripts/regions/ from the npm
 * package recorded in assets/regions/SOURCE.md) that the caller has read; no I/O. The table
 * owns its regions; every pointer it hands out lives until region_table_destroy().
 *
 * Codes are the table's short forms: 2 digits province ("15"), 4 city/league ("1506"),
 * 6 county/banner/district ("150603"), 9 town ("150603001", Inner Mongolia only). Lookups also
 * take the 6-digit GB/T 2260 forms of provinces and cities ("150000", "150600").
 */
#ifndef APP_CORE_REGION_H
#define APP_CORE_REGION_H

#include <stdbool.h>
#include <stddef.h>

#include "platform/err.h"

enum region_level { REGION_PROVINCE = 1, REGION_CITY, REGION_COUNTY, REGION_TOWN };

struct region {
    const char *code; /* short form, see above */
    const char *name; /* UTF-8, as in the table ("康巴什区") */
    enum region_level level;
    const struct region *parent;          /* NULL for a province */
    const struct region *const *children; /* in code order */
    size_t n_children;
};

struct region_table;

/* Parse the table text (len bytes, need not be NUL-terminated). Lines: "code<TAB>name",
 * strictly ascending codes, each child after its parent; '#' comments and blank lines are
 * skipped, CRLF accepted. Errors: K_ERR_INVALID with "E870: line N: ..." in err (size n);
 * K_ERR_TOO_LARGE for more than 100 000 lines. */
enum kerr region_table_parse(const char *text, size_t len, struct region_table **out, char *err,
                             size_t n);
/* NULL is a no-op. */
void region_table_destroy(struct region_table *t);

size_t region_count(const struct region_table *t);
/* The region with this code (short or 6-digit form), or NULL. */
const struct region *region_find(const struct region_table *t, const char *code);
/* Children of the region with this code, in code order; code NULL or "" gives the provinces.
 * *out receives the array (NULL when none); returns the count (0 for an unknown code). */
size_t region_children(const struct region_table *t, const char *code,
                       const struct region *const **out);
/* The region an ID number's first six digits name: the county when the table knows it, else
 * its city, else its province (codes retired since the card was issued still give the
 * nearest known region). NULL when id has fewer than six leading digits or the province is
 * unknown. Only the first six characters of id are read. */
const struct region *region_for_id(const struct region_table *t, const char *id);
/* Full name from the province down ("内蒙古自治区鄂尔多斯市康巴什区"), leaving out the
 * placeholder levels "市辖区" and "省直辖县级行政区划". Returns false when truncated. */
bool region_full_name(const struct region *r, char *out, size_t n);

#endif
