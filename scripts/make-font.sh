#!/usr/bin/env bash
# Cuts assets/fonts/NotoSansSC-GBK.otf from Debian's fonts-noto-cjk: face index 2 (SC) of
# NotoSansCJK-Regular.ttc, subset to ASCII + every character GBK encodes, plus the
# placeholder glyph U+25A1, the check mark U+2713 (✓; GBK's √ is the square root sign) and the
# step bar's separator U+203A (›). Licence: SIL OFL 1.1 (assets/fonts/OFL.txt). Skips when the output
# is newer than this script.
set -euo pipefail
cd "$(dirname "$0")/.."
out=assets/fonts/NotoSansSC-GBK.otf
src=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc
if [ -s "$out" ] && [ "$out" -nt "$0" ]; then
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
pyftsubset "$src" --font-number=2 --text-file="$tmp/gbk.txt" --layout-features='*' \
  --output-file="$tmp/font.otf"
mv "$tmp/font.otf" "$out"
