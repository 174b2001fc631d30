#!/usr/bin/env bash
# One command from a fresh Debian 12 machine to the running workbench: install dependencies, build, start
# cci-workbench (on the bundled demo corpus the first time: --demo). Extra arguments are passed to cci-workbench.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/build.sh
exec ./build/app/gui/cci-workbench --demo "$@"
