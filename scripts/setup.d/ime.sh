#!/usr/bin/env bash
# Deploys librime's data for the kiosk input method (app/ui/ime.c) once, at setup, so that the
# kiosk never runs a deployment when it starts. Inputs: Debian's rime-data-luna-pinyin,
# rime-essay, rime-prelude (shared data, linked) and assets/ime/*.yaml (our patches and the
# local-names dictionary, copied). Output: ${KIOSK_IME_DIR:-build/ime}/shared (the shared data
# directory) and .../build (compiled tables, prisms and configs: librime's staging directory).
# Idempotent: does nothing when the inputs have not changed since the last run. No downloads.
set -euo pipefail
cd "$(dirname "$0")/../.."
out=${KIOSK_IME_DIR:-build/ime}
sys=/usr/share/rime-data
for f in default.yaml key_bindings.yaml punctuation.yaml symbols.yaml pinyin.yaml \
         luna_pinyin.schema.yaml luna_pinyin_simp.schema.yaml luna_pinyin.dict.yaml essay.txt; do
  [ -f "$sys/$f" ] || { echo "ime setup: missing $sys/$f (install scripts/deps/ime.txt)" >&2; exit 1; }
done
command -v rime_deployer >/dev/null || { echo "ime setup: rime_deployer missing (librime-bin)" >&2; exit 1; }

# One deployment at a time (two checkouts' setups, or CI, may run at once).
mkdir -p "$(dirname "$out")"
exec 9>"$out.lock"
flock 9

stamp=$( { dpkg-query -W -f='${Package} ${Version}\n' librime1 rime-data-luna-pinyin rime-essay \
             rime-prelude libopencc-data 2>/dev/null; cat assets/ime/*.yaml scripts/setup.d/ime.sh; } |
         sha256sum | cut -d' ' -f1)
if [ -f "$out/stamp" ] && [ "$(cat "$out/stamp")" = "$stamp" ] &&
   [ -f "$out/build/kiosk_pinyin.table.bin" ]; then
  exit 0
fi

echo "ime setup: deploying librime data into $out"
tmp="$out.tmp.$$"
rm -rf "$tmp"
mkdir -p "$tmp/shared" "$tmp/build" "$tmp/user"
trap 'rm -rf "$tmp"' EXIT
for f in default.yaml key_bindings.yaml punctuation.yaml symbols.yaml pinyin.yaml \
         luna_pinyin.schema.yaml luna_pinyin_simp.schema.yaml luna_pinyin.dict.yaml essay.txt; do
  ln -s "$sys/$f" "$tmp/shared/$f"
done
[ -d /usr/share/opencc ] && ln -s /usr/share/opencc "$tmp/shared/opencc"
cp assets/ime/*.yaml "$tmp/shared/"
# rime_deployer ARGS: user_data_dir shared_data_dir staging_dir. The user directory is thrown
# away: with the user dictionary off, nothing of value is written there.
(cd "$tmp" && TMPDIR="$PWD" GLOG_log_dir="$PWD" rime_deployer --build "$PWD/user" "$PWD/shared" "$PWD/build" >/dev/null 2>deploy.log) || {
  echo "ime setup: rime_deployer failed:" >&2; cat "$tmp/deploy.log" >&2; exit 1; }
for f in kiosk_pinyin.table.bin kiosk_pinyin_simp.prism.bin luna_pinyin_simp.schema.yaml default.yaml; do
  [ -f "$tmp/build/$f" ] || { echo "ime setup: deployment did not produce build/$f" >&2; cat "$tmp/deploy.log" >&2; exit 1; }
done
# Keep only what the engine reads at run time (drop the .txt dumps of the tables).
rm -f "$tmp/build/"*.txt
rm -rf "$tmp/user" "$tmp/deploy.log" "$tmp"/rime.tools*
# The shared links must point at the final location's neighbours: they are absolute already.
echo "$stamp" >"$tmp/stamp"
rm -rf "$out"
mv "$tmp" "$out"
trap - EXIT
echo "ime setup: done ($(du -sh "$out/build" | cut -f1) compiled)"
