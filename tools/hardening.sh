#!/usr/bin/env bash
# The hardening checks CI runs after the test suite: every libFuzzer target for FUZZ_SECONDS (default 10: a smoke
# run that keeps CI short; long fuzzing runs outside CI) on its seeds plus the recorded regression inputs, then the
# core and CLI suites built with ASan + UBSan (the "asan" CMake preset). Its test preset leaves out the package test
# and the reference conformance tests, which the normal suite runs; test_cli_kill, whose SIGKILLs run no code a
# sanitizer could check; and the training-numerics suites test_train and test_cli_train (12.6 of the suite's 24 minutes
# of CPU time under ASan) - the trainer still runs sanitised in test_cli_damage and test_cli_data_parallel. Needs the
# packages of tools/install-deps.sh (clang included). Exits non-zero on any finding.
# Usage: bash tools/hardening.sh            (FUZZ_SECONDS=600 for the long local runs)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-10}

echo "== fuzz targets (clang, ASan + UBSan + libFuzzer)"
CXX=clang++ cmake -S tests/fuzz -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz -j2
ctest --test-dir build-fuzz --output-on-failure
bash tools/fuzz-all.sh "$seconds"

echo "== core and CLI suites under ASan + UBSan"
cmake --preset asan >/dev/null
cmake --build --preset asan
ctest --preset asan
