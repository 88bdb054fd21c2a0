#!/usr/bin/env bash
# Set up (if needed), check the code's boundaries and style, and run every test headless: the whole
# suite, then the tests of every layer below gui again with PySide6 unimportable. Extra arguments go to
# the main pytest run.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_venv.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/lint-imports
set +e
.venv/bin/python -m pytest -q "$@"
code=$?
set -e
if [ "$code" = 5 ]; then
  echo "test.sh: no tests were collected" >&2
fi
if [ "$code" = 0 ] && [ "$#" = 0 ]; then
  echo "test.sh: core and reports without Qt"
  .venv/bin/python scripts/headless_tests.py
  code=$?
fi
exit "$code"
