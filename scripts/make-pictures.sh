#!/usr/bin/env bash
# Rasterises the kiosk's drawn pictures: every assets/ui/pictures/NAME.svg becomes NAME.png
# beside it, at the size the SVG declares (rsvg-convert, Debian's librsvg2-bin). The PNGs are
# committed (docs/ui.md, "Pictures"): the kiosk, its package and the goldens never depend on
# the build machine's SVG renderer. Run after editing or adding an SVG; only pictures whose
# SVG is newer than their PNG (or --all) are redrawn.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v rsvg-convert >/dev/null 2>&1 || {
  echo "make-pictures: rsvg-convert missing (apt-get install librsvg2-bin)" >&2
  exit 1
}
all=0
[ "${1:-}" = "--all" ] && all=1
n=0
for svg in assets/ui/pictures/*.svg; do
  png=${svg%.svg}.png
  if [ "$all" = 1 ] || [ ! -s "$png" ] || [ "$svg" -nt "$png" ]; then
    rsvg-convert --format=png -o "$png.tmp.$$" "$svg"
    mv "$png.tmp.$$" "$png"
    n=$((n + 1))
  fi
done
echo "make-pictures: $n redrawn"
