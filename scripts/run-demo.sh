#!/usr/bin/env bash
# Runs the demo from an existing build folder (see scripts/demo.sh): a local casehub when it is
# built, and the kiosk with simulated devices. With a display: full screen, for people to try.
# Without one: the full-application script runs headless and every screen it shows is written
# to out/demo/ (NNN_screen.png, in order), with the named screenshots and the composed receipt (receipt.png) beside them.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
out=out/demo
rm -rf "$out"
mkdir -p "$out"
work=$(mktemp -d /tmp/kiosk-demo.XXXXXX)
hub_pid=
cleanup() { [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
backend=http://127.0.0.1:9
token=
if [ -x "$build/server/casehub" ]; then
  mkdir -p "$work/hub"
  token=$("$build/server/casehub" kiosk add demo-kiosk --data "$work/hub" 2>/dev/null | tail -1 || true)
  "$build/server/casehub" --listen 127.0.0.1:0 --data "$work/hub" >"$work/hub.out" 2>"$work/hub.log" &
  hub_pid=$!
  for _ in $(seq 50); do grep -q 'listening on' "$work/hub.out" 2>/dev/null && break; sleep 0.1; done
  addr=$(sed -n 's/.*listening on \([0-9.:]*\).*/\1/p' "$work/hub.out" | head -1)
  [ -n "$addr" ] && backend="http://$addr"
  echo "demo: casehub at $backend (department console: $backend/)"
else
  echo "demo: casehub is not built; cases stay queued on the kiosk"
fi
cat >"$work/kiosk.conf" <<CONF
paths.data_dir = $work/kiosk
hall.name = 鄂尔多斯市政务服务中心
backend.url = $backend
backend.token = $token
CONF
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  "$build/kiosk" --config "$work/kiosk.conf" --sim
  exit 0
fi
echo "demo: no display found; running the full-application script headless"
SDL_VIDEODRIVER=dummy "$build/kiosk" --config "$work/kiosk.conf" --sim --headless \
  --script tests/e2e/full_application.script --out "$out" 2>"$work/kiosk.log" || {
  echo "demo: the kiosk script failed:" >&2
  tail -20 "$work/kiosk.log" >&2
  exit 1
}
echo "demo: $(ls "$out" | wc -l) screenshots in $out/:"
ls -1 "$out"
