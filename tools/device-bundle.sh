#!/usr/bin/env bash
# Gathers what the lent GPU machine lacks to build `cci` (its image has torch, cmake, nvcc, but no ICU or
# nlohmann-json and no network) into build-device-deps/: ICU's headers and libraries, nlohmann-json's headers and
# CMake package. The device tool carries that folder: run(..., carry=["build-device-deps"]). About 40 MB.
set -euo pipefail
cd "$(dirname "$0")/.."
dest=build-device-deps
rm -rf "$dest"
mkdir -p "$dest/include" "$dest/lib" "$dest/share/cmake"
cp -r /usr/include/unicode "$dest/include/"
cp -r /usr/include/nlohmann "$dest/include/"
arch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)
for lib in icuuc icui18n icudata; do
  real=$(readlink -f "/usr/lib/$arch/lib$lib.so")
  cp "$real" "$dest/lib/"
  soname=$(objdump -p "$real" | awk '/SONAME/ {print $2}')
  ln -sf "$(basename "$real")" "$dest/lib/$soname"
  ln -sf "$soname" "$dest/lib/lib$lib.so"
done
for dir in /usr/share/cmake/nlohmann_json /usr/lib/cmake/nlohmann_json "/usr/lib/$arch/cmake/nlohmann_json"; do
  [[ -d $dir ]] && cp -r "$dir" "$dest/share/cmake/" && break
done
du -sh "$dest"
