#!/usr/bin/env bash
# Runs a conformance script with the python of the PyPI oracles' virtual environment (tools/py-deps.sh); when that
# environment is missing the test fails with the install command - it is never skipped.
# Usage: oracle_python.sh PYTHON SCRIPT ARGS...
set -euo pipefail
python="$1"
shift
if [[ ! -x "$python" ]]; then
  echo "the PyPI oracles are not installed ($python is missing): run bash tools/py-deps.sh" >&2
  exit 1
fi
exec "$python" "$@"
