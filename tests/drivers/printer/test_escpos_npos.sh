#!/usr/bin/env bash
# The receipt's ESC/POS bytes decoded by npos, an independent ESC/POS parser (npm, installed by
# scripts/setup.d/printer.sh into build/npos): the commands are ESC @, GS v 0 bands, ESC d, GS V; the raster
# npos rebuilds is dot for dot the receipt kioskctl renders as PNG, and zbar reads its QR.
set -u
here="$KIOSK_SRC/tests/drivers/printer/npos"
# npos lives in build/npos (scripts/setup.d/printer.sh), found through NODE_PATH.
export NODE_PATH="$KIOSK_SRC/build/npos/node_modules"
if [ ! -d "$NODE_PATH/npos" ] || ! command -v node >/dev/null; then
  echo "npos not installed (run scripts/setup.sh): skipped"
  exit 77
fi
pass=0
fail=0
check() { # row, description, condition result
  if [ "$3" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL row $1: $2"; fi
}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
payload='https://yjs.ordos.example/s/K0001-000-01A7?t=7QH3M9KX2D'
row=0
for width in 384 576; do
  printf 'printer.driver = sim\nprinter.width_dots = %s\n' "$width" >"$dir/k.conf"
  for s in 0 1; do # one matter; all eight (taller, and it has defused bytes at 384)
    "$KIOSKCTL_BIN" --config "$dir/k.conf" receipt render --sample "$s" --png "$dir/r.png" \
      --escpos "$dir/r.bin" >"$dir/out"
    row=$((row + 1))
    check "$row" "render $width/$s" "$?"
    node "$here/escpos2pgm.js" "$dir/r.bin" "$dir/r.pgm" 2>"$dir/cmds"
    row=$((row + 1))
    check "$row" "npos parses $width/$s" "$?"
    h=$(sed -n 's/.*×\([0-9]*\) 点.*/\1/p' "$dir/out" | head -n 1)
    bands=$(((h + 255) / 256))
    row=$((row + 1))
    check "$row" "commands $width/$s: ESC @, $bands bands, ESC d, GS V" \
      "$(grep -qx "{\"ESC @\":1,\"GS v0\":$bands,\"ESC d\":1,\"GS V\":1}" "$dir/cmds"; echo $?)"
    row=$((row + 1))
    check "$row" "npos raster = PNG $width/$s" "$(python3 "$here/same_image.py" "$dir/r.png" "$dir/r.pgm"; echo $?)"
    row=$((row + 1))
    check "$row" "QR via npos $width/$s" "$([ "$(zbarimg -q --raw "$dir/r.pgm" 2>/dev/null)" = "$payload" ]; echo $?)"
  done
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
