#!/usr/bin/env bash
# lintian on the built packages (issue 18 item 4): no errors (changelog, copyright, maintainer,
# stripped binaries...), and none of the hardening tags (bindnow, fortify, stack protector,
# relro) even at the informational level. Also the manual pages and the bash completion are
# in the package, and casehub answers --help and --version.
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
command -v lintian >/dev/null || { echo "FAIL: lintian missing (scripts/deps/deploy.txt)"; echo "0 passed, 1 failed"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$KIOSK_BUILD" && cpack -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; bad "cpack"; }
mapfile -t debs < <(find "$tmp/pkg" -maxdepth 1 -name '*.deb' | sort)
[ "${#debs[@]}" -eq 2 ] && ok || bad "expected kiosk and casehub packages, got: ${debs[*]}"
[ -n "$(find "$tmp/pkg" -maxdepth 1 -name 'kiosk-dbgsym_*')" ] && ok || bad "no kiosk-dbgsym package"
lintian --info --display-info --tag-display-limit 0 "${debs[@]}" >"$tmp/lintian" 2>&1
cat "$tmp/lintian" | grep -v '^N:' | sort | uniq
errors=$(grep -c '^E:' "$tmp/lintian")
[ "$errors" -eq 0 ] && ok || bad "$errors lintian errors"
grep -q 'hardening-' "$tmp/lintian" && bad "hardening tags: $(grep 'hardening-' "$tmp/lintian")" || ok
for d in "${debs[@]}"; do
    contents=$(dpkg-deb -c "$d")
    case $(basename "$d") in
    kiosk_*)
        for f in ./usr/share/man/man8/kiosk.8.gz ./usr/share/man/man8/kioskctl.8.gz \
            ./usr/share/bash-completion/completions/kioskctl ./usr/share/doc/kiosk/changelog.gz \
            ./usr/share/doc/kiosk/copyright; do
            grep -q " $f\$" <<<"$contents" && ok || bad "kiosk lacks $f"
        done
        ;;
    casehub_*)
        grep -q ' ./usr/share/man/man8/casehub.8.gz$' <<<"$contents" && ok || bad "casehub lacks its manpage"
        grep -q ' ./usr/bin/casehub$' <<<"$contents" && ok || bad "casehub lacks its binary"
        grep -q ' ./usr/bin/kiosk$' <<<"$contents" && bad "casehub ships the kiosk" || ok
        ;;
    esac
done
if [ -n "${CASEHUB_BIN:-}" ]; then
    "$CASEHUB_BIN" --help | grep -q 'casehub --listen' && ok || bad "casehub --help"
    "$CASEHUB_BIN" --version | grep -q '^casehub [0-9]' && ok || bad "casehub --version"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
