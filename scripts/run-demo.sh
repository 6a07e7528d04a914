#!/usr/bin/env bash
# Runs the demo from an existing build folder (see scripts/demo.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build/release}
out=out/demo
mkdir -p "$out"
data=$(mktemp -d /tmp/kiosk-demo.XXXXXX)
cat >"$data/kiosk.conf" <<CONF
paths.data_dir = $data/kiosk
hall.name = 鄂尔多斯市政务服务中心
CONF
if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$build/kiosk" --config "$data/kiosk.conf" --sim
fi
echo "demo: no display found; running the kiosk headless, screenshots go to $out/"
SDL_VIDEODRIVER=dummy "$build/kiosk" --config "$data/kiosk.conf" --sim --headless --out "$out"
echo "demo: screenshots in $out/:"
ls -1 "$out"
