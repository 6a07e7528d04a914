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
check "app/screens holds screens only (flow.c and the shared dialogs common.c, region_pick.c aside); the lifecycle is in app/kiosk" \
  "grep -LE 'const struct screen screen_' app/screens/*.c | grep -vE '^app/screens/(flow|common|region_pick)\\.c$'"
check "the kiosk's lifecycle (app/kiosk) names no screen: it reaches them through app/screens/flow.h only, and never calls flow_go" \
  "grep -rnE 'flow_go|#include \"app/screens/' app/kiosk | grep -v '#include \"app/screens/flow.h\"'"
check "screens and service mode never include the script runner (it drives them from outside)" \
  "grep -rln '#include \"app/kiosk/script.h\"' app/screens app/service"
check "service mode reaches the screens through common.h and flow.h only (the keyboard is in app/ui)" \
  "grep -rnE '#include \"app/screens/' app/service | grep -vE 'app/screens/(common|flow)\\.h\"'"
# A screen's state lives in a struct the flow allocates (struct screen's state_size, reached with
# flow_state()), so that it is visibly per screen and wiped through the end_session hook; a
# file-scope or function-local mutable static hides it.
check "no mutable statics in app/screens (per-screen state is reached through flow_state)" \
  "grep -nE '^[[:space:]]*static ' app/screens/*.c | grep -vE ':[[:space:]]*static (const [^*]*\\*[[:space:]]*const |const [^*(]*$|const [^*(]*[=;{(]|inline )' | grep -vE ':static [^=;{]*\\('"
# One name scheme for drivers (docs/DEVELOPING.md, "Adding a device driver"): the transport
# <t> of device <d> is drivers/<d>/<d>_<t>.c defining `const struct <d>_ops <d>_<t>_ops` with
# .name = "<t>" (the value of <d>.driver in the configuration); the simulated twin is <t> = sim.
driver_names() {
  local f d b t
  for f in $(grep -lE '^const struct [a-z]+_ops [a-z0-9_]+ = ' drivers/*/*.c); do
    d=$(basename "$(dirname "$f")")
    b=$(basename "$f" .c)
    t=${b#"${d}"_}
    if [ "$t" = "$b" ] || ! grep -q "^const struct ${d}_ops ${b}_ops = " "$f" ||
      ! grep -qE "\.name = \"$t\"," "$f"; then
      echo "$f"
    fi
  done
}
check "drivers are named <device>_<transport>.c with <device>_<transport>_ops and .name \"<transport>\"" \
  "driver_names"
check "struct hub is opaque: hub.h only declares it; only server/hub*.c see hub_internal.h" \
  "grep -n '^struct hub {' server/*.h | grep -v '^server/hub_internal.h:'; grep -rln '#include \"server/hub_internal.h\"' $src tests --include='*.c' --include='*.h' | grep -vE '^server/hub(_[a-z]+)?\\.[ch]$'"
check "the store is split by concern around store_internal.h (struct store defined there only; nothing in app/ outside app/store sees it)" \
  "grep -n '^struct store {' app/store/*.c; grep -rln '#include \"app/store/store_internal.h\"' $src --include='*.c' --include='*.h' | grep -v '^app/store/'"
check "app/ui (the toolkit and its widgets, the keyboard among them) knows no screen or service" \
  "grep -rlnE '#include \"app/(screens|service|kiosk)/' app/ui"
# Service mode's screens follow the same rule as the applicant's (see "no mutable statics in
# app/screens" above): their state is reached through flow_state.
check "no mutable statics in app/service (per-screen state is reached through flow_state)" \
  "grep -nE '^[[:space:]]*static ' app/service/*.c | grep -vE ':[[:space:]]*static (const [^*]*\\*[[:space:]]*const |const [^*(]*$|const [^*(]*[=;{(]|inline )' | grep -vE ':static [^=;{]*\\('"
check "only server/web.c and server/conns.c (through conns.h) see libmicrohttpd: the router is transport-free" \
  "grep -rlnE '#include (<microhttpd.h>|\"server/conns.h\")' $src | grep -vE '^server/(web\\.c|conns\\.[ch])$'"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
