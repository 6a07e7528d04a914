#!/usr/bin/env bash
# Cuts assets/fonts/NotoSansSC-GBK.otf from Debian's fonts-noto-cjk: face index 2 (SC) of
# NotoSansCJK-Regular.ttc, subset to ASCII + every character GBK encodes, plus the
# placeholder glyph U+25A1, the check mark U+2713 (✓; GBK's √ is the square root sign) and the
# step bar's separator U+203A (›). Licence: SIL OFL 1.1 (assets/fonts/OFL.txt).
#
# --desubroutinize inlines the CFF subroutines into each glyph: the file grows (about 11.2 to
# 12.4 MB, mapped and paged in only as glyphs are drawn), but FreeType no longer builds the
# large subroutine tables for every face the kiosk opens, which cut the kiosk's first-frame
# PSS by several MiB (docs/ui.md, "Memory").
#
# Skips when the output was made from the same inputs: a hash of the options, this script,
# the source file's size and time and the installed versions of fonts-noto-cjk and fonttools is
# recorded in assets/fonts/NotoSansSC-GBK.stamp, so a change of any of them makes it again.
set -euo pipefail
cd "$(dirname "$0")/.."
out=assets/fonts/NotoSansSC-GBK.otf
src=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
stamp_file=assets/fonts/NotoSansSC-GBK.stamp
opts=(--font-number=2 --layout-features='*' --desubroutinize)
stamp=$( {
  printf '%s\n' "${opts[@]}"
  cat "$0"
  stat -c '%s %Y' "$src" 2>/dev/null || true
  dpkg-query -W -f='${Package} ${Version}\n' fonts-noto-cjk python3-fonttools 2>/dev/null || true
} | sha256sum | cut -d' ' -f1)
if [ -s "$out" ] && [ -f "$stamp_file" ] && [ "$(cat "$stamp_file")" = "$stamp" ]; then
  exit 0
fi
[ -f "$src" ] || { echo "make-font: $src missing (fonts-noto-cjk)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
/usr/bin/python3 - "$tmp/gbk.txt" <<'PY'
import sys
chars = set(chr(c) for c in range(0x20, 0x7F))
chars.add('\u25A1')
chars.add('\u2713')
chars.add('\u203A')
for hi in range(0x81, 0xFF):
    for lo in range(0x40, 0xFF):
        if lo == 0x7F:
            continue
        try:
            chars.add(bytes([hi, lo]).decode('gbk'))
        except UnicodeDecodeError:
            pass
open(sys.argv[1], 'w', encoding='utf-8').write(''.join(sorted(chars)))
PY
echo "make-font: subsetting $src to GBK (takes about 15 s)"
pyftsubset "$src" "${opts[@]}" --text-file="$tmp/gbk.txt" --output-file="$tmp/font.otf"
mv "$tmp/font.otf" "$out"
printf '%s\n' "$stamp" >"$stamp_file"
