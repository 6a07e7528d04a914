#!/bin/bash
# tests/server/test_health.sh: `casehub --listen 127.0.0.1:0` picks a free port and prints
# "listening on ADDR:PORT" on stdout; GET /api/v1/health answers 200 JSON with a Date header
# (kioskctl doctor's probe) without a kiosk token; other methods get 405 JSON; and
# `kioskctl doctor` finds this casehub reachable.
set -u
pass=0
fail=0
check() { # check NAME CONDITION...
    local name=$1
    shift
    if "$@"; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $name"; fi
}
if [ -z "${CASEHUB_BIN:-}" ] || [ ! -x "$CASEHUB_BIN" ]; then
    echo "CASEHUB_BIN not set or not executable (is libmicrohttpd-dev installed?)"
    echo "0 passed, 1 failed"
    exit 1
fi
command -v curl >/dev/null || { echo "curl missing"; echo "0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d)
pid=
cleanup() {
    [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
    rm -rf "$tmp"
}
trap cleanup EXIT
mkfifo "$tmp/out"
"$CASEHUB_BIN" --listen 127.0.0.1:0 --data "$tmp/data" >"$tmp/out" 2>"$tmp/err" &
pid=$!
exec 3<"$tmp/out"
line=
read -r -t 30 line <&3 || true
port=$(printf '%s\n' "$line" | sed -n 's/^listening on 127\.0\.0\.1:\([0-9][0-9]*\)$/\1/p')
check "listening line with a port ($line)" test -n "$port"
check "the port is not 0" test "${port:-0}" != 0
base=http://127.0.0.1:$port/api/v1

code=$(curl -sS -o "$tmp/h.json" -D "$tmp/h.hdr" -w '%{http_code}' "$base/health")
check "health 200 ($code)" test "$code" = 200
check "health is JSON ok" grep -q '"status":"ok"' "$tmp/h.json"
check "health has a Date header" grep -qi '^Date: ' "$tmp/h.hdr"
check "health is application/json" grep -qi '^Content-Type: application/json' "$tmp/h.hdr"

code=$(curl -sS -o "$tmp/d.json" -w '%{http_code}' -X DELETE "$base/health")
check "DELETE health 405 ($code)" test "$code" = 405
check "405 has a JSON error" grep -q '"error":"method_not_allowed"' "$tmp/d.json"

code=$(curl -sS -o /dev/null -w '%{http_code}' "$base/cases")
check "cases without a token is refused ($code)" test "$code" = 401 -o "$code" = 405

# kioskctl doctor's backend check against this casehub: reachable, HTTP 200
if [ -n "${KIOSKCTL_BIN:-}" ] && [ -x "$KIOSKCTL_BIN" ]; then
    : >"$tmp/kiosk.conf"
    "$KIOSKCTL_BIN" --config "$tmp/kiosk.conf" config set backend.url "http://127.0.0.1:$port" \
        >/dev/null 2>&1
    "$KIOSKCTL_BIN" --config "$tmp/kiosk.conf" doctor >"$tmp/doctor.txt" 2>&1
    check "kioskctl doctor reaches casehub with HTTP 200" \
        grep -q "127.0.0.1:$port .*HTTP 200" "$tmp/doctor.txt"
else
    check "KIOSKCTL_BIN is set" false
fi

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
