#!/usr/bin/env bash
# Keeps the README true: every configuration key the code knows is documented in README.md,
# and the README's two commands exist and are what .ci/run runs.
cd "${KIOSK_SRC:-.}"
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
keys=$("$KIOSKCTL_BIN" --config /dev/null config list | sed 's/ = .*//')
[ -n "$keys" ] && ok || bad "kioskctl config list printed nothing"
for k in $keys; do
  grep -q "\`$k\`" README.md && ok || bad "README.md does not document $k"
done
for c in ./scripts/demo.sh ./scripts/test.sh; do
  grep -qF "$c" README.md && [ -x "$c" ] && ok || bad "README command $c missing or not executable"
done
grep -q 'scripts/test.sh' .ci/run && ok || bad ".ci/run does not run ./scripts/test.sh"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
