#!/usr/bin/env bash
# kioskctl ime candidates: what the keyboard would offer, one per line, best first.
set -u
pass=0
fail=0
check() { # row, description, condition result
  if [ "$3" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL row $1: $2"; fi
}
first() { "$KIOSKCTL_BIN" ime candidates "$1" | head -n 1; }

check 1 "kangbashi first" "$([ "$(first kangbashi)" = 康巴什 ]; echo $?)"
check 2 "zhungeerqi first" "$([ "$(first zhungeerqi)" = 准格尔旗 ]; echo $?)"
check 3 "eerduosi first" "$([ "$(first eerduosi)" = 鄂尔多斯 ]; echo $?)"
check 4 "six lines by default" "$([ "$("$KIOSKCTL_BIN" ime candidates shi | wc -l)" = 6 ]; echo $?)"
check 5 "count 15 spans pages" "$([ "$("$KIOSKCTL_BIN" ime candidates shi 15 | sort -u | wc -l)" = 15 ]; echo $?)"
"$KIOSKCTL_BIN" ime candidates 'KANG;' >/dev/null 2>&1
check 6 "bad pinyin exits 2" "$([ $? = 2 ]; echo $?)"
"$KIOSKCTL_BIN" ime candidates shi 0 >/dev/null 2>&1
check 7 "bad count exits 2" "$([ $? = 2 ]; echo $?)"
KIOSK_IME_DIR=/nonexistent "$KIOSKCTL_BIN" ime candidates shi >/dev/null 2>"${TMPDIR:-/tmp}/ime_err.$$"
rc=$?
check 8 "missing data exits 1 with E951" "$([ $rc = 1 ] && grep -q E951 "${TMPDIR:-/tmp}/ime_err.$$"; echo $?)"
rm -f "${TMPDIR:-/tmp}/ime_err.$$"
# The configuration's ime.data_dir wins over the default.
conf=$(mktemp)
printf 'ime.data_dir = /nonexistent/ime\n' >"$conf"
"$KIOSKCTL_BIN" --config "$conf" ime candidates shi >/dev/null 2>&1
check 9 "ime.data_dir is used" "$([ $? = 1 ]; echo $?)"
printf 'ime.data_dir = %s/build/ime\n' "$KIOSK_SRC" >"$conf"
check 10 "ime.data_dir pointing at the data" "$([ "$("$KIOSKCTL_BIN" --config "$conf" ime candidates zhungeerqi | head -n 1)" = 准格尔旗 ]; echo $?)"
rm -f "$conf"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
