#!/usr/bin/env bash
# Builds core + cci + the core/CLI tests against the libtorch 2.x that ships in the PyTorch wheel (CUDA + NCCL),
# in build-cuda/ (the "cuda" CMake preset). The wheel comes from tools/py-deps.sh's venv unless CCI_PYTHON names a
# Python whose torch to use (e.g. a GPU machine's system Python). Needs nvcc (the CUDA toolkit) on PATH or in
# /usr/local/cuda. CCI_WITH_QT=ON also builds the workbench where Qt 6 is installed.
# Usage: bash tools/build-cuda.sh            then: ctest --preset cuda
set -euo pipefail
cd "$(dirname "$0")/.."
python=${CCI_PYTHON:-$HOME/.cache/cci-workbench/pyenv/bin/python}
if ! "$python" -c 'import torch' 2>/dev/null; then
  echo "build-cuda: no torch for $python; run: bash tools/py-deps.sh (or set CCI_PYTHON)" >&2
  exit 1
fi
export CCI_TORCH_CMAKE_PREFIX=$("$python" -c 'import torch; print(torch.utils.cmake_prefix_path)')
nvcc=$(command -v nvcc || true)
[[ -z $nvcc && -x /usr/local/cuda/bin/nvcc ]] && nvcc=/usr/local/cuda/bin/nvcc
if [[ -z $nvcc ]]; then
  echo "build-cuda: nvcc not found (install the CUDA toolkit or put its bin/ on PATH)" >&2
  exit 1
fi
export CCI_NVCC=$nvcc
echo "build-cuda: torch $("$python" -c 'import torch; print(torch.__version__)') from $CCI_TORCH_CMAKE_PREFIX, nvcc $nvcc"
cmake --preset cuda -DCCI_WITH_QT="${CCI_WITH_QT:-OFF}" ${CCI_CMAKE_ARGS:-} >/dev/null
cmake --build --preset cuda
