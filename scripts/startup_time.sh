#!/usr/bin/env bash
# Seconds from launching BurnMap to its main window being shown (median of 3), for the frozen app
# or the source tree:  bash scripts/startup_time.sh [dist/BurnMap/BurnMap-console | source]
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:-dist/BurnMap/BurnMap-console}
if [ "$target" = source ]; then cmd=(.venv/bin/python main.py); else cmd=("$target"); fi
# A fresh data and settings folder: no recovery prompt, no saved window state.
export BURNMAP_DATA_DIR=$(mktemp -d) BURNMAP_CONFIG_DIR=$(mktemp -d)
for i in 1 2 3; do
  start=$(date +%s.%N)
  shown=$(BURNMAP_STARTUP_PROBE=1 QT_QPA_PLATFORM=${QT_QPA_PLATFORM:-offscreen} "${cmd[@]}" 2>/dev/null \
          | sed -n 's/^window shown at //p')
  awk -v a="$shown" -v b="$start" 'BEGIN { print a - b }'
done | sort -n | sed -n 2p | xargs printf "start-up to main window: %.2f s (median of 3)\n"
