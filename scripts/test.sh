#!/usr/bin/env bash
# Set up (if needed), check the code's boundaries and style, and run every test headless: the whole
# suite, then the tests of every layer below gui again with PySide6 unimportable. In each, the tests
# that load the M2FP network (marker m2fp) run one test module per process (scripts/per_module.py),
# the others together: a model test's peak is then the model's, not the model's on top of what a
# thousand other tests left resident. A test whose peak passes 2000 MB fails the run (a 16 GB
# laptop runs this beside an editor). Extra arguments: one pytest run with them instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_venv.sh
export QT_QPA_PLATFORM=offscreen
.venv/bin/ruff check .
.venv/bin/lint-imports
if [ "$#" -gt 0 ]; then
  exec .venv/bin/python -m pytest -q "$@"
fi
BUDGET=(--memory-budget 2000)
echo "test.sh: the whole suite"
.venv/bin/python -m pytest -q -m "not m2fp" "${BUDGET[@]}"
.venv/bin/python scripts/per_module.py .venv/bin/python -m pytest -q "${BUDGET[@]}"
echo "test.sh: core and reports without Qt"
.venv/bin/python scripts/headless_tests.py -m "not m2fp" "${BUDGET[@]}"
.venv/bin/python scripts/per_module.py .venv/bin/python scripts/headless_tests.py "${BUDGET[@]}"
