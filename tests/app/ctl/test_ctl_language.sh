#!/usr/bin/env bash
# tests/app/ctl/test_ctl_language.sh: kioskctl, and the kiosk on its console, speak one
# language per line (issue 18 item 8).
# A technician reads Chinese; a line that mixes Chinese with an English sentence (a library's
# or a validator's message pasted into a Chinese template) is half unreadable. Every line
# kioskctl prints, on stdout and stderr, over a table of ordinary and failing commands, is
# either Chinese (with command words, option names, configuration keys, paths, numbers and
# error codes allowed inside) or English; and a Chinese error line of a failed command carries
# its numbered code (E123：...), so the technician can look it up and the log can be searched.
set -u
: "${KIOSKCTL_BIN:?}" "${KIOSK_SRC:?}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cfg="$tmp/kiosk.conf"
cat >"$cfg" <<CONF
service.file = $KIOSK_SRC/assets/services/veteran-discharge.json
calendar.dir = $KIOSK_SRC/assets/calendar
paths.data_dir = $tmp/data
backend.url = http://127.0.0.1:9
CONF
printf 'kiosk.id = abc\n' >"$tmp/bad.conf"
printf '{\n' >"$tmp/bad.json"
printf 'AA BB\n' >"$tmp/frame.hex"
: >"$tmp/empty"

# Each case: a name, then the arguments (with --config unless the case gives its own).
cases=(
    "help|--help"
    "unknown command|bogus"
    "bad config file|--config $tmp/bad.conf queue"
    "config set rejected|config set kiosk.id xyz"
    "config get unknown|config get nope"
    "config list|config list"
    "service check bad|service check $tmp/bad.json"
    "service check ok|service check"
    "calendar import bad|calendar import $tmp/bad.json"
    "calendar status|calendar status"
    "id-check bad|id-check 123"
    "code check bad|code check K123"
    "idcard decode missing|idcard decode $tmp/nope"
    "idcard decode bad frame|idcard decode $tmp/frame.hex"
    "idcard decode empty|idcard decode $tmp/empty"
    "deadline bad|deadline 2026-13-01"
    "deadline ok|deadline 2026-09-30"
    "case show unknown|case show KAAAAAAAAAAA"
    "queue|queue"
    "sync once unreachable|sync once"
    "doctor|doctor"
    "materials unknown matter|materials --matters 99"
    "capture not an image|capture process $tmp/bad.json $tmp/o.jpg"
    "scan parse foreign|scan parse http://example.com/x"
    "logs export|logs export /nonexistent/dir"
    "ime bad pinyin|ime candidates ABC"
    "submit one|submit-sample --count 1"
    "queue after submit|queue"
    "sync once after submit|sync once"
)

# Words a Chinese line may contain: the command words and option names of the usage text,
# configuration keys, driver names, and units and protocol names.
"$KIOSKCTL_BIN" --config "$cfg" --help >"$tmp/help" 2>&1
"$KIOSKCTL_BIN" --config "$cfg" config list >"$tmp/keys" 2>&1
allowed="$tmp/allowed"
{
    grep -oE '[A-Za-z][A-Za-z0-9_-]*' "$tmp/help" | grep -vxE 'valid|invalid'
    sed -n 's/ = .*//p' "$tmp/keys" | tr '._' '\n\n'
    printf '%s\n' kioskctl kiosk sim usb serial lp cdc hidpos wedge v4l2 sane file auto \
        MB KB GB HTTP HTTPS NTP USB JSON JPEG PNG SAM SW3 PIN QR ID IME nihao sudo chmod \
        root casehub
} | sort -u >"$allowed"

pass=0 fail=0
# check NAME ARGS BIN: runs BIN with ARGS (and --config) and checks every line it printed
check() {
    local name=$1 args=$2 bin=$3
    shift 3
    case "$args" in --config*) set -- $args ;; *) set -- --config "$cfg" $args ;; esac
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err" </dev/null
    rc=$?
    if python3 - "$allowed" "$tmp/out" "$tmp/err" "$rc" "$name" "$args" <<'PY'; then pass=$((pass + 1)); else fail=$((fail + 1)); fi
import re, sys
allowed = set(open(sys.argv[1], encoding="utf-8").read().split())
out = open(sys.argv[2], encoding="utf-8", errors="replace").read().splitlines()
err = open(sys.argv[3], encoding="utf-8", errors="replace").read().splitlines()
rc, name = int(sys.argv[4]), sys.argv[5]
words = sys.argv[6].split()
if words[:1] == ["--config"]:
    words = words[2:]
command = words[0] if words else "kioskctl"
cjk = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
bad = []
for stream, lines in (("stdout", out), ("stderr", err)):
    for line in lines:
        if not cjk.search(line):
            continue  # English or data only
        # Values a person typed or a file holds are quoted “…”; the machine-readable results
        # "valid" / "invalid: reason" of id-check and code check are specified by their issue.
        line = re.sub(r"“[^”]*”", "“”", line)
        line = re.sub(r"^invalid: ", "", line)
        for tok in re.findall(r"[^\s\u3400-\u9fff\u3000-\u303f\uff00-\uffef（）“”‘’]+", line):
            # paths, URLs, keys, numbers, codes, options: not words of a sentence
            w = tok.strip("()'\",;!?")
            if re.search(r"[/.=_\d@:\\<>|\[\]{}+–]", w) or w.startswith("-") or re.fullmatch(r"E\d{3}", w) or len(w) == 1:
                continue
            if not re.search(r"[A-Za-z]", w):
                continue
            if w in allowed or w.lower() in allowed:
                continue
            bad.append(f"{stream}: English word {w!r} in a Chinese line: {line}")
            break
if rc != 0:
    # the command's own usage line (it starts with the command's name) is not an error
    cjk_err = [l for l in err if cjk.search(l) and not l.startswith(("  ", "用法", command))]
    # notices may come first (the kiosk says it runs headless); the failure itself is coded
    if cjk_err and not any(re.match(r"E\d{3}[:：]", l) for l in cjk_err):
        bad.append(f"failed (exit {rc}) and no Chinese line starts with its code: {cjk_err[0]}")
for b in bad:
    print(f"FAIL {name}: {b}", file=sys.stderr)
sys.exit(1 if bad else 0)
PY
}
for c in "${cases[@]}"; do
    check "${c%%|*}" "${c#*|}" "$KIOSKCTL_BIN"
done
# The kiosk's own console messages when it cannot start (a technician reads them in the
# journal): a bad configuration file, an unknown option, no display driver.
if [ -n "${KIOSK_BIN:-}" ]; then
    check "kiosk bad config" "--config $tmp/bad.conf" "$KIOSK_BIN"
    check "kiosk bad option" "--nonsense" "$KIOSK_BIN"
    SDL_VIDEODRIVER=nosuchdriver check "kiosk no display" "--frames 1" "$KIOSK_BIN"
fi
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
