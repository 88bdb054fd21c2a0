"""`main.py selftest` (and `BurnMap selftest` when frozen): the whole chain on a bundled photo.

Loads the parser (M2FP if installed, else the default parser), parses the demo case's photo
(burnmap.model.demo), paints the demo burn on its trunk, assesses, writes a PDF into a temporary folder,
and opens the main window offscreen (with settings and data folders of its own, so the user's
window layout is not touched). Exit 0 when every step worked; otherwise 1 and the step that failed.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from burnmap.cli.common import ArgumentParser
from burnmap.cli.terminal import terminal
from burnmap.model.demo import demo_workspace, paint_demo_burn
from burnmap.parsing.provider import ParserProvider
from burnmap.system.paths import app_dir
from burnmap.system.settings import CONFIG_ENV, load_settings
from burnmap.system.storage import DATA_ENV


def _step(name: str, work):
    start = time.perf_counter()
    try:
        result = work()
    except Exception as exc:  # noqa: BLE001 - the self-test reports whatever broke
        raise SystemExit(terminal(f"selftest FAILED at '{name}': {exc.__class__.__name__}: "
                                  f"{exc}")) from None
    print(f"ok  {name} ({time.perf_counter() - start:.2f} s)", flush=True)
    return result


def main(argv: list[str]) -> int:
    ArgumentParser(prog="main.py selftest", description=__doc__.split("\n")[0],
                   epilog="exit codes: 0 every step worked, 1 a step failed (named)"
                   ).parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    provider = _step("find the parser", lambda: ParserProvider(load_settings().model_dir,
                                                               app_dir()))
    print(f"    parser: {'M2FP' if provider.m2fp_available else 'default parser (MediaPipe)'}")
    workspace = _step("load the demo case", lambda: demo_workspace("Self Test"))
    state = workspace.photos[0]
    parsing = _step("parse", lambda: provider.parse(state.photo.pixels))
    _step("map regions", lambda: state.set_parsing(parsing))
    _step("paint a burn", lambda: _paint(state))
    result = _step("assess", workspace.assessment)
    if result.tbsa_total_percent <= 0:
        raise SystemExit("selftest FAILED at 'assess': the painted burn was not counted")
    print(f"    {result.tbsa_total_percent:.2f} % TBSA")
    with tempfile.TemporaryDirectory(prefix="burnmap-selftest-") as folder:
        _step("write the PDF report", lambda: _report(workspace, Path(folder) / "selftest.pdf"))
    _step("open the main window offscreen", _window)
    print("selftest passed")
    return 0


def _paint(state) -> None:
    if paint_demo_burn(state) is None:
        raise RuntimeError("no trunk found on the demo photo")


def _report(workspace, path: Path) -> None:
    from burnmap.reports.build import export
    pdf = export(workspace, path, datetime.now(UTC), "selftest")
    if not pdf.startswith(b"%PDF") or path.stat().st_size != len(pdf):
        raise RuntimeError("the PDF was not written whole")


def _window() -> None:
    """The window opened and closed with settings and data folders of its own: what it
    remembers (size, docks, recent cases) must not replace the user's."""
    from burnmap.gui.app import create_application
    from burnmap.gui.main_window import MainWindow
    saved = {name: os.environ.get(name) for name in (CONFIG_ENV, DATA_ENV)}
    with tempfile.TemporaryDirectory(prefix="burnmap-selftest-") as folder:
        os.environ[CONFIG_ENV], os.environ[DATA_ENV] = folder, folder
        try:
            app = create_application([])
            window = MainWindow(None)
            window.show()
            app.processEvents()
            window.close()
        finally:
            for name, value in saved.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = value


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
