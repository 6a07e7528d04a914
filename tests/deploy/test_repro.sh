#!/usr/bin/env bash
# Reproducible packages (issue 18 item 8): with SOURCE_DATE_EPOCH set, packaging the same
# build twice gives byte-identical .debs (file times, archive members, compressed changelog
# and manual pages: gzip -n). No path of the build machine (source or build folder) is in any
# packaged file, binaries and debug symbols included, so another checkout at another path
# builds the same bytes (docs/deploy.md).
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for i in 1 2; do
    (cd "$KIOSK_BUILD" && SOURCE_DATE_EPOCH=1780000000 cpack -G DEB -B "$tmp/$i" >"$tmp/cpack$i.log" 2>&1) ||
        { cat "$tmp/cpack$i.log"; bad "cpack run $i"; }
    [ "$i" = 1 ] && sleep 1 # a second later: times must come from SOURCE_DATE_EPOCH only
done
n=0
for d in "$tmp"/1/*.deb; do
    n=$((n + 1))
    b=$(basename "$d")
    cmp -s "$d" "$tmp/2/$b" && ok || bad "$b differs between two packagings"
    # Every member's time is SOURCE_DATE_EPOCH.
    times=$(dpkg-deb --fsys-tarfile "$d" | tar -tv --full-time | awk '{ print $4 " " $5 }' | sort -u)
    [ "$times" = "$(date -u -d @1780000000 '+%Y-%m-%d %H:%M:%S')" ] && ok || bad "$b: member times $times"
done
# Build-machine paths: the source and build folders must not appear in any packaged file.
src=$(cd "$(dirname "$0")/../.." && pwd -P)
bld=$(cd "$KIOSK_BUILD" && pwd -P)
for d in "$tmp"/1/*.deb "$tmp"/1/*.ddeb; do
    [ -f "$d" ] || continue
    b=$(basename "$d")
    rm -rf "$tmp/x" && mkdir "$tmp/x" && dpkg-deb -x "$d" "$tmp/x" || { bad "$b: cannot unpack"; continue; }
    hits=$(grep -rlaF -e "$src" -e "$bld" "$tmp/x" | sed "s|^$tmp/x||" | head -5)
    [ -z "$hits" ] && ok || bad "$b holds a build-machine path ($src or $bld) in: $hits"
done
[ "$n" -eq 2 ] && ok || bad "expected two packages, got $n"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
