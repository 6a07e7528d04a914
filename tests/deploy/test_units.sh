#!/usr/bin/env bash
# The systemd units (issue 18 items 2, 5, 6): `systemd-analyze security --offline` rates each
# at most 4.0 (no running systemd needed); the kiosk may write only its state, its logs and
# /etc/kiosk (service mode saves the configuration there) and takes tty1 from getty; casehub
# runs as its own user; both units pass `systemd-analyze verify` apart from the binaries and
# manpages that only exist once installed.
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
units=${UNITS_DIR:-$KIOSK_SRC/platform/systemd}
command -v systemd-analyze >/dev/null || { echo "FAIL: systemd-analyze missing"; echo "0 passed, 1 failed"; exit 1; }
for u in kiosk casehub; do
    f="$units/$u.service"
    out=$(systemd-analyze security --offline=yes --no-pager "$f" 2>&1)
    level=$(printf '%s\n' "$out" | sed -n 's/.*Overall exposure level for [^:]*: \([0-9.]*\).*/\1/p')
    echo "$u.service exposure: ${level:-?}"
    if [ -n "$level" ] && awk -v l="$level" 'BEGIN { exit !(l <= 4.0) }'; then ok; else
        printf '%s\n' "$out" | grep -E '✗' | head -20
        bad "$u.service exposure ${level:-unknown} > 4.0"
    fi
    verify=$(systemd-analyze verify "$f" 2>&1 | grep -v -e 'is not executable' -e "Command 'man ")
    [ -z "$verify" ] && ok || bad "$u.service: $verify"
    grep -q '^UMask=0077$' "$f" && ok || bad "$u.service: no UMask=0077"
    grep -q '^CapabilityBoundingSet=$' "$f" && ok || bad "$u.service: capabilities kept"
done
k="$units/kiosk.service"
grep -q '^User=kiosk$' "$k" && ok || bad "kiosk.service does not run as kiosk"
grep -q '^ProtectSystem=strict$' "$k" && ok || bad "kiosk.service: ProtectSystem is not strict"
grep -q '^ReadWritePaths=/etc/kiosk$' "$k" && ok || bad "kiosk.service cannot save /etc/kiosk"
grep -q '^ReadWritePaths=/var/lib/kiosk$' "$k" && ok || bad "kiosk.service cannot write its data"
# StateDirectory= would chown a foreign /var/lib/kiosk to the kiosk user: the package never
# takes a data folder over silently.
grep -q '^StateDirectory=' "$k" && bad "kiosk.service takes /var/lib/kiosk over (StateDirectory=)" || ok
grep -q '^Conflicts=getty@tty1.service$' "$k" && ok || bad "kiosk.service does not take tty1"
grep -q '^TTYPath=/dev/tty1$' "$k" && ok || bad "kiosk.service has no terminal"
grep -q '^WatchdogSec=' "$k" && ok || bad "kiosk.service: no watchdog"
c="$units/casehub.service"
grep -q '^User=casehub$' "$c" && ok || bad "casehub.service does not run as its own user"
grep -q '^PrivateDevices=yes$' "$c" && ok || bad "casehub.service sees devices"
grep -q '^StateDirectory=' "$c" && bad "casehub.service takes /var/lib/casehub over (StateDirectory=)" || ok
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
