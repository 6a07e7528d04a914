#!/usr/bin/env bash
# The folders are the architecture (CONVENTIONS.md 1 and 13): check who includes what, and
# that banned functions are not used. Prints "N passed, N failed".
cd "${KIOSK_SRC:-.}"
pass=0
fail=0
check() { # description, command producing offending lines
  local out
  out=$(eval "$2")
  if [ -z "$out" ]; then pass=$((pass + 1)); else
    fail=$((fail + 1))
    echo "FAIL: $1"
    echo "$out" | head -20
  fi
}
src='app drivers platform server'
check "only app/store includes sqlite3.h (and server/)" \
  "grep -rln '#include <sqlite3.h>' $src | grep -v '^app/store/' | grep -v '^server/'"
check "only app/ui/handwriting.c includes zinnia.h" \
  "grep -rln '#include <zinnia' $src | grep -v '^app/ui/handwriting\.c$'"
check "only app/receipt includes zint.h" \
  "grep -rln '#include <zint.h>' $src | grep -v '^app/receipt/'"
check "only platform/ and app/ui include SDL directly" \
  "grep -rlnE '#include <SDL' $src | grep -vE '^(platform|app/ui|app/receipt)/'"
check "only platform/ and drivers include libusb.h" \
  "grep -rln '#include <libusb' $src | grep -vE '^(platform|drivers)/'"
check "drivers and platform never include app/" \
  "grep -rlnE '#include \"app/' drivers platform"
check "platform never includes drivers/" \
  "grep -rlnE '#include \"drivers/' platform"
check "app/core does no I/O through SDL, sockets, threads or curl" \
  "grep -rlnE '#include <(SDL|pthread|curl|sys/socket|libusb|sqlite3)' app/core"
check "banned functions (strcpy strcat sprintf strtok atoi gets)" \
  "grep -rnE '\\b(strcpy|strcat|sprintf|vsprintf|strtok|atoi|gets)\\s*\\(' $src tests --include='*.c' --include='*.h'"
check "no VLAs or GNU extensions are hidden by pragmas" \
  "grep -rn '#pragma GCC diagnostic ignored' $src"
check "one UTF-8 decoder: platform/utf8.c (no other code accumulates continuation bytes)" \
  "grep -rnE '<< ?6\\)? ?\\| ?\\(?.*0x3[fF]' $src --include='*.c' | grep -v '^platform/utf8.c:'"
check "error codes are constants defined once: no comparison with a literal \"Ennn\"" \
  "grep -rnE '(strn?cmp|strstr)\\([^;]*\"E[0-9]{3}' $src --include='*.c'"
check "app/screens never includes app/service (service mode is reached through the flow table)" \
  "grep -rlnE '#include \"app/service/' app/screens"
check "the kiosk's lifecycle (kiosk.c) names no screen: no screen's header, no flow_go" \
  "grep -nE 'flow_go|#include \"app/screens/(common|form|materials|region_pick|camopen)\\.h\"' app/screens/kiosk.c"
check "app/ui (the toolkit and its widgets, the keyboard among them) knows no screen or service" \
  "grep -rlnE '#include \"app/(screens|service|kiosk)/' app/ui"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
