#!/usr/bin/env bash
# What CI runs after the README's test command: the CUDA variant (libtorch 2.x from the PyTorch wheel, compiled and
# linked with CUDA and NCCL) built in build-cuda/, and its core and CLI tests run on the CPU - so a libtorch-2.x-only
# break fails the submission even though CI has no GPU.
set -euo pipefail
cd "$(dirname "$0")/.."
# Benchmarks are left out here (they run on a GPU machine through tools/device-check.sh, which needs only cci).
CCI_CMAKE_ARGS="-DCCI_BUILD_BENCHMARKS=OFF ${CCI_CMAKE_ARGS:-}" bash tools/build-cuda.sh
ctest --preset cuda
