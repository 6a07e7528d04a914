# tests/app/store/crash_lib.sh: the kill loop shared by test_crash.sh (in the suite) and
# scripts/soak-store.sh (long). Sourced; expects KIOSKCTL_BIN and CASEHUB_BIN.
#
# crash_run DIR ITERATIONS MAX_KILL_MS: starts a casehub on loopback, then ITERATIONS times
# runs `kioskctl submit-sample --deliver` and SIGKILLs it after a random 0..MAX_KILL_MS ms,
# collecting every code it printed; then one clean `kioskctl sync once` and the checks:
# every printed code exactly once in the store and on casehub, every stored case delivered,
# no orphan attachment files, PRAGMA integrity_check ok. Prints "N passed, N failed".

crash_fail=0
crash_pass=0
check() { # check DESCRIPTION COMMAND...
  local what=$1; shift
  if "$@"; then crash_pass=$((crash_pass + 1)); else crash_fail=$((crash_fail + 1)); echo "FAIL: $what" >&2; fi
}

hub_pid=
hub_stop() { [ -n "$hub_pid" ] && kill "$hub_pid" 2>/dev/null && wait "$hub_pid" 2>/dev/null; hub_pid=; }

hub_start() { # hub_start HUBDIR -> sets hub_port
  local dir=$1 try
  for try in 1 2 3 4 5 6 7 8; do
    # below the kernel's ephemeral range (32768+), so no outgoing connection holds it
    hub_port=$(( 10000 + ( ($$ * 7 + try * 131 + RANDOM) % 22000 ) ))
    "$CASEHUB_BIN" --listen "127.0.0.1:$hub_port" --data "$dir" 2>>"$dir.log" &
    hub_pid=$!
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$hub_port") 2>/dev/null; then
        # make sure it is ours that answers, not another test's server on a taken port
        sleep 0.2
        kill -0 "$hub_pid" 2>/dev/null && return 0
        break
      fi
      kill -0 "$hub_pid" 2>/dev/null || break
      sleep 0.05
    done
    hub_stop
  done
  echo "casehub did not start" >&2
  return 1
}

crash_run() {
  local T=$1 iterations=$2 max_ms=$3
  mkdir -p "$T/hub" "$T/kiosk"
  local token
  token=$("$CASEHUB_BIN" --data "$T/hub" kiosk add kiosk-1 | tail -n 1) || return 1
  hub_start "$T/hub" || return 1
  cat >"$T/kiosk.conf" <<CONF
kiosk.id = 3
paths.data_dir = $T/kiosk
backend.url = http://127.0.0.1:$hub_port
backend.token = $token
backend.timeout_s = 5
CONF
  : >"$T/printed"
  local i pid ms
  for i in $(seq 1 "$iterations"); do
    # emptied here, not only by the child's redirection: a kill that lands before the forked
    # child has opened the file would otherwise leave the previous run's codes to be counted
    # again (seen as "printed twice" on a loaded machine)
    : >"$T/out"
    "$KIOSKCTL_BIN" --config "$T/kiosk.conf" submit-sample --count 1000 --attach-kb 4 --deliver \
      >"$T/out" 2>/dev/null &
    pid=$!
    ms=$(( RANDOM % (max_ms + 1) ))
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    kill -KILL "$pid" 2>/dev/null
    wait "$pid" 2>/dev/null
    # a code is printed only once it is committed; a torn last line cannot be a whole code
    grep -E '^K[0-9A-Z]{4}-[0-9A-Z]{3}-[0-9A-Z]{4}$' "$T/out" >>"$T/printed"
  done
  local n_printed n_unique
  n_printed=$(wc -l <"$T/printed")
  n_unique=$(sort -u "$T/printed" | wc -l)
  echo "iterations: $iterations, codes printed before a kill: $n_printed" >&2
  check "some codes were printed" [ "$n_printed" -gt 0 ]
  check "no code was printed twice" [ "$n_printed" -eq "$n_unique" ]

  # a clean delivery pass after the kills must leave nothing undelivered (a pass may meet a
  # timeout on a loaded machine: a few are allowed, as the kiosk itself would retry)
  local ok=0 pass
  for pass in 1 2 3 4 5; do
    if "$KIOSKCTL_BIN" --config "$T/kiosk.conf" sync once >/dev/null 2>"$T/sync.err"; then
      ok=1
      break
    fi
    "$KIOSKCTL_BIN" --config "$T/kiosk.conf" queue >&2
  done
  check "sync once delivered everything (pass $pass)" [ "$ok" -eq 1 ]

  local db=$T/kiosk/kiosk.db
  check "integrity_check ok" [ "$(sqlite3 "$db" 'PRAGMA integrity_check')" = ok ]
  # every printed code exactly once in the store (code is UNIQUE; all must be found)
  local found
  found=$( { echo "CREATE TEMP TABLE printed(code TEXT);"
             sed "s/.*/INSERT INTO printed VALUES('&');/" "$T/printed"
             echo "SELECT count(*) FROM cases JOIN printed USING(code);"; } | sqlite3 "$db")
  check "every printed code is in the store ($found of $n_printed)" [ "$found" -eq "$n_printed" ]
  check "every stored case is delivered" \
    [ "$(sqlite3 "$db" "SELECT count(*) FROM outbox WHERE delivered_ms IS NULL")" -eq 0 ]
  check "no duplicated sequence numbers" \
    [ "$(sqlite3 "$db" "SELECT count(*) - count(DISTINCT seq) FROM cases")" -eq 0 ]
  # no orphan files: the attachment folders are exactly those of stored cases with attachments
  sqlite3 "$db" "SELECT DISTINCT c.uuid FROM cases c JOIN attachments a ON a.case_id = c.id \
                 WHERE c.purged_ms IS NULL ORDER BY 1" >"$T/want_dirs"
  (cd "$T/kiosk/attachments" && ls -A | sort) >"$T/have_dirs"
  check "no orphan attachment folders" cmp -s "$T/want_dirs" "$T/have_dirs"
  check "no stray temporary files" [ -z "$(find "$T/kiosk" -name '*.tmp*' -o -name '*.new.*')" ]
  local files want_files
  files=$(find "$T/kiosk/attachments" -type f | wc -l)
  want_files=$(sqlite3 "$db" "SELECT count(*) FROM attachments WHERE file IS NOT NULL")
  check "one file per attachment record" [ "$files" -eq "$want_files" ]

  # on casehub: every printed code exactly once
  crash_hub_check "$T"
  hub_stop
  echo "$crash_pass passed, $crash_fail failed"
  [ "$crash_fail" -eq 0 ]
}

# On the backend: every printed code is there exactly once, and it holds exactly as many
# cases as the kiosk stored (so nothing was created twice under another key).
crash_hub_check() {
  local T=$1 missing=0 code
  while read -r code; do
    "$CASEHUB_BIN" --data "$T/hub" case show "$code" >/dev/null 2>&1 || missing=$((missing + 1))
  done <"$T/printed"
  check "every printed code is on casehub ($missing missing)" [ "$missing" -eq 0 ]
  local hub_n kiosk_n
  hub_n=$("$CASEHUB_BIN" --data "$T/hub" case count 2>/dev/null | tail -n 1)
  kiosk_n=$(sqlite3 "$T/kiosk/kiosk.db" "SELECT count(*) FROM cases")
  check "casehub holds each stored case once ($hub_n on casehub, $kiosk_n in the store)" \
    [ "$hub_n" = "$kiosk_n" ]
}
