#!/usr/bin/env bash
# tests/test_version.sh: one version everywhere (issue 18 item 8). CMakeLists.txt's project
# version is the top entry of CHANGELOG.md and of the Debian changelog, and what kioskctl,
# kiosk and casehub print for --version; every vX.Y.Z tag in git names a commit whose
# CMakeLists.txt has that version.
set -u
: "${KIOSKCTL_BIN:?}" "${KIOSK_SRC:?}"
cd "$KIOSK_SRC" || exit 1
pass=0 fail=0
check() { # check NAME GOT WANT
    if [ "$2" = "$3" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL $1: got \"$2\", want \"$3\""; fi
}
v=$(sed -n 's/^project(kiosk VERSION \([0-9.]*\) .*/\1/p' CMakeLists.txt)
check "CMake version found" "$([ -n "$v" ] && echo yes)" yes
check "CHANGELOG.md" "$(sed -n 's/^## \([0-9][0-9.]*\).*/\1/p' CHANGELOG.md | head -1)" "$v"
check "Debian changelog" "$(head -1 platform/debian/changelog | sed -n 's/^kiosk (\([^)]*\)).*/\1/p')" "$v"
check "kioskctl --version" "$("$KIOSKCTL_BIN" --version | awk '{print $2}')" "$v"
[ -n "${KIOSK_BIN:-}" ] && check "kiosk --version" "$("$KIOSK_BIN" --version 2>/dev/null | awk '{print $2}')" "$v"
[ -n "${CASEHUB_BIN:-}" ] && check "casehub --version" "$("$CASEHUB_BIN" --version 2>/dev/null | awk '{print $2}')" "$v"
# Tags, when this is a git checkout that has them.
if git rev-parse --git-dir >/dev/null 2>&1; then
    for t in $(git tag --list 'v[0-9]*'); do
        tv=$(git show "$t:CMakeLists.txt" | sed -n 's/^project(kiosk VERSION \([0-9.]*\) .*/\1/p')
        check "tag $t" "v$tv" "$t"
    done
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
