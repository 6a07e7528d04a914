#!/usr/bin/env bash
# kioskctl receipt render / printer status / printer test, through the simulated printer.
set -u
pass=0
fail=0
check() { # row, description, condition result
  if [ "$3" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL row $1: $2"; fi
}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
conf="$dir/kiosk.conf"
payload='https://yjs.ordos.example/s/K0001-000-01A7?t=7QH3M9KX2D'

printf 'printer.driver = sim\nprinter.width_dots = 384\n' >"$conf"
"$KIOSKCTL_BIN" --config "$conf" receipt render --sample --png "$dir/r.png" --escpos "$dir/r.bin" >/dev/null
check 1 "render exits 0" "$?"
check 2 "PNG written, 384 wide" "$(python3 -c "import struct,sys;d=open('$dir/r.png','rb').read(24);sys.exit(0 if struct.unpack('>I',d[16:20])[0]==384 else 1)"; echo $?)"
check 3 "QR in the PNG reads back" "$([ "$(zbarimg -q --raw "$dir/r.png" 2>/dev/null)" = "$payload" ]; echo $?)"
check 4 "ESC/POS starts with ESC @ GS v 0" "$([ "$(head -c 5 "$dir/r.bin" | od -An -tx1 | tr -d ' \n')" = 1b401d7630 ]; echo $?)"
check 5 "ESC/POS ends with GS V 66 0" "$([ "$(tail -c 4 "$dir/r.bin" | od -An -tx1 | tr -d ' \n')" = 1d564200 ]; echo $?)"
"$KIOSKCTL_BIN" --config "$conf" receipt render --sample 9 --png "$dir/x.png" >/dev/null 2>&1
check 6 "bad sample number exits 2" "$([ $? = 2 ]; echo $?)"
"$KIOSKCTL_BIN" --config "$conf" receipt render --png "$dir/x.png" >/dev/null 2>&1
check 7 "neither sample nor code exits 2" "$([ $? = 2 ]; echo $?)"
out=$("$KIOSKCTL_BIN" --config "$conf" printer status)
check 8 "status of a fine sim printer exits 0" "$?"
check 9 "status says 正常" "$(echo "$out" | grep -q '正常'; echo $?)"
printf 'printer.driver = sim\nprinter.device = paper_out,near_end\n' >"$conf"
out=$("$KIOSKCTL_BIN" --config "$conf" printer status)
check 10 "paper out exits 1" "$([ $? = 1 ]; echo $?)"
check 11 "paper out is named" "$(echo "$out" | grep -q '缺纸'; echo $?)"
"$KIOSKCTL_BIN" --config "$conf" printer test >/dev/null 2>"$dir/err"
check 12 "test page refused on paper out, E203" "$([ $? = 1 ] && grep -q E203 "$dir/err"; echo $?)"
printf 'printer.driver = sim\n' >"$conf"
KIOSK_PRINTER_SIM_DIR="$dir" "$KIOSKCTL_BIN" --config "$conf" printer test >/dev/null
check 13 "test page prints" "$?"
check 14 "sim wrote the test page, its QR reads" "$([ "$(zbarimg -q --raw "$dir/latest.png" 2>/dev/null)" = KIOSK-PRINTER-TEST ]; echo $?)"
printf 'printer.driver = sim\nprinter.device = unplugged\n' >"$conf"
"$KIOSKCTL_BIN" --config "$conf" printer status >/dev/null 2>"$dir/err"
check 15 "unplugged: exit 1, E202" "$([ $? = 1 ] && grep -q E202 "$dir/err"; echo $?)"
printf 'printer.driver = usb\nprinter.device = not-a-vid-pid\n' >"$conf"
"$KIOSKCTL_BIN" --config "$conf" printer status >/dev/null 2>"$dir/err"
check 16 "usb with a bad device: E214" "$([ $? = 1 ] && grep -q E214 "$dir/err"; echo $?)"
# A stored case: submit a fictional one, render and print its receipt by code.
printf 'kiosk.id = 7\npaths.data_dir = %s/data\nprinter.driver = sim\nprinter.width_dots = 576\n' "$dir" >"$conf"
code=$("$KIOSKCTL_BIN" --config "$conf" submit-sample --count 1 2>/dev/null | tail -n 1)
check 17 "a sample case was stored" "$(echo "$code" | grep -qE '^K0007-'; echo $?)"
"$KIOSKCTL_BIN" --config "$conf" receipt render "$code" --png "$dir/s.png" >/dev/null 2>"$dir/err"
check 18 "render CODE exits 0" "$?"
qr=$(zbarimg -q --raw "$dir/s.png" 2>/dev/null)
check 19 "its QR is the case URL with a token" "$(echo "$qr" | grep -qE "^https://yjs.ordos.example/s/$code\?t=[0-9A-Z]+$"; echo $?)"
"$KIOSKCTL_BIN" --config "$conf" receipt render K0007-ZZZ-ZZZZ --png "$dir/n.png" >/dev/null 2>&1
check 20 "unknown code exits 1" "$([ $? = 1 ]; echo $?)"
KIOSK_PRINTER_SIM_DIR="$dir" "$KIOSKCTL_BIN" --config "$conf" receipt print "$code" >/dev/null
check 21 "receipt print CODE exits 0" "$?"
check 22 "the printed receipt holds the same QR" "$([ "$(zbarimg -q --raw "$dir/latest.png" 2>/dev/null)" = "$qr" ]; echo $?)"
printf 'printer.device = cover_open\n' >>"$conf"
"$KIOSKCTL_BIN" --config "$conf" receipt print "$code" >/dev/null 2>"$dir/err"
check 23 "reprint with the cover open: exit 1, person's message and E204" "$([ $? = 1 ] && grep -q '打印机盖未关好' "$dir/err" && grep -q E204 "$dir/err"; echo $?)"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
