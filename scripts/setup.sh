#!/usr/bin/env bash
# Installs every Debian package the project needs (the lists in scripts/deps/*.txt) and
# generates the shipped font subset. Idempotent: a second run installs nothing and regenerates
# nothing. Must run as root on Debian 12 (or with everything already installed).
set -euo pipefail
cd "$(dirname "$0")/.."

mapfile -t pkgs < <(cat scripts/deps/*.txt | sed 's/#.*//' | tr -s ' \t' '\n' | sed '/^$/d' | sort -u)
missing=()
for p in "${pkgs[@]}"; do
  # Node.js may come from elsewhere than Debian (the machine image's own build, which brings
  # npm along); Debian's npm package then conflicts with it. A working command is enough.
  case "$p" in
    nodejs) command -v node >/dev/null 2>&1 && continue ;;
    npm) command -v npm >/dev/null 2>&1 && continue ;;
  esac
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  if [ "$(id -u)" -ne 0 ]; then
    echo "setup: run as root to install packages" >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The kiosk ships its own CJK font: Noto Sans CJK SC (face 2 of Debian's collection), cut down
# to GBK so that every character a card or a form may hold is drawn (research/kiosk-ui.md 4.7).
scripts/make-font.sh

# Extra per-module setup steps (npm packages for browser tests, librime data, ...).
for s in scripts/setup.d/*.sh; do
  [ -e "$s" ] || continue
  bash "$s"
done
