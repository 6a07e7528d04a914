#!/usr/bin/env bash
# The README's test command: sets everything up, then runs every test: the format check, the
# normal build with its full ctest suite, and the ASan+UBSan build with the same suite.
# Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
jobs=$(nproc)

echo "== format check"
scripts/check-format.sh

run_suite() { # name, cmake args...
  local name=$1
  shift
  echo "== build $name"
  cmake -S . -B "build/$name" -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
  cmake --build "build/$name" -j"$jobs"
  echo "== test $name"
  ctest --test-dir "build/$name" --output-on-failure -j"$jobs" --timeout 600
}

run_suite release
run_suite asan -DKIOSK_SANITIZE=ON
echo "== all test suites passed"
