#!/usr/bin/env bash
# Set up (if needed) and start BurnMap. Without a photo it opens the demo case.
#   bash scripts/run_app.sh [PHOTO ...]        the desktop application
#   bash scripts/run_app.sh parse PHOTO ...    the batch command line (see --help)
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_venv.sh
exec .venv/bin/python main.py "$@"
