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
    "'$build/app/gui/cci-workbench' --demo $* & pid=\$!; sleep 5; import -window root 'docs/screenshots/$name.png'; kill \$pid"
  echo "docs/screenshots/$name.png"
}
shot browser
shot refine --view refine
shot prompt --view prompt
shot ensemble --view ensemble --demo-predictions
shot annotate --view annotate
shot statistics --view statistics
# The Tokens tab of the Prompt view with the Llama-3 tokenizer and chat template (../shared/tokenizers beside the
# checkout; needs xdotool to click the tab).
llama3="${CCI_SHARED_TOKENIZERS:-$(pwd)/../shared/tokenizers}/llama3"
if [[ -d "$llama3" ]] && command -v xdotool >/dev/null; then
  mkdir -p "$home/.config/CCI Workbench"
  printf '[prompt]\nmodelFolder=%s\n' "$llama3" > "$home/.config/CCI Workbench/cci-workbench.conf"
  HOME="$home" xvfb-run -a -s "-screen 0 1400x850x24" bash -c \
    "'$build/app/gui/cci-workbench' --demo --view prompt & pid=\$!; sleep 6; xdotool mousemove 612 119 click 1; sleep 1;
     xdotool mousemove 400 300; sleep 2; import -window root docs/screenshots/prompt_tokens.png; kill \$pid"
  echo docs/screenshots/prompt_tokens.png
  rm "$home/.config/CCI Workbench/cci-workbench.conf"
fi
# The Runs tab with a live run (a tiny model training on the demo corpus, started by cci in the background) above
# a finished one.
runs="$home/runs"
"$build/app/cli/cci" make-tiny-model "$home/models/tiny-demo" --corpus resources/demo/demo_train.json \
  --corpus resources/demo/demo_dev.json > /dev/null
"$build/app/cli/cci" train --model "$home/models/tiny-demo" --train resources/demo/demo_train.json \
  --dev resources/demo/demo_dev.json --out "$runs/demo-customref" --epochs 2 --grad-accum 4 --lr 3e-3 --quiet
"$build/app/cli/cci" train --model "$home/models/tiny-demo" --train resources/demo/demo_train.json \
  --dev resources/demo/demo_dev.json --out "$runs/demo-live" --epochs 8 --grad-accum 4 --lr 2e-3 --threads 1 \
  --quiet & live=$!
until [ "$(wc -l < "$runs/demo-live/metrics.jsonl" 2>/dev/null || echo 0)" -ge 60 ]; do sleep 1; done
mkdir -p "$home/.config/CCI Workbench"
printf '[workspace]\nrunsFolder=%s\n' "$runs" > "$home/.config/CCI Workbench/cci-workbench.conf"
if command -v xdotool >/dev/null; then
  HOME="$home" xvfb-run -a -s "-screen 0 1400x850x24" bash -c \
    "'$build/app/gui/cci-workbench' --view runs & pid=\$!; sleep 6; xdotool mousemove 500 120 click 1; sleep 2;
     import -window root docs/screenshots/runs.png; kill \$pid"
  echo docs/screenshots/runs.png
fi
kill $live 2>/dev/null || true
rm "$home/.config/CCI Workbench/cci-workbench.conf"
# The Korean interface, chosen in the settings (no Korean system locale needed).
mkdir -p "$home/.config/CCI Workbench"
printf '[General]\nlanguage=ko\n' > "$home/.config/CCI Workbench/cci-workbench.conf"
shot browser_ko
