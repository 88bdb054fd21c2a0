#!/usr/bin/env bash
# Set up everything BurnMap needs on a fresh Debian machine; fast when nothing changed.
#  - system libraries Qt needs (offscreen and a real X11 window), installed only when missing;
#  - .venv with the pinned requirements, reinstalled only when the requirements files change.
set -euo pipefail
cd "$(dirname "$0")/.."

APT_PACKAGES=(
  libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0   # QtGui, offscreen
  libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0         # a real X11 window
  libxcb-image0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 xvfb
  poppler-utils                                                           # PDF checks in tests
)

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "setup: please install these system packages: ${missing[*]}" >&2
  fi
fi

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3
if [ ! -x .venv/bin/python ]; then
  echo "setup: creating .venv with $PYTHON"
  "$PYTHON" -m venv .venv
fi

stamp=.venv/.requirements.sha256
want=$(cat requirements.txt requirements-dev.txt requirements-nodeps.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing Python packages (requirements changed or first run)"
  pip=(.venv/bin/python -m pip install -q --disable-pip-version-check)
  "${pip[@]}" -r requirements-dev.txt 2>&1 | grep -v "is ignored: it is neither" || true
  "${pip[@]}" --no-deps -r requirements-nodeps.txt 2>&1 | grep -v "is ignored: it is neither" || true
  .venv/bin/python -c "import torch, PySide6, numpy, PIL, cv2, reportlab, safetensors, pytest
import mediapipe.python.solutions.pose" \
    || { echo "setup: Python packages did not install" >&2; exit 1; }
  echo "$want" > "$stamp"
fi
