#!/usr/bin/env bash
# tests/app/ctl/test_ctl_core.sh: the core kioskctl commands as operators and scripts use them
# (id-check, deadline, materials, code, service check), against the shipped assets.
set -u
: "${KIOSKCTL_BIN:?}" "${KIOSK_SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cfg="$tmp/kiosk.conf"
cat >"$cfg" <<CONF
service.file = $KIOSK_SRC/assets/services/veteran-discharge.json
calendar.dir = $KIOSK_SRC/assets/calendar
paths.data_dir = $tmp
CONF
k() { "$KIOSKCTL_BIN" --config "$cfg" "$@"; }
pass=0 fail=0
row() { # row N DESCRIPTION EXPECTED_RC EXPECTED_STDOUT_FIRST_LINE -- command...
    local n=$1 desc=$2 want_rc=$3 want_out=$4
    shift 5
    local out rc
    out=$(k "$@" 2>"$tmp/err")
    rc=$?
    local first=${out%%$'\n'*}
    if [ "$rc" = "$want_rc" ] && { [ "$want_out" = "*" ] || [ "$first" = "$want_out" ]; }; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL row $n ($desc): rc=$rc want $want_rc; first line \"$first\" want \"$want_out\"" >&2
        sed 's/^/  stderr: /' "$tmp/err" >&2
    fi
}
# id-check
row 1 "valid with X" 0 "valid" -- id-check 11010519491231002X
row 2 "lower-case x" 0 "valid" -- id-check 11010519491231002x
row 3 "valid Ordos" 0 "valid" -- id-check 150602199003071234
row 4 "check char" 1 "invalid: 身份证号有误（校验位不符），请逐位核对" -- id-check 360426199101010072
row 5 "length" 1 "invalid: 身份证号应为18位" -- id-check 15060219900307123
row 6 "birth date" 1 "invalid: 身份证号中的出生日期不存在" -- id-check 150621200302290017
row 7 "letters" 1 "invalid: 身份证号只能是数字，最后一位可以是X" -- id-check 1506021990030712A4
row 8 "no argument" 2 "" -- id-check
# deadline (27 working days by default; research §3.6 examples)
row 9 "default 27 days" 0 "2026-11-12" -- deadline 2026-09-30
row 10 "adjusted Saturday" 0 "2026-03-30" -- deadline 2026-02-13
row 11 "one day over 调休" 0 "2026-02-14" -- deadline 2026-02-13 --days 1
row 12 "over National Day" 0 "2026-10-08" -- deadline 2026-09-30 --days 1
row 13 "bad date" 2 "" -- deadline 2026-02-30
row 14 "bad days" 2 "" -- deadline 2026-02-10 --days 0
row 15 "past the tables" 0 "2027-01-07" -- deadline 2026-12-01
out=$(k deadline 2026-12-01 | sed -n 2p)
case "$out" in *2026*) pass=$((pass + 1)) ;; *) fail=$((fail + 1)); echo "FAIL row 16: warning line \"$out\"" >&2 ;; esac
out=$(k deadline 2026-09-30 | wc -l)
[ "$out" = 1 ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 17: extra lines" >&2; }
# materials
mat() { k materials "$@" 2>/dev/null | awk '{print $1}' | paste -sd, -; }
check_mat() {
    local n=$1 want=$2
    shift 2
    local got
    got=$(mat "$@")
    if [ "$got" = "$want" ]; then pass=$((pass + 1)); else
        fail=$((fail + 1)); echo "FAIL row $n: materials $* = $got, want $want" >&2; fi
}
check_mat 18 "1,2,3,4" --matters 1
check_mat 19 "1,2,3,4,5,6,8,9" --matters 1,3,7 --settle-by residence
check_mat 20 "1,2,3,4,5,7,8,9" --matters 1,3,7 --settle-by relative
check_mat 21 "1,2,3,4,5,8" --matters 3
check_mat 22 "1,2,3,4,10,11,12" --matters 6
check_mat 23 "1,2,3,4,9" --matters medical_transfer
check_mat 24 "1,2,3,4" --matters 6 --answer pension_funds=not_arrived
check_mat 25 "1,2,3,4,5,7,8,9,10,11,12" --matters 1,2,3,4,5,6,7,8 --settle-by residence --answer settle_by=relative  # the last answer wins
k materials --matters 6 --answer pension_funds=not_arrived 2>"$tmp/err" >/dev/null
grep -q "到账后才能办理" "$tmp/err" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 26: blocked matter not explained" >&2; }
# issue 16: the rules as the kiosk applies them (the preconditions answered as on the kiosk).
ok_answers=(--answer eligible=yes --answer reserve_registered=yes --answer discharge_done=yes --answer medical_balance=no)
# Declined (不办理此项): pension not applied for, its materials not needed.
check_mat 46 "1,2,3,4" --matters 1,6 --answer pension_funds=not_needed
k materials --matters 1,6 "${ok_answers[@]}" --answer pension_funds=not_needed 2>"$tmp/err" >/dev/null
{ grep -q "申请：退役士兵报到接收" "$tmp/err" && ! grep -q "申请：军地养老" "$tmp/err" && grep -q "不办理此项" "$tmp/err"; } &&
    pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 47: declined: $(cat "$tmp/err")" >&2; }
# Funds not arrived: explained with what to do even when not chosen.
k materials --matters 1 --answer pension_funds=not_arrived 2>"$tmp/err" >/dev/null
grep -q "本次可先办理其他事项" "$tmp/err" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 48: not now: $(cat "$tmp/err")" >&2; }
# The subsidy needs 报到接收.
k materials --matters 2 "${ok_answers[@]}" --answer pension_funds=arrived 2>"$tmp/err" >/dev/null
{ grep -q "须同时选择“退役士兵报到接收”" "$tmp/err" && ! grep -q "申请：" "$tmp/err"; } &&
    pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 49: requires: $(cat "$tmp/err")" >&2; }
k materials --matters 1,2 "${ok_answers[@]}" --answer pension_funds=arrived 2>"$tmp/err" >/dev/null
grep -q "申请：退役士兵自主就业一次性经济补助金的给付" "$tmp/err" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 50: requires met: $(cat "$tmp/err")" >&2; }
# The relation settles the way of restoring the household; originals marked as the plan does.
check_mat 51 "1,2,3,4,5,6,8" --matters 3 --relation self
check_mat 52 "1,2,3,4,5,7,8" --matters 3 --relation spouse
row 53 "bad relation" 2 "" -- materials --matters 3 --relation cousin
out=$(k materials --matters 1 2>/dev/null)
{ echo "$out" | grep -qx "1 预备役登记证明" && echo "$out" | grep -qx "2 退伍证（原件）"; } &&
    pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 54: original marks: $out" >&2; }
row 27 "matter out of range" 2 "" -- materials --matters 9
row 28 "bad settle-by" 2 "" -- materials --matters 3 --settle-by cousin
row 29 "no matters" 2 "" -- materials
# tracking codes
code=$(k code make 7 1234)
row 30 "check a made code" 0 "valid" -- code check "$code"
compact=$(echo "$code" | tr -d '-')
row 31 "compact form" 0 "valid" -- code check "$compact"
lower=$(echo "$code" | tr 'A-Z' 'a-z')
row 32 "lower case" 0 "valid" -- code check "$lower"
last=${compact: -1}
other=$([ "$last" = "A" ] && echo B || echo A)
row 33 "changed check char" 1 "*" -- code check "${compact%?}$other"
row 34 "malformed" 1 "*" -- code check "K12"
row 35 "bad kiosk" 2 "" -- code make 0 1
row 36 "make is stable" 0 "$code" -- code make 7 1234
url="https://yjs.ordos.example/s/$code?t=CNX54C9CKR6S88EF"
row 42 "QR URL" 0 "valid" -- code check "$url"
row 43 "QR URL of another site" 1 "*" -- code check "https://evil.example/s/$code?t=CNX54C9CKR6S88EF"
row 44 "QR URL, code altered" 1 "*" -- code check "https://yjs.ordos.example/s/${compact%?}$other?t=CNX54C9CKR6S88EF"
# service check
row 37 "shipped file" 0 "*" -- service check
row 38 "shipped file by path" 0 "*" -- service check "$KIOSK_SRC/assets/services/veteran-discharge.json"
sed 's/"department": "police"/"department": "polis"/' "$KIOSK_SRC/assets/services/veteran-discharge.json" >"$tmp/bad.json"
row 39 "broken file" 1 "" -- service check "$tmp/bad.json"
grep -q 'E805: .*bad.json: \$.matters\[2\].department' "$tmp/err" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 40: error text: $(cat "$tmp/err")" >&2; }
row 41 "missing file" 1 "" -- service check "$tmp/none.json"
k service check >"$tmp/out" 2>"$tmp/err"
grep -q "1 个事项须同时申请其他事项，2 个回答为“不办理此项”" "$tmp/out" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 55: rules summary: $(cat "$tmp/out")" >&2; }
# The city level has no phone in the plan: service check says the hall phone is needed.
cp "$cfg" "$tmp/city.conf"
echo "kiosk.district = city" >>"$tmp/city.conf"
"$KIOSKCTL_BIN" --config "$tmp/city.conf" service check >/dev/null 2>"$tmp/err"
grep -q "hall.phone" "$tmp/err" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 56: city phone: $(cat "$tmp/err")" >&2; }
echo "hall.phone = 0477-8888888" >>"$tmp/city.conf"
"$KIOSKCTL_BIN" --config "$tmp/city.conf" service check >/dev/null 2>"$tmp/err"
[ ! -s "$tmp/err" ] && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 57: city with hall phone: $(cat "$tmp/err")" >&2; }
# A definition naming an icon the kiosk does not have: the check fails and names it (the
# matters screen would show the matter without it).
sed 's/"icon": "icon-household"/"icon": "icon-nothere"/' "$KIOSK_SRC/assets/services/veteran-discharge.json" >"$tmp/noicon.json"
row 58 "icon missing" 1 "*" -- service check "$tmp/noicon.json"
grep -q '图片.*E918: picture icon-nothere missing' "$tmp/err" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 59: icon error: $(cat "$tmp/err")" >&2; }
echo "kiosk.district = nowhere" >>"$cfg"
row 45 "configured district not in the file" 1 "" -- service check
grep -q "nowhere" "$tmp/err" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL row 46: district error: $(cat "$tmp/err")" >&2; }
# Every catalogue key the core and its commands use exists in assets/ui/strings/core.json.
for key in $(grep -rhoE '"core\.[a-z_.]+"' "$KIOSK_SRC"/app/core "$KIOSK_SRC"/app/ctl/cmd_{code,deadline,id_check,materials,service}.c | sort -u | tr -d '"'); do
    grep -q "\"$key\":" "$KIOSK_SRC/assets/ui/strings/core.json" && pass=$((pass + 1)) || { fail=$((fail + 1)); echo "FAIL: string $key missing from core.json" >&2; }
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
