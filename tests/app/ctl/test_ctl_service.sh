#!/usr/bin/env bash
# kioskctl pin set/check (hash stored, lockout after five wrong PINs) and logs export.
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
conf="$tmp/kiosk.conf"
printf 'paths.data_dir = %s/data\nlog.file = %s/kiosk.log\n' "$tmp" "$tmp" >"$conf"
mkdir -p "$tmp/data"
k() { "$KIOSKCTL_BIN" --config "$conf" "$@"; }
echo 12 | k pin set >/dev/null 2>&1 && bad "short PIN accepted" || ok
echo 13579246 | k pin set >"$tmp/out" 2>&1 && ok || bad "pin set failed: $(cat "$tmp/out")"
grep -q 'service.pin_hash = \$argon2id\$' "$conf" && ok || bad "hash not stored"
grep -q 13579246 "$conf" && bad "PIN stored in clear" || ok
grep -q "log.file = $tmp/kiosk.log" "$conf" && ok || bad "other keys lost"
echo 13579246 | k pin check >/dev/null && ok || bad "right PIN refused"
for i in 1 2 3 4; do echo 00000000 | k pin check >"$tmp/out"; done
grep -q '还可尝试 1 次' "$tmp/out" && ok || bad "countdown: $(cat "$tmp/out")"
echo 00000000 | k pin check >"$tmp/out"
grep -q '已锁定' "$tmp/out" && ok || bad "not locked: $(cat "$tmp/out")"
echo 13579246 | k pin check >"$tmp/out" && bad "right PIN accepted while locked" || ok
# logs export copies the log and its rotated files.
echo "line one" >"$tmp/kiosk.log"
echo "older" >"$tmp/kiosk.log.1"
k logs export "$tmp/usb" >"$tmp/out" && ok || bad "logs export failed"
cmp -s "$tmp/kiosk.log" "$tmp/usb/kiosk.log" && cmp -s "$tmp/kiosk.log.1" "$tmp/usb/kiosk.log.1" && ok ||
  bad "exported logs differ"
grep -q '已导出 2 个日志文件' "$tmp/out" && ok || bad "summary: $(cat "$tmp/out")"
printf 'paths.data_dir = %s/data\n' "$tmp" >"$tmp/nolog.conf"
"$KIOSKCTL_BIN" --config "$tmp/nolog.conf" logs export "$tmp/usb2" 2>"$tmp/err" && bad "export without log file" || ok
grep -q '未配置日志文件' "$tmp/err" && ok || bad "no-log message"
# calendar import: validated together with the tables already there before anything changes.
mkdir -p "$tmp/cal"
cp "$KIOSK_SRC"/assets/calendar/*.json "$tmp/cal/"
printf 'calendar.dir = %s/cal\n' "$tmp" >"$tmp/cal.conf"
c() { "$KIOSKCTL_BIN" --config "$tmp/cal.conf" "$@"; }
c calendar status >"$tmp/out" && grep -q '2025 至 2026' "$tmp/out" && ok || bad "status: $(cat "$tmp/out")"
before=$(cat "$tmp"/cal/*.json | md5sum)
printf '{"kind": "official", "year": 2026, "days": []}' >"$tmp/dup2026.json"
c calendar import "$tmp/dup2026.json" 2>"$tmp/err" && bad "second 2026 table accepted" || ok
grep -q '未导入' "$tmp/err" && ok || bad "rejection message: $(cat "$tmp/err")"
printf '{"kind": "official", "year": 2027, "days": [{"date": "2027-13-01", "off": true}]}' >"$tmp/bad2027.json"
c calendar import "$tmp/bad2027.json" 2>/dev/null && bad "bad date accepted" || ok
printf 'not json' >"$tmp/junk.json"
c calendar import "$tmp/junk.json" 2>/dev/null && bad "junk accepted" || ok
c calendar import "$tmp/nothere.json" 2>/dev/null && bad "missing file accepted" || ok
[ "$(cat "$tmp"/cal/*.json | md5sum)" = "$before" ] && ok || bad "a rejected import changed the tables"
printf '{"kind": "official", "year": 2027, "days": [{"date": "2027-01-01", "off": true, "name": "元旦"}]}' >"$tmp/2027.json"
c calendar import "$tmp/2027.json" >"$tmp/out" && ok || bad "valid 2027 table refused"
grep -q '2025 至 2027' "$tmp/out" && ok || bad "after import: $(cat "$tmp/out")"
c deadline 2026-12-28 --days 3 | head -1 | grep -qx '2026-12-31' && ok || bad "deadline after import"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
