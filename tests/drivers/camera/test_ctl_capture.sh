#!/usr/bin/env bash
# kioskctl capture: grab from the simulated camera (cropped and raw), replay raw frames through
# the file source, process single images, and the rejections with their Chinese messages.
pass=0
fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
k() { "$KIOSKCTL_BIN" --config /dev/null "$@"; }
k capture grab "$tmp/page.jpg" --driver sim >"$tmp/out" && ok || bad "sim grab failed"
grep -qx 'angle 6.00' "$tmp/out" && ok || bad "sim angle: $(cat "$tmp/out")"
# The sim page is 960*0.8/1.414 = 543 x 768 pixels: within 2%.
read -r w h < <(sed -n 's/^page \([0-9]*\)x\([0-9]*\)$/\1 \2/p' "$tmp/out")
[ "${w:-0}" -ge 532 ] && [ "${w:-0}" -le 554 ] && [ "${h:-0}" -ge 753 ] && [ "${h:-0}" -le 784 ] && ok ||
  bad "page size $w x $h"
[ "$(head -c 2 "$tmp/page.jpg" | od -An -tx1 | tr -d ' ')" = ffd8 ] && ok || bad "not a JPEG"
mkdir "$tmp/frames"
k capture grab "$tmp/frames/f1.jpg" --driver sim --raw >/dev/null && ok || bad "raw grab"
k capture grab "$tmp/frames/f2.jpg" --driver sim --device 1600x1200 --raw >"$tmp/out" && ok || bad "raw grab 2"
grep -qx 'page 1600x1200' "$tmp/out" && ok || bad "raw frame size: $(cat "$tmp/out")"
k capture process "$tmp/frames/f1.jpg" "$tmp/p1.jpg" >"$tmp/out" && ok || bad "process raw frame"
grep -qx 'angle 6.00' "$tmp/out" && ok || bad "processed angle: $(cat "$tmp/out")"
k capture process "$tmp/frames/f1.jpg" "$tmp/p1c.jpg" --colour >/dev/null && ok || bad "colour"
# A cropped page has no desk around it: the page touches every edge.
k capture process "$tmp/page.jpg" "$tmp/x.jpg" >"$tmp/out" && bad "cropped page accepted" || ok
grep -q '材料超出拍摄区域' "$tmp/out" && ok || bad "cut-off message: $(cat "$tmp/out")"
head -c 5000 /dev/urandom >"$tmp/garbage.jpg"
k capture process "$tmp/garbage.jpg" "$tmp/x.jpg" 2>"$tmp/err" && bad "garbage accepted" || ok
grep -q '不是可识别的' "$tmp/err" && ok || bad "garbage message"
head -c 3000 "$tmp/frames/f1.jpg" >"$tmp/trunc.jpg"
k capture process "$tmp/trunc.jpg" "$tmp/x.jpg" >/dev/null 2>&1
[ $? -le 1 ] && ok || bad "truncated JPEG crashed"
# The file source replays the recorded frames; a still detector needs a sequence, so feed
# the same frame several times (an unmoving page) after an empty start.
k capture grab "$tmp/r.jpg" --driver file --device "$tmp/nonexistent" 2>"$tmp/err" && bad "missing folder" || ok
grep -q '无法使用' "$tmp/err" && ok || bad "missing folder message"
k capture grab "$tmp/r.jpg" --driver nosuch 2>/dev/null && bad "unknown driver accepted" || ok
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
