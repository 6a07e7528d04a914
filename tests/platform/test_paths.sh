#!/usr/bin/env bash
# tests/platform/test_paths.sh: where the programs find their assets without KIOSK_ASSETS
# (platform/paths.c). Nothing of the build machine is compiled in, so: a binary of the build
# tree finds the source tree's assets through the build folder's `assets` link; an installed
# layout (bin/ beside share/kiosk/assets) uses its own; a lone binary falls back to
# /usr/share/kiosk/assets; KIOSK_ASSETS overrides all.
set -u
: "${KIOSKCTL_BIN:?}" "${KIOSK_SRC:?}"
unset KIOSK_ASSETS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf 'paths.data_dir = %s/data\nbackend.url = http://127.0.0.1:9\n' "$tmp" >"$tmp/kiosk.conf"
pass=0 fail=0
# The assets folder doctor reports (界面资源 line: "[...] 界面资源：PATH" or the theme error).
assets_of() { "$1" --config "$tmp/kiosk.conf" doctor 2>/dev/null | sed -n 's/^\[[^]]*\] 界面资源：//p' | head -1; }
check() { # check NAME GOT WANT
    if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: got \"$2\", want \"$3\""; fi
}
src_assets=$(cd "$KIOSK_SRC/assets" && pwd -P)
check "build tree" "$(assets_of "$KIOSKCTL_BIN")" "$src_assets"
# An installed layout: PREFIX/bin/kioskctl and PREFIX/share/kiosk/assets.
mkdir -p "$tmp/usr/bin" "$tmp/usr/share/kiosk"
cp "$KIOSKCTL_BIN" "$tmp/usr/bin/kioskctl"
cp -r "$KIOSK_SRC/assets" "$tmp/usr/share/kiosk/assets"
check "installed layout" "$(assets_of "$tmp/usr/bin/kioskctl")" "$tmp/usr/share/kiosk/assets"
# A lone binary, outside any build tree: the system folder (which need not exist here).
mkdir -p "$tmp/lone"
cp "$KIOSKCTL_BIN" "$tmp/lone/kioskctl"
got=$("$tmp/lone/kioskctl" --config "$tmp/kiosk.conf" doctor 2>/dev/null | grep -c "/usr/share/kiosk/assets")
check "lone binary" "$([ "$got" -ge 1 ] && echo yes || echo no)" yes
check "override" "$(KIOSK_ASSETS="$tmp/usr/share/kiosk/assets" assets_of "$KIOSKCTL_BIN")" "$tmp/usr/share/kiosk/assets"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
