#!/usr/bin/env bash
# kioskctl devices: one line per configured device (kind, driver, device, state, error);
# exit 0 when all answer (the simulated ones), 1 when any is missing.
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'paths.data_dir = %s/data\n' "$tmp" >"$tmp/sim.conf"
"$KIOSKCTL_BIN" --config "$tmp/sim.conf" devices >"$tmp/out" 2>"$tmp/err" && ok || bad "sim devices: exit $?"
[ "$(wc -l <"$tmp/out")" -eq 4 ] && ok || bad "lines: $(cat "$tmp/out")"
[ "$(cut -f2 "$tmp/out" | sort -u)" = "sim" ] && ok || bad "drivers: $(cut -f2 "$tmp/out")"
[ "$(grep -c $'\t已连接' "$tmp/out")" -eq 4 ] && ok || bad "states: $(cat "$tmp/out")"
grep -q $'^回执打印机\tsim\t自动查找\t已连接，正常\t-$' "$tmp/out" && ok || bad "printer line: $(cat "$tmp/out")"
# A printer that is not there and a camera that cannot open: both named, exit 1.
printf 'paths.data_dir = %s/data\nprinter.driver = lp\nprinter.device = %s/no-lp0\ncamera.device = bad\n' \
  "$tmp" "$tmp" >"$tmp/missing.conf"
"$KIOSKCTL_BIN" --config "$tmp/missing.conf" devices >"$tmp/out" 2>"$tmp/err" && bad "missing printer: exit 0" || ok
grep -q $'^回执打印机\tlp\t'"$tmp"$'/no-lp0\t未连接\tE214' "$tmp/out" && ok || bad "printer missing: $(cat "$tmp/out")"
grep -q $'^高拍仪\tsim\tbad\t未连接\tE501' "$tmp/out" && ok || bad "camera missing: $(cat "$tmp/out")"
grep -q $'^身份证阅读器\tsim\t自动查找\t已连接' "$tmp/out" && ok || bad "reader still present: $(cat "$tmp/out")"
"$KIOSKCTL_BIN" --config "$tmp/sim.conf" devices extra >/dev/null 2>&1
[ $? -eq 2 ] && ok || bad "usage error exit code"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
