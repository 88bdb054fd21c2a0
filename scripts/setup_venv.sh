#!/usr/bin/env bash
# Set up everything BurnMap needs on a fresh Debian machine; fast when nothing changed.
#  - system libraries Qt needs (offscreen and a real X11 window), installed only when missing;
#  - .venv with the pinned requirements, reinstalled only when the requirements files change.
set -euo pipefail
cd "$(dirname "$0")/.."

# Several shells (an engineer's test run, the app) may start this at once in one checkout:
# one sets up, the others wait for it and then find nothing to do.
exec 9<"scripts/setup_venv.sh"
flock 9

# What `ldd` shows PySide6 6.12's libraries and plugins need beyond a bare Debian 12 (the other
# libraries come in as dependencies of these).
APT_PACKAGES=(
  libgl1 libegl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0   # QtGui, offscreen
  libxkbcommon-x11-0 libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0         # the xcb platform plugin:
  libxcb-image0 libxcb-render-util0 libxcb-shape0                         # a real X11 window
  poppler-utils                   # pdftotext / pdftoppm: the report tests read and render PDFs
  libcap2-bin                     # capsh: the hostile tests drop root's power over permissions
)

PYTHON=${PYTHON:-python3.11}
command -v "$PYTHON" >/dev/null || PYTHON=python3

missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
done
# Debian's Python cannot create a venv without its -venv package (ensurepip).
if ! "$PYTHON" -c "import ensurepip, venv" >/dev/null 2>&1; then
  missing+=(python3.11 python3.11-venv)
  PYTHON=python3.11
fi
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "setup: installing system packages: ${missing[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" \
      </dev/null >/dev/null
  else
    echo "setup: please install these system packages (as root): apt-get install ${missing[*]}" >&2
  fi
fi

# A venv whose creation was interrupted (or made without ensurepip) has python but no pip.
if [ ! -x .venv/bin/python ] || [ ! -e .venv/bin/pip ]; then
  echo "setup: creating .venv with $PYTHON"
  "$PYTHON" -m venv --clear .venv
fi

stamp=.venv/.requirements.sha256
want=$(cat requirements.txt requirements-dev.txt requirements-nodeps.txt | sha256sum | cut -d' ' -f1)
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "setup: installing Python packages (requirements changed or first run)"
  rm -f "$stamp"
  pip_install() {
    # pip warns about configured package locations that this machine lacks; that is not news.
    .venv/bin/python -m pip install -q --disable-pip-version-check "$@" 2>&1 \
      | { grep -v "is ignored: it is neither" || true; }
    return "${PIPESTATUS[0]}"
  }
  pip_install -r requirements-dev.txt || { echo "setup: pip install failed" >&2; exit 1; }
  pip_install --no-deps -r requirements-nodeps.txt || { echo "setup: pip install failed" >&2; exit 1; }
  .venv/bin/python -c "import torch, PySide6.QtWidgets, numpy, PIL, cv2, reportlab, safetensors
import platformdirs, pytest, pytestqt, mediapipe.python.solutions.pose" \
    || { echo "setup: Python packages did not install" >&2; exit 1; }
  echo "$want" > "$stamp"
fi

# BurnMap itself, editable: the `burnmap` command, and `import burnmap` for tests, benchmarks and
# scripts with no sys.path edit. No download: the venv's setuptools builds it (no isolation).
here=$(pwd)
if ! .venv/bin/python -I -c "import burnmap, os, sys
sys.exit(os.path.realpath(burnmap.__file__) != os.path.realpath('$here/burnmap/__init__.py'))" \
    2>/dev/null || [ ! -x .venv/bin/burnmap ]; then
  echo "setup: installing BurnMap itself (editable)"
  .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps --no-build-isolation -e . \
    || { echo "setup: pip install -e . failed" >&2; exit 1; }
fi
