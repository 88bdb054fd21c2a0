#!/usr/bin/env bash
# Build the one-folder application (dist/BurnMap/: BurnMap windowed, BurnMap-console for support)
# and the Linux tarball, then run the frozen app's self-test. A models/m2fp folder present now is
# bundled. Usage: bash scripts/build_app.sh [--no-selftest]
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup_venv.sh
.venv/bin/python -m pip install -q --disable-pip-version-check -r requirements-build.txt 2>&1 \
  | grep -v "is ignored: it is neither" || true
version=$(.venv/bin/python -c "from burnmap.system.version import __version__; print(__version__)")
start=$(date +%s)
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN pyinstaller.spec
echo "build: $(( $(date +%s) - start )) s; bundle: $(du -sh dist/BurnMap | cut -f1)"
tarball="dist/BurnMap-${version}-linux-$(uname -m).tar.gz"
tar -C dist -czf "$tarball" BurnMap
echo "tarball: $tarball ($(du -h "$tarball" | cut -f1))"
if [ "${1:-}" != "--no-selftest" ]; then
  QT_QPA_PLATFORM=offscreen dist/BurnMap/BurnMap-console selftest
fi
