#!/usr/bin/env bash
# tests/app/store/soak_crash.sh [ITERATIONS] [MAX_KILL_MS]: the store's crash test, long (default 3000
# kills, up to 400 ms apart). Needs a built tree: KIOSKCTL_BIN and CASEHUB_BIN default to
# build/release. Keeps its scratch folder when a check fails.
set -u
cd "$(dirname "$0")/../../.."
export KIOSKCTL_BIN=${KIOSKCTL_BIN:-$PWD/build/release/kioskctl}
export CASEHUB_BIN=${CASEHUB_BIN:-$PWD/build/release/server/casehub}
. tests/app/store/crash_lib.sh
T=$(mktemp -d)
trap 'hub_stop' EXIT
if crash_run "$T" "${1:-3000}" "${2:-400}"; then rm -rf "$T"; else echo "scratch kept in $T"; exit 1; fi
