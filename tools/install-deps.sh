#!/usr/bin/env bash
# Installs what building, running and testing CCI Workbench needs on Debian 12 (apt packages; the PyPI oracles of
# the conformance tests come from tools/py-deps.sh, in a venv made with python3-venv), skipping
# packages that are already there. Uses sudo when not run as root.
set -euo pipefail

packages=(
  build-essential cmake ccache pkg-config git python3 python3-venv dpkg-dev
  qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools libqt6svg6 qt6-svg-dev libqcustomplot-dev libqcustomplot2.1-qt6
  libtorch-dev libopenblas0-pthread libopenblas0-openmp libgloo-dev libdnnl-dev
  nlohmann-json3-dev libicu-dev libsentencepiece-dev python3-sentencepiece python3-torch
  fonts-nanum xvfb xauth
  clang libclang-rt-14-dev clang-format
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all packages present"
  exit 0
fi
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "install-deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
