#!/usr/bin/env bash
# The Debian package: built with CPack from this build tree, unpacked into a scratch root, its
# contents and maintainer script checked, and the unpacked kioskctl run from there (it finds
# its assets beside itself) with `doctor` on simulated devices.
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
version=$("$KIOSKCTL_BIN" --version | awk '{print $2}')
(cd "$KIOSK_BUILD" && cpack -G DEB -B "$tmp/pkg" >"$tmp/cpack.log" 2>&1) || { cat "$tmp/cpack.log"; }
deb="$tmp/pkg/kiosk_${version}_amd64.deb"
[ -f "$deb" ] && ok || bad "no package $deb"
dpkg-deb -I "$deb" >"$tmp/info" 2>&1 && ok || bad "dpkg-deb -I"
grep -q '^ Package: kiosk' "$tmp/info" && ok || bad "package name"
grep -q 'postinst' "$tmp/info" && ok || bad "postinst missing"
root="$tmp/root"
dpkg-deb -x "$deb" "$root" && ok || bad "dpkg-deb -x"
for f in usr/bin/kiosk usr/bin/kioskctl usr/lib/systemd/system/kiosk.service \
  usr/lib/udev/rules.d/70-kiosk.rules etc/kiosk/kiosk.conf \
  usr/share/kiosk/ime/build/kiosk_pinyin.table.bin usr/share/kiosk/ime/shared/luna_pinyin.dict.yaml \
  usr/share/kiosk/assets/fonts/NotoSansSC-GBK.otf usr/share/kiosk/assets/fonts/OFL.txt \
  usr/share/kiosk/assets/ui/theme.json usr/share/kiosk/kiosk.conf.example; do
  { [ -e "$root/$f" ] || [ -L "$root/$f" ]; } && ok || bad "package lacks $f"
done
# The drawn pictures ship as PNGs with the assets (their SVG sources stay in the tree): those
# the screens draw and every icon the service definition names.
pics="kiosk-reader kiosk-scanner kiosk-camera kiosk-receipt reader idcard icon-lookup"
pics="$pics $(grep -o '"icon": "[a-z0-9_-]*"' "$KIOSK_SRC/assets/services/veteran-discharge.json" | cut -d'"' -f4)"
for n in $pics; do
  [ -s "$root/usr/share/kiosk/assets/ui/pictures/$n.png" ] && ok || bad "package lacks picture $n"
done
[ -z "$(find "$root/usr/share/kiosk/assets" -name '*.svg')" ] && ok || bad "package ships SVG sources"
grep -q '^WatchdogSec=' "$root/usr/lib/systemd/system/kiosk.service" && ok || bad "no watchdog"
grep -q '^Restart=always' "$root/usr/lib/systemd/system/kiosk.service" && ok || bad "no restart"
grep -q '^User=kiosk' "$root/usr/lib/systemd/system/kiosk.service" && ok || bad "runs as root"
dpkg-deb -e "$deb" "$tmp/ctl" && ok || bad "dpkg-deb -e"
for s in postinst prerm postrm; do sh -n "$tmp/ctl/$s" && ok || bad "$s syntax"; done
grep -qx '/etc/kiosk/kiosk.conf' "$tmp/ctl/conffiles" && ok || bad "kiosk.conf is not a conffile"
# Depends from dpkg-shlibdeps: every library the binaries link, and the rime data.
depends=$(dpkg-deb -f "$deb" Depends)
for p in libc6 librime1 libsane1 libhpdf libturbojpeg0 libsdl2-2.0-0 libusb-1.0-0 libzint \
  rime-data-luna-pinyin adduser; do
  grep -q "$p" <<<"$depends" && ok || bad "Depends lacks $p: $depends"
done
grep -q libmicrohttpd <<<"$depends" && bad "kiosk depends on casehub's libmicrohttpd" || ok
# Imports and saves go to writable places, never /usr/share.
grep -q '^calendar.dir = /var/lib/kiosk/calendar$' "$root/etc/kiosk/kiosk.conf" && ok ||
  bad "shipped configuration imports holiday tables outside /var/lib/kiosk"
grep -q '^ime.data_dir = /usr/share/kiosk/ime$' "$root/etc/kiosk/kiosk.conf" && ok ||
  bad "shipped configuration does not name the packaged IME data"
# udev: HID-POS scanners opened by libusb (their usb_device node) reach the kiosk user.
grep -q 'DEVTYPE}=="usb_device", ATTR{idVendor}=="1eab", MODE="0660", GROUP="kiosk"' \
  "$root/usr/lib/udev/rules.d/70-kiosk.rules" && ok || bad "no udev rule for HID-POS scanners via libusb"
grep -q 'udevadm trigger' "$tmp/ctl/postinst" && ok || bad "postinst does not re-trigger udev"
grep -q '^SupplementaryGroups=.*scanner' "$root/usr/lib/systemd/system/kiosk.service" && ok ||
  bad "kiosk.service lacks the SANE group scanner"
# The unpacked binaries run from the scratch root, finding their assets beside themselves.
"$root/usr/bin/kioskctl" --version | grep -q "$version" && ok || bad "unpacked kioskctl"
cat >"$tmp/kiosk.conf" <<CONF
paths.data_dir = $tmp/data
backend.url = http://127.0.0.1:9
CONF
env -u KIOSK_ASSETS "$root/usr/bin/kioskctl" --config "$tmp/kiosk.conf" doctor >"$tmp/doctor" 2>&1
rc=$?
cat "$tmp/doctor"
grep -q "$root/usr/share/kiosk/assets" "$tmp/doctor" && ok || bad "doctor did not use the packaged assets"
# The backend on port 9 is unreachable, so doctor must say so and exit non-zero.
[ "$rc" -ne 0 ] && ok || bad "doctor passed with an unreachable backend"
grep -q '后台' "$tmp/doctor" && ok || bad "doctor does not report the backend"
# The package's own IME data, found through the shipped configuration's ime.data_dir. Its
# links to Debian's rime data are relative: the dependencies (installed on this machine) are
# linked into the scratch root, as apt would have installed them beside the package.
for d in rime-data opencc; do [ -e "/usr/share/$d" ] && ln -s "/usr/share/$d" "$root/usr/share/$d"; done
[ -z "$(find "$root/usr/share/kiosk/ime" -lname '/*')" ] && ok || bad "absolute links in the IME data"
printf 'ime.data_dir = %s\n' "$root/usr/share/kiosk/ime" >>"$tmp/kiosk.conf"
env -u KIOSK_ASSETS "$root/usr/bin/kioskctl" --config "$tmp/kiosk.conf" doctor >"$tmp/doctor" 2>&1
grep -q '^\[正常\] 输入法：.*你好' "$tmp/doctor" && ok || { cat "$tmp/doctor"; bad "doctor: packaged IME not working"; }
# doctor checks the IME (missing data) and every configured device (a printer that is absent).
mkdir -p "$tmp/noime"
cat >"$tmp/broken.conf" <<CONF
paths.data_dir = $tmp/data
backend.url = http://127.0.0.1:9
ime.data_dir = $tmp/noime
printer.driver = lp
printer.device = $tmp/no-such-lp0
CONF
env -u KIOSK_ASSETS "$root/usr/bin/kioskctl" --config "$tmp/broken.conf" doctor >"$tmp/doctor2" 2>&1
grep -q '^\[异常\] 输入法：' "$tmp/doctor2" && ok || { cat "$tmp/doctor2"; bad "doctor: missing IME not reported"; }
grep -q "^\[异常\] 回执打印机：lp $tmp/no-such-lp0" "$tmp/doctor2" && ok ||
  { cat "$tmp/doctor2"; bad "doctor: absent printer not reported"; }
grep -q '^\[正常\] 身份证阅读器：sim' "$tmp/doctor2" && ok || bad "doctor: simulated reader not reported"
env -u DISPLAY -u KIOSK_ASSETS SDL_VIDEODRIVER=dummy "$root/usr/bin/kiosk" --config "$tmp/kiosk.conf" \
  --headless --frames 1 --out "$tmp/shots" 2>/dev/null && [ -s "$tmp/shots/001_attract.png" ] && ok ||
  bad "unpacked kiosk did not draw its first screen"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
