#!/usr/bin/env bash
# casehub's console tests drive Debian's chromium with playwright-core from npm (pinned by
# tests/server/console/package-lock.json). Idempotent: nothing happens when the installed
# packages already match the lock file.
set -euo pipefail
cd "$(dirname "$0")/../../tests/server/console"
if [ -f node_modules/.package-lock.json ] && cmp -s <(sed -n '/"node_modules\//,$p' package-lock.json) \
     <(sed -n '/"node_modules\//,$p' node_modules/.package-lock.json); then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "setup.d/casehub: npm missing (scripts/deps/casehub.txt lists it)" >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
