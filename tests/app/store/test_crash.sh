#!/usr/bin/env bash
# tests/app/store/test_crash.sh: the kiosk killed with SIGKILL at random points while it submits
# and delivers, 200 times, against a real casehub on loopback; afterwards every code printed
# before a kill exists exactly once in the store and on casehub, nothing is left undelivered,
# no orphan files remain and the database passes integrity_check. (The long variant is
# tests/app/store/soak_crash.sh.)
set -u
if [ -z "${CASEHUB_BIN:-}" ]; then echo "CASEHUB_BIN not set (casehub not built): skipped"; exit 77; fi
here=$(cd "$(dirname "$0")" && pwd)
. "$here/crash_lib.sh"
T=$(mktemp -d)
trap 'hub_stop; rm -rf "$T"' EXIT
crash_run "$T" "${CRASH_ITERATIONS:-200}" 300
