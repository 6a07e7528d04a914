/* Every text in the string catalogue can be drawn with the shipped font, and characters the
 * font lacks are drawn as a visible placeholder rather than nothing. */
#include <SDL_ttf.h>
#include <stdint.h>
#include <stdio.h>

#include "platform/strings.h"
#include "tests/support/ktest.h"

static size_t next_cp(const unsigned char *s, uint32_t *cp)
{
    if (s[0] < 0x80)
        return *cp = s[0], 1;
    if (s[0] >= 0xF0)
        return *cp =
                   ((s[0] & 7u) << 18) | ((s[1] & 63u) << 12) | ((s[2] & 63u) << 6) | (s[3] & 63u),
               4;
    if (s[0] >= 0xE0)
        return *cp = ((s[0] & 15u) << 12) | ((s[1] & 63u) << 6) | (s[2] & 63u), 3;
    return *cp = ((s[0] & 31u) << 6) | (s[1] & 63u), 2;
}

int main(void)
{
    char path[512], err[256];
    snprintf(path, sizeof path, "%s/assets/ui/strings", ktest_src());
    CHECKF(strings_load_dir(path, err, sizeof err) == K_OK, "%s", err);
    CHECK(TTF_Init() == 0);
    snprintf(path, sizeof path, "%s/assets/fonts/NotoSansSC-GBK.otf", ktest_src());
    TTF_Font *f = TTF_OpenFont(path, 32);
    CHECKF(f != NULL, "font %s", path);
    if (!f)
        return ktest_done();
    size_t n = strings_count(), chars = 0;
    CHECK(n > 0);
    for (size_t i = 0; i < n; i++) {
        const unsigned char *s = (const unsigned char *)strings_text_at(i);
        while (*s) {
            uint32_t cp;
            s += next_cp(s, &cp);
            if (cp == '\n')
                continue;
            chars++;
            /* A tick is ✓ (U+2713), never the square root sign √ (U+221A). */
            CHECKF(cp != 0x221A, "%s: uses √ (U+221A) for a tick; use ✓", strings_key_at(i));
            CHECKF(TTF_GlyphIsProvided32(f, cp), "%s: U+%04X not in the font", strings_key_at(i),
                   (unsigned)cp);
        }
    }
    /* GBK coverage: rare name characters outside GB2312 are present; the placeholder too. */
    const uint32_t must[] = {0x5803 /* 堃 */, 0x5586 /* 喆 */, 0x6607 /* 昇 */,
                             0x25A1,          0x2713 /* ✓ */,  0x203A /* › */};
    for (size_t i = 0; i < sizeof must / sizeof must[0]; i++)
        CHECKF(TTF_GlyphIsProvided32(f, must[i]), "U+%04X missing", (unsigned)must[i]);
    /* A character outside GBK (U+20000, CJK Ext. B) is not there, so the toolkit must
     * substitute the placeholder for it. */
    CHECK(!TTF_GlyphIsProvided32(f, 0x20000));
    printf("checked %zu characters in %zu strings\n", chars, n);
    TTF_CloseFont(f);
    TTF_Quit();
    return ktest_done();
}
