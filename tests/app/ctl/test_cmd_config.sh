#!/usr/bin/env bash
# tests/app/ctl/test_cmd_config.sh: `kioskctl config list` shows every key but never the
# kiosk's API token (it goes into support tickets and screenshots); `config get` still reads
# it for scripts that need it. Prints "N passed, N failed".
set -u
: "${KIOSKCTL_BIN:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tok=tok-4f1d8c2e9b7a6d5c3e2f1a0b9c8d7e6f
printf 'paths.data_dir = %s\nbackend.token = %s\n' "$tmp" "$tok" >"$tmp/kiosk.conf"
pass=0 fail=0
check() { # description, condition
  if eval "$2"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $1" >&2; fi
}
list=$("$KIOSKCTL_BIN" --config "$tmp/kiosk.conf" config list)
check "list exits 0" '[ $? -eq 0 ]'
check "list does not print the token" '! grep -qF "$tok" <<<"$list"'
check "list masks the token" 'grep -qx "backend.token = \*\*\*\*\*\*\*\*" <<<"$list"'
check "list still prints other keys" 'grep -qx "paths.data_dir = $tmp" <<<"$list"'
check "get reads the token" '[ "$("$KIOSKCTL_BIN" --config "$tmp/kiosk.conf" config get backend.token)" = "$tok" ]'
printf 'paths.data_dir = %s\n' "$tmp" >"$tmp/empty.conf"
list=$("$KIOSKCTL_BIN" --config "$tmp/empty.conf" config list)
check "an unset token shows as empty" 'grep -qx "backend.token = " <<<"$list"'
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
