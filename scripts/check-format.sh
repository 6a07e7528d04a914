#!/usr/bin/env bash
# Fails when any tracked C file differs from what clang-format (.clang-format) would write.
set -euo pipefail
cd "$(dirname "$0")/.."
mapfile -t files < <(git ls-files '*.c' '*.h' 2>/dev/null; git ls-files --others --exclude-standard '*.c' '*.h' 2>/dev/null)
[ ${#files[@]} -gt 0 ] || { echo "format: no C files"; exit 0; }
if clang-format --dry-run --Werror "${files[@]}" 2>/tmp/format.$$; then
  echo "format: ${#files[@]} files formatted"
  rm -f /tmp/format.$$
else
  head -40 /tmp/format.$$
  rm -f /tmp/format.$$
  echo "format: run 'clang-format -i' on the files above" >&2
  exit 1
fi
