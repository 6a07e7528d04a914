#!/usr/bin/env bash
# tests/app/ctl/test_cmd_scan.sh: `kioskctl scan parse TEXT` with and without the kiosk's QR
# secret (the token is computed here independently, with Python's hmac, from the format in
# app/core/trackcode.h), and `kioskctl scanner listen` on the CDC driver through a pty.
set -u
: "${KIOSKCTL_BIN:?}" "${KIOSK_SRC:?}"
tmp=$(mktemp -d)
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; rm -rf "$tmp"' EXIT
base="https://yjs.ordos.example/s/"
cfg="$tmp/kiosk.conf"
printf 'paths.data_dir = %s\nqr.base_url = %s\n' "$tmp" "$base" >"$cfg"
k() { "$KIOSKCTL_BIN" --config "$cfg" "$@"; }
pass=0 fail=0
ok() { if [ "$1" = 0 ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: $2" >&2; fi; }

code=$(k code make 7 1234)
compact=${code//-/}
token() { # token SECRETFILE COMPACT
    python3 - "$1" "$2" <<'PY'
import hmac, hashlib, sys
key = open(sys.argv[1], "rb").read()
mac = hmac.new(key, sys.argv[2].encode(), hashlib.sha256).digest()
bits = int.from_bytes(mac[:10], "big")
alpha = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
print("".join(alpha[(bits >> (75 - 5 * i)) & 31] for i in range(16)))
PY
}
head -c 32 /dev/urandom >"$tmp/other.secret"
tok_other=$(token "$tmp/other.secret" "$compact")

row() { # row N DESC WANT_RC WANT_STDOUT TEXT
    local out rc
    out=$(k scan parse "$5" 2>"$tmp/err")
    rc=$?
    if [ "$rc" = "$3" ] && [ "$out" = "$4" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL row $1 ($2): rc=$rc want $3; stdout \"$out\" want \"$4\"" >&2
        sed 's/^/  stderr: /' "$tmp/err" >&2
    fi
}
# no secret file yet: a token cannot be checked
row 1 "bare code" 0 $'code '"$code"$'\ntoken absent' "$code"
row 2 "URL, no secret" 0 $'code '"$code"$'\ntoken unchecked' "$base$code?t=$tok_other"
row 3 "foreign URL" 1 "" "https://evil.example/s/$code?t=$tok_other"
grep -q "这不是本系统的回执二维码" "$tmp/err"; ok $? "row 3 message"
row 4 "bad check char" 1 "" "${code%?}$([ "${code: -1}" = 0 ] && echo 1 || echo 0)"
row 5 "junk" 1 "" "hello world"
row 6 "empty" 1 "" ""
# the kiosk's secret (as the store writes it: 32 raw bytes at paths.data_dir/qr.secret)
head -c 32 /dev/urandom >"$tmp/qr.secret"
tok=$(token "$tmp/qr.secret" "$compact")
row 7 "URL, good token" 0 $'code '"$code"$'\ntoken ok' "$base$code?t=$tok"
row 8 "URL, lower-case token" 0 $'code '"$code"$'\ntoken ok' "$base$code?t=${tok,,}"
row 9 "URL, other kiosk's token" 0 $'code '"$code"$'\ntoken bad' "$base$code?t=$tok_other"
grep -q "这不是本系统的回执二维码" "$tmp/err"; ok $? "row 9 message"
row 10 "URL without token" 0 $'code '"$code"$'\ntoken absent' "$base$code"
row 11 "bare compact" 0 $'code '"$code"$'\ntoken absent' "$compact"
k scan >/dev/null 2>&1; [ $? = 2 ]; ok $? "usage exit 2"
# the scan is never echoed on stderr when rejected
k scan parse "secret-looking-text-123" 2>"$tmp/err" >/dev/null
! grep -q "secret-looking" "$tmp/err"; ok $? "rejected scan not echoed"

# scanner listen: the CDC driver on a pty; python holds the master side
if python3 -c 'import pty' 2>/dev/null; then
    python3 - "$tmp" <<'PY' &
import os, pty, sys, time
tmp = sys.argv[1]
m, s = pty.openpty()
os.symlink(os.ttyname(s), tmp + "/ttyACM")
open(tmp + "/pty.ready", "w").close()
while not os.path.exists(tmp + "/listen.ready"):
    time.sleep(0.02)
os.write(m, b"K0007-000-16J4\r\nsecond scan\r")
while not os.path.exists(tmp + "/done"):
    time.sleep(0.02)
PY
    pids+=($!)
    for _ in $(seq 250); do [ -e "$tmp/pty.ready" ] && break; sleep 0.02; done
    printf 'scanner.driver = cdc\nscanner.device = %s/ttyACM\n' "$tmp" >>"$cfg"
    "$KIOSKCTL_BIN" --config "$cfg" scanner listen >"$tmp/out" 2>"$tmp/lerr" &
    lp=$!
    pids+=($lp)
    for _ in $(seq 250); do grep -q "扫码器已就绪" "$tmp/lerr" && break; sleep 0.02; done
    touch "$tmp/listen.ready"
    for _ in $(seq 250); do [ "$(wc -l <"$tmp/out")" -ge 2 ] && break; sleep 0.02; done
    kill -INT "$lp"
    for _ in $(seq 500); do kill -0 "$lp" 2>/dev/null || break; sleep 0.02; done
    kill -KILL "$lp" 2>/dev/null # a safety net: a listener that ignores SIGINT fails below
    wait "$lp"
    rc=$?
    touch "$tmp/done"
    [ "$rc" = 0 ]; ok $? "listen exits 0 on SIGINT (rc=$rc)"
    [ "$(cat "$tmp/out")" = $'K0007-000-16J4\nsecond scan' ]; ok $? "listen prints the scans: $(cat "$tmp/out")"
fi
k scanner >/dev/null 2>&1; [ $? = 2 ]; ok $? "scanner usage exit 2"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
