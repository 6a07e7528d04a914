#!/usr/bin/env bash
# The kiosk and kioskctl command lines: versions, bad options, configuration errors in
# Chinese naming the file/line/key, headless run writing a screenshot.
pass=0
fail=0
t() { # description, expected exit code, command...
  local d=$1 want=$2
  shift 2
  "$@" >"$tmp/out" 2>"$tmp/err"
  local rc=$?
  if [ "$rc" -eq "$want" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: $d (exit $rc, want $want)"; cat "$tmp/err" | head -5
  fi
}
has() { # description, file, text
  if grep -qF -- "$3" "$2"; then pass=$((pass + 1)); else
    fail=$((fail + 1)); echo "FAIL: $1: no '$3' in"; head -5 "$2"
  fi
}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
t "kiosk --version" 0 "$KIOSK_BIN" --version
has "kiosk version" "$tmp/out" "kiosk 0."
rev=$(git -C "$KIOSK_SRC" rev-parse --short=12 HEAD 2>/dev/null || echo unknown)
has "kiosk version has the git revision" "$tmp/out" "$rev"
t "kioskctl --version" 0 "$KIOSKCTL_BIN" --version
has "kioskctl version has the git revision" "$tmp/out" "$rev"
t "kiosk bad option" 1 "$KIOSK_BIN" --bogus
has "bad option message in Chinese" "$tmp/err" "无法识别的参数"
t "kiosk bad windowed size" 1 "$KIOSK_BIN" --windowed 12
printf 'kiosk.id = 7\nprinter.width_dots = 123\n' >"$tmp/bad.conf"
printf "printer.width_dots = 500\n" >"$tmp/bad2.conf"
t "kiosk width between 384 and 576" 1 "$KIOSK_BIN" --config "$tmp/bad2.conf" --headless --frames 1
has "width must be 384 or 576" "$tmp/err" "E105: printer.width_dots: must be 384 or 576"
t "kiosk bad config" 1 "$KIOSK_BIN" --config "$tmp/bad.conf" --headless --frames 1
has "config error names line and key" "$tmp/err" "bad.conf:2: E104: printer.width_dots"
has "config error in Chinese" "$tmp/err" "配置文件有误"
t "kioskctl bad config" 2 "$KIOSKCTL_BIN" --config "$tmp/bad.conf" config list
t "kioskctl unknown command" 2 "$KIOSKCTL_BIN" --config /dev/null frobnicate
has "unknown command in Chinese" "$tmp/err" "未知命令"
printf 'hall.name = 测试大厅\npaths.data_dir = %s/data\n' "$tmp" >"$tmp/ok.conf"
t "kioskctl config set rejects bad value" 1 "$KIOSKCTL_BIN" --config "$tmp/ok.conf" config set kiosk.id abc
t "kioskctl config set" 0 "$KIOSKCTL_BIN" --config "$tmp/ok.conf" config set kiosk.id 12
t "kioskctl config get" 0 "$KIOSKCTL_BIN" --config "$tmp/ok.conf" config get kiosk.id
has "value saved" "$tmp/out" "12"
has "other values kept" "$tmp/ok.conf" "hall.name = 测试大厅"
t "kiosk headless run" 0 env -u DISPLAY "$KIOSK_BIN" --config "$tmp/ok.conf" --out "$tmp/shots" --frames 2
has "no-display notice" "$tmp/err" "未检测到显示器"
[ -s "$tmp/shots/001_attract.png" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: no screenshot"; }
# SIGTERM ends a running kiosk cleanly (exit 0).
env -u DISPLAY "$KIOSK_BIN" --config "$tmp/ok.conf" --headless >/dev/null 2>&1 &
pid=$!
sleep 1
kill -TERM $pid
wait $pid
rc=$?
[ "$rc" -eq 0 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: SIGTERM exit $rc"; }
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
