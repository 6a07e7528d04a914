#!/bin/bash
# tests/app/screens/test_region_fallback.sh: without a usable region table (missing, or not a
# table) the kiosk still starts, logs why, and region fields are typed on the keyboard; with
# the shipped table the same field opens the picker.
set -u
pass=0
fail=0
check() { # check NAME CONDITION...
    local name=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
head='expect-screen attract
tap 办理业务
tap notice.answer.0
tap notice.answer.0
tap notice.answer.0
tap notice.answer.0
tap notice.answer.1
expect-screen idcard
tap idcard.manual
type 150602199001011238
tap idnum.pad.ok
expect-screen form
tap form.field.next
tap form.field.11
expect-screen field'
printf '%s\nexpect-no-text 按身份证号\ntype eerduosi\ntap kbd.cand.0\ntap kbd.ok\nexpect-screen form\nexpect-text 籍贯：鄂尔多斯\n' \
    "$head" >"$tmp/typed.script"
printf '%s\nexpect-text 按身份证号：内蒙古自治区鄂尔多斯市东胜区\ntap field.region.id\nexpect-text 籍贯：内蒙古自治区鄂尔多斯市东胜区\n' \
    "$head" >"$tmp/picked.script"
printf '150000\tbroken\nnot a table\n' >"$tmp/bad.tsv"

run() { # run NAME REGIONS_FILE SCRIPT
    mkdir -p "$tmp/$1/data"
    { echo "paths.data_dir = $tmp/$1/data"
      echo "backend.url = http://127.0.0.1:9"
      [ -n "$2" ] && echo "regions.file = $2"; } >"$tmp/$1/kiosk.conf"
    "$KIOSK_BIN" --config "$tmp/$1/kiosk.conf" --sim --script "$3" --out "$tmp/$1/out" \
        >"$tmp/$1/log" 2>&1
}
run missing "$tmp/none.tsv" "$tmp/typed.script"
check "missing table: the field is typed" [ $? -eq 0 ]
check "missing table: logged with E871" grep -q "E871" "$tmp/missing/log"
run bad "$tmp/bad.tsv" "$tmp/typed.script"
check "bad table: the field is typed" [ $? -eq 0 ]
check "bad table: logged with E870" grep -q "E870" "$tmp/bad/log"
run shipped "" "$tmp/picked.script"
rc=$?
check "shipped table: the picker offers the ID number's region" [ $rc -eq 0 ]
[ $rc -eq 0 ] || tail -30 "$tmp/shipped/log"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
