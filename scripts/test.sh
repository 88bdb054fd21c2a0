#!/usr/bin/env bash
# Set up (if needed) and run every test headless. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_venv.sh
export QT_QPA_PLATFORM=offscreen
set +e
.venv/bin/python -m pytest -q "$@"
code=$?
set -e
if [ "$code" = 5 ]; then
  echo "test.sh: no tests were collected" >&2
fi
exit "$code"
