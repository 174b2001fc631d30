#!/usr/bin/env bash
# One command on a GPU machine (Debian 12 with an NVIDIA driver and the CUDA toolkit): installs the apt packages and
# the PyTorch wheel (libtorch 2.x with CUDA and NCCL, in tools/py-deps.sh's venv), then builds the workbench, `cci`
# and the tests against it in build-cuda/. Set CCI_WITH_QT=OFF on a server without Qt.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/install-deps.sh
bash tools/py-deps.sh >/dev/null
CCI_WITH_QT=${CCI_WITH_QT:-ON} bash tools/build-cuda.sh
echo "Built: build-cuda/app/cli/cci$( [[ ${CCI_WITH_QT:-ON} == ON ]] && echo " and build-cuda/app/gui/cci-workbench"). GPUs:"
build-cuda/app/cli/cci doctor | sed -n '/^  CUDA/,/^  BLAS/p' | grep -v BLAS || true
