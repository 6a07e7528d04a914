#!/usr/bin/env bash
# The Debian packages installed into a clean Debian 12 root: the .debs are built with CPack
# from this build tree, a minimal bookworm root is bootstrapped with mmdebstrap from the
# machine's own Debian mirror (cached as a tarball under build/deploy-cache, so only the first
# run downloads it), the packages are installed there with apt (so their Depends must be
# complete: nothing but minbase is in the root), and the installed kiosk is started as user
# kiosk with the dummy video driver: it reaches the attract screen, and the pinyin keyboard
# types 张三 from "zhangsan". Runs as root (chroot, mount) inside its own mount namespace.
# Environment: KIOSK_BUILD (the build tree), KIOSK_SRC; DEPLOY_CACHE overrides the cache.
set -u
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
finish() {
    echo "$pass passed, $fail failed"
    [ "$fail" -eq 0 ]
    exit
}
if [ "$(id -u)" -ne 0 ]; then
    echo "needs root (chroot, mount): skipped"
    exit 77
fi
for t in mmdebstrap chroot unshare cpack; do
    command -v "$t" >/dev/null || { bad "$t is not installed (scripts/deps/deploy.txt)"; finish; }
done
# Re-run inside a private mount namespace: every mount below goes away with the process.
if [ -z "${DEPLOY_NS:-}" ]; then
    DEPLOY_NS=1 exec unshare -m --propagation private bash "$0" "$@"
fi

build=$(cd "$KIOSK_BUILD" && pwd)
src=${KIOSK_SRC:-$(cd "$(dirname "$0")/../.." && pwd)}
cache=${DEPLOY_CACHE:-$src/build/deploy-cache}
work="$build/deploy-root"
root="$work/root"
mkdir -p "$cache/archives" "$work"
rm -rf "$work/pkg"

# 1. The packages.
(cd "$build" && cpack -G DEB -B "$work/pkg" >"$work/cpack.log" 2>&1) || {
    cat "$work/cpack.log"
    bad "cpack failed"
    finish
}
mapfile -t debs < <(find "$work/pkg" -maxdepth 1 -name '*.deb' ! -name '*-dbgsym*' | sort)
[ "${#debs[@]}" -ge 1 ] && ok || { bad "cpack made no package"; finish; }

# 2. The clean root, bootstrapped once per mirror list (the machine's Debian sources).
mirrors=(
    "deb http://deb.debian.org/debian bookworm main"
    "deb http://deb.debian.org/debian bookworm-updates main"
    "deb http://deb.debian.org/debian-security bookworm-security main"
)
key=$(printf '%s\n' "${mirrors[@]}" | sha256sum | cut -c1-12)
tarball="$cache/bookworm-minbase-$key.tar"
(
    flock 9
    if [ ! -s "$tarball" ]; then
        echo "bootstrapping a bookworm root into $tarball (once)"
        mmdebstrap --variant=minbase --include=ca-certificates bookworm "$tarball.tmp.tar" \
            "${mirrors[@]}" >"$cache/mmdebstrap.log" 2>&1 && mv "$tarball.tmp.tar" "$tarball" ||
            { cat "$cache/mmdebstrap.log"; rm -f "$tarball.tmp.tar"; }
    fi
) 9>"$cache/lock"
[ -s "$tarball" ] && ok || { bad "no bootstrapped root"; finish; }
# The root lives in memory (a tmpfs gone with the namespace): unpacking, installing and
# throwing it away cost no disk writes.
mkdir -p "$root"
mount -t tmpfs -o size=3g,mode=0755 tmpfs "$root" || bad "mounting a tmpfs for the root"
tar -C "$root" -xf "$tarball" && ok || { bad "unpacking the root"; finish; }
echo "root unpacked after ${SECONDS}s"
# dpkg need not fsync into a throw-away root.
echo force-unsafe-io >"$root/etc/dpkg/dpkg.cfg.d/unsafe-io"
mount -t proc proc "$root/proc" || bad "mounting /proc"
mount -t tmpfs tmpfs "$root/tmp" || bad "mounting /tmp"
cp /etc/resolv.conf "$root/etc/resolv.conf"
# Downloaded .debs are kept between runs (a cache only: apt still resolves every dependency
# from the packages' control files).
cp -n "$cache/archives/"*.deb "$root/var/cache/apt/archives/" 2>/dev/null
in_root() { chroot "$root" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

# A data folder that is not the package's: casehub's, made by someone else before installing.
# It must be left as it is (and said so), and survive a purge.
mkdir -p "$root/var/lib/casehub"
echo precious >"$root/var/lib/casehub/notes.txt"

# 3. Install with apt, as a technician would.
for d in "${debs[@]}"; do cp "$d" "$root/tmp/"; done
names=()
for d in "${debs[@]}"; do names+=("/tmp/$(basename "$d")"); done
in_root apt-get update -qq >"$work/apt.log" 2>&1 || bad "apt-get update"
if in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
    "${names[@]}" >>"$work/apt.log" 2>&1; then
    ok
else
    tail -30 "$work/apt.log"
    bad "apt-get install of ${names[*]}"
    finish
fi
cp -n "$root/var/cache/apt/archives/"*.deb "$cache/archives/" 2>/dev/null
echo "packages installed after ${SECONDS}s"
in_root dpkg -s kiosk >/dev/null 2>&1 && ok || bad "kiosk not installed"
[ "$(in_root stat -c %U /var/lib/casehub)" = root ] && ok || bad "casehub took over /var/lib/casehub"
grep -q 'NOT taken over' "$work/apt.log" && ok || bad "casehub did not say it left /var/lib/casehub alone"
in_root getent passwd kiosk >/dev/null && ok || bad "no kiosk user"

# 4. The installed kiosk as user kiosk with its installed configuration: the attract screen,
#    then the pinyin keyboard (a manual ID number leads to the form's name field).
cat >"$root/tmp/pinyin.script" <<'EOF'
expect-screen attract
screenshot attract
tap 办理业务
expect-screen notice
tap notice.answer.0
tap notice.answer.0
tap notice.answer.0
tap notice.answer.0
tap notice.answer.1
expect-screen idcard
tap idcard.manual
expect-screen idnum
type 150602199001011238
tap idnum.pad.ok
expect-screen form
tap form.field.0
expect-screen field
type zhangsan
screenshot pinyin
tap kbd.cand.0
tap kbd.ok
expect-screen form
expect-text 张三
EOF
mkdir -p "$root/tmp/out"
chown kiosk: "$root/tmp/out" 2>/dev/null || in_root chown kiosk:kiosk /tmp/out
in_root chroot --userspec=kiosk:kiosk / env HOME=/var/lib/kiosk SDL_VIDEODRIVER=dummy \
    SDL_AUDIODRIVER=dummy /usr/bin/kiosk --config /etc/kiosk/kiosk.conf --headless \
    --script /tmp/pinyin.script --out /tmp/out >"$work/kiosk.out" 2>&1
rc=$?
[ "$rc" -eq 0 ] && ok || {
    tail -20 "$work/kiosk.out"
    bad "installed kiosk as user kiosk: exit $rc"
}
[ -s "$root/tmp/out/001_attract.png" ] || [ -n "$(find "$root/tmp/out" -name '*attract*.png')" ] &&
    ok || bad "no attract screenshot"
[ -n "$(find "$root/tmp/out" -name '*pinyin*.png')" ] && ok || bad "no pinyin screenshot"
# Nothing the kiosk wrote is owned by root.
[ -z "$(find "$root/var/lib/kiosk" -user root 2>/dev/null)" ] && ok ||
    bad "root-owned files in /var/lib/kiosk: $(find "$root/var/lib/kiosk" -user root)"
# kioskctl as root in the installed system: it becomes the kiosk user, so what it creates
# (the database, keys) and the configuration it saves stay the kiosk's to open.
in_root kioskctl submit-sample >"$work/ctl.out" 2>&1 && ok || { cat "$work/ctl.out"; bad "kioskctl submit-sample as root"; }
in_root kioskctl config set hall.name 东胜区政务服务中心 >>"$work/ctl.out" 2>&1 && ok ||
    { cat "$work/ctl.out"; bad "kioskctl config set as root"; }
grep -q '^# /etc/kiosk/kiosk.conf' "$root/etc/kiosk/kiosk.conf" && ok || bad "config set lost the comments"
[ "$(in_root stat -c %a:%G /etc/kiosk/kiosk.conf)" = 660:kiosk ] && ok ||
    bad "config set left $(in_root stat -c %a:%U:%G /etc/kiosk/kiosk.conf)"
in_root kioskctl doctor >"$work/doctor.out" 2>&1
grep -q '^\[正常\] 输入法' "$work/doctor.out" && ok || { cat "$work/doctor.out"; bad "doctor does not check the IME"; }
[ -z "$(find "$root/var/lib/kiosk" -user root 2>/dev/null)" ] && ok ||
    bad "kioskctl as root left root-owned files: $(find "$root/var/lib/kiosk" -user root)"

# 5. Removal and purge: the user's data stays on remove, goes on purge.
in_root env DEBIAN_FRONTEND=noninteractive apt-get remove -y kiosk >>"$work/apt.log" 2>&1 && ok ||
    bad "apt-get remove"
[ -f "$root/etc/kiosk/kiosk.conf" ] && ok || bad "remove deleted the configuration"
in_root dpkg --purge kiosk >>"$work/apt.log" 2>&1 && ok || bad "dpkg --purge"
[ ! -e "$root/etc/kiosk/kiosk.conf" ] && ok || bad "purge left /etc/kiosk/kiosk.conf"
[ ! -e "$root/var/lib/kiosk" ] && ok || bad "purge left /var/lib/kiosk"
in_root dpkg --purge casehub >>"$work/apt.log" 2>&1 && ok || bad "dpkg --purge casehub"
[ -f "$root/var/lib/casehub/notes.txt" ] && ok || bad "purging casehub deleted a folder it did not own"

echo "done after ${SECONDS}s"
umount "$root/tmp" "$root/proc" "$root" 2>/dev/null
finish
