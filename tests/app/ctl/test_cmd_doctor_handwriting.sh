#!/usr/bin/env bash
# kioskctl doctor checks handwriting: Debian's model loads and recognises a written 十; a
# missing or broken model (ime.handwriting_model) is reported with the package to install.
set -u
pass=0
fail=0
check() { # row, description, condition result
  if [ "$3" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL row $1: $2"; fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'paths.data_dir = %s/data\nime.data_dir = %s/build/ime\n' "$tmp" "$KIOSK_SRC" >"$tmp/ok.conf"
"$KIOSKCTL_BIN" --config "$tmp/ok.conf" doctor >"$tmp/ok.out" 2>&1
check 1 "the model is found and 十 recognised" "$(grep -q '^\[正常\] 手写输入：.*十' "$tmp/ok.out"; echo $?)"
cp "$tmp/ok.conf" "$tmp/missing.conf"
printf 'ime.handwriting_model = %s/none.model\n' "$tmp" >>"$tmp/missing.conf"
"$KIOSKCTL_BIN" --config "$tmp/missing.conf" doctor >"$tmp/missing.out" 2>&1
check 2 "a missing model is a finding with E960" "$(grep -q '^\[异常\] 手写输入：.*E960' "$tmp/missing.out"; echo $?)"
check 3 "the fix names the package" "$(grep -q 'tegaki-zinnia-simplified-chinese' "$tmp/missing.out"; echo $?)"
printf 'garbage' >"$tmp/broken.model"
cp "$tmp/ok.conf" "$tmp/broken.conf"
printf 'ime.handwriting_model = %s/broken.model\n' "$tmp" >>"$tmp/broken.conf"
"$KIOSKCTL_BIN" --config "$tmp/broken.conf" doctor >"$tmp/broken.out" 2>&1
check 4 "a broken model is a finding with E962" "$(grep -q '^\[异常\] 手写输入：.*E962' "$tmp/broken.out"; echo $?)"
[ "$fail" = 0 ] || cat "$tmp"/*.out
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
