"""BurnMap entry point.

    python main.py [PHOTO ...]      the desktop application (the demo case when no photo is given)
    python main.py parse PHOTO ...  label a photo's body parts from the command line (see --help)
    python main.py assess ...       %TBSA of a painted burn on one photo (see --help)
    python main.py report CASE ...  the PDF (and DICOM) report of a case
    python main.py selftest         load the model, parse, paint, assess, write a PDF; exit 0 if all work

Qt is imported only for the GUI, so the command line works on machines without a display.
"""
from __future__ import annotations

import logging
import sys

COMMANDS = {"parse": "cli.parse", "assess": "cli.assess", "report": "cli.report",
            "selftest": "cli.selftest"}


def configure_logging() -> None:
    # Messages carry file names and stages, never patient identity (that lives in case files).
    logging.basicConfig(level=logging.INFO, stream=sys.stderr,
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s")


def main(argv: list[str]) -> int:
    configure_logging()
    from core import netguard
    netguard.install()  # before anything else runs: the app never reaches the network
    if argv and argv[0] in COMMANDS:
        import importlib
        return importlib.import_module(COMMANDS[argv[0]]).main(argv[1:])
    from gui.app import run
    return run(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
