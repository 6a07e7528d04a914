#!/usr/bin/env bash
# The README's demo command: sets everything up, builds, starts a local casehub and the kiosk
# with simulated devices. Where there is a display it runs full screen; where there is none it
# says so and runs the full-application script headless, leaving a screenshot of every screen
# and the printed receipt in out/demo/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cmake -S . -B build/release -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build/release -j"$(nproc)"
exec scripts/run-demo.sh build/release
