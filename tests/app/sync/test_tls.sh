#!/usr/bin/env bash
# tests/app/sync/test_tls.sh: TLS verification is on. Against an HTTPS server on loopback with
# a self-signed certificate (openssl s_server), delivery fails on the certificate unless
# backend.ca_file names it; with it, the TLS handshake succeeds (and the HTTP exchange goes on
# to fail in other ways, since s_server is no casehub).
set -u
. "$(dirname "$0")/../store/crash_lib.sh"
command -v openssl >/dev/null || { echo "openssl missing: skipped"; exit 77; }
T=$(mktemp -d)
srv=
trap '[ -n "$srv" ] && kill "$srv" 2>/dev/null; rm -rf "$T"' EXIT
openssl req -x509 -newkey rsa:2048 -nodes -keyout "$T/key.pem" -out "$T/cert.pem" -days 2 \
  -subj "/CN=127.0.0.1" -addext "subjectAltName=IP:127.0.0.1" >/dev/null 2>&1
for try in 1 2 3 4 5 6; do
  port=$(( 10000 + ( ($$ * 13 + try * 977 + RANDOM) % 22000 ) ))
  openssl s_server -quiet -www -accept "127.0.0.1:$port" -cert "$T/cert.pem" -key "$T/key.pem" \
    >/dev/null 2>&1 &
  srv=$!
  up=0
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      sleep 0.2
      kill -0 "$srv" 2>/dev/null && up=1
      break
    fi
    kill -0 "$srv" 2>/dev/null || break
    sleep 0.05
  done
  [ $up -eq 1 ] && break
  kill "$srv" 2>/dev/null; srv=
done
check "TLS server up" [ -n "$srv" ]
cat >"$T/k.conf" <<CONF
paths.data_dir = $T/kiosk
backend.url = https://127.0.0.1:$port
backend.token = t
backend.timeout_s = 2
CONF
k() { "$KIOSKCTL_BIN" --config "$T/k.conf" "$@"; }
k submit-sample --count 1 --attach-kb 1 >/dev/null
k sync once >/dev/null 2>&1
check "not delivered to an unverified server" [ $? -eq 1 ]
k queue >"$T/q"
check "the certificate is what failed" grep -qiE "E701.*(certificate|SSL)" "$T/q"
echo "backend.ca_file = $T/cert.pem" >>"$T/k.conf"
k sync once >/dev/null 2>&1
k queue >"$T/q"
check "with the CA file the handshake passes" bash -c "! grep -qiE 'certificate|SSL' '$T/q'"
check "and the attempt is recorded" grep -qE "E70[0-9]" "$T/q"
cat "$T/q" >&2
echo "$crash_pass passed, $crash_fail failed"
[ "$crash_fail" -eq 0 ]
