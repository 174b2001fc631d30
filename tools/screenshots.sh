#!/usr/bin/env bash
# Regenerates the screenshots in docs/screenshots/ from a fresh settings folder, under Xvfb (needs xvfb, xauth and
# imagemagick's `import`). Usage: bash tools/screenshots.sh [BUILD_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
shot() {  # shot NAME [workbench options...]
  local name=$1; shift
  HOME="$home" xvfb-run -a -s "-screen 0 1400x850x24" bash -c \
    "'$build/app/gui/cci-workbench' $* & pid=\$!; sleep 5; import -window root 'docs/screenshots/$name.png'; kill \$pid"
  echo "docs/screenshots/$name.png"
}
shot browser
shot refine --view refine
shot prompt --view prompt
shot ensemble --view ensemble --demo-predictions
shot annotate --view annotate
# The Korean interface, chosen in the settings (no Korean system locale needed).
mkdir -p "$home/.config/CCI Workbench"
printf '[General]\nlanguage=ko\n' > "$home/.config/CCI Workbench/cci-workbench.conf"
shot browser_ko
