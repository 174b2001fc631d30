#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to a full test run: install dependencies, build, run every test
# with ctest (GUI tests on the offscreen platform; conformance tests against the Hugging Face stack from PyPI:
# transformers, PEFT, bitsandbytes, tokenizers, Jinja2). Exits non-zero when anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/py-deps.sh >/dev/null
bash tools/build.sh
ctest --test-dir build --output-on-failure -j2
