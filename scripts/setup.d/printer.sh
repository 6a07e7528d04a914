#!/usr/bin/env bash
# The printer's ESC/POS output is also checked with npos, an independent ESC/POS parser from
# npm (pinned by tests/drivers/printer/npos/package-lock.json), installed into build/npos (out
# of the source tree: npos pulls in C sources that the tree's own checks must not scan).
# Idempotent: nothing happens when the installed packages already match the lock file.
set -euo pipefail
cd "$(dirname "$0")/../.."
dest=build/npos
mkdir -p "$dest"
cp tests/drivers/printer/npos/package.json tests/drivers/printer/npos/package-lock.json "$dest/"
cd "$dest"
if [ -f node_modules/.package-lock.json ] && cmp -s <(sed -n '/"node_modules\//,$p' package-lock.json) \
     <(sed -n '/"node_modules\//,$p' node_modules/.package-lock.json); then
  exit 0
fi
if ! command -v npm >/dev/null; then
  echo "setup.d/printer: npm missing (scripts/deps/printer.txt lists it)" >&2
  exit 1
fi
npm ci --no-audit --no-fund --loglevel=error
