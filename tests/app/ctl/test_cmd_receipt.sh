#!/usr/bin/env bash
# kioskctl receipt render --sample and kioskctl printer status|test against the simulated
# printer (its knobs for paper out, cover open, unplugged), the printed test page read back
# with zbarimg.
set -u
pass=0
fail=0
check() { # row, description, condition result
  if [ "$3" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL row $1: $2"; fi
}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
conf="$dir/kiosk.conf"
ctl() { "$KIOSKCTL_BIN" --config "$conf" "$@"; }
setconf() { printf 'printer.driver = sim\nprinter.device = %s\nprinter.width_dots = %s\n' "$1" "$2" >"$conf"; }
setconf "" 384

ctl receipt render --sample one --png "$dir/r.png" --escpos "$dir/r.bin" >"$dir/out" 2>&1
check 1 "render exits 0" "$?"
check 2 "PNG written" "$([ -s "$dir/r.png" ]; echo $?)"
size=$(stat -c %s "$dir/r.bin")
h=$(grep -o '384×[0-9]*' "$dir/out" | head -n 1 | sed 's/^384×//')
raw=$((48 * h))
check 3 "ESC/POS within 5% of the raw raster ($size vs $raw)" "$([ "$size" -gt "$raw" ] && [ $((size * 100)) -le $((raw * 105)) ]; echo $?)"
check 4 "job starts with ESC @ and a GS v 0 band" "$([ "$(head -c 6 "$dir/r.bin" | od -An -tx1 | tr -d ' \n')" = 1b401d763000 ]; echo $?)"
check 5 "job ends with GS V 66 0" "$([ "$(tail -c 4 "$dir/r.bin" | od -An -tx1 | tr -d ' \n')" = 1d564200 ]; echo $?)"
if command -v zbarimg >/dev/null; then
  url=$(zbarimg -q --raw "$dir/r.png" 2>/dev/null)
  check 6 "QR in the PNG is the receipt URL" "$(echo "$url" | grep -Eq '^https?://.*\?t=[A-Z0-9]+$'; echo $?)"
else
  check 6 "zbarimg (zbar-tools) is installed" 1
fi
ctl receipt render --width 576 --sample all --png "$dir/w.png" >"$dir/out" 2>&1
check 7 "576 dots" "$(grep -q '576×' "$dir/out"; echo $?)"
ctl receipt render >/dev/null 2>&1
check 8 "no arguments exits 2" "$([ $? = 2 ]; echo $?)"
ctl receipt render K0007-000-0Z8P --png "$dir/c.png" >/dev/null 2>&1
check 9 "stored case not available yet exits 1" "$([ $? = 1 ]; echo $?)"

ctl printer status >"$dir/out" 2>&1
check 10 "status ok" "$([ $? = 0 ] && grep -q 正常 "$dir/out"; echo $?)"
mkdir -p "$dir/sim"
KIOSK_PRINTER_SIM_DIR="$dir/sim" ctl printer test >"$dir/out" 2>&1
check 11 "test page printed" "$([ $? = 0 ] && grep -q 测试页已打印 "$dir/out"; echo $?)"
page=$(ls "$dir/sim"/*.png 2>/dev/null | head -n 1)
check 12 "the sim kept the test page as PNG" "$([ -n "$page" ]; echo $?)"
if [ -n "$page" ] && command -v zbarimg >/dev/null; then
  check 13 "test page QR reads back" "$([ "$(zbarimg -q --raw "$page")" = KIOSK-PRINTER-TEST-0123456789 ]; echo $?)"
else
  check 13 "test page QR reads back" 1
fi
row=14
for knob in paper_out:缺纸 cover_open:盖未关好 unplugged:未连接; do
  setconf "${knob%%:*}" 384
  ctl printer test >"$dir/out" 2>&1
  rc=$?
  check $row "$knob: exits 1 with the Chinese message" "$([ $rc = 1 ] && grep -q "${knob#*:}" "$dir/out"; echo $?)"
  row=$((row + 1))
done
setconf near_end 384
ctl printer status >"$dir/out" 2>&1
check $row "near end is a warning" "$([ $? = 0 ] && grep -q 即将用完 "$dir/out"; echo $?)"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
