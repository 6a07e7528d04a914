# tests/drivers/idcard/test_ctl_idcard.sh: `kioskctl idcard decode` on kept reply frames (raw
# and hex, all four fictional cards, every failure kind) and `kioskctl idcard read` on the sim.
set -u
D="$KIOSK_SRC/tests/drivers/idcard/data"
pass=0 fail=0
ok() { pass=$((pass + 1)); }
bad() { fail=$((fail + 1)); echo "FAIL: $*"; }
expect() { # expect NAME RC PATTERN -- args
    local name=$1 rc=$2 pat=$3; shift 4
    local out; out=$("$KIOSKCTL_BIN" "$@" 2>&1); local got=$?
    if [ "$got" = "$rc" ] && printf '%s' "$out" | grep -q -- "$pat"; then ok; else bad "$name (rc $got): $out"; fi
}
expect card0 0 '"name":"张堃","sex":"male","ethnicity":"汉","birth":"1990-03-07"' -- idcard decode "$D/card0_3001.bin"
expect card0-long 0 '"valid_to":"long-term"' -- idcard decode "$D/card0_3001.bin"
expect card0-addr 0 '"address":"广东省深圳市南山区科技园南区高新南一道九号创维半导体设计大厦西座三十八"' -- idcard decode "$D/card0_3010.hex"
expect card1 0 '"ethnicity":"蒙古"' -- idcard decode "$D/card1_3010.hex"
expect card1-id 0 '"id_number":"15010219851122002X"' -- idcard decode "$D/card1_3001.bin"
expect card2 0 '"type":"hk_macau_taiwan_permit".*"permit_number":"H12345678","issue_count":"01"' -- idcard decode "$D/card2_3001.bin"
expect card3 0 '"type":"foreign_permanent_resident".*"english_name":"SMITH JOHN","nationality":"USA"' -- idcard decode "$D/card3_3010.hex"
expect checksum 1 '^error: E302 checksum' -- idcard decode "$D/bad_checksum.bin"
expect truncated 1 '^error: E301 framing' -- idcard decode "$D/truncated.bin"
expect sw41 1 '^error: E303 SW3 0x41$' -- idcard decode "$D/sw41.hex"
expect sw41-zh 1 '^E303: 阅读器报告：读证/卡操作失败（状态码 0x41）$' -- idcard decode "$D/sw41.hex"
expect unknown 1 '^error: E304.*unknown card type' -- idcard decode "$D/unknown_type.bin"
expect missing 1 '^error: cannot open' -- idcard decode "$D/nonexistent"
lines=$("$KIOSKCTL_BIN" idcard decode "$D/sw41.hex" 2>/dev/null | wc -l)
[ "$lines" = 1 ] && ok || bad "error is not one line"
# one language per line: the English line on stdout, the Chinese one on stderr
zh=$("$KIOSKCTL_BIN" idcard decode "$D/bad_checksum.bin" 2>&1 >/dev/null)
[ "$zh" = "E302: 阅读器返回的数据校验错误" ] && ok || bad "checksum: Chinese line \"$zh\""
cfg=$(mktemp -d)
printf 'idcard.driver = sim\n' > "$cfg/kiosk.conf"
expect read-masked 0 '"id_number":"8100\*\*\*\*\*\*\*\*\*\*0012"' -- --config "$cfg/kiosk.conf" idcard read --device card=2
expect read-reveal 0 '"id_number":"440305199003070014"' -- --config "$cfg/kiosk.conf" idcard read --device card=0 --reveal
expect usage 2 '用法' -- idcard
rm -rf "$cfg"
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
