#!/usr/bin/env bash
# Installs the PyPI packages the conformance tests compare against - the Hugging Face stack users run (torch,
# transformers, peft, trl, bitsandbytes, tokenizers, jinja2, safetensors, sentencepiece, tensorboard), pinned - into a virtual
# environment outside the source tree, and prints its python. A second run installs nothing.
set -euo pipefail
dir="${CCI_PY_DIR:-$HOME/.cache/cci-workbench/pyenv}"
packages=(
  "torch==2.15.0"
  "transformers==5.23.0"
  "peft==0.21.2"
  "trl==1.16.0"
  "bitsandbytes==0.50.2"
  "tokenizers==0.23.3"
  "jinja2==3.1.6"
  "safetensors==0.8.0"
  "sentencepiece==0.2.3"
  "tensorboard==2.21.0"
  "numpy"
)
stamp="$dir/.installed"
want="${packages[*]}"
if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" && -x "$dir/bin/python" ]]; then
  echo "$dir/bin/python"
  exit 0
fi
# Debian's interpreter (python3-venv comes with tools/install-deps.sh), the same on every Debian 12 machine.
python=/usr/bin/python3
[[ -x "$python" ]] || python=python3
if [[ ! -x "$dir/bin/python" ]]; then
  rm -rf "$dir"
  "$python" -m venv "$dir" >&2
fi
"$dir/bin/python" -m pip install --quiet --disable-pip-version-check --no-input "${packages[@]}" >&2
echo "$want" > "$stamp"
echo "$dir/bin/python"
