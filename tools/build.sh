#!/usr/bin/env bash
# Configures and builds CCI Workbench in build/ (the "default" CMake preset), with 2 parallel jobs.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake --preset default >/dev/null
cmake --build --preset default
