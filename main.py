"""BurnMap entry point.

    python main.py [PHOTO ...]      the desktop application (the demo case when no photo is given)
    python main.py --help           this text
    python main.py parse PHOTO ...  label a photo's body parts from the command line (see --help)
    python main.py assess ...       %TBSA of a painted burn on a photo (see --help)
    python main.py batch CSV --out DIR   parse and assess every photo of a manifest (see --help)
    python main.py report CASE ...  the PDF (and DICOM) report of a case (see --help)
    python main.py selftest         load the model, parse, paint, assess, write a PDF; exit 0 if all work

Qt is imported only for the GUI, so the command line works on machines without a display. No
input makes this print a Python traceback: refusals are one 'error: …' line with their exit code,
and a real bug is exit 1 with the place of its crash log.
"""
from __future__ import annotations

import logging
import sys

COMMANDS = {"parse": "cli.parse", "assess": "cli.assess", "batch": "cli.batch",
            "report": "cli.report", "selftest": "cli.selftest"}
EXIT_BUG, EXIT_INTERRUPTED = 1, 130
HELP = __doc__ or "main.py [PHOTO ...] | parse | assess | batch | report | selftest (--help)"


def configure_logging() -> None:
    # Messages carry file names and stages, never patient identity (that lives in case files);
    # names are printed with their control characters escaped.
    from cli.terminal import TerminalFormatter
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(TerminalFormatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logging.basicConfig(level=logging.INFO, handlers=[handler])


def dispatch(argv: list[str]) -> int:
    if argv and argv[0] in COMMANDS:
        import importlib
        return importlib.import_module(COMMANDS[argv[0]]).main(argv[1:])
    if argv and argv[0] in ("-h", "--help"):   # help, not the window
        print(HELP.strip())
        return 0
    from gui.app import run
    return run(argv)


def main(argv: list[str]) -> int:
    configure_logging()
    from core import netguard
    netguard.install()  # before anything else runs: the app never reaches the network
    from core import thread_policy
    thread_policy.apply_from_settings()   # before torch or numpy load: they read it once
    try:
        return dispatch(argv)
    except KeyboardInterrupt:
        print("interrupted; nothing more was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except MemoryError:
        print("error: there is not enough memory for this; nothing was written",
              file=sys.stderr)
        return EXIT_BUG
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug, reported
        from cli.terminal import terminal
        from core.crashlog import write_crash_log
        where = write_crash_log(exc)
        print(terminal(f"error: BurnMap failed unexpectedly ({exc.__class__.__name__}); this is "
                       f"a bug. Details for support are in {where}"), file=sys.stderr)
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
