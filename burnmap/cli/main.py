"""BurnMap entry point: the `burnmap` command (`python main.py` or `python -m burnmap` alike).

    burnmap [PHOTO ...]             the desktop application (the demo case when no photo is given)
    burnmap --help                  this text
    burnmap parse PHOTO ...         label a photo's body parts from the command line (see --help)
    burnmap assess ...              %TBSA of a painted burn on a photo (see --help)
    burnmap batch CSV --out DIR     parse and assess every photo of a manifest (see --help)
    burnmap report CASE ...         the PDF (and DICOM) report of a case (see --help)
    burnmap selftest                load the model, parse, paint, assess, write a PDF; exit 0 if all work

Qt is imported only for the GUI, so the command line works on machines without a display. No
input makes this print a Python traceback: refusals are one 'error: …' line with their exit code,
and a real bug is exit 1 with the place of its crash log.
"""
from __future__ import annotations

import logging
import sys

COMMANDS = {"parse": "burnmap.cli.parse", "assess": "burnmap.cli.assess", "batch": "burnmap.cli.batch",
            "report": "burnmap.cli.report", "selftest": "burnmap.cli.selftest"}
EXIT_BUG, EXIT_INTERRUPTED, EXIT_PIPE_CLOSED = 1, 130, 141   # 141: as a shell reports SIGPIPE
HELP = __doc__ or "main.py [PHOTO ...] | parse | assess | batch | report | selftest (--help)"


def configure_logging() -> None:
    # Messages carry file names and stages, never patient identity (that lives in case files);
    # names are printed with their control characters escaped.
    from burnmap.cli.terminal import TerminalFormatter
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
    from burnmap.gui.app import run
    return run(argv)


def main(argv: list[str]) -> int:
    configure_logging()
    from burnmap.system import netguard
    netguard.install()  # before anything else runs: the app never reaches the network
    from burnmap.system import thread_policy
    thread_policy.apply_from_settings()   # before torch or numpy load: they read it once
    try:
        return dispatch(argv)
    except KeyboardInterrupt:
        print("interrupted; nothing more was written", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`burnmap --help | head`): not a bug. Whatever is still buffered
        # goes nowhere, so that Python's own flush at exit does not fail again.
        import os
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_PIPE_CLOSED
    except MemoryError:
        print("error: there is not enough memory for this; nothing was written",
              file=sys.stderr)
        return EXIT_BUG
    except Exception as exc:  # noqa: BLE001 - the last line of defence: a bug, reported
        from burnmap.cli.terminal import terminal
        from burnmap.system.crashlog import write_crash_log
        where = write_crash_log(exc)
        print(terminal(f"error: BurnMap failed unexpectedly ({exc.__class__.__name__}); this is "
                       f"a bug. Details for support are in {where}"), file=sys.stderr)
        return EXIT_BUG


def console() -> None:
    """The `burnmap` command (pyproject.toml [project.scripts])."""
    sys.exit(main(sys.argv[1:]))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
