#!/usr/bin/env bash
# casehub's department console in headless Chromium (tests/server/console/console.mjs): a case
# submitted through the API (standing in for a kiosk) is accepted and completed by a member of
# staff; then the kiosk's status API and the phone page show it. Skips (77) only without
# casehub (no libmicrohttpd); without chromium, node or the npm packages it FAILS (a console
# that was never tested must not look green): scripts/setup.d/casehub.sh installs them.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
[ -n "${CASEHUB_BIN:-}" ] && [ -x "$CASEHUB_BIN" ] || { echo "casehub not built"; exit 77; }
[ -x /usr/bin/chromium ] || { echo "chromium missing (apt-get install chromium)"; echo "0 passed, 1 failed"; exit 1; }
command -v node >/dev/null || { echo "node missing (apt-get install nodejs)"; echo "0 passed, 1 failed"; exit 1; }
[ -d "$here/console/node_modules/playwright-core" ] || { echo "run scripts/setup.d/casehub.sh"; echo "0 passed, 1 failed"; exit 1; }
KIOSKCTL_BIN="${KIOSKCTL_BIN:-${KIOSK_BUILD:-build/release}/kioskctl}"

passed=0 failed=0
check() { # check "what" command...
  local what="$1"; shift
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $what"; fi
}

tmp="$(mktemp -d)"
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null; rm -rf "$tmp"; }
trap cleanup EXIT
data="$tmp/data"
token="$("$CASEHUB_BIN" --data "$data" kiosk add hall-1 | tail -n 1)"
echo 'correct horse battery' | "$CASEHUB_BIN" --data "$data" user add wang --department veterans >/dev/null
check "user add" test $? -eq 0

# a port of our own: derived from the PID, tried until casehub listens
for try in 0 1 2 3 4 5 6 7; do
  port=$((20000 + ($$ * 7 + try * 131) % 20000))
  "$CASEHUB_BIN" --listen "127.0.0.1:$port" --data "$data" 2>"$tmp/hub.log" &
  pid=$!
  for _ in $(seq 1 100); do
    curl -s -o /dev/null "http://127.0.0.1:$port/console/login" && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.05
  done
  kill -0 "$pid" 2>/dev/null && break
  wait "$pid" 2>/dev/null; pid=""
done
[ -n "$pid" ] || { echo "casehub did not start"; cat "$tmp/hub.log"; exit 1; }
base="http://127.0.0.1:$port"

code="$("$KIOSKCTL_BIN" code make 5 42)"
qr="ABCDEFGHJKMNPQRS"
uuid="5f0c3a1e-8d2b-4c6e-9f10-2a3b4c5d6e7f"
# a 4x4 PNG page (the scanned material)
printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR4nGP4z8CAB+GTG8HSALfKY52fTcuYAAAAAElFTkSuQmCC' | base64 -d >"$tmp/page.png"
sha="$(sha256sum "$tmp/page.png" | cut -c1-64)"
size="$(stat -c %s "$tmp/page.png")"
# the applicant's signature (attachment material 0, a 1x1 PNG)
printf '%s' 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==' | base64 -d >"$tmp/sig.png"
ssha="$(sha256sum "$tmp/sig.png" | cut -c1-64)"
ssize="$(stat -c %s "$tmp/sig.png")"
now_ms="$(($(date +%s) * 1000))"
cat >"$tmp/case.json" <<JSON
{"uuid":"$uuid","code":"$code","token":"$qr","kiosk_id":5,"district":"dongsheng",
 "created_ms":$now_ms,"matters":[1,3],
 "form":{"name":"张三明","sex":"1","phone":"13812345678","id_number":"150102199003071234"},
 "attachments":[{"material":2,"sha256":"$sha","size":$size,"mime":"image/png"},
                {"material":0,"sha256":"$ssha","size":$ssize,"mime":"image/png"}]}
JSON
H="Authorization: Bearer $token"
st="$(curl -s -o "$tmp/r1" -w '%{http_code}' -X POST -H "$H" -H 'Content-Type: application/json' \
      -H "Idempotency-Key: $uuid" --data-binary @"$tmp/case.json" "$base/api/v1/cases")"
check "create 201 ($st)" test "$st" = 201
st="$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "$H" -H 'Content-Type: application/octet-stream' \
      --data-binary @"$tmp/page.png" "$base/api/v1/blobs/$sha")"
check "upload 201 ($st)" test "$st" = 201
st="$(curl -s -o /dev/null -w '%{http_code}' -X PUT -H "$H" -H 'Content-Type: application/octet-stream' \
      --data-binary @"$tmp/sig.png" "$base/api/v1/blobs/$ssha")"
check "signature upload 201 ($st)" test "$st" = 201
st="$(curl -s -o /dev/null -w '%{http_code}' -X POST -H "$H" -H 'Content-Type: application/json' \
      -d '{}' "$base/api/v1/cases/$uuid/complete")"
check "complete 200 ($st)" test "$st" = 200

# the window (综合受理窗口) verifies the originals, which routes the matters to departments
echo 'window password' | "$CASEHUB_BIN" --data "$data" user add zhao --department window >/dev/null
wjar="$tmp/wjar"
curl -s -o /dev/null -c "$wjar" -d 'user=zhao&password=window+password' "$base/console/login"
wpage="$(curl -s -b "$wjar" "$base/console/case/$code")"
check "the window sees the verify button" grep -q 'id="verify"' <<<"$wpage"
wcsrf="$(grep -o 'name="csrf" value="[0-9a-f]*"' <<<"$wpage" | head -n 1 | sed 's/.*value="//; s/"//')"
curl -s -o /dev/null -b "$wjar" -d "csrf=$wcsrf" "$base/console/case/$code/verify"
check "the window verified the originals" grep -q '"matter":1,"status":"routed"' <<<"$(curl -s "$base/api/v1/status/$code?t=$qr")"

(cd "$here/console" && node console.mjs "$base" wang 'correct horse battery' "$code" "$qr")
check "console in chromium" test $? -eq 0

status="$(curl -s "$base/api/v1/status/$code?t=$qr")"
check "status API shows matter 1 completed" grep -q '"matter":1,"status":"completed"' <<<"$status"
check "status API carries the result" grep -q '已接收报到' <<<"$status"
check "status API: matter 3 still waits" grep -q '"matter":3,"status":"routed"' <<<"$status"
phone="$(curl -s "$base/s/$code?t=$qr")"
check "phone page shows 已办结" grep -q '已办结' <<<"$phone"
check "phone page masks the name" grep -q '张\*明' <<<"$phone"
for _ in $(seq 1 100); do grep -q '已办结' "$data/notifications.log" 2>/dev/null && break; sleep 0.05; done
check "an SMS was written to the log notifier" grep -q '13812345678.*已办结' "$data/notifications.log"


# departments act only on their own matters; forms need the session's CSRF token
echo 'another good password' | "$CASEHUB_BIN" --data "$data" user add li --department police >/dev/null
jar="$tmp/jar"
curl -s -o /dev/null -c "$jar" -d 'user=li&password=another+good+password' "$base/console/login"
page="$(curl -s -b "$jar" "$base/console/case/$code")"
csrf="$(grep -o 'name="csrf" value="[0-9a-f]*"' <<<"$page" | head -n 1 | sed 's/.*value="//; s/"//')"
check "police sees the case" grep -q 'id="do-3-accepted"' <<<"$page"
check "police has no action on matter 1" bash -c '! grep -q "id=\"do-1-" <<<"$1"' _ "$page"
st="$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" -d 'action=accepted' "$base/console/case/$code/matter/3")"
check "an action without the CSRF token is refused ($st)" test "$st" = 403
curl -s -o /dev/null -b "$jar" -d "csrf=$csrf&action=rejected&note=x" "$base/console/case/$code/matter/1"
check "police cannot change matter 1" grep -q '"matter":1,"status":"completed"' <<<"$(curl -s "$base/api/v1/status/$code?t=$qr")"
curl -s -o /dev/null -b "$jar" -d "csrf=$csrf&action=supplement&note=%E6%88%B7%E5%8F%A3%E6%B3%A8%E9%94%80%E8%AF%81%E6%98%8E" "$base/console/case/$code/matter/3"
status="$(curl -s "$base/api/v1/status/$code?t=$qr")"
check "police asks for supplement on matter 3" grep -q '"matter":3,"status":"supplement","updated_ms":[0-9]*,"note":"户口注销证明"' <<<"$status"
check "the case is in progress" grep -q '"state":"in_progress"' <<<"$status"
st="$(curl -s -o /dev/null -w '%{http_code}' "$base/console/case/$code")"
check "the console without a session redirects ($st)" test "$st" = 303

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
