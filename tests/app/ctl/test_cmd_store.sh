#!/usr/bin/env bash
# tests/app/ctl/test_cmd_store.sh: kioskctl submit-sample, queue, queue retry, sync once and
# case show, as an operator uses them, with the backend away and then back.
set -u
if [ -z "${CASEHUB_BIN:-}" ]; then echo "CASEHUB_BIN not set (casehub not built): skipped"; exit 77; fi
. "$(dirname "$0")/../store/crash_lib.sh"
T=$(mktemp -d)
trap 'hub_stop; rm -rf "$T"' EXIT
mkdir -p "$T/hub"
token=$("$CASEHUB_BIN" --data "$T/hub" kiosk add kiosk-1 | tail -n 1)
cat >"$T/k.conf" <<CONF
kiosk.id = 4
paths.data_dir = $T/kiosk
backend.url = http://127.0.0.1:9
backend.token = $token
backend.timeout_s = 2
CONF
k() { "$KIOSKCTL_BIN" --config "$T/k.conf" "$@"; }

k submit-sample --count 3 >"$T/codes" 2>"$T/err"
check "submit-sample exits 0" [ $? -eq 0 ]
check "three codes printed" [ "$(grep -cE '^K0004-[0-9A-Z]{3}-[0-9A-Z]{4}$' "$T/codes")" -eq 3 ]
code=$(head -n 1 "$T/codes")
k queue >"$T/q"
check "queue counts 3 waiting" grep -q "待发送：3 件" "$T/q"
k case show "$code" >"$T/show"
check "case show exits 0" [ $? -eq 0 ]
check "case show names the code" grep -q "$code" "$T/show"
check "case show masks the ID number" grep -qE '证件号码：1101\*{10}[0-9]{4}' "$T/show"
check "no full ID number shown" bash -c "! grep -qE '[0-9]{17}[0-9X]' '$T/show'"
check "matters listed in the status words of status.json" grep -q "已提交，待窗口核验原件" "$T/show"
k case show "$(echo "$code" | tr -d - | tr A-Z a-z)" >/dev/null
check "case show takes the compact lower-case form" [ $? -eq 0 ]
k case show K0004-000-0000 >/dev/null 2>&1
check "unknown code exits 1" [ $? -eq 1 ]
k case show 2>/dev/null
check "usage error exits 2" [ $? -eq 2 ]

# backend away: sync once fails, the error is recorded and shown
k sync once >/dev/null 2>&1
check "sync once with the backend away exits 1" [ $? -eq 1 ]
k queue >"$T/q"
check "queue shows the last error" grep -q "E701" "$T/q"
check "still 3 waiting" grep -q "待发送：3 件" "$T/q"
k queue retry >"$T/r"
check "queue retry reschedules 3" grep -q "3" "$T/r"

# backend back
hub_start "$T/hub"
sed -i "s|^backend.url = .*|backend.url = http://127.0.0.1:$hub_port|" "$T/k.conf"
k sync once >/dev/null 2>&1
check "sync once delivers everything (exit 0)" [ $? -eq 0 ]
k queue >"$T/q"
check "queue counts 3 delivered" grep -q "已送达：3 件" "$T/q"
k case show "$code" >"$T/show"
check "case show says delivered" grep -q "已送达" "$T/show"
while read -r c; do
  "$CASEHUB_BIN" --data "$T/hub" case show "$c" >/dev/null 2>&1
  check "$c is on the backend" [ $? -eq 0 ]
done <"$T/codes"
hub_stop
echo "$crash_pass passed, $crash_fail failed"
[ "$crash_fail" -eq 0 ]
